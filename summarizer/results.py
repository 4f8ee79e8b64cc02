"""The result of a summary run, and its JSON and Markdown forms."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from summarizer.checks.attribution import SummarySentence, Support
from summarizer.checks.conflicts import Conflict, ConflictSide
from summarizer.checks.when import SentenceDate
from summarizer.documents import Document, Injection, Skipped
from summarizer.text import word_count


@dataclass(frozen=True)
class DocumentSummary:
    """One article's own summary, with the tokens it cost and each sentence's support in the article."""

    document_id: str
    title: str
    summary: str
    input_tokens: int = 0
    output_tokens: int = 0
    sentences: tuple[SummarySentence, ...] = ()

    @property
    def words(self) -> int:
        return word_count(self.summary)


@dataclass(frozen=True)
class TimelineEvent:
    """One event of a story's timeline, with its date and the articles that report it.

    ``date`` is ISO ("2024-03-22"), or "" when no date could be resolved; ``label`` is the date as written
    ("Friday", "March 21, 2024", "" for an article's date or none); ``text`` is the sentence (or its clause)
    that reports it; ``document_ids`` are the articles that report it, first reporter first; ``dated_by`` is
    "text" (a date written in it), "article date" (the lead sentence, dated by its article), "estimate"
    (dated against an article date estimated from the dates the article writes) or "position" (undated:
    placed by its article's position in the input).
    """

    date: str
    label: str
    text: str
    document_ids: tuple[str, ...]
    dated_by: str


@dataclass(frozen=True)
class StorySummary:
    """A story: its related articles, each article's summary and one combined summary.

    ``route`` says how the combined summary was made, a ``settings.Route`` value: ``single`` (one article: its
    own summary), ``select`` (from the most central sentences of each article), ``whole`` (from whole articles),
    ``facts`` (from the story's top facts across its articles, as a numbered list), ``fused`` (from the
    per-article summaries, for inputs too large even for selection) or ``extractive`` (the non-neural
    baseline). ``sentences`` are the combined summary's sentences, each with the source sentences that support
    it and flags for what no source supports; ``conflicts`` are figures the articles report differently;
    ``unused_documents`` fed no sentence of the summary (neither as a source nor as an article reporting it).
    ``headline`` is the model's headline when it passed the checks, else the keyword ``label``.
    ``timeline`` is the story's dated events in order (``generation.timeline``); ``timeline_left_out`` counts
    the events left out of it to keep it short.
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
    headline: str = ""
    timeline: tuple[TimelineEvent, ...] = ()
    timeline_left_out: int = 0

    @property
    def title(self) -> str:
        """What a story is shown under: its headline, or its keyword label when it has none."""
        return self.headline or self.label

    @property
    def words(self) -> int:
        return word_count(self.summary)

    @property
    def injections(self) -> tuple[tuple[str, Injection], ...]:
        """(article id, finding) for each passage addressed to a model that was taken out of its articles."""
        return tuple((document.id, found) for document in self.documents for found in document.injections)


@dataclass(frozen=True)
class SummaryResult:
    """Everything a run produced: the stories, and how and how fast they were made.

    ``notes`` records what was skipped, cleaned or cut, and why: nothing is dropped silently.
    ``usage`` says where the model's time went, per stage (``documents``, ``stories``, ``headlines``, and
    ``documents continued``/``stories continued`` for summaries lengthened after stopping short): prompt
    tokens read, tokens written, seconds reading (prefill) and writing (decode), and batches (``calls``);
    stages the model did no work in are left out, so a cache hit has none.
    """

    stories: tuple[StorySummary, ...]
    model: str
    settings: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    from_cache: bool = False  # returned from the result cache: no model ran for this call
    usage: dict[str, dict[str, float]] = field(default_factory=dict)  # stage -> models.Usage.to_dict()

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
                documents=tuple(document_from_dict(d) for d in s["documents"]),
                document_summaries=tuple(DocumentSummary(**{**d, "sentences": _sentences(d.get("sentences", ()))})
                                         for d in s["document_summaries"]),
                summary=s["summary"],
                route=s["route"],
                notes=tuple(s["notes"]),
                sentences=_sentences(s["sentences"]),
                conflicts=tuple(
                    Conflict(c["kind"], tuple(ConflictSide(d["value"], tuple(d["document_ids"]), d["excerpt"])
                                              for d in c["sides"]))
                    for c in s["conflicts"]
                ),
                unused_documents=tuple(s["unused_documents"]),
                headline=s.get("headline", ""),
                timeline=tuple(TimelineEvent(**{**e, "document_ids": tuple(e["document_ids"])})
                               for e in s.get("timeline", ())),  # results saved before timelines have none
                timeline_left_out=s.get("timeline_left_out", 0),
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
            usage={stage: dict(figures) for stage, figures in data.get("usage", {}).items()},  # older: none
        )

    @classmethod
    def from_json(cls, text: str) -> SummaryResult:
        return cls.from_dict(json.loads(text))

    def to_markdown(self) -> str:
        """A readable report; article text is escaped so no HTML from a source renders."""
        from summarizer.render.markdown import render_markdown  # render imports this module

        return render_markdown(self)


def document_from_dict(data: dict[str, Any]) -> Document:
    """An article from its plain-data form (results saved before injections were recorded have none)."""
    found = tuple(Injection(**{**i, "payload": tuple(i["payload"])}) for i in data.get("injections", ()))
    return Document(**{**data, "removed": tuple(data["removed"]), "injections": found})


def _sentences(data: list[dict[str, Any]]) -> tuple[SummarySentence, ...]:
    """Summary sentences from their plain-data form."""
    return tuple(SummarySentence(x["text"], tuple(Support(**y) for y in x["sources"]), tuple(x["flags"]),
                                 tuple(x.get("reported_by", ())), tuple(SentenceDate(**d) for d in x.get("dates", ())))
                 for x in data)
