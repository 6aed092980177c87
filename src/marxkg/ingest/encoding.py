"""Bytes -> text: UTF-8 (with or without BOM) and GB18030, anything else refused.

The rule (see docs/architecture.md, "Known traps"): reject empty input; honour a BOM;
without a BOM reject any NUL byte; strict UTF-8; else strict GB18030, accepted only
when the result has no control or private-use characters and is at least 95% CJK or
ASCII; else refuse, naming the byte offset where UTF-8 decoding failed. Below
``MIN_DETECT_CHARS`` a GB18030 guess is not trusted: pass an explicit encoding. UTF-16
and Big5 are never guessed; they are decoded only when declared (``encoding:`` in
metadata.yaml).
"""

from __future__ import annotations

import codecs
import unicodedata

MIN_DETECT_CHARS = 200
SUPPORTED = ("utf-8", "utf-8-sig", "gb18030")
# Decoded only when declared (metadata.yaml ``encoding:`` or --encoding), never guessed.
DECLARED_ONLY = ("utf-16", "big5")


class EncodingError(ValueError):
    """The input cannot be read as text of a supported encoding."""


def _is_cjk_or_ascii(ch: str) -> bool:
    cp = ord(ch)
    if cp < 0x80:
        return True
    return (
        0x3000 <= cp <= 0x303F  # CJK punctuation
        or 0x3400 <= cp <= 0x4DBF
        or 0x4E00 <= cp <= 0x9FFF
        or 0xFF00 <= cp <= 0xFFEF  # full-width forms
        or 0x2000 <= cp <= 0x206F  # general punctuation (“” — …)
        or 0x2460 <= cp <= 0x24FF  # circled numbers ①
        or 0x3200 <= cp <= 0x32FF
        or 0x2150 <= cp <= 0x218F  # Roman numerals Ⅶ
        or 0x00B7 == cp
    )


def _bad_chars(text: str) -> int:
    bad = 0
    for ch in text:
        cat = unicodedata.category(ch)
        if (cat == "Cc" and ch not in "\n\r\t") or cat == "Co" or cat == "Cn":
            bad += 1
    return bad


def decode(data: bytes, name: str = "<input>", encoding: str | None = None) -> tuple[str, str]:  # noqa: C901
    """Decode ``data``; return ``(text, encoding)`` with CRLF/CR normalised to LF."""
    if not data:
        raise EncodingError(f"{name}: file is empty")
    if encoding:
        enc = encoding.lower().replace("_", "-")
        if enc not in SUPPORTED + DECLARED_ONLY:
            raise EncodingError(
                f"{name}: unsupported encoding {encoding!r} (use {SUPPORTED + DECLARED_ONLY})"
            )
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as exc:
            raise EncodingError(f"{name}: not valid {enc} at byte {exc.start}") from None
        return _normalise_newlines(text.lstrip("\ufeff")), enc
    if data.startswith(codecs.BOM_UTF8):
        try:
            return _normalise_newlines(data[3:].decode("utf-8")), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise EncodingError(
                f"{name}: has a UTF-8 BOM but is not valid UTF-8 at byte {exc.start + 3}"
            ) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise EncodingError(
            f"{name}: UTF-16 is not detected; convert the file to UTF-8 or "
            "declare `encoding: utf-16` in metadata.yaml"
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        raise EncodingError(f"{name}: binary data (NUL byte at offset {nul}); not a text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
        if any(b >= 0x80 for b in data[:utf8_error]):
            # Valid multi-byte UTF-8 before the error: a damaged or truncated UTF-8 file,
            # not GB18030 (whose Chinese text fails UTF-8 at its first character).
            what = "truncated" if exc.reason == "unexpected end of data" else "invalid"
            raise EncodingError(f"{name}: {what} UTF-8 at byte offset {utf8_error}") from None
    else:
        if _bad_chars(text):
            raise EncodingError(f"{name}: contains control characters; not a text file")
        return _normalise_newlines(text), "utf-8"
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise EncodingError(
            f"{name}: neither UTF-8 (invalid byte at offset {utf8_error}) nor GB18030"
        ) from None
    if len(text) < MIN_DETECT_CHARS:
        raise EncodingError(
            f"{name}: not UTF-8 (invalid byte at offset {utf8_error}) and too short "
            f"({len(text)} chars) to detect GB18030 safely; pass --encoding gb18030"
        )
    body = [ch for ch in text if not ch.isspace()]
    share = sum(_is_cjk_or_ascii(ch) for ch in body) / max(1, len(body))
    if _bad_chars(text) or share < 0.95:
        raise EncodingError(
            f"{name}: not UTF-8 (invalid byte at offset {utf8_error}) and does not look like "
            f"GB18030 Chinese text ({share:.0%} CJK/ASCII); if it is Big5, declare "
            "`encoding: big5` in metadata.yaml"
        )
    return _normalise_newlines(text), "gb18030"


def _normalise_newlines(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)
