"""The `summarizer` command: summarize files and folders, or list models. Holds no summarization logic."""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

from summarizer.errors import SummarizerError
from summarizer.results import SummaryResult, story_articles_line
from summarizer.settings import LENGTHS, ROUTES, SummarySettings


def _summarize_parser() -> argparse.ArgumentParser:
    defaults = SummarySettings()
    parser = argparse.ArgumentParser(
        prog="summarizer",
        description="Group news articles into stories and summarize each article and each story.",
        epilog="Other commands: `summarizer models` lists the model presets and which are installed; "
               "`summarizer batch INPUT.jsonl OUTPUT.jsonl` summarizes large collections, resumably. "
               "Exit status: 0 done, 2 bad input or settings (the message says which), 130 interrupted.",
    )
    parser.add_argument("inputs", nargs="+", metavar="FILE_OR_FOLDER",
                        help="articles: .txt, .md, .html or .jsonl files, or folders of them; '-' reads stdin")
    parser.add_argument("--model", default=defaults.model,
                        help="preset name, local model folder, hub id, or 'extractive' (default: %(default)s)")
    parser.add_argument("--length", choices=LENGTHS, default=defaults.length,
                        help="summary length (default: %(default)s)")
    parser.add_argument("--no-group", action="store_true", help="treat all articles as one story")
    parser.add_argument("--threshold", type=float, default=None,
                        help="grouping distance threshold (default: the chunker's measured default)")
    parser.add_argument("--route", choices=ROUTES, default=defaults.route,
                        help="what the combined summary reads: central sentences (select) or whole articles")
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text",
                        help="output format (default: %(default)s)")
    parser.add_argument("--output", "-o", type=Path, help="write the result to this file instead of stdout")
    parser.add_argument("--cache-dir", type=Path,
                        help="keep results in this folder: the same articles and settings are summarized once")
    parser.add_argument("--no-cache", action="store_true",
                        help="run the model even when a cached result exists (the new result is not stored)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    return parser


def render_text(result: SummaryResult, width: int = 100) -> str:
    """The result as plain text for a terminal."""
    def wrap(text: str, indent: str = "  ") -> str:
        return textwrap.fill(text, width, initial_indent=indent, subsequent_indent=indent) if text else indent

    out = [f"{len(result.stories)} stor{'y' if len(result.stories) == 1 else 'ies'} "
           f"from {sum(len(s.documents) for s in result.stories)} articles (model: {result.model})"]
    for number, story in enumerate(result.stories, 1):
        out += ["", f"== Story {number}: {story.label}", wrap(story_articles_line(story)), "",
                f"Combined summary ({story.words} words, route: {story.route}):", wrap(story.summary)]
        if len(story.documents) > 1:
            for summary in story.document_summaries:
                out += ["", f"- {summary.title} [{summary.document_id}] ({summary.words} words):",
                        wrap(summary.summary, "    ")]
        out += [f"  note: {note}" for note in story.notes]
    out += [f"note: {note}" for note in result.notes]
    out += [f"skipped {s.source}: {s.reason}" for s in result.skipped]
    return "\n".join(out) + "\n"


class _ProgressLine:
    """Progress on stderr: one updating bar on a terminal, one line per step otherwise."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last = ""

    def __call__(self, message: str, fraction: float) -> None:
        if message == self.last:
            return
        self.last = message
        if self.tty:
            filled = int(fraction * 30)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {fraction:4.0%} {message[:60]:<60}")
            if fraction >= 1.0:
                sys.stderr.write("\n")
        else:
            sys.stderr.write(f"[{fraction:4.0%}] {message}\n")
        sys.stderr.flush()


def _run_summarize(argv: Sequence[str]) -> int:
    from summarizer.cache import ResultCache
    from summarizer.pipeline import summarize

    args = _summarize_parser().parse_args(argv)
    inputs: list[str] = [sys.stdin.read() if item == "-" else item for item in args.inputs]
    cache = None if args.cache_dir is None else ResultCache(directory=args.cache_dir)
    result = summarize(inputs, model=args.model, length=args.length, group=not args.no_group,
                       threshold=args.threshold, route=args.route, cache=cache, use_cache=not args.no_cache,
                       progress=None if args.quiet else _ProgressLine())
    if result.from_cache and not args.quiet:
        print("from the result cache: no model ran (--no-cache runs it again)", file=sys.stderr)
    rendered = {"json": result.to_json, "markdown": result.to_markdown}.get(args.format, lambda: render_text(result))()
    if args.output:
        args.output.write_text(rendered, encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(rendered)
    return 0


def _run_models(argv: Sequence[str]) -> int:
    from summarizer.models import preset_statuses, preset_to_run

    argparse.ArgumentParser(prog="summarizer models", description="List model presets and which are installed.") \
        .parse_args(argv)
    rows = []
    for status in preset_statuses():
        runs = preset_to_run(status.name)[0] if status.installed else status.name
        detail = status.detail + (f"; on this CPU (no native bf16) it runs as {runs}" if runs != status.name else "")
        rows.append((status.name, status.kind, "installed" if status.installed else "not installed", status.source,
                     detail))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + f"  {row[4]}".rstrip())
    return 0


def _run_batch(argv: Sequence[str]) -> int:
    from summarizer.batch import ENGINES, run_batch

    defaults = SummarySettings()
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
    parser.add_argument("--model", default=defaults.model, help="as for summarizer (default: %(default)s)")
    parser.add_argument("--length", choices=LENGTHS, default=defaults.length, help="(default: %(default)s)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)
    report = run_batch(args.input, args.output, settings=SummarySettings(model=args.model, length=args.length),
                       engine=args.engine, workers=args.workers, chunk_size=args.chunk_size,
                       progress=None if args.quiet else _ProgressLine())
    print(f"{report.chunks_done} chunk(s) summarized, {report.chunks_skipped} already done: {report.articles} "
          f"articles in {report.stories} stories, {report.skipped} skipped, {report.seconds:.1f} s -> {args.output}",
          file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `summarizer` command; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "models":
            return _run_models(argv[1:])
        if argv and argv[0] == "batch":
            return _run_batch(argv[1:])
        return _run_summarize(argv)
    except SummarizerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
