"""Time to interactive of the corpus pages of a build, in headless Chromium (issue 14).

A script, not a test. Run from the repository root (PYTHONPATH=src if not installed):

    python bench/bench_pages.py BUILD_DIR [BUILD_DIR ...] [--runs 3] [--reader DOC_ID]

For every page of the build (index.html, citations.html, claims.html, concept-map.html,
ontology.html and one reader, the first document's unless ``--reader`` names one) it
reports the file's size in bytes and the median over ``--runs`` fresh page loads (one new
browser page each, from ``file://``, no cache shared between runs) of the time from the
navigation start to the page's own "ready" signal:

- a page with a script of its own (citations, claims, reader, concept map) sets
  ``data-ready="true"`` on ``<body>`` when it is interactive: the first page of table rows
  painted and its controls wired (citations, claims), the text and the footnote handlers
  in place (reader), the network drawn with its final layout (concept map);
- a page without a script (index, ontology) is interactive once loaded (the ``load``
  event).

The moment is taken inside the page (``performance.now()``, which counts from the
navigation start) by a MutationObserver installed before any page script runs, so the
polling of the driver is not counted. A page that is not ready within ``--timeout``
seconds is reported as such. Uses Debian's chromium through playwright, like the browser
tests (``marxkg.html.browser``).

Results: the Markdown table on stdout and ``--json`` (default bench/results/pages.json).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PAGES = ["index.html", "citations.html", "claims.html", "concept-map.html", "ontology.html"]

# records performance.now() when <body data-ready="true"> appears, and at the load event
WATCH = """
(() => {
  window.__mkgReady = null;
  window.__mkgLoad = null;
  const mark = () => {
    if (window.__mkgReady === null && document.body &&
        document.body.getAttribute('data-ready') === 'true') {
      window.__mkgReady = performance.now();
    }
  };
  new MutationObserver(mark).observe(document, {
    attributes: true, subtree: true, childList: true, attributeFilter: ['data-ready']});
  window.addEventListener('load', () => { window.__mkgLoad = performance.now(); mark(); });
})();
"""


def first_reader(build: Path) -> str | None:
    for p in sorted(build.glob("*/reader.html")):
        return p.parent.name
    return None


def time_page(browser, path: Path, timeout_s: float) -> float | None:
    """Milliseconds from navigation start to ready (None: not ready in time)."""
    from marxkg.html.browser import VIEWPORT

    ctx = browser.new_context(viewport=VIEWPORT)
    page = ctx.new_page()
    page.add_init_script(WATCH)
    try:
        page.goto(path.resolve().as_uri(), wait_until="load", timeout=timeout_s * 1000)
        page.wait_for_function("() => window.__mkgLoad !== null", timeout=timeout_s * 1000)
        ready, load = page.evaluate("() => [window.__mkgReady, window.__mkgLoad]")
        # a page with a script declares data-ready="false" until it is interactive
        if ready is None and page.evaluate("() => document.body.hasAttribute('data-ready')"):
            page.wait_for_function("() => window.__mkgReady !== null", timeout=timeout_s * 1000)
            ready = page.evaluate("() => window.__mkgReady")
        return float(ready if ready is not None else load)
    except Exception as exc:  # noqa: BLE001 - a page that never becomes ready is a result
        print(f"{path}: not ready ({type(exc).__name__})", file=sys.stderr)
        return None
    finally:
        ctx.close()


def bench_build(browser, build: Path, runs: int, reader: str | None, timeout_s: float):
    rows = []
    doc = reader or first_reader(build)
    pages = list(PAGES) + ([f"{doc}/reader.html"] if doc else [])
    for rel in pages:
        path = build / rel
        if not path.exists():
            continue
        times = [time_page(browser, path, timeout_s) for _ in range(runs)]
        ok = [t for t in times if t is not None]
        rows.append(
            {
                "build": str(build),
                "page": rel,
                "bytes": path.stat().st_size,
                "runs_ms": times,
                "median_ms": statistics.median(ok) if len(ok) == len(times) else None,
            }
        )
        print(f"{build} {rel}: {rows[-1]['median_ms']} ms", file=sys.stderr)
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| build | page | bytes | ready ms (median) | runs ms |", "|---|---|---:|---:|---|"]
    for r in rows:
        med = "not ready" if r["median_ms"] is None else f"{r['median_ms']:.0f}"
        runs = ", ".join("-" if t is None else f"{t:.0f}" for t in r["runs_ms"])
        lines.append(f"| {r['build']} | {r['page']} | {r['bytes']:,} | {med} | {runs} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("builds", nargs="+", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--reader", help="doc-id of the reader page to time")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per page load")
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "pages.json")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from marxkg.html.browser import launch

    rows: list[dict] = []
    with sync_playwright() as p:
        browser = launch(p)
        try:
            for build in args.builds:
                if not (build / "index.html").exists():
                    print(
                        f"error: {build} holds no pages (built with --no-pages?)", file=sys.stderr
                    )
                    return 1
                rows += bench_build(browser, build, args.runs, args.reader, args.timeout)
        finally:
            browser.close()
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
