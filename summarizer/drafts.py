"""Drafts: summaries as the model writes them, before any check, so a reader sees text within seconds.

A draft is shown until the checked, attributed result replaces it: its sentences may still be left out (no
article supports them) or cut. ``Summarizer.summarize(on_draft=...)`` hears them; the web UI streams them into
the page and the CLI's ``--stream`` prints them. Raising from ``on_draft`` stops the run at the next token.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

__all__ = ["Draft", "OnDraft"]


@dataclass(frozen=True)
class Draft:
    """The text written so far of one summary.

    Args:
        kind: ``story`` (a combined summary; ``id`` is the story's id) or ``article`` (``id`` is the article's).
        id: whose summary it is.
        title: what it is shown under: the story's label or the article's title.
        text: everything written so far, unchecked.
    """

    kind: Literal["story", "article"]
    id: str
    title: str
    text: str


OnDraft = Callable[[Draft], None]
