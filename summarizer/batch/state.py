"""A batch run's saved progress: which chunks are done and how long the output was after the last one.

The state file is written atomically after each chunk; a resume is refused, saying why, when anything that
decides the output (input, chunking, settings, the model that runs) changed since the run began.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import IO, Any

from summarizer.cache import package_version
from summarizer.errors import BatchError
from summarizer.models import choose_backend
from summarizer.settings import SummarySettings
from summarizer.storage import write_json

STATE_FORMAT = 1


def run_identity(input_path: Path, chunk_size: int, settings: SummarySettings, *, index: str | None = None,
                 assigner: dict[str, Any] | None = None) -> dict[str, Any]:
    """What must not change between a run and its resume: the input file, the chunking, the settings and the
    model that runs for them (``default`` runs as ``default-gguf`` once installed, on CPUs without bf16), and
    for a run into a story index, the index and what assigns its articles (None for a run without one)."""
    stat = input_path.stat()
    fingerprint = hashlib.sha256(f"{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()
    return {"input": str(input_path.resolve()), "input_fingerprint": fingerprint, "chunk_size": chunk_size,
            "settings": settings.to_dict(), "runs": choose_backend(settings.model).runs, "index": index,
            "assigner": assigner}


def load_state(state_path: Path, output_path: Path, identity: dict[str, Any], total: int) -> dict[str, Any]:
    """The saved state when resuming (checked against this run), else a new one for an empty output."""
    fresh = {"format": STATE_FORMAT, **identity, "version": package_version(), "chunks": total, "done": [],
             "offset": 0}
    if not state_path.exists():
        if output_path.exists() and output_path.stat().st_size > 0:
            raise BatchError(f"output {output_path}: exists and is not from a batch run (no {state_path.name}); "
                             "choose another output or delete it")
        return fresh
    restart = f"delete {output_path} and {state_path} to start over"
    try:
        state = json.loads(state_path.read_text(encoding="utf-8"))
        done, offset = state["done"], state["offset"]
        if state.get("format") != STATE_FORMAT or not isinstance(offset, int) or not isinstance(done, list):
            raise ValueError("unknown layout")
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BatchError(f"state file {state_path}: cannot be read ({error}); {restart}") from error
    for key, what in (("input", "another input file"), ("input_fingerprint", "the input file before it changed"),
                      ("chunk_size", "another chunk size"), ("settings", "other settings"),
                      ("runs", "another model running"), ("index", "another story index or none"),
                      ("assigner", "another assignment (half-life)")):
        if state.get(key) != identity[key]:
            raise BatchError(f"output {output_path}: was started with {what} "
                             f"({state.get(key)!r}, now {identity[key]!r}); {restart}")
    size = output_path.stat().st_size if output_path.exists() else 0
    if size < offset:
        raise BatchError(f"output {output_path}: is shorter ({size} bytes) than its state says ({offset}); "
                         f"it was changed outside the batch run; {restart}")
    return state


def append_and_save(out: IO[bytes], text: str, state: dict[str, Any], state_path: Path) -> None:
    """Append output lines, flushed to disk, then save the state with the output's new length: only then do
    they count as written (a crash before it cuts them off on resume)."""
    out.write(text.encode("utf-8"))
    out.flush()
    os.fsync(out.fileno())
    state["offset"] = out.tell()
    write_json(state_path, state)


def open_output(output_path: Path, offset: int) -> IO[bytes]:
    """The output opened for appending after ``offset``; anything past it (a crashed chunk) is cut off."""
    out = output_path.open("r+b" if output_path.exists() else "w+b")
    try:
        _lock(out, output_path)
        out.truncate(offset)
        out.seek(offset)
    except BaseException:
        out.close()
        raise
    return out


def _lock(out: IO[bytes], output_path: Path) -> None:
    """Refuse a second run writing the same output at the same time (it would interleave chunks)."""
    try:
        import fcntl
    except ImportError:  # not on POSIX: no lock, as before this check existed
        return
    try:
        fcntl.flock(out.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        raise BatchError(f"output {output_path}: another batch run is writing it") from error


def state_file(output_path: Path) -> Path:
    """Where a batch run's state is kept: beside its output, ``OUTPUT.state.json``."""
    return output_path.with_name(output_path.name + ".state.json")
