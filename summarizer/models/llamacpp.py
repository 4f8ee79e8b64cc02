"""The llama.cpp back end: a causal preset's pinned GGUF run quantized, with the transformers prompts, and
without importing torch or transformers.

Decoding on a CPU is memory-bandwidth bound, so reading 1.1 GB of Q4_K_M weights per token instead of 3.5 GB
of bf16 is what makes this back end faster. Prompts are built by the shared `ChatModel.prompt`, the chat
template rendered from the installed transformers folder by `FolderTokenizer` as transformers renders it, so
both back ends feed byte-identical text; llama.cpp's own tokenizer (same vocabulary) turns it into ids.
Decoding is our own greedy loop over llama.cpp's logits, so the length floor and the no-repeat rule are the
same as the transformers preset's, and the output never depends on a sampler. Requests run one by one:
llama-cpp-python has no batched generate. Each prompt's state is kept after reading (`PromptStates`), so a
continuation reads only the summary it continues, not its articles again; and the fixed start of each task's
prompts (system message and instructions, `ChatModel.fixed_prefixes`) is read once per process and restored
for every prompt that has no longer kept state.

>>> model = load_model("tiny-gguf")                                         # doctest: +SKIP
>>> model.summarize([[article]], task="document", words=(40, 80))[0].text  # doctest: +SKIP
"""

from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from summarizer.errors import InputError, ModelError
from summarizer.models.chat import ChatModel
from summarizer.models.folder_tokenizer import FolderTokenizer
from summarizer.models.installed import LLAMA_CPP_HINT, gguf_problem, gguf_record, hash_mismatch
from summarizer.models.presets import Preset
from summarizer.models.prompt_states import PromptStates, longest_extended
from summarizer.settings import WordRange


def banned_ngram_tokens(generated: list[int], size: int) -> set[int]:
    """Tokens that would complete an n-gram already present in generated (no_repeat_ngram_size semantics)."""
    if size < 1 or len(generated) < size - 1:
        return set()
    if size == 1:
        return set(generated)
    tail = generated[len(generated) - size + 1 :]
    return {generated[i + size - 1] for i in range(len(generated) - size + 1)
            if generated[i : i + size - 1] == tail}


def banned_sequence_tokens(ids: list[int], sequences: list[list[int]]) -> set[int]:
    """Tokens that would complete a banned sequence after ids (bad_words_ids semantics)."""
    return {seq[-1] for seq in sequences if len(seq) == 1 or ids[len(ids) - len(seq) + 1:] == seq[:-1]}


def verify_gguf(preset: Preset) -> Path:
    """The preset's GGUF path after checking it is the pinned file; ModelError saying how to install it."""
    problem = gguf_problem(preset)
    if problem is not None:
        raise ModelError(problem)
    gguf, recipe = preset.gguf_path, preset.install
    assert gguf is not None and recipe is not None  # gguf_problem checked both
    mismatch = hash_mismatch(gguf, recipe.sha256, (gguf_record(gguf) or {}).get("mtime_ns"))
    if mismatch is not None:
        raise ModelError(f"refusing model '{preset.name}': {mismatch}; run `python -m summarizer.models.install "
                         f"{preset.name}`")
    return gguf


@dataclass(frozen=True)
class _Run:
    """One prompt's generation: the new ids, seconds reading the prompt and writing them, tokens restored."""

    ids: list[int]
    read_s: float
    write_s: float
    reused: int


class LlamaCppModel(ChatModel):
    """A causal preset run by llama.cpp; same interface and prompts as `CausalModel`, one request at a time.

    ``model`` is a ``llama_cpp.Llama``; ``tokenizer`` the `FolderTokenizer` of the installed folder, used for
    the chat template, offsets and decoding (the vocabularies are the same GGUF's).
    """

    def __init__(self, name: str, preset: Preset, model: Any, tokenizer: FolderTokenizer,
                 context_length: int) -> None:
        super().__init__(name, preset, model, tokenizer, context_length)
        self._lock = threading.Lock()  # one llama.cpp context: requests from several threads take turns
        self._states = PromptStates()
        self._fixed: dict[tuple[int, ...], bytes] = {}  # a task's fixed prefix -> its state, read on first use

    def render_chat(self, messages: list[dict[str, str]]) -> str:
        return self.tokenizer.render_chat(messages)

    def _encode_plain(self, text: str) -> list[int]:
        if not isinstance(text, str):
            raise InputError(f"text must be a string, got {type(text).__name__}")
        if not text:
            return []
        # special=True: control tokens written by the chat template become single ids, as in transformers.
        return list(self.model.tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def _decode(self, ids: list[int]) -> str:
        return self.tokenizer.decode(ids)

    def _prefix(self, text: str, ids: list[int], max_tokens: int) -> str:
        offsets = self.tokenizer.encode(text)[1]  # the same vocabulary's tokens, with character offsets
        return text[: offsets[max_tokens - 1][1]] if len(offsets) >= max_tokens else self._decode(ids[:max_tokens])

    def _eos_ids(self) -> list[int | None]:
        return [self.model.token_eos(), self.tokenizer.eos_token_id]

    def _vocab_ids(self, tokens: Sequence[str]) -> list[int]:
        return [i for i in map(self.tokenizer.token_id, tokens) if i is not None]

    def _generate(self, batch: list[list[int]], words: WordRange,
                  prefixes: list[list[int]]) -> list[list[int]]:
        with self._lock:
            runs = [self._generate_one(ids, words, row) for row, ids in enumerate(batch)]
        self._timed(sum(run.read_s for run in runs), sum(run.write_s for run in runs),
                    sum(run.reused for run in runs))
        return [run.ids for run in runs]

    def _generate_one(self, prompt: list[int], words: WordRange, row: int) -> _Run:
        """Greedy decoding of one prompt (row ``row`` of its batch): argmax after masking stops below the floor and
        repeated n-grams."""
        import llama_cpp

        llm, stops, vocab = self.model, np.array(self.stop_ids), self.model.n_vocab()
        floor, limit = self.min_new_tokens(words), self.max_new_tokens(words)
        ngram = self.preset.no_repeat_ngram_size
        began = time.perf_counter()
        reused = self._read(prompt)
        read = time.perf_counter()
        out: list[int] = []
        while len(out) < limit:
            # (vocab,) logits of the last evaluated position, copied out of llama.cpp's buffer.
            logits = np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(llm.ctx, -1), shape=(vocab,)).copy()
            if len(out) < floor:
                logits[stops] = -np.inf
            banned = banned_sequence_tokens(prompt + out, self.banned_sequences)
            if ngram:
                banned |= banned_ngram_tokens(out, ngram)
            logits[list(banned)] = -np.inf
            token = int(np.argmax(logits))
            out.append(token)
            if token in self.stop_ids or len(out) == limit:
                break
            self._wrote(row, out)
            llm.eval([token])
        return _Run(out, read - began, time.perf_counter() - read, reused)

    def _read(self, prompt: list[int]) -> int:
        """Evaluate ``prompt`` into a fresh context, from the kept state of the longest prompt it extends, else from
        its task's fixed prefix (read on first use); returns how many of its tokens came from a kept state.

        Same input, same reads: a continuation always follows its first call, whose state it restores, and any
        other prompt starts from its fixed prefix, so the same request never gives a different summary because
        of what ran before it (a state forgotten for the budget means a read from the fixed prefix, which
        rounds a little differently; the result cache usually answers such a repeat first).
        """
        llm = self.model
        llm.reset()
        kept = self._states.longest_prefix(prompt)
        first = 0  # tokens of a fixed prefix read now for the first time
        if kept is None and (prefix := longest_extended(self.fixed_prefixes.values(), prompt)):
            if prefix not in self._fixed:
                llm.eval(list(prefix))
                self._fixed[prefix] = _save_sequence(llm.ctx)
                llm.reset()
                first = len(prefix)
            kept = prefix, self._fixed[prefix]
        known = 0
        if kept is not None and _restore_sequence(llm.ctx, kept[1]):
            known = len(kept[0])
            llm.input_ids[:known] = kept[0]
            llm.n_tokens = known
        llm.eval(prompt[known:])
        self._states.keep(prompt, _save_sequence(llm.ctx))
        return max(known - first, 0)


def _save_sequence(ctx: Any) -> bytes:
    """The context's state of sequence 0 (its KV cache), as bytes."""
    import llama_cpp

    size = llama_cpp.llama_state_seq_get_size(ctx, 0)
    buffer = (ctypes.c_uint8 * size)()
    written = llama_cpp.llama_state_seq_get_data(ctx, buffer, size, 0)
    return ctypes.string_at(buffer, written)  # one copy: slicing a ctypes array builds a list of ints first


def _restore_sequence(ctx: Any, state: bytes) -> bool:
    """Put a saved state back as sequence 0; False when llama.cpp refuses it (the prompt is then read whole)."""
    import llama_cpp

    llama_cpp.llama_memory_clear(llama_cpp.llama_get_memory(ctx), True)
    buffer = (ctypes.c_uint8 * len(state)).from_buffer_copy(state)
    return llama_cpp.llama_state_seq_set_data(ctx, buffer, len(state), 0) == len(state)


def load_llamacpp(name: str, preset: Preset, threads: int) -> LlamaCppModel:
    """Load a llama.cpp preset: the verified GGUF plus the tokenizer files of its installed folder."""
    try:
        import llama_cpp
    except ImportError:
        raise ModelError(f"model '{name}' needs the llama.cpp back end: {LLAMA_CPP_HINT}") from None
    gguf = verify_gguf(preset)
    assert preset.local_dir is not None
    tokenizer = FolderTokenizer.from_folder(preset.local_dir)
    try:
        llm: Any = llama_cpp.Llama(
            model_path=str(gguf), n_ctx=preset.context_length, n_threads=threads, n_threads_batch=threads,
            seed=0, verbose=False,
        )
    except (ValueError, RuntimeError) as error:
        raise ModelError(f"llama.cpp could not load {gguf}: {error}") from None
    context = min(preset.context_length, llm.n_ctx())
    return LlamaCppModel(name, preset, llm, tokenizer, context)
