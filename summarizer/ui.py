"""What the web UI (``app.py``) does with a click: read the inputs, run the pool, render the result.

Nothing here imports Gradio, so every handler can be tested by calling it; ``app.py`` turns the
``SummarizerError`` these raise into a message in the browser. No summarization logic lives here: the
models are in ``ui_pool``, the rendering in ``summarizer.render``.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from summarizer.documents import Loaded, Skipped, load_documents, pasted_articles
from summarizer.drafts import OnDraft
from summarizer.errors import InputError, SummarizerError
from summarizer.progress import Span
from summarizer.render.compare import comparison_table, overlap
from summarizer.render.html import render_stories
from summarizer.render.markdown import status_line
from summarizer.render.plain import notes_text
from summarizer.results import SummaryResult
from summarizer.ui_pool import EXTRACTIVE, Summarizers

if TYPE_CHECKING:
    from summarizer.progress import Progress

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"
EMPTY_MESSAGE = ("No articles yet: upload files, paste text (separate articles with a line containing "
                 "only ---) or click Load examples.")


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

    Pasted text is always article text, never a path: the box must not read files on the server. Uploads
    and pasted articles (``pasted-1``, ``pasted-2``, ...) go through ``load_documents`` together, so they
    are cleaned, filtered (a pasted Twitter or Wayback Machine notice is skipped as one in a file would be)
    and named by the same rules as everywhere else.

    Raises:
        InputError: nothing given, the paste box is over ``documents.MAX_PASTED_CHARS``, or nothing could
            be read.
    """
    paths = [str(path) for path in files or ()]
    articles = pasted_articles(pasted)
    if not paths and not articles:
        raise InputError(EMPTY_MESSAGE)
    # Uploads live at temporary paths; users know them by their own file names.
    names = {path: Path(path).name for path in paths}
    try:
        loaded = load_documents([*paths, *articles])
    except InputError as error:
        raise InputError(_rename(str(error), names)) from None
    return Loaded(
        tuple(replace(d, source=_rename(d.source, names)) for d in loaded.documents),
        tuple(Skipped(_rename(s.source, names), s.reason) for s in loaded.skipped),
    )


def _rename(text: str, names: dict[str, str]) -> str:
    for path, name in names.items():
        text = text.replace(path, name)
    return text


@dataclass(frozen=True)
class SummaryTab:
    """What the Summarize tab shows: a status line (Markdown), the stories (HTML), the notes, the downloads."""

    status: str
    stories: str
    notes: str
    downloads: list[str]
    result: SummaryResult


@dataclass(frozen=True)
class ComparisonTab:
    """What the Compare tab shows: the statistics table (Markdown), the two outputs (HTML), their overlap."""

    table: str
    left: str
    right: str
    jaccard: float
    rouge1_f: float


def run_summary(pool: Summarizers, files: Sequence[str] | None, pasted: str | None, model: str, length: str,
                group: bool, report: Progress, out_dir: Path, on_draft: OnDraft | None = None) -> SummaryTab:
    """The Summarize button: articles in, rendered stories and Markdown/JSON downloads out; ``on_draft`` hears
    the summaries as they are written."""
    articles = collect_articles(files, pasted)
    result = pool.run(model, articles, length=length, group=group, report=report, on_draft=on_draft)
    return SummaryTab(status_line(result), render_stories(result), notes_text(result),
                      write_downloads(result, out_dir), result)


def run_comparison(pool: Summarizers, files: Sequence[str] | None, pasted: str | None, left: tuple[str, str],
                   right: tuple[str, str], group: bool, report: Progress) -> ComparisonTab:
    """The Compare button: the same articles under two (model, length) settings, side by side."""
    articles = collect_articles(files, pasted)
    results = []
    for side, (model, length), start in (("A", left, 0.0), ("B", right, 0.5)):
        named = lambda message, fraction, side=side: report(f"{side}: {message}", fraction)  # noqa: E731
        span = Span(named, start, start + 0.5)  # each side fills half the bar
        results.append(pool.run(model, articles, length=length, group=group, report=span))
    a, b = results
    return ComparisonTab(comparison_table(a, b), render_stories(a), render_stories(b), *overlap(a, b))


def write_downloads(result: SummaryResult, out_dir: Path) -> list[str]:
    """The result as Markdown and JSON files in a fresh folder under out_dir; returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="run-", dir=out_dir))  # one per run: concurrent users never collide
    name = f"{result.model}-{result.settings.get('length', '')}"
    stem = "summary-" + re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
    markdown, data = folder / f"{stem}.md", folder / f"{stem}.json"
    markdown.write_text(result.to_markdown(), encoding="utf-8")
    data.write_text(result.to_json(), encoding="utf-8")
    return [str(markdown), str(data)]
