"""A result as plain text: the terminal's report and the UI's notes box."""

from __future__ import annotations

import textwrap

from summarizer.render import event_when, timeline_notes
from summarizer.results import StorySummary, SummaryResult


def render_text(result: SummaryResult, width: int = 100) -> str:
    """The result as plain text for a terminal, wrapped to ``width`` columns."""
    def wrap(text: str, indent: str = "  ") -> str:
        return textwrap.fill(text, width, initial_indent=indent, subsequent_indent=indent) if text else indent

    out = [f"{len(result.stories)} stor{'y' if len(result.stories) == 1 else 'ies'} "
           f"from {sum(len(s.documents) for s in result.stories)} articles (model: {result.model})"]
    for number, story in enumerate(result.stories, 1):
        out += ["", f"== Story {number}: {story.title}", wrap(_articles_line(story)), "",
                f"Combined summary ({story.words} words, route: {story.route}):", wrap(story.summary)]
        out[-2:-2] = [wrap(f"warning: {doc_id} held text addressed to a model ({found.kind}, in the {found.where}); "
                           f"it was removed before summarizing: “{found.text}”") for doc_id, found in story.injections]
        out += _timeline(story, width)
        if len(story.documents) > 1:  # a lone article's summary is the combined one, shown above
            for summary in story.document_summaries:
                out += ["", f"- {summary.title} [{summary.document_id}] ({summary.words} words):",
                        wrap(summary.summary, "    ")]
        out += [f"  note: {note}" for note in story.notes]
    out += [f"note: {note}" for note in result.notes]
    out += [f"skipped {s.source}: {s.reason}" for s in result.skipped]
    return "\n".join(out) + "\n"


def _timeline(story: StorySummary, width: int) -> list[str]:
    """The story's dated events, one an entry, each with the ids of the articles that report it."""
    if not story.timeline:
        return []
    lines = ["", "Timeline:"]
    lines += [textwrap.fill(f"{event_when(event)} — {event.text} [{', '.join(event.document_ids)}]", width,
                            initial_indent="  ", subsequent_indent="      ") for event in story.timeline]
    return lines + [textwrap.fill(note, width, initial_indent="  ", subsequent_indent="  ")
                    for note in timeline_notes(story)]


def _articles_line(story: StorySummary) -> str:
    """One line naming a story's articles; a terminal shows text as written, so nothing is HTML-escaped."""
    keywords = f"Keywords: {story.label}. " if story.headline and story.headline != story.label else ""
    return f"{keywords}Articles ({len(story.documents)}): " + "; ".join(f"{d.title} ({d.source})"
                                                                      for d in story.documents)


def notes_text(result: SummaryResult) -> str:
    """Every skipped input by name and every note on cleaning and cutting, one a line (the UI's Notes box)."""
    lines = [f"skipped {s.source}: {s.reason}" for s in result.skipped]
    lines += list(result.notes)
    lines += [f"story {n}: {note}" for n, story in enumerate(result.stories, start=1) for note in story.notes]
    return "\n".join(lines) or "Nothing skipped or cut."
