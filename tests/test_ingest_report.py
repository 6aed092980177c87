"""Issue 11, never silent: report.json lists every uncertain decision per document, and
the end of `marxkg build` prints one line per document naming doc-id and source lines."""

from __future__ import annotations

from marxkg.citations import document_from_text as ingest_text
from marxkg.export.report import document_report, summary_lines
from tests.variants import VARIANTS, render


def test_report_lists_uncertain_decisions_with_source_lines():
    doc = ingest_text(render(VARIANTS["web-page"]), "web-page")
    entry = document_report(doc)
    items = entry["uncertain"]
    assert {"kind", "source_line", "page", "excerpt", "decision"} == set(items[0])
    first = [(u["kind"], u["source_line"], u["excerpt"]) for u in items[:3]]
    assert first == [
        ("furniture", 1, "APP下载"),
        ("furniture", 3, "首页 > 学术 > 正文"),
        ("furniture", 5, "首页 | 学术 | 理论 | 视频"),
    ]
    assert (entry["script"], entry["language"]) == ("Hans", "zh-Hans")


def test_summary_is_one_line_per_document():
    docs = [
        ingest_text(render(VARIANTS[name]), name)
        for name in ("original", "traditional", "web-page")
    ]
    report = {"documents": [document_report(d) for d in docs]}
    lines = summary_lines(report)
    assert len(lines) == 3
    assert lines[0] == "original (zh-Hans): 0 unresolved, 0 uncertain"
    assert lines[1].startswith("traditional (zh-Hant): 0 unresolved, 1 uncertain (1 script)")
    assert lines[2].startswith(
        "web-page (zh-Hans): 0 unresolved, 8 uncertain (8 furniture): "
        "furniture@1; furniture@3; furniture@5;"
    )


def test_built_report_has_an_uncertain_list_per_document(built):
    for entry in built.report["documents"]:
        assert isinstance(entry["uncertain"], list)
        assert entry["language"] == "zh-Hans"
    assert summary_lines(built.report)[0].startswith(
        "xu-jingyi-machinery-ai (zh-Hans): 0 unresolved"
    )


def test_build_command_ends_stderr_with_the_summary(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    import marxkg.build
    from marxkg.cli import app

    doc = ingest_text(render(VARIANTS["web-page"]), "web-page")
    result = marxkg.build.BuildResult(tmp_path)
    result.report = {"documents": [document_report(doc)]}
    monkeypatch.setattr(marxkg.build, "build", lambda *a, **k: result)
    out = CliRunner().invoke(app, ["build", "--out", str(tmp_path)])
    assert out.exit_code == 0
    assert (
        out.stderr.rstrip("\n")
        .split("\n")[-1]
        .startswith("web-page (zh-Hans): 0 unresolved, 8 uncertain")
    )
