"""Per-document reference downloads (export/references.py) and ``marxkg cite``.

Expected values are read off the shipped paper's footnotes (corpus/…/source.md): note 4 is
① of page block 2, 《马克思恩格斯文集》第5卷，北京：人民出版社，2009年，第444、453页。"""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from marxkg import paths
from marxkg.cli import app
from marxkg.export import DOC_EXPORTERS
from marxkg.export.references import (
    dumps_references_bib,
    dumps_references_csv,
    dumps_references_json,
    dumps_references_ris,
)

runner = CliRunner()
N_ITEMS = 58 + 5  # one item per footnote (none holds two) + the 5 参考文献 entries


def test_registered():
    for fmt in ("csv", "json", "bib", "ris"):
        assert paths.DOC_FILES[f"references_{fmt}"] in DOC_EXPORTERS


def test_csv(paper):
    rows = list(csv.DictReader(io.StringIO(dumps_references_csv(paper))))
    assert len(rows) == N_ITEMS
    row = next(r for r in rows if r["footnote"] == "4")
    assert (row["label"], row["kind"], row["edition"], row["volume"], row["pages"]) == (
        "①",
        "marx",
        "marx-engels-wenji-2009",
        "5",
        "444,453",
    )
    assert row["rendered"] == (
        "马克思, 恩格斯. 马克思恩格斯文集: 卷 5. 北京: 人民出版社, 2009: 444,453."
    )
    assert row["raw"] == "《马克思恩格斯文集》第5卷，北京：人民出版社，2009年，第444、453页。"
    assert sum(r["kind"] == "marx" for r in rows) == 23


def test_csl_json(paper):
    items = json.loads(dumps_references_json(paper))
    assert len(items) == N_ITEMS and len({i["id"] for i in items}) == N_ITEMS
    item = next(i for i in items if i["id"] == "xu-jingyi-machinery-ai-n4-1")
    assert (item["type"], item["volume"], item["page"]) == ("book", "5", "444,453")
    assert item["custom"]["edition-id"] == "marx-engels-wenji-2009"
    journal = next(i for i in items if i["type"] == "article-journal")
    assert journal["container-title"] and journal["issue"]


def test_bibtex(paper):
    text = dumps_references_bib(paper)
    assert text.count("\n@") + text.startswith("@") == N_ITEMS
    entry = text.split("@book{xu-jingyi-machinery-ai-n4-1,")[1].split("\n}")[0]
    assert "author = {马克思 and 恩格斯}" in entry
    assert "volume = {5}" in entry and "pages = {444,453}" in entry
    assert "edition = {marx-engels-wenji-2009}" in entry
    assert text.count("{") == text.count("}")


def test_ris(paper):
    text = dumps_references_ris(paper)
    records = [r for r in text.split("ER  - ") if r.strip()]
    assert len(records) == N_ITEMS
    rec = next(r for r in records if "第444、453页" in r)
    assert "TY  - BOOK" in rec and "VL  - 5" in rec and "SP  - 444,453" in rec
    assert "AU  - 马克思\nAU  - 恩格斯" in rec


def test_deterministic(paper):
    assert dumps_references_csv(paper) == dumps_references_csv(paper)
    assert dumps_references_bib(paper) == dumps_references_bib(paper)


def test_written_by_the_build(built):
    for fmt in ("csv", "json", "bib", "ris"):
        assert (built.out / "xu-jingyi-machinery-ai" / f"references.{fmt}").stat().st_size > 0


# --- marxkg cite ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, expected",
    [
        (
            ["《马克思恩格斯文集》第5卷，人民出版社2009年版，第443页。"],
            "马克思, 恩格斯. 马克思恩格斯文集: 卷 5. 人民出版社, 2009: 443.\n",
        ),
        (["文集5:443"], "马克思, 恩格斯. 马克思恩格斯文集: 卷 5. 北京: 人民出版社, 2009: 443.\n"),
        (
            ["文集5:443", "--style", "cn-note-publisher-year"],
            "《马克思恩格斯文集》第5卷，人民出版社2009年版，第443页。\n",
        ),
        (
            [
                "《马克思恩格斯全集》第46卷（下），北京：人民出版社，1980年，第219页。",
                "-s",
                "cn-note-compact",
            ],
            "《马克思恩格斯全集》第46卷（下），第219页。\n",
        ),
        # GB/T 7714 records an edition other than the first (版本项): 第2版
        (
            ["全集2-31:82"],
            "马克思, 恩格斯. 马克思恩格斯全集: 卷 31. 第2版. 北京: 人民出版社, 1998: 82.\n",
        ),
        (
            ["MEW 23, S. 391", "-s", "chicago-notes"],
            "Karl Marx and Friedrich Engels, Marx-Engels-Werke (n.d.), 23:391.\n",
        ),
    ],
)
def test_cli_cite(args, expected):
    r = runner.invoke(app, ["cite", *args])
    assert r.exit_code == 0, r.output
    assert r.output == expected


def test_cli_cite_several_items_and_all_styles():
    r = runner.invoke(app, ["cite", "文集5:443；资本论2004-1:1", "--style", "all"])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert len(lines) == 12 and lines[6].startswith("gbt7714-note\t马克思. 资本论: 卷 1.")


@pytest.mark.parametrize(
    "args, message",
    [
        (["资本论1:443"], "names several editions"),
        (["文集11:1"], "has no volume 11"),
        (["hello"], "not a reference"),
        (["同上，第3页。"], "repeats a previous note"),
        (["《马克思恩格斯全集》第23卷，第408页。"], "edition is not decided"),
        (["文集5:443", "--style", "nope"], "unknown style"),
        (["MEW 23, S. 391", "--style", "gbt7714-note"], "is for zh-Hans references"),
        ([""], "empty text"),
    ],
)
def test_cli_cite_errors(args, message):
    r = runner.invoke(app, ["cite", *args])
    assert r.exit_code != 0
    assert "error:" in r.output and message in r.output


def test_cli_csl_json():
    r = runner.invoke(app, ["cite", "全集1-46.2:219", "--style", "csl-json"])
    (item,) = json.loads(r.output)
    assert item["custom"]["edition-id"] == "marx-engels-quanji-1"
    assert item["custom"]["part"] == "2" and item["volume"] == "46下"
