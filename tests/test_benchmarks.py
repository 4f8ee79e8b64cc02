"""The benchmark scripts cannot rot silently: each still starts (imports resolve, arguments parse), and the
helpers they share still behave. Nothing here loads a model: the browser first-text benchmark's measurement runs
on the extractive model and on a fake one."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import needs_chromium

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"
MODULES = ("common.py", "attacks.py", "stream_driver.py", "browser.py")  # imported, no command line of their own
SCRIPTS = sorted(path.name for path in BENCHMARKS.glob("*.py") if path.name not in MODULES)


def test_every_benchmark_script_is_checked() -> None:
    assert {"grouping.py", "quality.py", "speed.py"} <= set(SCRIPTS)  # the glob found the folder


@pytest.mark.parametrize("script", SCRIPTS)
def test_benchmark_script_help_runs(script: str) -> None:
    done = subprocess.run([sys.executable, f"benchmarks/{script}", "--help"], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"usage: {script} "), done.stdout[:200]


@pytest.fixture(scope="module")
def common() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmarks_common", BENCHMARKS / "common.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_results_keep_figures_only_at_any_depth(common: ModuleType) -> None:
    payload = {"rouge1": 0.41, "text": "an article", "runs": [{"seconds": 2.5, "summaries": ["a summary"]},
                                                             {"nested": {"text": "x", "words": 80}}]}
    assert common.figures_only(payload) == {"rouge1": 0.41, "runs": [{"seconds": 2.5}, {"nested": {"words": 80}}]}
    assert {"text", "summaries"} == common.TEXT_KEYS


def test_require_exits_cleanly_when_data_is_absent(common: ModuleType, tmp_path: Path, capsys) -> None:
    common.require(tmp_path)  # present: returns
    with pytest.raises(SystemExit) as exit_:
        common.require(tmp_path / "absent.jsonl")
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith(f"skipped: {tmp_path / 'absent.jsonl'} is absent")


# --- firsttext: the browser benchmark's measurement, on models that load nothing -------------------------------


@pytest.fixture(scope="module")
def examples() -> list[Path]:
    from summarizer import ui

    return [Path(path) for path in ui.example_files()]


@needs_chromium
def test_firsttext_reports_a_run_without_drafts_as_its_result(examples: list[Path]) -> None:
    """The extractive model writes no drafts: the first text the page shows is the checked result."""
    from benchmarks.firsttext import measure, uncached_pool

    figures = measure(uncached_pool(), examples[:2], model="extractive", length="short", runs=2,
                      warm_up=examples[2], timeout=120)
    assert figures["warm_up"]["model"] == "extractive"
    for run in figures["runs"]:
        assert 0 < run["first_text_s"] == run["final_s"]
        assert run["first_kind"] == "final" and not run["drafts"]
        assert run["model"] == "extractive" and run["pipeline_s"] is not None


@needs_chromium
def test_firsttext_times_the_first_draft_the_page_shows(examples: list[Path]) -> None:
    """A model that writes a word every 50 ms: the page shows the combined summary's draft before the result."""
    from benchmarks.firsttext import measure
    from summarizer.pipeline import Summarizer
    from summarizer.ui_pool import Summarizers
    from tests.fakes import FakeModel

    class Slow(FakeModel):
        def listening(self, listener):
            return super().listening(lambda row, text: (time.sleep(0.05), listener(row, text))[-1])

    pool = Summarizers(lambda name: Summarizer(model=Slow(name="slow")))  # whatever the page picks
    figures = measure(pool, examples[:2], model="extractive", length="short", warm_up=examples[2], timeout=120)
    run, = figures["runs"]
    assert run["drafts"] and run["first_kind"] == "combined"
    assert 0 < run["first_text_s"] < run["final_s"]
    assert run["model"] == "slow"
