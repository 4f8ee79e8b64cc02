"""Usage and Meter (models/usage.py): the arithmetic, and how `SummaryModel.summarize` fills a model's meter."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.models import SummaryModel, Usage, load_model, release_model
from summarizer.models.extractive import ExtractiveModel
from summarizer.models.presets import generic_preset
from summarizer.models.usage import CONTINUED, FIRST, Meter, since

ARTICLE = ("The city council voted on Tuesday to repair the old river bridge before the winter floods arrive. "
           "Officials said the repairs would cost four million dollars and take about six months to finish.")


def test_usages_add_and_subtract_field_by_field():
    a, b = Usage(10, 3, 0.5, 1.25, 1), Usage(4, 2, 0.25, 0.5, 2)
    assert a + b == Usage(14, 5, 0.75, 1.75, 3)
    assert (a + b) - b == a and Usage() + a == a


def test_to_dict_is_plain_data_with_seconds_to_the_millisecond():
    assert Usage(7, 2, 0.12345, 2.0, 1, 5).to_dict() == {"prompt_tokens": 7, "written_tokens": 2, "read_s": 0.123,
                                                          "write_s": 2.0, "calls": 1, "reused_tokens": 5}


def test_a_meter_adds_up_per_kind_and_a_snapshot_is_a_copy():
    meter = Meter()
    meter.add(FIRST, Usage(10, 3, calls=1))
    before = meter.snapshot()
    meter.add(FIRST, Usage(5, 1, 0.5, 0.25, calls=1))
    meter.add(CONTINUED, Usage(7, 2, calls=1))
    assert before == {FIRST: Usage(10, 3, calls=1)}  # later calls do not change an earlier snapshot
    assert meter.snapshot() == {FIRST: Usage(15, 4, 0.5, 0.25, 2), CONTINUED: Usage(7, 2, calls=1)}
    assert since(before, meter.snapshot()) == {FIRST: Usage(5, 1, 0.5, 0.25, 1), CONTINUED: Usage(7, 2, calls=1)}


def test_since_leaves_out_kinds_without_calls_in_between():
    meter = Meter()
    meter.add(FIRST, Usage(10, 3, calls=1))
    meter.add(CONTINUED, Usage(7, 2, calls=1))
    before = meter.snapshot()
    meter.add(FIRST, Usage(1, 1, calls=1))
    assert since(before, meter.snapshot()) == {FIRST: Usage(1, 1, calls=1)}
    assert since(meter.snapshot(), meter.snapshot()) == {}


class Clocked(SummaryModel):
    """A back end whose tokens are words and whose output echoes each prompt's first two ids, reporting
    0.5 s reading and 0.25 s writing per batch as a real back end measures them."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        super().__init__("clocked", generic_preset("clocked", "seq2seq", 4096), None, None, context_length=4096)

    def prompt_overhead(self, task: str, n_articles: int) -> int:
        return 0

    def _encode_plain(self, text: str) -> list[int]:
        return [self.vocab.setdefault(word, len(self.vocab)) for word in text.split()]

    def _decode(self, ids: list[int]) -> str:
        words = {i: word for word, i in self.vocab.items()}
        return " ".join(words[i] for i in ids)

    def _build_input(self, articles: list[str], task: str, words: tuple[int, int], start: str = "") -> list[int]:
        return self._encode_plain(" ".join([*articles, start]))

    def _generate(self, batch: list[list[int]], words: tuple[int, int],
                  prefixes: list[list[int]]) -> list[list[int]]:
        self._timed(0.5, 0.25)
        return [row[:2] for row in batch]


def test_summarize_meters_each_batch_and_keeps_continuations_apart():
    model = Clocked()
    requests = [["one two three"], ["four five"], ["six seven eight nine"]]
    out = model.summarize(requests, task="document", words=(5, 10), batch_size=2)
    assert model.meter.snapshot() == {FIRST: Usage(9, 6, 1.0, 0.5, calls=2)}  # 3 + 2 + 4 prompt ids, 2 batches
    assert sum(g.input_tokens for g in out) == 9 and sum(g.output_tokens for g in out) == 6
    before = model.meter.snapshot()
    model.summarize(requests[:1], task="document", words=(5, 10), starts=["so far"])
    assert since(before, model.meter.snapshot()) == {CONTINUED: Usage(5, 2, 0.5, 0.25, calls=1)}


def test_a_back_end_that_does_not_time_itself_reports_no_seconds():
    class Untimed(Clocked):
        def _generate(self, batch, words, prefixes):
            return [row[:1] for row in batch]

    model = Clocked()
    model.summarize([["a b"]], task="document", words=(5, 10))  # this thread's last split must not leak
    untimed = Untimed()
    untimed.summarize([["a b c"]], task="document", words=(5, 10))
    assert untimed.meter.snapshot() == {FIRST: Usage(3, 1, 0.0, 0.0, calls=1)}


def test_the_extractive_model_meters_words_without_seconds():
    model = ExtractiveModel()
    generation, = model.summarize([[ARTICLE]], task="document", words=(5, 20))
    assert model.meter.snapshot() == {FIRST: Usage(generation.input_tokens, generation.output_tokens, calls=1)}


def test_the_first_scores_clock_splits_a_generate_call_at_the_first_new_token():
    torch = pytest.importorskip("torch")
    from summarizer.models.causal import FirstScores

    clock = FirstScores()
    assert clock.split(1.0, 3.0) == (2.0, 0.0)  # no token came: it was all reading
    scores = torch.tensor([[0.1, 0.9]])
    assert clock(torch.tensor([[1]]), scores) is scores and clock.at is not None
    first = clock.at
    clock(torch.tensor([[1, 2]]), scores)
    assert clock.at == first  # only the first call marks
    assert clock.split(first - 2.0, first + 0.5) == (2.0, 0.5)


@pytest.fixture
def seq2seq(tiny_seq2seq_dir: Path) -> SummaryModel:
    model = load_model(str(tiny_seq2seq_dir))
    yield model
    release_model(str(tiny_seq2seq_dir))


def test_a_transformers_model_meters_its_generate_calls(seq2seq, monkeypatch):
    from summarizer.models.causal import FirstScores

    marked: list[float | None] = []
    real = FirstScores.split

    def split(self: FirstScores, began: float, ended: float) -> tuple[float, float]:
        marked.append(self.at)
        return real(self, began, ended)

    monkeypatch.setattr(FirstScores, "split", split)
    before = seq2seq.meter.snapshot()
    out = seq2seq.summarize([[ARTICLE], [ARTICLE[:60]]], task="document", words=(3, 8), batch_size=2)
    used = since(before, seq2seq.meter.snapshot())[FIRST]
    assert used.calls == 1 and marked and marked[0] is not None  # the clock saw the first new token's scores
    assert used.prompt_tokens == sum(g.input_tokens for g in out) > 0
    assert used.written_tokens == sum(g.output_tokens for g in out) > 0
    assert used.read_s >= 0 and used.write_s >= 0
