"""The date each article is placed at: its own publication date when it has a usable one, else the date of the
article before it in the input, else the newest date in the index, else today; the note says which and why.

An article is never dropped for its date: an undated, unparseable or future date only moves it in time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from summarizer.dates import parse_article_date
from summarizer.documents import Document

__all__ = ["Placed", "Placement"]


@dataclass(frozen=True)
class Placed:
    """Where an article sits in time: ``day``, and ``note`` saying why when it is not the article's own date."""

    day: date
    note: str | None = None


class Placement:
    """Places the articles of one input, in order (each undated one follows the article before it).

    Args:
        newest: the newest date already in the index (None for an empty index).
        today: the day dates after which (with ``dates.FUTURE_SLACK``) are in the future; the last fallback.

    >>> placing = Placement(newest=None, today=date(2024, 3, 25))
    >>> placing.place(Document("a", "Visit", "Text.", "-", date="2024-03-22")).day
    datetime.date(2024, 3, 22)
    >>> placing.place(Document("b", "Visit", "Text.", "-")).note
    'no date given: placed at 2024-03-22, the date of the article before it (a)'
    """

    def __init__(self, *, newest: date | None, today: date) -> None:
        self.newest = newest
        self.today = today
        self._before: tuple[date, str] | None = None  # (day, doc id) of the previous article of the input

    def place(self, document: Document, stored: date | None = None) -> Placed:
        """The date of ``document``; ``stored`` is the date it already has in the index (kept as it is)."""
        if stored is not None:
            placed = Placed(stored)
        else:
            parsed = parse_article_date(document.date, self.today)
            if parsed.value is not None:
                placed = Placed(parsed.value)
            elif self._before is not None:
                day, doc_id = self._before
                placed = Placed(day, f"{parsed.note}: placed at {day.isoformat()}, the date of the article "
                                     f"before it ({doc_id})")
            elif self.newest is not None:
                placed = Placed(self.newest, f"{parsed.note}: placed at {self.newest.isoformat()}, the newest "
                                             "date in the index")
            else:
                placed = Placed(self.today, f"{parsed.note}: placed at {self.today.isoformat()}, today")
        self._before = (placed.day, document.id)
        return placed
