"""An installed folder's tokenizer and chat template, read without transformers (so without torch).

The llama.cpp back end needs three things from the folder beside its GGUF: the chat template, to build the
same prompt text as the transformers back end; offsets, to cut a text at a token boundary; and decoding. The
`tokenizers` package reads tokenizer.json, which is what a transformers fast tokenizer runs underneath, and
jinja2 renders the template the way ``apply_chat_template`` does (same environment options, helpers and
variables), so the text is byte for byte the same (``tests/models/test_folder_tokenizer.py`` compares them).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from summarizer.errors import ModelError

# The named special tokens transformers passes to a chat template (PreTrainedTokenizerBase.SPECIAL_TOKENS_ATTRIBUTES).
SPECIAL_TOKEN_KEYS = ("bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token")
TEMPLATE_FILE = "chat_template.jinja"  # transformers prefers it to tokenizer_config.json's "chat_template"


def _token_text(value: Any) -> str | None:
    """A special token as tokenizer_config.json stores it: a string, or a serialized AddedToken."""
    if isinstance(value, dict):
        value = value.get("content")
    return value if isinstance(value, str) else None


def read_chat_template(folder: Path, config: dict[str, Any]) -> str | None:
    """The folder's default chat template: chat_template.jinja, else tokenizer_config.json's (None when none)."""
    path = folder / TEMPLATE_FILE
    if path.is_file():
        return path.read_text(encoding="utf-8")
    template = config.get("chat_template")
    if isinstance(template, list):  # named templates: [{"name": ..., "template": ...}]
        named = {t.get("name"): t.get("template") for t in template if isinstance(t, dict)}
        template = named.get("default")
    return template if isinstance(template, str) else None


def compile_chat_template(source: str) -> Any:
    """A sandboxed jinja2 template with the options and helpers transformers gives chat templates."""
    import jinja2
    import jinja2.ext
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    def raise_exception(message: str) -> None:
        raise jinja2.exceptions.TemplateError(message)

    def tojson(value: Any, ensure_ascii: bool = False, indent: int | None = None,
               separators: tuple[str, str] | None = None, sort_keys: bool = False) -> str:
        # jinja's own tojson escapes HTML characters, which a prompt must keep as written.
        return json.dumps(value, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[jinja2.ext.loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = lambda fmt: datetime.now().strftime(fmt)
    try:
        return env.from_string(source)
    except jinja2.TemplateSyntaxError as error:
        raise ModelError(f"the chat template does not compile: {error}") from None


class FolderTokenizer:
    """tokenizer.json through `tokenizers`, plus the folder's chat template and named special tokens."""

    def __init__(self, tokenizer: Any, chat_template: str, special_tokens: dict[str, str]) -> None:
        self.tokenizer = tokenizer  # a tokenizers.Tokenizer
        self.chat_template = chat_template
        self.special_tokens = special_tokens
        self._template = compile_chat_template(chat_template)

    @classmethod
    def from_folder(cls, folder: Path) -> FolderTokenizer:
        """Read tokenizer.json, tokenizer_config.json and the chat template; ModelError naming what is missing."""
        from tokenizers import Tokenizer

        try:
            config = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
            tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        except Exception as error:  # tokenizers raises a bare Exception for a missing or bad file
            raise ModelError(f"cannot read the tokenizer in {folder}: {error}") from None
        template = read_chat_template(folder, config if isinstance(config, dict) else {})
        if template is None:
            raise ModelError(f"the model in {folder} has no chat template: only chat models work here")
        special = {key: text for key in SPECIAL_TOKEN_KEYS if (text := _token_text(config.get(key))) is not None}
        return cls(tokenizer, template, special)

    def render_chat(self, messages: Sequence[dict[str, str]]) -> str:
        """The template's text for messages, ending with the opening of the assistant's reply."""
        return self._template.render(messages=list(messages), tools=None, documents=None,
                                     add_generation_prompt=True, **self.special_tokens)

    def encode(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """Ids of text without added specials, with each token's (start, end) character offsets."""
        encoding = self.tokenizer.encode(text, add_special_tokens=False)
        return list(encoding.ids), [tuple(span) for span in encoding.offsets]

    def decode(self, ids: Sequence[int]) -> str:
        """Text of ids, special tokens dropped: what transformers gives for a BPE tokenizer (the chat presets'),
        which it never "cleans up" (other tokenizers may get spaces before punctuation removed there)."""
        return str(self.tokenizer.decode(list(ids), skip_special_tokens=True))

    def token_id(self, token: str) -> int | None:
        """The id of one token of the vocabulary (added tokens included), or None."""
        found = self.tokenizer.token_to_id(token)
        return None if found is None else int(found)

    @property
    def eos_token_id(self) -> int | None:
        """The id of the configured end-of-sequence token, or None."""
        eos = self.special_tokens.get("eos_token")
        return None if eos is None else self.token_id(eos)
