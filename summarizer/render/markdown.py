"""A result as Markdown: the downloadable report, and the literal-text escaping the UI's Markdown needs."""

from __future__ import annotations

import html
import re

from summarizer.render import corroboration, event_when, sentence_when, timeline_notes
from summarizer.results import StorySummary, SummaryResult


def render_markdown(result: SummaryResult) -> str:
    """A readable report; article text is escaped so no HTML from a source renders."""
    esc = _escape
    footnotes: list[str] = []
    lines = [f"# Summary of {sum(len(s.documents) for s in result.stories)} articles", ""]
    lines.append(f"Model: `{result.model}`, length: {result.settings.get('length', '?')}, "
                 f"{len(result.stories)} {'story' if len(result.stories) == 1 else 'stories'}.")
    for number, story in enumerate(result.stories, 1):
        lines += ["", f"## Story {number}: {esc(story.title)}", "", story_articles_line(story), ""]
        if story.injections:
            lines += ["### ⚠ Text addressed to a model, removed before summarizing", ""]
            lines += [f"- `{doc_id}` ({esc(found.kind)}, in the {esc(found.where)}): \"{esc(found.text)}\""
                      for doc_id, found in story.injections] + [""]
        lines += ["### Combined summary", "", _attributed(story, footnotes) or "_(empty)_", ""]
        if story.unused_documents:
            lines += [f"Articles that support no sentence: {', '.join(story.unused_documents)}.", ""]
        lines += _timeline(story)
        if story.conflicts:
            lines += ["### Where the sources disagree", ""]
            for conflict in story.conflicts:
                sides = "; ".join(f"{esc(side.value)} ({', '.join(side.document_ids)}: \"{esc(side.excerpt)}\")"
                                  for side in conflict.sides)
                lines.append(f"- {esc(conflict.kind)}: {sides}")
            lines.append("")
        lines += ["### Per-article summaries", ""]
        for summary in story.document_summaries:
            lines += [f"**{esc(summary.title)}** (`{summary.document_id}`)", "", esc(summary.summary), ""]
        if story.notes:
            lines += ["### Notes", ""] + [f"- {esc(note)}" for note in story.notes] + [""]
    if footnotes:
        lines += ["", "## Sources", ""] + footnotes
    if result.notes or result.skipped:
        lines += ["", "## Notes", ""]
        lines += [f"- {esc(note)}" for note in result.notes]
        lines += [f"- skipped {esc(s.source)}: {esc(s.reason)}" for s in result.skipped]
    return "\n".join(lines).rstrip() + "\n"


def story_articles_line(story: StorySummary) -> str:
    """One line naming a story's keywords and articles, their titles and sources HTML-escaped for the report."""
    titles = "; ".join(f"{_escape(d.title)} ({_escape(d.source)})" for d in story.documents)
    keywords = f"Keywords: {_escape(story.label)}. " if story.headline and story.headline != story.label else ""
    return f"{keywords}Articles ({len(story.documents)}): {titles}"


def _timeline(story: StorySummary) -> list[str]:
    """The story's dated events as a list, each naming the articles that report it; article text escaped."""
    if not story.timeline:
        return []
    lines = ["### Timeline", ""]
    lines += [f"- **{_escape(event_when(event))}** — {_escape(event.text)} ("
              + ", ".join(f"`{document_id}`" for document_id in event.document_ids) + ")" for event in story.timeline]
    notes = timeline_notes(story)
    return lines + [""] + ([f"_{_escape(' '.join(notes))}_", ""] if notes else [])


def _attributed(story: StorySummary, footnotes: list[str]) -> str:
    """The combined summary with a footnote per sentence naming its sources, and a warning on each flag."""
    if not story.sentences:
        return _escape(story.summary)
    parts = []
    for sentence in story.sentences:
        text = _escape(sentence.text)
        if sentence.sources:
            footnotes.append(f"[^{len(footnotes) + 1}]: " + "; ".join(
                f"`{s.document_id}` ({s.score:.2f}): \"{_escape(s.text)}\"" for s in sentence.sources))
            text += f"[^{len(footnotes)}]"
            meta = "; ".join(filter(None, (corroboration(sentence, len(story.documents)), sentence_when(sentence))))
            text += f" *({_escape(meta)})*" if meta else ""
        else:
            text += " ⚠ *(no source supports this sentence)*"
        if sentence.flags:
            text += " ⚠ *(" + "; ".join(_escape(flag) for flag in sentence.flags) + ")*"
        parts.append(text)
    return " ".join(parts)


def _escape(text: str) -> str:
    """Source text in the report: HTML made inert, Markdown left as the article wrote it."""
    return html.escape(text, quote=False)


# Markdown's active punctuation; < > & are left to html.escape, which makes them entities.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-!|~$])")


def literal_markdown(text: str) -> str:
    """Text shown literally in Markdown: punctuation backslash-escaped, HTML escaped, on one line."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    escaped = re.sub(r"^(\d+)\.", r"\1\\.", escaped)  # "1. " would start a numbered list
    return html.escape(escaped, quote=False)


def status_line(result: SummaryResult) -> str:
    """One Markdown line for the UI: how many stories from how many articles, by which model, how fast."""
    articles = sum(len(story.documents) for story in result.stories)
    stories = len(result.stories)
    length = literal_markdown(str(result.settings.get("length", "?")))
    line = (f"**{stories} {'story' if stories == 1 else 'stories'}** from {articles} "
            f"article{'s' if articles != 1 else ''} · model {literal_markdown(result.model)} · length {length} · "
            f"{result.timings.get('total_s', 0.0):.1f} s")
    if result.from_cache:
        line += " · from cache"
    if result.skipped:
        line += f" · {len(result.skipped)} input(s) skipped (see Notes)"
    line += "".join(f" · {literal_markdown(note)}" for note in result.notes if note.startswith("⚠"))
    found = sum(len(story.injections) for story in result.stories)
    if found:
        line += f" · ⚠ {found} passage(s) addressed to a model removed (see the stories)"
    return line
