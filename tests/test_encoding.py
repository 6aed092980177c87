"""Bytes -> text: the accepted encodings and every refusal (tests/__init__.py VARIANTS)."""

from __future__ import annotations

import pytest

from marxkg.ingest.encoding import EncodingError, decode
from tests import FIXTURE_PAPER, VARIANTS

TEXT = FIXTURE_PAPER.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name, expected_encoding",
    [("gb18030", "gb18030"), ("bom-crlf", "utf-8-sig")],
)
def test_accepted_encodings_give_the_same_text(name, expected_encoding):
    text, enc = decode(VARIANTS[name].read_bytes(), name)
    assert enc == expected_encoding
    assert text == TEXT  # CRLF normalised, BOM dropped


def test_plain_utf8():
    assert decode(TEXT.encode("utf-8"))[1] == "utf-8"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("AI 机器体系".encode("utf-16-le"), "binary"),
        ("机器体系".encode("utf-16"), "UTF-16"),
        (TEXT.encode("utf-8")[:-1] + "页".encode()[:2], "truncated"),
        (TEXT.encode("utf-8")[:100] + b"\xff\xfe\xfd" + TEXT.encode("utf-8")[100:], "invalid"),
        ("短".encode("gb18030") * 10, "too short"),
        (bytes(range(0x80, 0x100)) * 8, "nor GB18030"),
        (TEXT.encode("big5", errors="ignore"), "does not look like GB18030"),
    ],
)
def test_refusals_name_the_problem(data, message):
    with pytest.raises(EncodingError) as err:
        decode(data, "paper.md")
    assert "paper.md" in str(err.value)
    assert message in str(err.value)


def test_explicit_encoding_for_short_gb18030():
    assert decode("短文本".encode("gb18030"), "x", encoding="gb18030")[0] == "短文本"
