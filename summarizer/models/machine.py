"""What this machine gives a model: physical cores, native bf16, a GPU, and the device and dtype transformers
computes in. Nothing here imports torch until a function needs it, so the llama.cpp back end can ask too."""

from __future__ import annotations

import functools
import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

from summarizer.errors import ModelError

CPUINFO = Path("/proc/cpuinfo")
DTYPE_ENV = "SUMMARIZER_DTYPE"  # float32|bfloat16: a transformers setting, for benchmarks and bit-exact runs
DTYPES = ("bfloat16", "float32")


def read_cpuinfo() -> str:
    """The text of /proc/cpuinfo, or "" where there is none (not Linux): callers then fall back."""
    try:
        return CPUINFO.read_text()
    except OSError:
        return ""


def count_cores(cpuinfo: str) -> int:
    """Distinct (physical id, core id) pairs in /proc/cpuinfo text: SMT siblings share one; 0 when none listed."""
    pairs = set()
    for block in cpuinfo.split("\n\n"):
        fields = dict(line.split(":", 1) for line in block.splitlines() if ":" in line)
        fields = {key.strip(): value.strip() for key, value in fields.items()}
        if "core id" in fields:
            pairs.add((fields.get("physical id"), fields["core id"]))
    return len(pairs)


@functools.cache
def physical_cores() -> int:
    """Physical cores this process may use: extra threads on SMT siblings only slow matmuls down."""
    cores = count_cores(read_cpuinfo()) or os.cpu_count() or 1
    allowed = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    return max(1, min(cores, allowed))


def thread_count() -> int:
    """Threads a back end should use: OMP_NUM_THREADS when the user set it, else one per physical core."""
    chosen = os.environ.get("OMP_NUM_THREADS", "")
    return int(chosen) if chosen.isdigit() and int(chosen) > 0 else physical_cores()


def use_physical_cores() -> None:
    """Give torch one thread per physical core, unless the user chose a count.

    OMP_NUM_THREADS=1 helps on a busy machine: oversubscribed OpenMP threads spin at every barrier and
    decode several times slower. The setting is process-wide, which is why it lives here and not in a model.
    """
    import torch

    if not os.environ.get("OMP_NUM_THREADS") and torch.get_num_threads() != physical_cores():
        torch.set_num_threads(physical_cores())


def cpu_has_bf16() -> bool:
    """bf16 matmuls are fast only with native support (AVX512-BF16 / AMX); emulated, slower than fp32."""
    flags = read_cpuinfo()
    return "avx512_bf16" in flags or "amx_bf16" in flags


def has_cuda() -> bool:
    """A CUDA GPU torch can use; False without torch (then nothing here runs on a GPU).

    Without an NVIDIA driver there is no GPU to ask about, and importing torch (seconds, ~1 GB of libraries) just
    to hear "no" would load it into a process that then runs llama.cpp.
    """
    if importlib.util.find_spec("torch") is None:
        return False
    if "torch" not in sys.modules and not Path("/proc/driver/nvidia/version").exists():
        return False
    import torch

    return bool(torch.cuda.is_available())


def dtype_override() -> str | None:
    """The dtype SUMMARIZER_DTYPE asks for, or None when unset; ModelError naming the choices when invalid."""
    override = os.environ.get(DTYPE_ENV)
    if override and override not in DTYPES:
        raise ModelError(f"{DTYPE_ENV} must be one of {', '.join(DTYPES)}, got {override!r}")
    return override or None


def pick_device_dtype() -> tuple[Any, Any]:
    """(torch device, torch dtype): CUDA when available, else CPU; bf16 where the hardware runs it natively,
    else float32. SUMMARIZER_DTYPE overrides the dtype."""
    import torch

    override = dtype_override()
    if torch.cuda.is_available():
        device, bf16 = torch.device("cuda"), torch.cuda.is_bf16_supported()
    else:
        device, bf16 = torch.device("cpu"), cpu_has_bf16()
    dtype = getattr(torch, override) if override else (torch.bfloat16 if bf16 else torch.float32)
    return device, dtype
