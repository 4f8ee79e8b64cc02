"""One frozen, validated object for every choice a user can make about a summary run.

Each setting's field carries its label, help text, choices and minimum, so the CLI options, the web UI's
labels and the README's table (``summarizer settings``) all come from here and cannot drift.
"""

from __future__ import annotations

import types
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from functools import cache
from typing import Any, Literal, NamedTuple, Union, get_args, get_origin, get_type_hints

from summarizer.errors import SummarizerError

Length = Literal["short", "medium", "long"]
LENGTHS: tuple[Length, ...] = ("short", "medium", "long")
Task = Literal["document", "story", "facts", "headline"]
# What a user may ask of the combined summary; ``auto`` resolves to the benchmark's choice (``combined_route``).
RouteChoice = Literal["auto", "select", "whole", "facts"]
ROUTE_CHOICES: tuple[RouteChoice, ...] = ("auto", "select", "whole", "facts")


class WordRange(NamedTuple):
    """Target words of one summary; a tuple, so ``least, most = words`` still works."""

    least: int
    most: int


class Route(StrEnum):
    """How a story's combined summary was made; values equal the plain strings stored in results and JSON."""

    SELECT = "select"  # from the most central sentences of each article
    WHOLE = "whole"  # from whole articles, each a fair share of the context
    FACTS = "facts"  # from the story's fact plan: its top facts across articles, as a numbered list
    SINGLE = "single"  # one article: its own summary is the story's
    FUSED = "fused"  # from the per-article summaries, for stories too large even for selection
    EXTRACTIVE = "extractive"  # the non-neural baseline


# Target words per length, for one article's summary and for a story's combined summary.
# The combined "medium" range sits near the Multi-News reference summaries (median 214 words, and ROUGE is
# scored on the first 250); it scored best of the ranges tried (docs/decisions.md, "Lengths and continuations").
WORD_RANGES: dict[Length, dict[str, WordRange]] = {
    "short": {"document": WordRange(20, 45), "story": WordRange(60, 110)},
    "medium": {"document": WordRange(40, 80), "story": WordRange(230, 270)},
    "long": {"document": WordRange(80, 140), "story": WordRange(260, 400)},
}
# A story's headline, at every length: news apps keep headlines to about a dozen words.
HEADLINE_WORDS = WordRange(4, 14)


class SettingsError(SummarizerError):
    """A setting has a value outside its range."""


def _setting(default: Any, label: str, help: str, *, choices: tuple[str, ...] = (), least: int | None = None) -> Any:
    """A settings field with what every face shows of it: a short label, the help text, its valid values."""
    return field(default=default, metadata={"label": label, "help": help, "choices": choices, "least": least})


@dataclass(frozen=True)
class SummarySettings:
    """How to summarize: model, length, grouping, and the token budgets that bound the work.

    Each field's ``metadata`` holds its ``help``; ``describe_settings()`` lists them all.

    >>> SummarySettings(length="short").words("story")
    WordRange(least=60, most=110)
    """

    model: str = _setting(
        "default", "Model",
        "A preset name (`summarizer models` lists them), a local model folder, a hub id, or `extractive` for the "
        "non-neural baseline.")
    length: Length = _setting(
        "medium", "Length",
        "Summary length: `short`, `medium` or `long` (the words each means are in `settings.WORD_RANGES`).",
        choices=LENGTHS)
    group: bool = _setting(
        True, "Group related articles into stories",
        "Group the articles into stories; off treats all input as one story.")
    threshold: float | None = _setting(
        None, "Grouping threshold",
        "The grouping's distance threshold (0 to 1; lower makes more, smaller stories); none uses the "
        "chunker's measured default.")
    route: RouteChoice = _setting(
        "auto", "Route",
        "What the combined summary reads: `select` (the most central sentences of each article, "
        "`selection_words` in all), `whole` (whole articles, fair shares of the context), `facts` (the story's "
        "top facts across its articles, each once, as a numbered list) or `auto` (what the quality benchmark "
        "chose: `facts` for chat models, `select` for seq2seq models).",
        choices=ROUTE_CHOICES)
    selection_words: int = _setting(
        1000, "Selection words", "Words the `select` route passes to the model for a combined summary.", least=100)
    document_tokens: int = _setting(
        768, "Article tokens",
        "Most tokens of one article read for its own summary; longer articles are reduced to their most central "
        "sentences, and the notes say so.", least=128)
    batch_size: int = _setting(4, "Batch size", "Articles summarized per model call.", least=1)
    document_summaries: bool = _setting(
        True, "Per-article summaries",
        "Write each article's own summary; off writes only the combined summaries (an article alone in its "
        "story still gets one: it is that story's summary).")
    max_articles: int = _setting(
        200, "Most articles",
        "Most articles in one request; more is refused whole with a message (`summarizer batch` takes larger "
        "collections).", least=1)
    max_article_chars: int = _setting(
        1_000_000, "Most characters an article",
        "Most characters of one article; a longer one refuses the request with a message naming it, never a "
        "silent cut.", least=1)
    max_total_chars: int = _setting(
        5_000_000, "Most characters in all",
        "Most characters of all articles in one request; more is refused whole with a message.", least=1)

    def __post_init__(self) -> None:
        if not self.model or not isinstance(self.model, str):
            raise SettingsError("model must be a preset name, a model folder or a hub id")
        for info in describe_settings():
            value = getattr(self, info.name)
            if info.choices and value not in info.choices:
                raise SettingsError(f"{info.name} must be one of {', '.join(info.choices)}, not {value!r}")
            if info.least is not None and (not isinstance(value, int) or value < info.least):
                raise SettingsError(f"{info.name} must be an integer of at least {info.least}, not {value!r}")

    def words(self, task: Task) -> WordRange:
        """The words of a summary for ``task`` at this length (a story's, whether from articles or facts)."""
        if task == "headline":
            return HEADLINE_WORDS
        return WORD_RANGES[self.length]["story" if task == "facts" else task]

    @property
    def combined_route(self) -> Route:
        """The route asked for once ``auto`` is resolved (for a chat model: ``generation.plan`` gives seq2seq and
        extractive models the select route instead)."""
        return Route.FACTS if self.route == "auto" else Route(self.route)

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form for results and cache keys."""
        return asdict(self)


class SettingInfo(NamedTuple):
    """One setting as the faces show it: ``kind`` is the plain type a value is parsed as (bool, int, float, str)."""

    name: str
    kind: type
    default: Any
    label: str
    help: str
    choices: tuple[str, ...]
    least: int | None


@cache  # the fields never change; every SummarySettings validates against this
def describe_settings() -> tuple[SettingInfo, ...]:
    """Every setting, in field order, with its label, help, choices and minimum."""
    hints = get_type_hints(SummarySettings)
    return tuple(SettingInfo(f.name, _plain_type(hints[f.name]), f.default, **f.metadata)
                 for f in fields(SummarySettings))


def describe(name: str) -> SettingInfo:
    """One setting's description, e.g. for a UI label; ``KeyError`` for a name that is no setting."""
    return {info.name: info for info in describe_settings()}[name]


def _plain_type(hint: Any) -> type:
    """``float | None`` -> float, ``Literal["a", "b"]`` -> str: what a typed-in value is converted with."""
    if get_origin(hint) is Literal:
        return type(get_args(hint)[0])
    if get_origin(hint) in (Union, types.UnionType):
        return next(arg for arg in get_args(hint) if arg is not type(None))
    return hint


def settings_table() -> str:
    """The settings as a Markdown table (name, default, meaning), as the README shows them."""
    rows = ["| Setting | Default | Meaning |", "|---|---|---|"]
    for info in describe_settings():
        default = "none" if info.default is None else str(info.default)
        meaning = info.help.replace("|", "\\|")  # a bar would end the cell
        rows.append(f"| `{info.name}` | `{default}` | {meaning} |")
    return "\n".join(rows) + "\n"
