"""The one atomic file writer: results, batch state and install records must never be left half written."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, flushed to disk, then
    ``os.replace``: a reader or a crash sees the old file or the new one, never half of either.

    Raises:
        OSError: the folder cannot be written (the temporary file is removed).

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "state.json"
    >>> write_atomic(target, "{}"); target.read_text()
    '{}'
    """
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:24]}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_json(path: Path, data: Any, *, indent: int | None = None) -> None:
    """``data`` as JSON (UTF-8, not ASCII-escaped), written atomically by ``write_atomic``."""
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=indent) + ("\n" if indent else ""))
