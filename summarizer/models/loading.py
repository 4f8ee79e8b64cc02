"""Finding and loading models: preset name -> local folder -> hub id, with an in-process cache."""

from __future__ import annotations

import gc
import os
import threading
from pathlib import Path
from typing import Any

from summarizer.errors import ModelError
from summarizer.models.base import SummaryModel
from summarizer.models.installed import is_installed, verify_install
from summarizer.models.machine import pick_device_dtype, thread_count, use_physical_cores
from summarizer.models.presets import Kind, Preset, generic_preset, load_presets

_LOCK = threading.Lock()
_WEIGHTS: dict[str, tuple[Any, Any]] = {}  # resolved source -> (model, tokenizer): weights loaded once
_MODELS: dict[tuple[str, str], SummaryModel] = {}  # (resolved source, settings name) -> wrapper


def _resolve(name_or_path: str) -> tuple[str, Preset | None, bool]:
    """(source, preset or None, is_local_folder) for a preset name, folder path or hub id."""
    if not isinstance(name_or_path, str) or not name_or_path.strip():
        raise ModelError(f"model name must be a non-empty string, got {name_or_path!r}")
    presets = load_presets()
    known = ", ".join(presets)
    if name_or_path in presets:
        preset = presets[name_or_path]
        folder = preset.local_dir
        if folder is None:
            return preset.source, preset, False
        if not is_installed(preset):
            raise ModelError(f"model '{preset.name}' is not installed: run `make models` "
                             f"(or `python -m summarizer.models.install {preset.name}`); it goes into {folder}")
        verify_install(preset)  # files still match the hashes recorded at install (re-hashed on a new mtime)
        return str(folder), preset, True
    path = Path(name_or_path).expanduser()
    if path.is_dir():
        return str(path.resolve()), None, True
    # A hub id is exactly "owner/name"; anything else with a slash or a leading . or ~ meant a folder.
    owner, slash, repo = name_or_path.partition("/")
    if slash and owner and repo and "/" not in repo and not owner.startswith((".", "~")):
        return name_or_path, None, False
    what = "folder" if slash or name_or_path.startswith((".", "~")) else "preset"
    raise ModelError(f"unknown model '{name_or_path}': no such {what}. Known presets: {known}; "
                     f"or give a model folder, or a Hugging Face hub id like 'facebook/bart-large-cnn'")


def _hub_error(source: str, error: Exception) -> ModelError:
    offline = os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on")
    why = "HF_HUB_OFFLINE is set" if offline else "the hub could not be reached or has no such model"
    return ModelError(
        f"model '{source}' is not installed in the local Hugging Face cache and {why} ({error}). "
        f"Connect once to download it, or use an offline preset: `make models`, then --model default"
    )


def _load_weights(source: str, local: bool) -> tuple[Any, Any, Kind]:
    """Load tokenizer + model from a folder or hub id: safetensors only, no remote code."""
    from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForSeq2SeqLM, AutoTokenizer

    safe = {"trust_remote_code": False}
    try:
        config = AutoConfig.from_pretrained(source, **safe)
    except (OSError, ValueError) as error:
        if local:
            raise ModelError(f"folder '{source}' holds no usable transformers config: {error}") from None
        raise _hub_error(source, error) from None
    kind: Kind = "seq2seq" if getattr(config, "is_encoder_decoder", False) else "causal"
    auto = AutoModelForSeq2SeqLM if kind == "seq2seq" else AutoModelForCausalLM
    device, dtype = pick_device_dtype()
    use_physical_cores()
    try:
        tokenizer = AutoTokenizer.from_pretrained(source, **safe)
        model = auto.from_pretrained(source, dtype=dtype, use_safetensors=True, **safe)
    except (OSError, ValueError) as error:
        if local or "safetensors" in str(error).lower():
            raise ModelError(f"cannot load model '{source}': {error}. Only safetensors weights are accepted "
                             f"(pickle checkpoints can run code)") from None
        raise _hub_error(source, error) from None
    model.to(device).eval()
    return model, tokenizer, kind


def _model_limit(model: Any, tokenizer: Any, kind: Kind) -> int:
    """Input positions the architecture supports (encoder side for seq2seq)."""
    config = model.config
    for key in ("max_encoder_position_embeddings", "max_position_embeddings", "n_positions"):
        value = getattr(config, key, None)
        if isinstance(value, int) and value > 0:
            return value
    length = getattr(tokenizer, "model_max_length", None)
    return length if isinstance(length, int) and 0 < length < 1_000_000 else 512


def load_model(name_or_path: str = "default") -> SummaryModel:
    """Load a model by preset name, local folder or hub id; cached, so repeated calls are free.

    >>> model = load_model("tiny")                                         # doctest: +SKIP
    >>> model.kind, model.context_length                                   # doctest: +SKIP
    ('causal', 8192)
    """
    source, preset, local = _resolve(name_or_path)
    settings = preset.name if preset else ""
    if preset is not None and preset.backend == "llama.cpp":
        # Imported here: this back end needs neither torch nor transformers, so neither is imported for it.
        from summarizer.models.llamacpp import load_llamacpp

        with _LOCK:  # keyed by the GGUF, which is what this back end loads
            key = (str(preset.gguf_path), settings)
            if key not in _MODELS:
                _MODELS[key] = load_llamacpp(name_or_path, preset, thread_count())
            return _MODELS[key]
    from summarizer.models.causal import CausalModel
    from summarizer.models.seq2seq import Seq2SeqModel

    with _LOCK:
        if (source, settings) in _MODELS:
            return _MODELS[(source, settings)]
        if source not in _WEIGHTS:
            model, tokenizer, kind = _load_weights(source, local)
            _WEIGHTS[source] = (model, tokenizer)
        model, tokenizer = _WEIGHTS[source]
        kind = "seq2seq" if model.config.is_encoder_decoder else "causal"
        limit = _model_limit(model, tokenizer, kind)
        if preset is None:
            preset = generic_preset(name_or_path, kind, limit)
        elif preset.kind != kind:
            raise ModelError(f"preset '{preset.name}' says kind {preset.kind!r} but {source} is {kind!r}")
        cls = Seq2SeqModel if kind == "seq2seq" else CausalModel
        wrapper = cls(name_or_path, preset, model, tokenizer, min(preset.context_length, limit))
        _MODELS[(source, settings)] = wrapper
        return wrapper


def release_model(name_or_path: str) -> None:
    """Forget a model loaded by ``load_model`` so its memory can be freed once no caller holds it.

    The cache otherwise keeps every model for the life of the process; a UI that switches models calls
    this for the one it drops. Weights stay while another loaded name still uses them; an unknown name is
    a no-op (nothing to forget), and nothing is re-verified or loaded.

    >>> release_model("tiny")                                              # doctest: +SKIP
    """
    with _LOCK:
        for key in [key for key, model in _MODELS.items() if model.name == name_or_path]:
            del _MODELS[key]
        used = {key[0] for key in _MODELS}
        for source in [source for source in _WEIGHTS if source not in used]:
            del _WEIGHTS[source]
    gc.collect()  # free what the dropped model held now, cycles included, not at some later collection
