"""The in-memory driver the streaming and assignment benchmarks feed the assigner through: it plays the
store's side of the contract (``StoryIndex.add``) without SQL, so the benchmarks time and score the grouping
alone.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from summarizer.index.assign import Assigner, Incoming, StoryState
from summarizer.index.consolidate import Consolidator, Member, merged_state

__all__ = ["MemoryIndex"]


class MemoryIndex:
    """The store's side of the contract, in memory: story states kept between calls, fresh ids for the
    ``new-N`` stories an assignment opens, merges recorded as aliases, and the assigner's state.

    Only stories last seen within the window are kept as states (``add`` drops the others before each call,
    as the store leaves them on disk); ``keep_members`` records each article's story for scoring. With a
    ``consolidator``, each call ends with a consolidation pass over the recent stories' articles, as
    ``StoryIndex.add`` does (their documents are kept while the story is in the window).
    """

    def __init__(self, assigner: Assigner, keep_members: bool = True,
                 consolidator: Consolidator | None = None) -> None:
        self.assigner = assigner
        self.stories: dict[str, StoryState] = {}
        self.story_of: dict[str, str] = {}
        self.alias: dict[str, str] = {}
        self.changed: tuple[StoryState, ...] = ()  # the states the last call wrote, with their stored ids
        self.state = b""
        self.opened = self.merges = self.calls = 0
        self.last_seconds = 0.0
        self.keep_members = keep_members
        self.consolidator = consolidator
        self.members: dict[str, list[Incoming]] = {}  # recent story -> its articles (with a consolidator only)
        self.consolidated = 0  # merges made by consolidation

    def add(self, incoming: Sequence[Incoming]) -> None:
        """One call of the assigner, and what the store would write."""
        cutoff = max(item.when for item in incoming) - timedelta(days=self.assigner.window_days)
        # Stories that went quiet leave memory (the store keeps them on disk); they are never candidates again.
        self.stories = {sid: s for sid, s in self.stories.items() if s.last_seen >= cutoff}
        self.members = {sid: items for sid, items in self.members.items() if sid in self.stories}
        started = time.perf_counter()
        result = self.assigner.assign(incoming, list(self.stories.values()), self.state)
        self.last_seconds = time.perf_counter() - started  # the assigner alone, not this driver
        fresh = {}
        for story in result.stories:
            if story.id.startswith("new-"):
                self.opened += 1
                fresh[story.id] = f"s-{self.opened:06d}"
        for survivor, absorbed in result.merges:
            self.stories.pop(absorbed)
            self.alias[absorbed] = survivor
            self.merges += 1
            if self.consolidator is not None:
                self.members.setdefault(survivor, []).extend(self.members.pop(absorbed, []))
        self.changed = tuple(replace(story, id=fresh.get(story.id, story.id)) for story in result.stories)
        self.stories.update((story.id, story) for story in self.changed)
        if self.keep_members:
            self.story_of.update((key, fresh.get(sid, sid)) for key, sid in result.story_of.items())
        self.state = result.state
        self.calls += 1
        if self.consolidator is not None:
            by_key = {item.key: item for item in incoming}
            for key, sid in result.story_of.items():
                self.members.setdefault(fresh.get(sid, sid), []).append(by_key[key])
            self.consolidate()

    def consolidate(self) -> None:
        """The store's consolidation pass: newest stories first, their newest articles first."""
        order = sorted(self.stories.values(), key=lambda s: (s.last_seen, s.id), reverse=True)
        members = [Member(story.id, story.first_seen, item.document)
                   for story in order for item in reversed(self.members.get(story.id, []))]
        assert self.consolidator is not None
        for survivor, absorbed in self.consolidator.merges(members):
            self.stories[survivor] = merged_state(self.stories[survivor], self.stories.pop(absorbed),
                                                  self.assigner.max_terms)
            self.members[survivor].extend(self.members.pop(absorbed))
            self.alias[absorbed] = survivor
            self.consolidated += 1

    def story(self, key: str) -> str:
        """The story an article is in now, through any merges."""
        story_id = self.story_of[key]
        while story_id in self.alias:
            story_id = self.alias[story_id]
        return story_id
