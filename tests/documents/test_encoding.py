"""Bytes to text: UTF-8 and UTF-16 read, Western Windows-1252 read and noted, anything else refused."""

import codecs

import pytest

from summarizer.documents.encoding import decode, decode_line

UNKNOWN = (None, "not UTF-8 text (could not tell its encoding)")


def test_utf8_with_or_without_a_byte_order_mark_is_read_without_a_note():
    assert decode("The café reopened.".encode()) == ("The café reopened.", "")
    assert decode(codecs.BOM_UTF8 + b"The bridge closed.") == ("The bridge closed.", "")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_read_when_it_has_a_byte_order_mark(encoding):
    data = "The bridge closed.".encode(encoding)
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = (codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE) + data
    assert decode(data) == ("The bridge closed.", "")


def test_western_windows_1252_is_read_and_noted():
    text, note = decode("The café’s “terrace” reopened – über alles.".encode("cp1252"))
    assert text == "The café’s “terrace” reopened – über alles."
    assert note == "read as Windows-1252 (the file is not UTF-8)"


@pytest.mark.parametrize(("text", "encoding"), [
    ("Мост закрыли после того, как вода поднялась.", "cp1251"),
    ("Most został zamknięty, gdy rzeka podniosła się.", "iso8859-2"),
    ("橋は閉鎖された。", "iso2022_jp"),
])
def test_other_encodings_are_refused_not_guessed(text, encoding):
    assert decode(text.encode(encoding)) == UNKNOWN


def test_utf8_read_as_windows_1252_is_refused():
    assert decode("La réunion a eu lieu.".encode() + b" Caf\xe9.") == UNKNOWN


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(1, 32)) * 10])
def test_binary_content_is_refused(data):
    assert decode(data) == (None, "not a text file (binary content)")


def test_a_batch_line_must_be_utf8_on_its_own():
    assert decode_line(b'{"text": "caf\xc3\xa9"}') == ('{"text": "café"}', "")
    assert decode_line(b'{"text": "caf\xe9 news"}') == (None, "not valid UTF-8 (invalid continuation byte at byte 13)")


def test_only_the_first_batch_line_may_start_with_a_byte_order_mark():
    line = codecs.BOM_UTF8 + b'{"text": "x"}'
    assert decode_line(line, first=True) == ('{"text": "x"}', "")
    assert decode_line(line)[0] == '\ufeff{"text": "x"}'
