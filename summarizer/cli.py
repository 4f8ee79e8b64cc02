"""The `summarizer` command: summarize files and folders, list models, or run a batch. Holds no summarization logic.

Every ``SummarySettings`` field is an option, generated from the field's metadata, so a new setting reaches
the command line with its help text and checks without an edit here.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from summarizer.cli_index import run_show, run_stories, run_update
from summarizer.drafts import Draft
from summarizer.errors import SummarizerError
from summarizer.render.markdown import render_markdown
from summarizer.render.plain import render_text
from summarizer.results import SummaryResult
from summarizer.settings import SummarySettings, describe_settings, settings_table

if TYPE_CHECKING:
    from tqdm import tqdm

    from summarizer.progress import Progress

RENDERERS: dict[str, Callable[[SummaryResult], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": lambda result: result.to_json(),
}


def add_settings_options(parser: argparse.ArgumentParser) -> None:
    """One option per ``SummarySettings`` field: ``--batch-size N``, ``--no-group`` for a setting on by default."""
    options = parser.add_argument_group("summary settings (see README: Settings)")
    for info in describe_settings():
        flag = "--" + info.name.replace("_", "-")
        text = info.help.replace("%", "%%")  # argparse %-formats help
        if info.kind is bool:  # the option turns the setting away from its default
            on = not info.default
            options.add_argument(flag if on else f"--no-{flag[2:]}", dest=info.name, default=info.default,
                                 action="store_true" if on else "store_false",
                                 help=f"{text} (default: {'off' if on else 'on'}; this option turns it "
                                      f"{'on' if on else 'off'})")
        else:
            default = "none" if info.default is None else info.default
            metavar = None if info.choices else {int: "N", float: "X"}.get(info.kind, info.name.upper())
            options.add_argument(flag, dest=info.name, type=info.kind, choices=info.choices or None,
                                 default=info.default, metavar=metavar, help=f"{text} (default: {default})")


def settings_from(args: argparse.Namespace) -> SummarySettings:
    """The settings the options name; invalid values raise ``SettingsError`` with the setting's name."""
    return SummarySettings(**{info.name: getattr(args, info.name) for info in describe_settings()})


class _Progress:
    """Progress on stderr: a tqdm bar on a terminal, one line per step in a log (no carriage returns)."""

    def __init__(self) -> None:
        self.last = ""
        self.bar: tqdm | None = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=100, file=sys.stderr, bar_format="{percentage:3.0f}%|{bar:30}| {elapsed} {desc}")

    def __call__(self, message: str, fraction: float) -> None:
        if message == self.last:
            return
        self.last = message
        if self.bar is None:
            print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)
            return
        self.bar.set_description_str(message[:60], refresh=False)
        self.bar.n = round(fraction * 100)
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


@contextmanager
def stderr_progress(quiet: bool) -> Iterator[Progress | None]:
    """The progress callback for a run, or None when quiet; the bar is closed even when the run fails."""
    if quiet:
        yield None
        return
    shown = _Progress()
    try:
        yield shown
    finally:
        shown.close()


def _summarize_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summarizer",
        description="Group news articles into stories and summarize each article and each story.",
        epilog="Other commands: `summarizer models` lists the model presets and which are installed; "
               "`summarizer batch INPUT.jsonl OUTPUT.jsonl` summarizes large collections, resumably; "
               "`summarizer update INDEX FILES...`, `stories INDEX` and `show INDEX STORY_ID` keep stories over time "
               "in a story index. "
               "Exit status: 0 done, 2 bad input or settings (the message says which), 130 interrupted.",
    )
    parser.add_argument("inputs", nargs="+", metavar="FILE_OR_FOLDER",
                        help="articles: .txt, .md, .html or .jsonl files, or folders of them; '-' reads one from stdin")
    parser.add_argument("--format", choices=tuple(RENDERERS), default="text",
                        help="output format (default: %(default)s)")
    parser.add_argument("--output", "-o", type=Path, help="write the result to this file instead of stdout")
    parser.add_argument("--cache-dir", type=Path,
                        help="keep results in this folder: the same articles and settings are summarized once")
    parser.add_argument("--no-cache", action="store_true",
                        help="run the model even when a cached result exists (the new result is not stored)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    parser.add_argument("--stream", action="store_true",
                        help="print each summary on stderr as the model writes it (unchecked drafts, combined "
                             "summaries first; replaces the progress bar); the checked result follows as usual")
    add_settings_options(parser)
    return parser


class _DraftPrinter:
    """Prints drafts on a stream as they grow: a heading when a summary begins, then only the new words."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.current: tuple[str, str] | None = None
        self.shown = ""

    def __call__(self, draft: Draft) -> None:
        key = (draft.kind, draft.id)
        if key != self.current or not draft.text.startswith(self.shown):
            kind = "Combined summary" if draft.kind == "story" else "Article summary"
            gap = "\n" if self.current else ""
            self.out.write(f"{gap}--- {kind}: {draft.title} (draft) ---\n")
            self.current, self.shown = key, ""
        self.out.write(draft.text[len(self.shown):])
        self.out.flush()
        self.shown = draft.text

    def close(self) -> None:
        if self.current is not None:
            self.out.write("\n--- drafts done; the checked result follows ---\n")
            self.out.flush()


def _run_summarize(argv: Sequence[str]) -> int:
    from summarizer.cache import ResultCache
    from summarizer.pipeline import summarize

    args = _summarize_parser().parse_args(argv)
    settings = settings_from(args)
    inputs = [sys.stdin.read() if item == "-" else item for item in args.inputs]
    cache = None if args.cache_dir is None else ResultCache(directory=args.cache_dir)
    printer = _DraftPrinter(sys.stderr) if args.stream else None
    with stderr_progress(args.quiet or args.stream) as progress:
        result = summarize(inputs, cache=cache, use_cache=not args.no_cache, progress=progress, on_draft=printer,
                           **settings.to_dict())
    if printer is not None:
        printer.close()
    if result.from_cache and not args.quiet:
        print("from the result cache: no model ran (--no-cache runs it again)", file=sys.stderr)
    rendered = RENDERERS[args.format](result)
    if args.output:
        args.output.write_text(rendered, encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(rendered)
    return 0


def _run_models(argv: Sequence[str]) -> int:
    from summarizer.models import preset_statuses
    from summarizer.models.choice import WHY

    argparse.ArgumentParser(prog="summarizer models", description="List model presets and which are installed.") \
        .parse_args(argv)
    rows = []
    for status in preset_statuses():
        detail = status.detail + (f"; here it runs as {status.runs}: {WHY}" if status.runs != status.name else "")
        rows.append((status.name, status.kind, "installed" if status.installed else "not installed", status.source,
                     detail))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + f"  {row[4]}".rstrip())
    return 0


def _run_settings(argv: Sequence[str]) -> int:
    argparse.ArgumentParser(prog="summarizer settings",
                            description="Print every setting, its default and its meaning as a Markdown table.") \
        .parse_args(argv)
    sys.stdout.write(settings_table())
    return 0


def _run_batch(argv: Sequence[str]) -> int:
    from summarizer.batch import ENGINES, BatchError, run_batch
    from summarizer.index import Assigner
    from summarizer.index.assign import DEFAULT_HALF_LIFE_DAYS

    parser = argparse.ArgumentParser(
        prog="summarizer batch",
        description="Group and summarize a large JSONL of articles chunk by chunk, in bounded memory. "
                    "Progress is saved beside the output: rerun the same command to resume.")
    parser.add_argument("input", type=Path, metavar="INPUT.jsonl",
                        help="one article a line: text, optional id/title/date/url")
    parser.add_argument("output", type=Path, metavar="OUTPUT.jsonl", help="one JSON line per story or skipped article")
    parser.add_argument("--engine", choices=ENGINES, default="local",
                        help="local, or ray (pip install 'summarizer[ray]') (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=1, help="ray workers, one model each (default: %(default)s)")
    parser.add_argument("--chunk-size", type=int, default=200,
                        help="articles read and grouped together (default: %(default)s)")
    parser.add_argument("--index", metavar="INDEX",
                        help="add the articles to this story index (a file path, sqlite:///path or postgresql:// "
                             "URL; made if missing) instead of grouping each chunk on its own, then summarize the "
                             "stories that changed, once, at the end")
    parser.add_argument("--half-life-days", type=float, metavar="DAYS",
                        help=f"with --index: days over which a story's pull on a new article halves (default: "
                             f"{DEFAULT_HALF_LIFE_DAYS})")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    add_settings_options(parser)
    args = parser.parse_args(argv)
    if args.half_life_days is not None and args.index is None:
        raise BatchError("--half-life-days needs --index: it decides which story of the index an article joins")
    assigner = None if args.half_life_days is None else Assigner(half_life_days=args.half_life_days)
    with stderr_progress(args.quiet) as progress:
        report = run_batch(args.input, args.output, settings=settings_from(args), engine=args.engine,
                           workers=args.workers, chunk_size=args.chunk_size, index=args.index, assigner=assigner,
                           progress=progress)
    if args.index is None:
        done = f"{report.chunks_done} chunk(s) summarized, {report.chunks_skipped} already done: {report.articles} " \
               f"articles in {report.stories} stories"
    else:
        done = f"{report.chunks_done} chunk(s) added to {args.index}, {report.chunks_skipped} already done: " \
               f"{report.articles} articles, {report.stories} stories summarized"
    print(f"{done}, {report.skipped} skipped, {report.seconds:.1f} s -> {args.output}", file=sys.stderr)
    return 0


# The first argument picks a command; anything else is the articles of a summary run.
COMMANDS: dict[str, Callable[[Sequence[str]], int]] = {"models": _run_models, "batch": _run_batch,
                                                        "settings": _run_settings, "update": run_update,
                                                        "stories": run_stories, "show": run_show}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `summarizer` command; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    command = COMMANDS.get(argv[0]) if argv else None
    try:
        return command(argv[1:]) if command else _run_summarize(argv)
    except SummarizerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
