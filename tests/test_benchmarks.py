"""The benchmark scripts cannot rot silently: each still starts (imports resolve, arguments parse), and the
helpers they share still behave. Nothing here runs a benchmark or loads a model."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

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
