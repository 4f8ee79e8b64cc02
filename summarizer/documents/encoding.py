"""Bytes of an article file to text: UTF-8 (or UTF-16 with a byte-order mark), or Windows-1252 only when
the result reads as Western European text. Anything else is refused with a reason, never guessed into
garbled text that would then be summarized."""

from __future__ import annotations

import codecs
import re

__all__ = ["decode", "decode_line"]

_UNKNOWN_ENCODING = "not UTF-8 text (could not tell its encoding)"
# Windows-1252 decoding, tested by _reads_as_cp1252: its letters, the punctuation and signs Western
# European news uses, and the marks that may sit between two letters ("it’s", "col·lecció", "north–south").
_CP1252_LETTERS = "A-Za-zÀ-ÖØ-öø-ÿŠšŽžŒœŸ"
_CP1252_COMMON = frozenset("ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿŠšŽžŒœŸ"
                           "‘’“”„«»‹›–—…•·´\xa0\xad€£¥¢°±²³¼½¾µ×©®™§¡¿ªº")
_IN_WORD = "’‘´·–—…•\xa0\xad"
_GLUED_SYMBOL = re.compile(rf"[{_CP1252_LETTERS}][^\x00-\x7f{_CP1252_LETTERS}{_IN_WORD}]+[{_CP1252_LETTERS}]")
# "Ã©", "Â£", "â€™": a UTF-8 lead byte and its continuation bytes, each read as a Windows-1252 character.
_UTF8_AS_CP1252 = re.compile(
    "[ÂÃ][" + re.escape(bytes(range(0x80, 0xC0)).decode("cp1252", errors="ignore")) + "]|â€")
_ISO_2022 = re.compile(rb"\x1b\$[@AB()*+]")


def decode(data: bytes) -> tuple[str | None, str]:
    """Bytes to (text, note) or (None, why not): UTF-8 (BOM or not), UTF-16 with a BOM, or Windows-1252
    only when it reads as Western European text (noted); other encodings are refused, not guessed."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), ""
        except UnicodeDecodeError:
            return None, "cannot decode as UTF-16 despite its byte-order mark"
    if b"\x00" in data:
        return None, "not a text file (binary content)"
    note = ""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # strict: the five bytes cp1252 leaves undefined fail here
        except UnicodeDecodeError:
            return None, _UNKNOWN_ENCODING
        if not _reads_as_cp1252(text):
            return None, _UNKNOWN_ENCODING
        note = "read as Windows-1252 (the file is not UTF-8)"
    if _ISO_2022.search(data):  # 7-bit Japanese/Chinese/Korean: valid UTF-8 bytes, meaningless as text
        return None, _UNKNOWN_ENCODING
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\n\r\t\f")
    if controls > max(2, len(text) // 100):
        return None, "not a text file (binary content)"
    return text, note


def decode_line(data: bytes, *, first: bool = False) -> tuple[str | None, str]:
    """One line of a batch JSONL to (text, "") or (None, why not): strict UTF-8, a byte-order mark allowed on
    the first line. A line cannot be told apart from the rest of its file's encoding, so none is guessed.

    >>> decode_line(b'{"text": "caf\\xc3\\xa9"}'), decode_line(b'caf\\xe9 news')
    (('{"text": "café"}', ''), (None, 'not valid UTF-8 (invalid continuation byte at byte 3)'))
    """
    try:
        return data.decode("utf-8-sig" if first else "utf-8"), ""
    except UnicodeDecodeError as error:
        return None, f"not valid UTF-8 ({error.reason} at byte {error.start})"


def _reads_as_cp1252(text: str) -> bool:
    """Whether text decoded as Windows-1252 reads as Western European text, not as another encoding's bytes.

    >>> _reads_as_cp1252("The café’s “terrace” reopened – über alles."), _reads_as_cp1252("Ìîñò ÷åðåç ðåêó")
    (True, False)
    """
    foreign = [char for char in text if ord(char) > 127]
    foreign_letters = sum(char.isalpha() for char in foreign)
    # Accented letters are a minority of the letters even in Portuguese or Icelandic (under 20%); Cyrillic,
    # Greek, Hebrew or CJK bytes read as Windows-1252 are nearly all accented capitals and symbols.
    if foreign_letters * 4 > sum(char.isalpha() for char in text):
        return False
    if sum(char not in _CP1252_COMMON for char in foreign) * 20 > len(foreign):
        return False  # mostly symbols a Western text rarely has: "‚±‚ñ" (Shift-JIS), "¤³¤ó" (EUC-JP)
    # A symbol between two letters is a letter of another encoding: "mo¿e", "bia³y" (Latin-2), or UTF-8
    # read as Windows-1252: "itâ€™s", "rÃ©union".
    return not (_GLUED_SYMBOL.search(text) or _UTF8_AS_CP1252.search(text))
