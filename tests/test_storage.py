"""The one atomic writer: a failed write leaves the old file whole and no temporary file behind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer import storage


def test_json_is_written_whole_and_readable(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    storage.write_json(target, {"done": [1, 2], "name": "Zürich"}, indent=2)
    assert json.loads(target.read_text(encoding="utf-8")) == {"done": [1, 2], "name": "Zürich"}
    assert "Zürich" in target.read_text(encoding="utf-8")  # not ASCII-escaped


def test_a_write_that_fails_midway_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "state.json"
    target.write_text('{"done": [1]}', encoding="utf-8")

    def crash(source: str, destination: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(storage.os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        storage.write_json(target, {"done": [1, 2]})
    assert target.read_text(encoding="utf-8") == '{"done": [1]}'
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]
