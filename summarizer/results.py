"""The result of a summary run, and its JSON and Markdown forms."""

from __future__ import annotations

import html
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from summarizer.checks.attribution import SummarySentence, Support
from summarizer.checks.conflicts import Conflict, ConflictSide
from summarizer.documents import Document, Skipped
from summarizer.text import word_count


@dataclass(frozen=True)
class DocumentSummary:
    """One article's own summary, with the tokens it cost."""

    document_id: str
    title: str
    summary: str
    input_tokens: int = 0
    output_tokens: int = 0

    @property
    def words(self) -> int:
        return word_count(self.summary)


@dataclass(frozen=True)
class StorySummary:
    """A story: its related articles, each article's summary and one combined summary.

    ``route`` says how the combined summary was made: ``single`` (one article: its own summary),
    ``select`` (from the most central sentences of each article), ``whole`` (from whole articles),
    ``fused`` (from the per-article summaries, for inputs too large even for selection) or
    ``extractive`` (the non-neural baseline). ``sentences`` are the combined summary's sentences, each
    with the source sentences that support it and flags for what no source supports; ``conflicts`` are
    figures the articles report differently; ``unused_documents`` fed no sentence of the summary.
    """

    id: str
    label: str
    documents: tuple[Document, ...]
    document_summaries: tuple[DocumentSummary, ...]
    summary: str
    route: str
    notes: tuple[str, ...] = ()
    sentences: tuple[SummarySentence, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    unused_documents: tuple[str, ...] = ()

    @property
    def words(self) -> int:
        return word_count(self.summary)


@dataclass(frozen=True)
class SummaryResult:
    """Everything a run produced: the stories, and how and how fast they were made.

    ``notes`` records what was skipped, cleaned or cut, and why: nothing is dropped silently.
    """

    stories: tuple[StorySummary, ...]
    model: str
    settings: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    from_cache: bool = False  # returned from the result cache: no model ran for this call

    def to_dict(self) -> dict[str, Any]:
        """Plain data (lists, dicts, strings, numbers), as ``to_json`` writes it."""
        return asdict(self)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SummaryResult:
        """Rebuild a result from ``to_dict`` output (e.g. a saved JSON file)."""
        stories = tuple(
            StorySummary(
                id=s["id"],
                label=s["label"],
                documents=tuple(Document(**{**d, "removed": tuple(d["removed"])}) for d in s["documents"]),
                document_summaries=tuple(DocumentSummary(**d) for d in s["document_summaries"]),
                summary=s["summary"],
                route=s["route"],
                notes=tuple(s["notes"]),
                sentences=tuple(
                    SummarySentence(x["text"], tuple(Support(**y) for y in x["sources"]), tuple(x["flags"]))
                    for x in s["sentences"]
                ),
                conflicts=tuple(
                    Conflict(c["kind"], tuple(ConflictSide(d["value"], tuple(d["document_ids"]), d["excerpt"])
                                              for d in c["sides"]))
                    for c in s["conflicts"]
                ),
                unused_documents=tuple(s["unused_documents"]),
            )
            for s in data["stories"]
        )
        return cls(
            stories=stories,
            model=data["model"],
            settings=dict(data["settings"]),
            timings=dict(data["timings"]),
            notes=tuple(data["notes"]),
            skipped=tuple(Skipped(**s) for s in data["skipped"]),
            from_cache=bool(data.get("from_cache", False)),
        )

    @classmethod
    def from_json(cls, text: str) -> SummaryResult:
        return cls.from_dict(json.loads(text))

    def to_markdown(self) -> str:
        """A readable report; article text is escaped so no HTML from a source renders."""
        esc = _escape
        footnotes: list[str] = []
        lines = [f"# Summary of {sum(len(s.documents) for s in self.stories)} articles", ""]
        lines.append(f"Model: `{self.model}`, length: {self.settings.get('length', '?')}, "
                     f"{len(self.stories)} {'story' if len(self.stories) == 1 else 'stories'}.")
        for number, story in enumerate(self.stories, 1):
            lines += ["", f"## Story {number}: {esc(story.label)}", "", story_articles_line(story), ""]
            lines += ["### Combined summary", "", _attributed(story, footnotes) or "_(empty)_", ""]
            if story.unused_documents:
                lines += [f"Articles that support no sentence: {', '.join(story.unused_documents)}.", ""]
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
        if self.notes or self.skipped:
            lines += ["", "## Notes", ""]
            lines += [f"- {esc(note)}" for note in self.notes]
            lines += [f"- skipped {esc(s.source)}: {esc(s.reason)}" for s in self.skipped]
        return "\n".join(lines).rstrip() + "\n"


def story_articles_line(story: StorySummary) -> str:
    """One line naming a story's articles, for Markdown and the terminal."""
    titles = "; ".join(f"{_escape(d.title)} ({_escape(d.source)})" for d in story.documents)
    return f"Articles ({len(story.documents)}): {titles}"


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
        else:
            text += " ⚠ *(no source supports this sentence)*"
        if sentence.flags:
            text += " ⚠ *(" + "; ".join(_escape(flag) for flag in sentence.flags) + ")*"
        parts.append(text)
    return " ".join(parts)


def _escape(text: str) -> str:
    return html.escape(text, quote=False)
