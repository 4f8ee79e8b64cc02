"""What the web UI (``app.py``) does with a click: read the inputs, call the pipeline, format the result.

Nothing here imports Gradio, so every handler can be tested by calling it; ``app.py`` turns the
``SummarizerError`` these raise into a message in the browser. No summarization logic lives here.
"""

from __future__ import annotations

import html
import re
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from summarizer.checks.attribution import SummarySentence
from summarizer.documents import Document, Loaded, Skipped, document_from_text, load_documents, split_pasted
from summarizer.errors import InputError, SummarizerError
from summarizer.results import StorySummary, SummaryResult
from summarizer.text import jaccard, words

if TYPE_CHECKING:
    from summarizer.pipeline import Summarizer

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"
EXTRACTIVE = "extractive"
# The paste box is for a handful of articles; larger collections belong in files (5 MB each).
MAX_PASTED_CHARS = 1_000_000
EMPTY_MESSAGE = ("No articles yet: upload files, paste text (separate articles with a line containing "
                 "only ---) or click Load examples.")

Report = Callable[[str, float], None]


class Cancelled(SummarizerError):
    """The user pressed Cancel; raised from the progress callback so the run stops at its next step."""


def model_choices() -> list[str]:
    """Presets usable offline now, then the weightless baseline, so the menu never offers a download."""
    from summarizer.models import preset_statuses

    try:
        installed = [status.name for status in preset_statuses() if status.installed]
    except SummarizerError:  # a broken presets file must not take the whole UI down
        installed = []
    return [*installed, EXTRACTIVE]


def default_model(choices: Sequence[str]) -> str:
    """The best model on offer: the ``default`` preset when installed, else the first listed."""
    return "default" if "default" in choices else choices[0]


def example_files() -> list[str]:
    """The bundled example articles, for the Load examples button."""
    found = sorted(str(path) for path in EXAMPLES_DIR.glob("*.txt"))
    if not found:
        raise InputError(f"No example articles found in {EXAMPLES_DIR}")
    return found


def collect_articles(files: Sequence[str] | None, pasted: str | None) -> Loaded:
    """Uploaded files and pasted articles as documents, each upload named by its file name.

    Pasted text is always article text, never a path: the box must not read files on the server.

    Raises:
        InputError: nothing given, the paste box is too large, or nothing could be read.
    """
    paths = [str(path) for path in files or ()]
    pasted = pasted or ""
    if len(pasted) > MAX_PASTED_CHARS:
        raise InputError(f"The pasted text has {len(pasted):,} characters; the limit is "
                         f"{MAX_PASTED_CHARS:,}. Upload long collections as files instead.")
    documents: list[Document] = []
    skipped: list[Skipped] = []
    for number, part in enumerate(split_pasted(pasted), start=1):
        try:
            documents.append(document_from_text(part, id=f"pasted-{number}", source="pasted"))
        except InputError:
            skipped.append(Skipped(f"pasted article {number}", "empty after cleaning"))
    if not paths and not documents:
        if skipped:
            raise InputError("The pasted articles are empty after cleaning (menus, links and blank lines "
                             "removed); paste the article text itself.")
        raise InputError(EMPTY_MESSAGE)
    # Uploads live at temporary paths; users know them by their own file names.
    names = {path: Path(path).name for path in paths}
    try:
        loaded = load_documents([*paths, *documents])
    except InputError as error:
        raise InputError(_rename(str(error), names)) from None
    return Loaded(
        tuple(replace(d, source=_rename(d.source, names)) for d in loaded.documents),
        tuple(skipped) + tuple(Skipped(_rename(s.source, names), s.reason) for s in loaded.skipped),
    )


def _rename(text: str, names: dict[str, str]) -> str:
    for path, name in names.items():
        text = text.replace(path, name)
    return text


class Summarizers:
    """The UI's ``Summarizer`` for each model, made on first use; runs go one at a time.

    At most ``KEEP`` neural models are kept (the two sides of a Compare), beside the weightless extractive
    baseline: a third drops the least recently used ``Summarizer`` and releases its model
    (``models.release_model``), so switching models does not fill the memory and comparing two does not
    reload them on every click. A dropped model's cached results go with it.

    Args:
        factory: makes the ``Summarizer`` for a model name; default ``pipeline.Summarizer``.
    """

    KEEP = 2

    def __init__(self, factory: Callable[[str], Summarizer] | None = None):
        if factory is None:
            from summarizer.pipeline import Summarizer as factory  # heavy (torch); imported once a UI is built
        self._factory = factory
        self._by_model: dict[str, Summarizer] = {}  # least recently used first
        self._lock = threading.Lock()

    def run(self, model: str, articles: Loaded, *, length: str, group: bool, report: Report) -> SummaryResult:
        """Summarize loaded articles with ``model``; the skipped inputs are carried into the result."""
        with self._lock:  # Gradio's queue already serialises; this also covers direct callers
            summarizer = self._by_model.pop(model, None)
            if summarizer is None:
                neural = [name for name in self._by_model if name != EXTRACTIVE]
                if model != EXTRACTIVE and len(neural) == self.KEEP:
                    from summarizer.models import release_model

                    dropped = self._by_model.pop(neural[0]).runs
                    if all(kept.runs != dropped for kept in self._by_model.values()):  # "default" may run as
                        release_model(dropped)  # "default-gguf": free it only when no kept name runs it
                summarizer = self._factory(model)
            self._by_model[model] = summarizer
            result = summarizer.summarize(list(articles.documents), progress=report, length=length,
                                          group=group)
        return replace(result, skipped=articles.skipped + result.skipped)


@dataclass(frozen=True)
class SummaryView:
    """What the Summarize tab shows: a status line (Markdown), the stories (HTML), the notes, the downloads."""

    status: str
    stories: str
    notes: str
    downloads: list[str]
    result: SummaryResult


@dataclass(frozen=True)
class CompareView:
    """What the Compare tab shows: the statistics table (Markdown) and the two outputs (HTML)."""

    table: str
    left: str
    right: str
    jaccard: float
    rouge1_f: float


def summarize(pool: Summarizers, files: Sequence[str] | None, pasted: str | None, model: str, length: str,
              group: bool, report: Report, out_dir: Path) -> SummaryView:
    """The Summarize button: articles in, rendered stories and Markdown/JSON downloads out."""
    articles = collect_articles(files, pasted)
    result = pool.run(model, articles, length=length, group=group, report=report)
    return SummaryView(status_line(result), render_stories(result), render_notes(result),
                       write_downloads(result, out_dir), result)


def compare(pool: Summarizers, files: Sequence[str] | None, pasted: str | None, left: tuple[str, str],
            right: tuple[str, str], group: bool, report: Report) -> CompareView:
    """The Compare button: the same articles under two (model, length) settings, side by side."""
    articles = collect_articles(files, pasted)
    results = []
    for side, (model, length), start in (("A", left, 0.0), ("B", right, 0.5)):
        def scaled(message: str, fraction: float, side: str = side, start: float = start) -> None:
            report(f"{side}: {message}", start + fraction / 2)
        results.append(pool.run(model, articles, length=length, group=group, report=scaled))
    a, b = (combined_text(result) for result in results)
    scores = jaccard(a, b), rouge1_f(a, b)
    rows = [
        ("Setting", *(f"{r.model} / {r.settings.get('length', '?')}" for r in results)),
        ("Stories", *(str(len(r.stories)) for r in results)),
        ("Words in combined summaries", *(str(len(x.split())) for x in (a, b))),
        ("Time (s)", *(_seconds(r) for r in results)),
    ]
    lines = [f"| {' | '.join(_md(cell) for cell in row)} |" for row in rows]
    table = "\n".join(["| | A | B |", "|---|---|---|", *lines])
    table += (f"\n\nWord overlap between A and B: Jaccard {scores[0]:.2f}, ROUGE-1 F {scores[1]:.2f} "
              "(1.00 = the same words).")
    return CompareView(table, render_stories(results[0]), render_stories(results[1]), *scores)


def _seconds(result: SummaryResult) -> str:
    """A run's time for the Compare table; a cached result ran no model, so its time would mislead."""
    return "cached" if result.from_cache else f"{result.timings.get('total_s', 0.0):.1f}"


def combined_text(result: SummaryResult) -> str:
    """Every story's combined summary, in order: what Compare measures."""
    return "\n".join(story.summary for story in result.stories)


def rouge1_f(a: str, b: str) -> float:
    """ROUGE-1 F1 between two texts (unigram counts, lower-cased, no stemming); 0 when either is empty."""
    ca, cb = Counter(words(a)), Counter(words(b))
    overlap = sum((ca & cb).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(cb.values()), overlap / sum(ca.values())
    return 2 * precision * recall / (precision + recall)


def status_line(result: SummaryResult) -> str:
    """One Markdown line: how many stories from how many articles, by which model, how fast."""
    articles = sum(len(story.documents) for story in result.stories)
    stories = len(result.stories)
    length = _md(str(result.settings.get("length", "?")))
    line = (f"**{stories} {'story' if stories == 1 else 'stories'}** from {articles} "
            f"article{'s' if articles != 1 else ''} · model {_md(result.model)} · length {length} · "
            f"{result.timings.get('total_s', 0.0):.1f} s")
    if result.from_cache:
        line += " · from cache"
    if result.skipped:
        line += f" · {len(result.skipped)} input(s) skipped (see Notes)"
    return line


def render_stories(result: SummaryResult) -> str:
    """The stories as HTML: each combined-summary sentence with its sources, the disagreements, each article.

    Every piece of article text goes through ``html.escape``, so nothing from a source renders as markup.
    """
    if not result.stories:
        return "<p class='meta'>No stories.</p>"
    return "".join(_story_html(number, story) for number, story in enumerate(result.stories, start=1))


def _story_html(number: int, story: StorySummary) -> str:
    """One story: header, attributed sentences, disagreements, unused articles, then each article's summary."""
    keys = {d.id: n for n, d in enumerate(story.documents, start=1)}  # the marker [n] of each article
    titles = {d.id: d.title for d in story.documents}
    count = len(story.documents)
    parts = [f"<section class='story'><h3>Story {number}: {_h(story.label)}</h3>",
             f"<p class='meta'>{count} article{'s' if count != 1 else ''} · combined summary {story.words} "
             f"words · route {_h(story.route)}</p><h4>Combined summary</h4>"]
    if story.sentences:
        parts.append("<p class='meta'>Click a sentence (or hover for a tooltip) to see the source sentences "
                     "behind it; [n] is the article below, with its support score. ⚠ marks what no source "
                     "supports.</p>")
        parts += [_sentence_html(sentence, keys, titles) for sentence in story.sentences]
    else:  # nothing to attribute (an empty summary)
        parts.append(f"<p>{_h(story.summary) or '<em>(empty)</em>'}</p>")
    if story.conflicts:
        parts.append("<h4>Where the sources disagree</h4><ul class='conflicts'>")
        for conflict in story.conflicts:
            sides = "".join(f"<li><b>{_h(side.value)}</b> in {_articles(side.document_ids, keys, titles)}: "
                            f"<q>{_h(side.excerpt)}</q></li>" for side in conflict.sides)
            parts.append(f"<li>{_h(conflict.kind)}<ul>{sides}</ul></li>")
        parts.append("</ul>")
    if story.unused_documents:
        parts.append(f"<h4>Articles that fed no sentence</h4><p>"
                     f"{_articles(story.unused_documents, keys, titles)}</p>")
    parts.append("<h4>Articles</h4><table class='articles'><thead><tr><th></th><th>Article</th>"
                 "<th>Its summary</th></tr></thead><tbody>")
    sources = {d.id: d.source for d in story.documents}
    for summary in story.document_summaries:
        parts.append(f"<tr><td class='key'>[{keys.get(summary.document_id, '?')}]</td><td><b>{_h(summary.title)}"
                     f"</b><br><span class='meta'>{_h(sources.get(summary.document_id, summary.document_id))}"
                     f"</span></td><td>{_h(summary.summary)} <span class='meta'>({summary.words} words)</span>"
                     "</td></tr>")
    parts.append("</tbody></table>")
    if story.notes:
        parts.append("<ul class='notes meta'>" + "".join(f"<li>{_h(note)}</li>" for note in story.notes) + "</ul>")
    return "".join(parts) + "</section>"


def _sentence_html(sentence: SummarySentence, keys: dict[str, int], titles: dict[str, str]) -> str:
    """A sentence that opens (a <details>, no script) onto its supporting source sentences."""
    best: dict[str, float] = {}  # one marker per article, with its best score
    for source in sentence.sources:
        best[source.document_id] = max(best.get(source.document_id, 0.0), source.score)
    markers = "".join(f"<sup class='marker'>[{keys.get(d, '?')}] {score:.2f}</sup>" for d, score in best.items())
    warnings = [] if sentence.sources else ["no source supports this sentence"]
    warnings += sentence.flags
    marks = "".join(f"<span class='warning'>⚠ {_h(text)}</span>" for text in warnings)
    tip = "\n".join(f"[{keys.get(s.document_id, '?')}] {titles.get(s.document_id, s.document_id)}: {s.text}"
                     for s in sentence.sources) or "No source sentence supports this sentence."
    found = "".join(
        f"<li><b>[{keys.get(s.document_id, '?')}] {_h(titles.get(s.document_id, s.document_id))}</b> "
        f"<span class='meta'>sentence {s.sentence_index + 1} · score {s.score:.2f}</span>"
        f"<div class='quote'>{_h(s.text)}</div></li>" for s in sentence.sources)
    body = f"<ul class='sources'>{found}</ul>" if found else \
        "<p class='meta'>No source sentence covers this; check it against the articles.</p>"
    kind = "sentence" + (" warn" if warnings else "")
    return (f"<details class='{kind}' title='{_h(tip)}'><summary>{_h(sentence.text)}{markers}{marks}</summary>"
            f"{body}</details>")


def _articles(ids: Sequence[str], keys: dict[str, int], titles: dict[str, str]) -> str:
    """Articles named by marker and title, e.g. "[1] Dam cracks; [2] Valley evacuated"."""
    return "; ".join(f"[{keys.get(i, '?')}] {_h(titles.get(i, i))}" for i in ids)


def _h(text: str) -> str:
    """Text shown literally in HTML, attribute values included."""
    return html.escape(text, quote=True)


# The look of render_stories' classes; app.py scopes it to the component (gr.HTML css_template, which
# must not contain "${" or "{{").
STORY_CSS = """
h3 { font-size: 1.3em; margin: 0.2rem 0; }
h4 { font-size: 1.05em; margin: 1.2rem 0 0.4rem; }
.story + .story { border-top: 1px solid var(--border-color-primary); margin-top: 1.5rem; padding-top: 1rem; }
.meta { color: var(--body-text-color-subdued); font-size: 0.9em; margin: 0.2rem 0; }
details.sentence { border-left: 3px solid var(--border-color-primary); border-radius: 4px; margin: 4px 0;
  padding: 3px 10px; }
details.sentence:hover, details.sentence[open] { background: var(--background-fill-secondary); }
details.sentence.warn { border-left-color: #d97706; background: rgba(217, 119, 6, 0.08); }
details.sentence > summary { cursor: pointer; list-style: none; }
details.sentence > summary::-webkit-details-marker { display: none; }
.marker { color: var(--link-text-color); font-size: 0.75em; margin-left: 4px; white-space: nowrap; }
.warning { color: #d97706; font-size: 0.85em; font-weight: 600; margin-left: 8px; }
ul.sources { font-size: 0.92em; list-style: none; margin: 6px 0 4px; padding-left: 0.8rem; }
ul.sources li { margin: 0; }
ul.sources b { font-size: 1em; font-weight: 600; }
.quote { border-left: 2px solid var(--border-color-primary); margin: 2px 0 8px; padding-left: 8px; }
table.articles { border-collapse: collapse; width: 100%; }
table.articles th, table.articles td { border: 1px solid var(--border-color-primary); padding: 6px 8px;
  text-align: left; vertical-align: top; }
td.key { color: var(--link-text-color); white-space: nowrap; }
"""


def render_notes(result: SummaryResult) -> str:
    """Plain text: every skipped input by name, and every note on cleaning and cutting."""
    lines = [f"skipped {s.source}: {s.reason}" for s in result.skipped]
    lines += list(result.notes)
    lines += [f"story {n}: {note}" for n, story in enumerate(result.stories, start=1) for note in story.notes]
    return "\n".join(lines) or "Nothing skipped or cut."


def write_downloads(result: SummaryResult, out_dir: Path) -> list[str]:
    """The result as Markdown and JSON files in a fresh folder under out_dir; returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="run-", dir=out_dir))
    name = f"{result.model}-{result.settings.get('length', '')}"
    stem = "summary-" + re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
    markdown, data = folder / f"{stem}.md", folder / f"{stem}.json"
    markdown.write_text(result.to_markdown(), encoding="utf-8")
    data.write_text(result.to_json(), encoding="utf-8")
    return [str(markdown), str(data)]


# Markdown's active punctuation; < > & are left to html.escape, which makes them entities.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-!|~$])")


def _md(text: str) -> str:
    """Text shown literally in Markdown: punctuation backslash-escaped, HTML escaped, on one line."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    escaped = re.sub(r"^(\d+)\.", r"\1\\.", escaped)  # "1. " would start a numbered list
    return html.escape(escaped, quote=False)
