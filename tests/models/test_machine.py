"""What the machine offers (models/machine.py), with /proc/cpuinfo, the environment and torch's view faked."""

from __future__ import annotations

import importlib.util
import os

import pytest
import torch

from summarizer.errors import ModelError
from summarizer.models import machine

# Two physical cores with two SMT siblings each, as /proc/cpuinfo lists them (one block per logical CPU).
SMT_CPUINFO = "\n\n".join(
    f"processor\t: {cpu}\nphysical id\t: 0\ncore id\t\t: {cpu % 2}\nflags\t\t: fpu avx2 {flags}"
    for cpu, flags in enumerate(["", "", "", ""])
)


@pytest.fixture
def cpuinfo(monkeypatch):
    """Set the /proc/cpuinfo text machine.py reads; the cached core count is forgotten before and after."""
    text = {"value": SMT_CPUINFO}
    monkeypatch.setattr(machine, "read_cpuinfo", lambda: text["value"])
    machine.physical_cores.cache_clear()
    yield text
    machine.physical_cores.cache_clear()


def test_cores_are_counted_once_per_physical_core_not_per_smt_sibling():
    assert machine.count_cores(SMT_CPUINFO) == 2
    two_sockets = SMT_CPUINFO + "\n\n" + SMT_CPUINFO.replace("physical id\t: 0", "physical id\t: 1")
    assert machine.count_cores(two_sockets) == 4
    assert machine.count_cores("") == 0
    assert machine.count_cores("processor\t: 0\nmodel name\t: some ARM\n") == 0  # no core ids listed


def test_physical_cores_fall_back_to_the_cpu_count_and_stay_within_the_affinity(cpuinfo, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    assert machine.physical_cores() == 2
    machine.physical_cores.cache_clear()
    cpuinfo["value"] = ""  # not Linux, or no core ids: every logical CPU counts
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    assert machine.physical_cores() == 3
    machine.physical_cores.cache_clear()
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)  # e.g. taskset -c 0
    assert machine.physical_cores() == 1


def test_the_thread_count_is_the_users_or_one_per_physical_core(cpuinfo, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    assert machine.thread_count() == 3
    for unusable in ("0", "two", ""):
        monkeypatch.setenv("OMP_NUM_THREADS", unusable)
        assert machine.thread_count() == 2


def test_torch_gets_one_thread_per_physical_core_unless_the_user_chose(cpuinfo, monkeypatch):
    set_to: list[int] = []
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    monkeypatch.setattr(torch, "get_num_threads", lambda: 4)
    monkeypatch.setattr(torch, "set_num_threads", set_to.append)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    machine.use_physical_cores()
    assert set_to == [2]
    monkeypatch.setenv("OMP_NUM_THREADS", "4")
    machine.use_physical_cores()
    assert set_to == [2]


def test_native_bf16_is_read_from_the_cpu_flags(cpuinfo):
    assert not machine.cpu_has_bf16()
    for flag in ("avx512_bf16", "amx_bf16"):
        cpuinfo["value"] = SMT_CPUINFO.replace("avx2", f"avx2 {flag}")
        assert machine.cpu_has_bf16()


def test_the_dtype_override_is_checked(monkeypatch):
    monkeypatch.delenv("SUMMARIZER_DTYPE", raising=False)
    assert machine.dtype_override() is None
    monkeypatch.setenv("SUMMARIZER_DTYPE", "float32")
    assert machine.dtype_override() == "float32"
    monkeypatch.setenv("SUMMARIZER_DTYPE", "float16")
    with pytest.raises(ModelError, match="SUMMARIZER_DTYPE must be one of bfloat16, float32, got 'float16'"):
        machine.dtype_override()


def test_the_dtype_is_bf16_only_where_the_cpu_runs_it_natively(cpuinfo, monkeypatch):
    monkeypatch.delenv("SUMMARIZER_DTYPE", raising=False)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert machine.pick_device_dtype() == (torch.device("cpu"), torch.float32)
    cpuinfo["value"] = SMT_CPUINFO.replace("avx2", "avx2 amx_bf16")
    assert machine.pick_device_dtype() == (torch.device("cpu"), torch.bfloat16)
    monkeypatch.setenv("SUMMARIZER_DTYPE", "float32")
    assert machine.pick_device_dtype() == (torch.device("cpu"), torch.float32)
    monkeypatch.setenv("SUMMARIZER_DTYPE", "half")
    with pytest.raises(ModelError, match="SUMMARIZER_DTYPE must be one of"):
        machine.pick_device_dtype()


def test_without_torch_there_is_no_gpu(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert machine.has_cuda()
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    assert not machine.has_cuda()


def test_asking_for_a_gpu_without_an_nvidia_driver_does_not_import_torch():
    import subprocess
    import sys
    from pathlib import Path

    if Path("/proc/driver/nvidia/version").exists():
        pytest.skip("this machine has an NVIDIA driver: torch is asked")
    code = "import sys; from summarizer.models import machine; print(machine.has_cuda(), 'torch' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.split() == ["False", "False"]
