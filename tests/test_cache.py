"""ResultCache: keys that change with everything that changes a result, an LRU in memory, a safe disk layer."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import pytest

from summarizer import Document, SummarizerError, SummaryResult, summarize
from summarizer.cache import CacheError, ResultCache

SETTINGS = {"model": "extractive", "length": "short", "group": True}


def doc(id: str = "d1", text: str = "The river rose two metres overnight. Families left by boat.") -> Document:
    return Document(id=id, title="River rises", text=text, source=f"{id}.txt", date="2024-05-01")


def result(text: str = "The river rose two metres overnight. Families left by boat.") -> SummaryResult:
    """A real result (extractive model: no weights, fast)."""
    return summarize([doc(text=text)], model="extractive", length="short")


def key(n: int) -> str:
    return ResultCache.key([doc(text=f"Story number {n} happened today in the town.")], "extractive", SETTINGS)


def test_the_same_request_gives_the_same_key_whatever_the_settings_order():
    reordered = dict(reversed(list(SETTINGS.items())))
    assert ResultCache.key([doc()], "extractive", SETTINGS) == ResultCache.key([doc()], "extractive", reordered)


@pytest.mark.parametrize("change", [
    lambda d, m, s: ([replace(d[0], text=d[0].text + " More.")], m, s),
    lambda d, m, s: ([replace(d[0], title="Other")], m, s),
    lambda d, m, s: ([replace(d[0], id="d9")], m, s),
    lambda d, m, s: ([replace(d[0], source="elsewhere.txt")], m, s),
    lambda d, m, s: ([replace(d[0], date=None)], m, s),
    lambda d, m, s: ([replace(d[0], removed=('web leftover: "Share"',))], m, s),
    lambda d, m, s: ([replace(d[0], read_as="read as Windows-1252 (the file is not UTF-8)")], m, s),
    lambda d, m, s: (list(reversed(d)), m, s),
    lambda d, m, s: (d, "small", s),
    lambda d, m, s: (d, m, {**s, "length": "long"}),
], ids=["text", "title", "id", "source", "date", "cleaning", "encoding", "order", "model", "settings"])
def test_anything_that_changes_the_result_changes_the_key(change):
    documents, model, settings = [doc("a"), doc("b", "Another article about the harvest.")], "extractive", SETTINGS
    assert ResultCache.key(*change(documents, model, settings)) != ResultCache.key(documents, model, settings)


def test_a_stored_result_comes_back():
    cache, stored = ResultCache(), result()
    cache.put(key(1), stored)
    assert cache.get(key(1)) == stored
    assert cache.get(key(2)) is None


def test_the_least_recently_used_result_is_evicted_first():
    cache = ResultCache(max_items=2)
    cache.put(key(1), result("First article text about floods."))
    cache.put(key(2), result("Second article text about harvests."))
    assert cache.get(key(1)) is not None  # now 2 is the least recently used
    cache.put(key(3), result("Third article text about elections."))
    assert cache.get(key(2)) is None
    assert cache.get(key(1)) is not None and cache.get(key(3)) is not None
    assert len(cache) == 2


def test_the_disk_layer_serves_a_new_cache_on_the_same_folder(tmp_path):
    stored = result()
    ResultCache(directory=tmp_path).put(key(1), stored)
    assert [p.name for p in tmp_path.iterdir()] == [f"{key(1)}.json"]  # no temporary file left behind
    assert ResultCache(directory=tmp_path).get(key(1)) == stored


def test_a_disk_hit_is_kept_in_memory(tmp_path):
    ResultCache(directory=tmp_path).put(key(1), result())
    cache = ResultCache(directory=tmp_path)
    first = cache.get(key(1))
    (tmp_path / f"{key(1)}.json").unlink()
    assert cache.get(key(1)) == first is not None


@pytest.mark.parametrize("content", ['{"stories": [', '{"stories": []}', "[]", "\udcff"],
                         ids=["truncated", "missing-fields", "not-an-object", "not-utf8"])
def test_a_damaged_file_is_a_miss_and_is_removed(tmp_path, caplog, content):
    path = tmp_path / f"{key(1)}.json"
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    with caplog.at_level(logging.WARNING, logger="summarizer.cache"):
        assert ResultCache(directory=tmp_path).get(key(1)) is None
    assert not path.exists()
    assert str(path) in caplog.text


def test_a_removed_damaged_file_is_written_again(tmp_path):
    (tmp_path / f"{key(1)}.json").write_text("{", encoding="utf-8")
    cache, stored = ResultCache(directory=tmp_path), result()
    assert cache.get(key(1)) is None
    cache.put(key(1), stored)
    assert ResultCache(directory=tmp_path).get(key(1)) == stored


def test_bad_arguments_are_clear_errors(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(CacheError, match="max_items must be an integer of at least 1, not 0"):
        ResultCache(max_items=0)
    with pytest.raises(CacheError, match="cache folder .*file.*cannot create it"):
        ResultCache(directory=tmp_path / "file" / "sub")
    with pytest.raises(CacheError, match="cache key must be a SHA-256 hex digest.*'../escape'"):
        ResultCache(directory=tmp_path).get("../escape")
    with pytest.raises(CacheError, match="only a SummaryResult can be cached, not dict"):
        ResultCache().put(key(1), {"stories": []})
    with pytest.raises(CacheError, match="settings cannot be part of a cache key"):
        ResultCache.key([doc()], "extractive", {"path": Path("x")})
    with pytest.raises(CacheError, match="model_id must be a non-empty string"):
        ResultCache.key([doc()], "", SETTINGS)
    assert issubclass(CacheError, SummarizerError)
