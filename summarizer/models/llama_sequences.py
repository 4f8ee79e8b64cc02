"""Several prompts in one llama.cpp context, one sequence id each, written together.

Writing is bound by reading the weights once per step, so a step that writes one token for each of four
sequences costs far less than four steps (2026-12-05, AVX512-BF16 EPYC: 1.38x the tokens a second at four
or five sequences). llama-cpp-python's ``Llama`` opens its context with one sequence; ``allow_sequences``
reopens it with a unified KV cache that any number of sequences, up to a bound, share.
"""

from __future__ import annotations

import contextlib
import ctypes
from collections.abc import Sequence
from typing import Any

import numpy as np

from summarizer.errors import ModelError

# Sequences written together at most: the measured gain stopped at four or five, and six were slower.
MAX_SEQUENCES = 8


def allow_sequences(llm: Any, n: int = MAX_SEQUENCES) -> None:
    """Reopen ``llm``'s context (empty, same settings) so that ``n`` sequences share its KV cache."""
    from llama_cpp import _internals

    params = llm.context_params
    params.n_seq_max, params.kv_unified = n, True
    context = _internals.LlamaContext(model=llm._model, params=params, verbose=False)
    llm._ctx.close()
    llm._ctx = llm._stack.enter_context(contextlib.closing(context))


def save_sequence(ctx: Any, seq: int = 0) -> bytes:
    """The context's state of sequence ``seq`` (its KV cache), as bytes."""
    import llama_cpp

    size = llama_cpp.llama_state_seq_get_size(ctx, seq)
    buffer = (ctypes.c_uint8 * size)()
    written = llama_cpp.llama_state_seq_get_data(ctx, buffer, size, seq)
    return ctypes.string_at(buffer, written)  # one copy: slicing a ctypes array builds a list of ints first


def restore_sequence(ctx: Any, state: bytes, seq: int = 0) -> bool:
    """Put a saved state back as sequence ``seq`` beside the others; False when llama.cpp refuses it."""
    import llama_cpp

    buffer = (ctypes.c_uint8 * len(state)).from_buffer_copy(state)
    return llama_cpp.llama_state_seq_set_data(ctx, buffer, len(state), seq) == len(state)


def clear(ctx: Any) -> None:
    """Forget every sequence of the context."""
    import llama_cpp

    llama_cpp.llama_memory_clear(llama_cpp.llama_get_memory(ctx), True)


class Steps:
    """One token for each of several sequences per ``llama_decode`` call, with each one's next logits."""

    def __init__(self, ctx: Any, vocab: int, n: int = MAX_SEQUENCES) -> None:
        from llama_cpp import _internals

        self.ctx, self.vocab = ctx, vocab
        self._batch = _internals.LlamaBatch(n_tokens=n, embd=0, n_seq_max=1, verbose=False)

    def __call__(self, tokens: Sequence[tuple[int, int, int]]) -> np.ndarray:
        """Evaluate (sequence, token, position) triples; returns a (len(tokens), vocab) array of logits."""
        import llama_cpp

        batch = self._batch.batch
        batch.n_tokens = len(tokens)
        for j, (seq, token, position) in enumerate(tokens):
            batch.token[j], batch.pos[j], batch.n_seq_id[j], batch.logits[j] = token, position, 1, True
            batch.seq_id[j][0] = seq
        status = llama_cpp.llama_decode(self.ctx, batch)
        if status != 0:
            raise ModelError(f"llama.cpp could not write {len(tokens)} sequence(s) together (llama_decode "
                             f"returned {status})")
        return np.stack([np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(self.ctx, j), shape=(self.vocab,))
                         for j in range(len(tokens))])  # np.stack copies out of llama.cpp's buffer

    def close(self) -> None:
        self._batch.close()
