"""How much one input may hold: the limits every reader (Python API, CLI, web UI, batch) applies."""

from __future__ import annotations

__all__ = ["MAX_FILE_BYTES", "MAX_PASTED_CHARS"]

# A file, or one line of a batch JSONL: a larger one is skipped with its size, never read into memory.
MAX_FILE_BYTES = 5_000_000
# The web UI's paste box is for a handful of articles; larger collections belong in files (MAX_FILE_BYTES each).
MAX_PASTED_CHARS = 1_000_000
