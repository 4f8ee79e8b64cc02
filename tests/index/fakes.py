"""A fake assigner that keeps the assign.py contract with a rule a test can predict, and article makers.

The store's tests use it instead of the real assignment algorithm, so they test what the store keeps, not
which story an article should join.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from summarizer.documents import Document
from summarizer.index.assign import Assignment, Incoming, StoryState


def article(doc_id: str, title: str, *, date: str | None = "2024-03-20", text: str | None = None,
            source: str | None = None) -> Document:
    """An article whose text shares no run of three words with another one's (made from its id)."""
    if text is None:
        pick = random.Random(doc_id)
        text = " ".join(f"word{pick.randrange(100_000)}" for _ in range(60)) + "."
    return Document(id=doc_id, title=title, text=text, source=source or f"{doc_id}.txt", date=date)


# The one fact the third bridge article adds; its other sentence repeats the first article's lead.
NEW_FACT = ("Repairs to the Harbor Bridge will take two months and cost 14 million dollars, state engineers said on "
            "Friday.")
LEAD = ("The Harbor Bridge in Port Ellison was closed to all traffic on Tuesday after inspectors found cracks in two "
        "of its support cables.")
BRIDGE_UPDATE = {
    "bridge-1": f"Harbor Bridge closed after cracks found in its cables\n\n{LEAD} The harbor ferry added late "
                "crossings for stranded commuters.",
    "bridge-2": "Ferries crowded as the Harbor Bridge stays shut\n\nCommuters crowded the ferry pier on Wednesday, a "
                "day after the Harbor Bridge was closed over cracked support cables. The mayor said the bridge would "
                "stay closed for at least two weeks.",
    "bridge-3": f"Harbor Bridge repairs to take two months\n\n{NEW_FACT} {LEAD}",
}


def bridge_update(folder: Path) -> list[str]:
    """Three short articles on one story, written to ``folder``: add the first two, then the third, and what is
    new is certain. Without the repeated lead the articles say 83 words, so a short extractive summary
    (at most 110 words) holds every fact, and the only one the third adds is ``NEW_FACT``."""
    paths = []
    for name, text in BRIDGE_UPDATE.items():
        path = folder / f"{name}.txt"
        path.write_text(text + "\n", encoding="utf-8")
        paths.append(str(path))
    return paths


class FirstWordAssigner:
    """Puts articles whose titles start with the same word in one story; its centroid is that word.

    ``same`` maps words to the word they count as; two recent stories whose words then count as one merge
    (the survivor is the one first seen earlier, on a tie the lower id). ``state`` counts the articles
    assigned so far. ``calls`` records (incoming keys, recent story ids) of each call.
    """

    def __init__(self, window_days: float = 7.0, same: dict[str, str] | None = None) -> None:
        self.window_days = window_days
        self.same = same or {}
        self.calls: list[tuple[tuple[str, ...], tuple[str, ...]]] = []

    def word(self, text: str) -> str:
        first = text.split()[0].lower()
        return self.same.get(first, first)

    def assign(self, incoming: Sequence[Incoming], recent: Sequence[StoryState], state: bytes) -> Assignment:
        self.calls.append((tuple(item.key for item in incoming), tuple(story.id for story in recent)))
        stories: dict[str, StoryState] = {}
        changed: set[str] = set()
        merges = []
        for story in sorted(recent, key=lambda s: (s.first_seen, s.id)):
            word = self.word(story.centroid.decode())
            if word in stories:
                survivor = stories[word]
                merges.append((survivor.id, story.id))
                stories[word] = replace(survivor, centroid=word.encode(), size=survivor.size + story.size,
                                        last_seen=max(survivor.last_seen, story.last_seen))
                changed.add(word)
            else:
                stories[word] = story
        story_of, opened = {}, 0
        for item in incoming:
            word = self.word(item.document.title)
            story = stories.get(word)
            if story is None:
                opened += 1
                story = StoryState(f"new-{opened}", word.encode(), 0, item.when, item.when)
            stories[word] = replace(story, size=story.size + 1, first_seen=min(story.first_seen, item.when),
                                    last_seen=max(story.last_seen, item.when))
            changed.add(word)
            story_of[item.key] = stories[word].id
        seen = int(state.decode() or 0) + len(incoming)
        return Assignment(story_of=story_of, stories=tuple(stories[word] for word in sorted(changed)),
                          merges=tuple(merges), state=str(seen).encode())
