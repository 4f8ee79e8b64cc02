"""The write path of ``StoryIndex.add``: copies recognised, dates placed, the assigner asked about the new
articles and the recent stories only, and what it decided written back. Runs inside the caller's transaction,
so an exception anywhere (or a killed process) leaves the index as it was.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta

from summarizer.documents import Document
from summarizer.index.assign import Assigner, Assignment, Incoming, StoryState
from summarizer.index.consolidate import Consolidator, Member, merged_state
from summarizer.index.database import Database
from summarizer.index.duplicates import Fingerprint, find_original, fingerprint
from summarizer.index.placement import Placed, Placement
from summarizer.index.rows import (
    ADDED,
    ALREADY_INDEXED,
    EXACT_DUPLICATE,
    NEAR_DUPLICATE,
    OPENED,
    AddReport,
    ArticleOutcome,
)

__all__ = ["add_documents", "moment", "story_state"]

_NEW = re.compile(r"new-(\d+)")
_CHUNK = 500  # ids per IN (...) list


def moment(value: datetime) -> str:
    """A naive UTC datetime as stored: ISO text to the second, which sorts as time does."""
    return value.replace(microsecond=0).isoformat()


def story_state(row: Sequence) -> StoryState:
    """A StoryState from (id, centroid, size, first_seen, last_seen) as stored."""
    id_, centroid, size, first, last = row
    return StoryState(id=id_, centroid=bytes(centroid), size=int(size), first_seen=datetime.fromisoformat(first),
                      last_seen=datetime.fromisoformat(last))


def add_documents(db: Database, documents: Sequence[Document], assigner: Assigner, today: date,
                  consolidator: Consolidator | None = None) -> AddReport:
    """Add ``documents`` to the index in ``db`` (the caller holds the transaction); see ``StoryIndex.add``.
    With a ``consolidator``, the recent stories it finds the chunker groups together are merged afterwards."""
    newest = db.one("SELECT MAX(last_seen) FROM stories")[0]
    placement = Placement(newest=datetime.fromisoformat(newest).date() if newest else None, today=today)
    prints = [fingerprint(document.text) for document in documents]
    stored = _stored(db, [p.hash for p in prints])  # hash -> (id, doc_id, source, date)
    seq = db.one("SELECT MAX(seq) FROM articles")[0] or 0
    added_at = moment(datetime.now(UTC).replace(tzinfo=None))
    outcomes: list[ArticleOutcome] = []
    incoming: list[Incoming] = []
    copies: list[str] = []
    written: dict[str, str] = {}  # hash -> article id, for this input's exact copies
    seq_of: dict[str, int] = {}  # article id -> seq, for the articles written now
    for document, print_ in zip(documents, prints, strict=True):
        known = stored.get(print_.hash)
        placed = placement.place(document, date.fromisoformat(known[3]) if known and known[3] else None)
        if known:
            same = (known[1], known[2]) == (document.id, document.source)
            outcomes.append(ArticleOutcome(document.id, known[0], ALREADY_INDEXED if same else EXACT_DUPLICATE,
                                           None, None if same else known[0], placed.day, placed.note))
            continue
        if print_.hash in written:
            outcomes.append(ArticleOutcome(document.id, written[print_.hash], EXACT_DUPLICATE, None,
                                           written[print_.hash], placed.day, placed.note))
            continue
        original = find_original(db, print_)
        seq += 1
        seq_of[print_.article_id] = seq
        _insert(db, document, print_, placed, seq, original, added_at)
        written[print_.hash] = print_.article_id
        if original:
            copies.append(print_.article_id)
            outcomes.append(ArticleOutcome(document.id, print_.article_id, NEAR_DUPLICATE, None, original,
                                           placed.day, placed.note))
        else:
            when = datetime(placed.day.year, placed.day.month, placed.day.day)
            incoming.append(Incoming(key=print_.article_id, document=document, when=when))
            outcomes.append(ArticleOutcome(document.id, print_.article_id, ADDED, None, None, placed.day,
                                           placed.note))
    changed: set[str] = set()
    opened: list[str] = []
    merges: list[tuple[str, str]] = []
    if incoming:
        # The window: stories last seen this close to the newest new article are the candidates.
        cutoff = max(item.when for item in incoming) - timedelta(days=assigner.window_days)
        changed, opened, merges = _assign(db, assigner, incoming, seq_of, cutoff)
        if consolidator is not None:
            consolidated = _consolidate(db, consolidator, assigner, cutoff, max(seq_of.values()))
            absorbed_ids = {absorbed for _, absorbed in consolidated}
            merges += consolidated
            changed = (changed | {survivor for survivor, _ in consolidated}) - absorbed_ids
            opened = [story for story in opened if story not in absorbed_ids]
    # A near copy joins its original's story (after merges, so it lands where the original ended up).
    db.execute_many("UPDATE articles SET story_id = (SELECT o.story_id FROM articles o WHERE o.id = "
                    "(SELECT c.duplicate_of FROM articles c WHERE c.id = ?)) WHERE id = ?",
                    [(key, key) for key in copies])
    return _report(db, outcomes, changed, opened, merges)


def _stored(db: Database, hashes: list[str]) -> dict[str, tuple[str, str, str, str | None]]:
    """The stored articles with these text hashes: hash -> (id, doc_id, source, date)."""
    found = {}
    unique = sorted(set(hashes))
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start:start + _CHUNK]
        for row in db.query("SELECT text_hash, id, doc_id, source, date FROM articles WHERE text_hash IN "
                            f"({', '.join('?' * len(chunk))})", chunk):
            found[row[0]] = tuple(row[1:])
    return found


def _insert(db: Database, document: Document, print_: Fingerprint, placed: Placed, seq: int,
            original: str | None, added_at: str) -> None:
    """One article's row (its story comes once the assigner has spoken) and its LSH bands."""
    cleaning = {"removed": list(document.removed), "read_as": document.read_as,
                "injections": [asdict(found) for found in document.injections]}
    url = document.source if document.source.startswith(("http://", "https://")) else None
    db.query("INSERT INTO articles (id, doc_id, source, url, title, text, cleaning, date, date_note, text_hash, "
             "signature, seq, story_id, duplicate_of, added_at) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)",
             (print_.article_id, document.id, document.source, url, document.title, document.text,
              json.dumps(cleaning, ensure_ascii=False, sort_keys=True), placed.day.isoformat(), placed.note,
              print_.hash, print_.signature_bytes, seq, original, added_at))
    db.execute_many("INSERT INTO minhash_bands (band_key, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    [(key, print_.article_id) for key in print_.bands])


def _assign(db: Database, assigner: Assigner, incoming: list[Incoming], seq_of: dict[str, int],
            cutoff: datetime) -> tuple[set[str], list[str], list[tuple[str, str]]]:
    """Ask the assigner about the new articles and the stories last seen from ``cutoff``; write what it decided."""
    # Sorted here, not by ORDER BY id: that would lead the planner to walk every story by id.
    recent = sorted((story_state(row) for row in db.query(
        "SELECT id, centroid, size, first_seen, last_seen FROM stories WHERE last_seen >= ?", (moment(cutoff),))),
        key=lambda story: story.id)
    row = db.one("SELECT value FROM meta WHERE key = 'assigner_state'")
    assignment: Assignment = assigner.assign(incoming, recent, base64.b64decode(row[0]) if row else b"")
    ids = _story_ids(db, assignment, {story.id for story in recent})
    top_seq = max(seq_of.values())
    joined: dict[str, int] = {}  # story -> highest seq that joined it
    first_title: dict[str, str] = {}  # new story -> the title of the article that opened it
    for item in incoming:
        story = ids[assignment.story_of[item.key]]
        joined[story] = max(joined.get(story, 0), seq_of[item.key])
        first_title.setdefault(story, item.document.title)
    db.execute_many("UPDATE articles SET story_id = ? WHERE id = ?",
                    [(ids[assignment.story_of[item.key]], item.key) for item in incoming])
    db.execute_many(
        "INSERT INTO stories (id, headline, label, first_seen, last_seen, size, centroid, changed_seq, "
        "summarized_seq) VALUES (?, NULL, ?, ?, ?, ?, ?, ?, NULL) ON CONFLICT (id) DO UPDATE SET "
        "first_seen = excluded.first_seen, last_seen = excluded.last_seen, size = excluded.size, "
        "centroid = excluded.centroid",
        [(ids[s.id], first_title.get(ids[s.id], ""), moment(s.first_seen), moment(s.last_seen), s.size,
          bytes(s.centroid), joined.get(ids[s.id], 0)) for s in assignment.stories])
    db.execute_many("UPDATE stories SET changed_seq = ? WHERE id = ? AND changed_seq < ?",
                    [(seq, story, seq) for story, seq in joined.items()])
    merges = [(ids[survivor], ids[absorbed]) for survivor, absorbed in assignment.merges]
    for survivor, absorbed in merges:
        _merge(db, survivor, absorbed, top_seq)
    _set_meta(db, "assigner_state", base64.b64encode(assignment.state).decode("ascii"))
    absorbed_ids = {absorbed for _, absorbed in merges}
    changed = (set(joined) | {survivor for survivor, _ in merges}) - absorbed_ids
    opened = sorted({ids[s] for s in assignment.story_of.values() if _NEW.fullmatch(s)} - absorbed_ids)
    return changed, opened, merges


def _merge(db: Database, survivor: str, absorbed: str, seq: int) -> None:
    """Move the absorbed story's articles and aliases to the survivor and leave an alias for its id. The
    survivor gained articles its latest summary did not cover: it changed at ``seq``."""
    db.query("UPDATE articles SET story_id = ? WHERE story_id = ?", (survivor, absorbed))
    db.query("UPDATE aliases SET story_id = ? WHERE story_id = ?", (survivor, absorbed))
    db.query("INSERT INTO aliases (alias, story_id) VALUES (?, ?) ON CONFLICT (alias) DO UPDATE SET "
             "story_id = excluded.story_id", (absorbed, survivor))
    db.query("DELETE FROM stories WHERE id = ?", (absorbed,))
    db.query("UPDATE stories SET changed_seq = ? WHERE id = ?", (seq, survivor))


def _consolidate(db: Database, consolidator: Consolidator, assigner: Assigner, cutoff: datetime,
                 seq: int) -> list[tuple[str, str]]:
    """Merge the recent stories (last seen from ``cutoff``, the assigner's window) whose articles the
    consolidator's chunker groups together; reads the newest stories' stored texts, at most its
    ``max_articles``, so the cost does not grow with the index."""
    rows = db.query(
        "SELECT a.story_id, s.first_seen, a.id, a.title, a.text FROM articles a JOIN stories s ON s.id = a.story_id "
        "WHERE s.last_seen >= ? AND a.duplicate_of IS NULL ORDER BY s.last_seen DESC, s.id DESC, a.seq DESC "
        "LIMIT ?", (moment(cutoff), consolidator.max_articles))
    members = [Member(story, datetime.fromisoformat(first), Document(id_, title, text, id_))
               for story, first, id_, title, text in rows]
    merges = consolidator.merges(members)
    if not merges:
        return []
    states = {row[0]: story_state(row) for row in db.query(
        "SELECT id, centroid, size, first_seen, last_seen FROM stories WHERE last_seen >= ?", (moment(cutoff),))}
    for survivor, absorbed in merges:
        state = merged_state(states[survivor], states.pop(absorbed), assigner.max_terms)
        states[survivor] = state
        db.query("UPDATE stories SET centroid = ?, size = ?, first_seen = ?, last_seen = ? WHERE id = ?",
                 (state.centroid, state.size, moment(state.first_seen), moment(state.last_seen), survivor))
        _merge(db, survivor, absorbed, seq)
    return merges


def _story_ids(db: Database, assignment: Assignment, recent: set[str]) -> dict[str, str]:
    """Each story id the assignment names -> the id to store: recent ones as they are, "new-N" ones a fresh
    "s-NNNNNN" from the counter in meta (in N order), so no id is ever handed out twice."""
    named = set(assignment.story_of.values()) | {s.id for s in assignment.stories}
    named |= {id_ for pair in assignment.merges for id_ in pair}
    fresh = sorted((id_ for id_ in named if _NEW.fullmatch(id_)), key=lambda id_: int(id_[4:]))
    unknown = sorted(named - recent - set(fresh))
    if unknown:
        raise ValueError(f"the assigner named stories it was not given: {', '.join(unknown)}")
    missing = sorted(set(assignment.story_of.values()) - {s.id for s in assignment.stories})
    if missing:
        raise ValueError(f"the assigner gave articles to stories without their new state: {', '.join(missing)}")
    counter = int(db.one("SELECT value FROM meta WHERE key = 'story_counter'")[0])
    ids = {id_: id_ for id_ in recent}
    for number, id_ in enumerate(fresh, start=counter + 1):
        ids[id_] = f"s-{number:06d}"
    if fresh:
        _set_meta(db, "story_counter", str(counter + len(fresh)))
    return ids


def _set_meta(db: Database, key: str, value: str) -> None:
    db.query("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
             (key, value))


def _report(db: Database, outcomes: list[ArticleOutcome], changed: set[str], opened: list[str],
            merges: list[tuple[str, str]]) -> AddReport:
    """The report, with each article's story read back as written (after merges), and who opened what."""
    wanted = sorted({o.original or o.article_id for o in outcomes})
    story_of: dict[str, str | None] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start:start + _CHUNK]
        story_of.update(db.query(f"SELECT id, story_id FROM articles WHERE id IN ({', '.join('?' * len(chunk))})",
                                 chunk))
    fresh, final = set(opened), []
    for outcome in outcomes:
        story = story_of.get(outcome.original or outcome.article_id)
        status = outcome.status
        if status == ADDED and story in fresh:
            status = OPENED
            fresh.discard(story)
        final.append(ArticleOutcome(outcome.doc_id, outcome.article_id, status, story, outcome.original,
                                    outcome.day, outcome.date_note))
    return AddReport(tuple(final), tuple(sorted(changed)), tuple(opened), tuple(merges))
