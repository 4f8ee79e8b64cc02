"""The story index on the command line: ``summarizer update``, ``summarizer stories`` and ``summarizer show``.

Parsing and printing only: the work is in ``updates`` and ``index``. A reader comes back for the news, so
every summary is printed after what is new in it. ``cli.py`` dispatches to ``run_update``, ``run_stories``
and ``run_show``; each returns the exit status and turns a ``SummarizerError`` into one line on stderr.
Heavy modules (the index, the pipeline) and ``cli`` itself (which dispatches here) are imported when a
command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING, Any

from summarizer.render.markdown import literal_markdown, render_markdown
from summarizer.render.plain import render_text

if TYPE_CHECKING:
    from summarizer.index import StoryRow
    from summarizer.updates import UpdateReport

__all__ = ["render_update", "run_show", "run_stories", "run_update"]

_WIDTH = 100
_INDEX_HELP = "the story index: a file path, sqlite:///path, or a postgresql:// URL"
_FORMATS = ("text", "markdown", "json")


def run_update(argv: Sequence[str]) -> int:
    """``summarizer update INDEX FILES...``: add articles, summarize again the stories that gained some."""
    from summarizer.batch import ENGINES
    from summarizer.batch.engines import check_engine
    from summarizer.cli import add_settings_options, settings_from, stderr_progress
    from summarizer.index import Assigner, StoryIndex
    from summarizer.index.assign import DEFAULT_HALF_LIFE_DAYS
    from summarizer.pipeline import Summarizer
    from summarizer.updates import update_index

    parser = argparse.ArgumentParser(
        prog="summarizer update",
        description="Add articles to a story index (made if missing): each joins the most similar recent story or "
                    "opens one. Then only the stories that gained articles are summarized again, each as one "
                    "story, and what is new in each is printed first.",
        epilog="Exit status: 0 done, 2 bad input, settings or index (the message says which), 130 interrupted.")
    parser.add_argument("index", metavar="INDEX", help=_INDEX_HELP + " (made if missing)")
    parser.add_argument("inputs", nargs="*", metavar="FILE_OR_FOLDER",
                        help="articles: .txt, .md, .html or .jsonl files, or folders of them; '-' reads one from "
                             "stdin; none summarizes only the stories left stale by an earlier run")
    parser.add_argument("--format", choices=_FORMATS, default="text", help="output format (default: %(default)s)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    parser.add_argument("--half-life-days", type=float, default=DEFAULT_HALF_LIFE_DAYS, metavar="DAYS",
                        help="days over which a story's pull on a new article halves (default: %(default)s); "
                             "a story that runs for months with weeks between its articles needs more (see README)")
    parser.add_argument("--engine", choices=ENGINES, default="local",
                        help="where the changed stories are summarized: local, or ray (pip install "
                             "'summarizer[ray]'); articles are added here either way (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=1, help="ray workers, one model each (default: %(default)s)")
    add_settings_options(parser)
    args = parser.parse_args(argv)
    settings = settings_from(args).to_dict()
    summarizer = Summarizer(settings.pop("model"), **settings)
    check_engine(summarizer, args.engine, args.workers)  # before the index is made: the command cannot run
    inputs = [sys.stdin.read() if item == "-" else item for item in args.inputs]
    with StoryIndex.open(args.index) as index, stderr_progress(args.quiet) as progress:
        report = update_index(summarizer, index, inputs, progress=progress, engine=args.engine,
                              workers=args.workers, assigner=Assigner(half_life_days=args.half_life_days))
        name = index.name
    sys.stdout.write(render_update(report, name, args.format))
    return 0


def run_stories(argv: Sequence[str]) -> int:
    """``summarizer stories INDEX``: every story, most recently seen first, and whether its summary is current."""
    from summarizer.index import StoryIndex

    parser = argparse.ArgumentParser(prog="summarizer stories",
                                     description="List the stories of a story index, most recently seen first.")
    parser.add_argument("index", metavar="INDEX", help=_INDEX_HELP)
    parser.add_argument("--since", type=_day, metavar="YYYY-MM-DD",
                        help="only the stories with an article on or after this day")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="output format (default: %(default)s)")
    args = parser.parse_args(argv)
    with StoryIndex.open(args.index, create=False) as index:
        rows, stale = index.stories(args.since), set(index.stale_stories())
    if args.format == "json":
        sys.stdout.write(json.dumps([_story_data(row, row.id in stale) for row in rows], ensure_ascii=False,
                                    indent=2) + "\n")
    elif not rows:
        sys.stdout.write(f"No stories{' since ' + args.since.isoformat() if args.since else ''}.\n")
    else:
        table = [("ID", "ARTICLES", "LAST SEEN", "SUMMARY", "HEADLINE")] + [
            (row.id, str(row.size), row.last_seen.date().isoformat(), "stale" if row.id in stale else "summarized",
             row.headline) for row in rows]
        widths = [max(len(line[column]) for line in table) for column in range(4)]
        sys.stdout.writelines("  ".join(cell.ljust(widths[n]) for n, cell in enumerate(line[:4])) + f"  {line[4]}\n"
                              for line in table)
    return 0


def run_show(argv: Sequence[str]) -> int:
    """``summarizer show INDEX STORY_ID``: a story's latest summary, what is new in it first."""
    from summarizer.index import StoryIndex
    from summarizer.updates import read_story

    parser = argparse.ArgumentParser(prog="summarizer show",
                                     description="Show a story's latest summary: what is new in it first, then "
                                                 "the summary and its timeline.")
    parser.add_argument("index", metavar="INDEX", help=_INDEX_HELP)
    parser.add_argument("story", metavar="STORY_ID", help="a story id as `summarizer stories` lists them (the id "
                                                          "of a story merged into another finds that one)")
    parser.add_argument("--format", choices=_FORMATS, default="text", help="output format (default: %(default)s)")
    args = parser.parse_args(argv)
    with StoryIndex.open(args.index, create=False) as index:
        story = read_story(index, args.story)
        name = index.name
    row, story_id = story.row, story.story_id
    shown = {"story_id": story_id, "requested": args.story, "merged": story.merged, "version": row.version,
             "created_at": row.created_at, "model": row.model, "stale": story.stale, "first": story.first,
             "new_article_ids": list(row.new_article_ids), "what_is_new": list(story.what_is_new)}
    if args.format == "json":
        sys.stdout.write(json.dumps({**shown, "result": story.result.to_dict()}, ensure_ascii=False, indent=2)
                         + "\n")
        return 0
    markdown = args.format == "markdown"
    lines = [f"# Story {story_id}" if markdown else f"Story {story_id}"]
    if story.merged:
        lines.append(f"(story {args.story} was merged into {story_id}; its id still finds it)")
    lines.append(f"Summary version {row.version}, made {row.created_at} by {row.model} from "
                 f"{len(row.article_ids)} articles ({len(row.new_article_ids)} new).")
    if story.stale:
        lines.append(f"Articles joined it since: `summarizer update {name}` summarizes it again.")
    lines += [""] + _what_is_new(story.what_is_new, story.first, markdown) + [""]
    sys.stdout.write("\n".join(lines) + "\n" + (render_markdown(story.result) if markdown
                                                  else render_text(story.result, _WIDTH)))
    return 0


def render_update(report: UpdateReport, index_name: str, form: str = "text") -> str:
    """What an update did, for people (``text``, ``markdown``) or programs (``json``): what is new in each
    story first, then the new summaries, then what happened to each article."""
    added = report.added
    if form == "json":
        return json.dumps({
            "index": index_name, "articles": [asdict(outcome) for outcome in added.articles],
            "merges": [list(pair) for pair in added.merges], "opened": list(added.opened),
            "skipped": [asdict(skip) for skip in report.skipped], "unchanged": report.unchanged,
            "updates": [update.to_dict() for update in report.updates],
        }, ensure_ascii=False, indent=2, default=_plain) + "\n"
    markdown = form == "markdown"
    out = ["# What is new" if markdown else "What is new", ""]
    for update in report.updates:
        title = literal_markdown(update.story.title) if markdown else update.story.title
        out += [f"## {update.story_id} (version {update.version}): {title}" if markdown
                else f"== {update.story_id} (version {update.version}): {title}"]
        out += _what_is_new(update.what_is_new, update.first, markdown) + [""]
    if not report.updates:
        out += ["No story gained articles: nothing was summarized again, and no model ran.", ""]
    for update in report.updates:
        heading = f"Story {update.story_id}, summary version {update.version}"
        out += [f"---\n\n_{heading}_\n" if markdown else f"--- {heading} ---",
                render_markdown(update.result) if markdown else render_text(update.result, _WIDTH)]
    out += ["## Articles", ""] if markdown else ["Articles:"]
    bullet = "- " if markdown else "  "
    out += [bullet + (literal_markdown(line) if markdown else line) for line in added.lines()]
    out += [bullet + f"skipped {skip.source}: {skip.reason}" for skip in report.skipped]
    count = len(report.updates)
    out += ["", f"{index_name}: {count} stor{'y' if count == 1 else 'ies'} summarized ({len(added.opened)} new), "
                f"{report.unchanged} unchanged."]
    return "\n".join(out) + "\n"


def _what_is_new(sentences: Sequence[str], first: bool, markdown: bool) -> list[str]:
    """The "what is new" lines of one story: its new sentences, or why there are none to list."""
    from summarizer.updates import FIRST_SUMMARY, NOTHING_NEW

    heading = "### What is new" if markdown else "What is new:"
    if first:
        return [heading, "", FIRST_SUMMARY] if markdown else [heading, f"  {FIRST_SUMMARY}"]
    if not sentences:
        return [heading, "", NOTHING_NEW] if markdown else [heading, f"  {NOTHING_NEW}"]
    if markdown:
        return [heading, ""] + [f"- {literal_markdown(sentence)}" for sentence in sentences]
    return [heading] + [textwrap.fill(sentence, _WIDTH, initial_indent="  - ", subsequent_indent="    ")
                        for sentence in sentences]


def _story_data(row: StoryRow, stale: bool) -> dict[str, Any]:
    """A story as ``summarizer stories --format json`` lists it."""
    return {"id": row.id, "headline": row.headline, "size": row.size, "first_seen": row.first_seen.isoformat(),
            "last_seen": row.last_seen.isoformat(), "summarized": row.summarized, "stale": stale}


def _day(text: str) -> date:
    """A --since value: an ISO day, or an argparse error naming it."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day as YYYY-MM-DD") from None


def _plain(value: Any) -> str:
    """JSON for what json.dumps cannot write itself (dates)."""
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")
