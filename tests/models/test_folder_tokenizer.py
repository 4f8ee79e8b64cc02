"""The torch-free tokenizer of the llama.cpp back end (models/folder_tokenizer.py): byte-identical chat text,
ids, offsets and decoding against transformers on the installed folders, and its errors on broken ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.errors import ModelError
from summarizer.models.chat import article_blocks
from summarizer.models.folder_tokenizer import FolderTokenizer, read_chat_template
from summarizer.models.installed import is_installed
from summarizer.models.presets import load_presets
from tests.conftest import skip_or_fail

# Articles with what a template could mangle: quotes, markup, braces, control tokens, non-ASCII, odd spacing.
ARTICLES = [
    'The mayor said "we\'ll rebuild" & <b>promised</b> {funds} — €4m for the bridge.\r\n\nTabs\there.  ',
    "A second one with <|im_end|> and </article> inside, naïve café, 東京, emoji 🙂, and {{ jinja }} {% raw %}.",
]


@pytest.fixture(params=["tiny", "default"])
def folder(request) -> Path:
    """An installed chat preset's folder (its tokenizer only: no weights are loaded)."""
    preset = load_presets()[request.param]
    if preset.local_dir is None or not is_installed(preset):
        skip_or_fail(f"preset '{request.param}' is not installed: run `make models`")
    return preset.local_dir


def test_chat_text_ids_offsets_and_decoding_match_transformers(folder):
    from transformers import AutoTokenizer

    reference = AutoTokenizer.from_pretrained(folder, trust_remote_code=False)
    ours = FolderTokenizer.from_folder(folder)
    preset = next(p for p in load_presets().values() if p.local_dir == folder)
    for task, articles in (("document", ARTICLES[:1]), ("story", ARTICLES)):
        template = preset.document if task == "document" else preset.story
        user = template.format(min_words=30, max_words=60, n_articles=len(articles), articles=article_blocks(articles))
        messages = [{"role": "system", "content": preset.system}, {"role": "user", "content": user}]
        text = reference.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        assert ours.render_chat(messages) == text
        expected = reference(text, add_special_tokens=False, return_offsets_mapping=True)
        ids, offsets = ours.encode(text)
        assert ids == expected["input_ids"] and offsets == [tuple(o) for o in expected["offset_mapping"]]
        assert ours.decode(ids) == reference.decode(ids, skip_special_tokens=True)
    assert ours.eos_token_id == reference.eos_token_id
    vocab = reference.get_vocab()
    for token in ("<|im_end|>", "<|endoftext|>", "<|eot_id|>"):
        assert ours.token_id(token) == vocab.get(token)


def tiny_tokenizer_folder(folder: Path, config: dict, template: str | None = None) -> Path:
    """A folder with a word-level tokenizer.json, the given tokenizer_config.json and maybe a template file."""
    from tokenizers import Tokenizer
    from tokenizers.models import WordLevel
    from tokenizers.pre_tokenizers import Whitespace

    tokenizer = Tokenizer(WordLevel({"[UNK]": 0, "<|im_end|>": 1, "hello": 2}, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = Whitespace()
    tokenizer.save(str(folder / "tokenizer.json"))
    (folder / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    if template is not None:
        (folder / "chat_template.jinja").write_text(template, encoding="utf-8")
    return folder


def test_the_template_file_wins_over_the_config_and_named_templates_use_default(tmp_path):
    config = {"chat_template": "from config", "eos_token": {"content": "<|im_end|>", "special": True}}
    folder = tiny_tokenizer_folder(tmp_path, config, template="from file")
    assert read_chat_template(folder, config) == "from file"
    (folder / "chat_template.jinja").unlink()
    assert read_chat_template(folder, config) == "from config"
    named = {"chat_template": [{"name": "tool_use", "template": "tools"}, {"name": "default", "template": "plain"}]}
    assert read_chat_template(folder, named) == "plain"
    assert FolderTokenizer.from_folder(folder).eos_token_id == 1  # an AddedToken written as a dict


def test_the_template_sees_the_special_tokens_and_the_transformers_helpers(tmp_path):
    template = ("{% for m in messages %}{{ m['content'] | tojson }}{{ eos_token }}{% endfor %}"
                "{% if add_generation_prompt %}<start>{% endif %}{% if tools is none %}!{% endif %}")
    ours = FolderTokenizer.from_folder(tiny_tokenizer_folder(tmp_path, {"eos_token": "<|im_end|>"}, template))
    assert ours.render_chat([{"role": "user", "content": "<a & b> é"}]) == '"<a & b> é"<|im_end|><start>!'
    failing = FolderTokenizer.from_folder(tiny_tokenizer_folder(tmp_path, {}, "{{ raise_exception('no') }}"))
    import jinja2

    with pytest.raises(jinja2.TemplateError, match="no"):
        failing.render_chat([])


def test_a_folder_without_a_tokenizer_or_a_chat_template_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="cannot read the tokenizer"):
        FolderTokenizer.from_folder(tmp_path)
    with pytest.raises(ModelError, match="has no chat template: only chat models work here"):
        FolderTokenizer.from_folder(tiny_tokenizer_folder(tmp_path, {}))
    with pytest.raises(ModelError, match="does not compile"):
        FolderTokenizer.from_folder(tiny_tokenizer_folder(tmp_path, {}, "{% if %}"))
