"""The llama.cpp back end: a causal preset's pinned GGUF run quantized, with the transformers prompts, and
without importing torch or transformers.

Decoding on a CPU is memory-bandwidth bound, so reading 1.1 GB of Q4_K_M weights per token instead of 3.5 GB
of bf16 is what makes this back end faster. Prompts are built by the shared `ChatModel.prompt`, the chat
template rendered from the installed transformers folder by `FolderTokenizer` as transformers renders it, so
both back ends feed byte-identical text; llama.cpp's own tokenizer (same vocabulary) turns it into ids.
Decoding is our own greedy loop over llama.cpp's logits, so the length floor and the no-repeat rule are the
same as the transformers preset's, and the output never depends on a sampler. A batch's prompts are read one
by one and written together, one sequence each (`llama_sequences`). Each prompt's state is kept after reading
(`PromptStates`), so a continuation reads only the summary it continues, not its articles again; and the fixed
start of each task's prompts (system message and instructions, `ChatModel.fixed_prefixes`) is read once per
process and restored for every prompt that has no longer kept state.

>>> model = load_model("tiny-gguf")                                         # doctest: +SKIP
>>> model.summarize([[article]], task="document", words=(40, 80))[0].text  # doctest: +SKIP
"""

from __future__ import annotations

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
from summarizer.models.llama_sequences import (
    MAX_SEQUENCES,
    Steps,
    allow_sequences,
    clear,
    restore_sequence,
    save_sequence,
)
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
class _Group:
    """Prompts written together: each one's new ids, seconds reading them all and writing, tokens restored."""

    ids: list[list[int]]
    read_s: float
    write_s: float
    reused: int


class LlamaCppModel(ChatModel):
    """A causal preset run by llama.cpp; same interface and prompts as `CausalModel`, a batch written together.

    ``model`` is a ``llama_cpp.Llama``; ``tokenizer`` the `FolderTokenizer` of the installed folder, used for
    the chat template, offsets and decoding (the vocabularies are the same GGUF's).
    """

    def __init__(self, name: str, preset: Preset, model: Any, tokenizer: FolderTokenizer,
                 context_length: int) -> None:
        super().__init__(name, preset, model, tokenizer, context_length)
        self._lock = threading.Lock()  # one llama.cpp context: requests from several threads take turns
        self._states = PromptStates()
        self._fixed: dict[tuple[int, ...], bytes] = {}  # a task's fixed prefix -> its state, read on first use
        self._steps = Steps(model.ctx, model.n_vocab())

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
            groups = [self._generate_together([batch[row] for row in rows], rows[0], words)
                      for rows in self._groups(batch, words)]
        self._timed(sum(g.read_s for g in groups), sum(g.write_s for g in groups), sum(g.reused for g in groups))
        return [ids for g in groups for ids in g.ids]

    def _groups(self, batch: list[list[int]], words: WordRange) -> list[list[int]]:
        """Rows of ``batch`` written together: in order, at most MAX_SEQUENCES a group, all within the context."""
        room, limit = self.model.n_ctx(), self.max_new_tokens(words)
        groups: list[list[int]] = []
        used = 0
        for row, prompt in enumerate(batch):
            need = len(prompt) + limit
            if not groups or used + need > room or len(groups[-1]) == MAX_SEQUENCES:
                groups.append([])
                used = 0
            groups[-1].append(row)
            used += need
        return groups

    def _generate_together(self, prompts: list[list[int]], first_row: int, words: WordRange) -> _Group:
        """Greedy decoding of ``prompts`` (rows ``first_row``.. of their batch) as sequences of one context, one
        token each per step: argmax after masking stops below the floor and repeated n-grams.

        Each prompt but its last token is read on its own (from kept states, as ``_read`` says) and its state
        put back as its sequence; the first step reads the last tokens, so each sequence's logits come from it.
        """
        llm, stops = self.model, np.array(self.stop_ids)
        floor, limit, ngram = self.min_new_tokens(words), self.max_new_tokens(words), self.preset.no_repeat_ngram_size
        began = time.perf_counter()
        states, reused = [], 0
        for prompt in prompts:
            reused += self._read(prompt[:-1])
            states.append(save_sequence(llm.ctx))
        llm.reset()
        clear(llm.ctx)
        for seq, state in enumerate(states):
            if not restore_sequence(llm.ctx, state, seq):
                raise ModelError(f"llama.cpp refused the state of prompt {first_row + seq} as sequence {seq}")
        read = time.perf_counter()
        outs: list[list[int]] = [[] for _ in prompts]
        step = {seq: (prompt[-1], len(prompt) - 1) for seq, prompt in enumerate(prompts)}  # next token, position
        while step:
            logits = self._steps([(seq, token, position) for seq, (token, position) in step.items()])
            for row_logits, seq in zip(logits, list(step), strict=True):
                out = outs[seq]
                if len(out) < floor:
                    row_logits[stops] = -np.inf
                banned = banned_sequence_tokens(prompts[seq] + out, self.banned_sequences)
                if ngram:
                    banned |= banned_ngram_tokens(out, ngram)
                row_logits[list(banned)] = -np.inf
                token = int(np.argmax(row_logits))
                out.append(token)
                if token in self.stop_ids or len(out) == limit:
                    del step[seq]
                    continue
                self._wrote(first_row + seq, out)
                step[seq] = token, step[seq][1] + 1
        llm.reset()
        clear(llm.ctx)
        return _Group(outs, read - began, time.perf_counter() - read, reused)

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
        clear(llm.ctx)
        kept = self._states.longest_prefix(prompt)
        first = 0  # tokens of a fixed prefix read now for the first time
        if kept is None and (prefix := longest_extended(self.fixed_prefixes.values(), prompt)):
            if prefix not in self._fixed:
                llm.eval(list(prefix))
                self._fixed[prefix] = save_sequence(llm.ctx)
                llm.reset()
                clear(llm.ctx)
                first = len(prefix)
            kept = prefix, self._fixed[prefix]
        known = 0
        if kept is not None and restore_sequence(llm.ctx, kept[1]):
            known = len(kept[0])
            llm.input_ids[:known] = kept[0]
            llm.n_tokens = known
        llm.eval(prompt[known:])
        self._states.keep(prompt, save_sequence(llm.ctx))
        return max(known - first, 0)


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
    allow_sequences(llm)
    return LlamaCppModel(name, preset, llm, tokenizer, context)
