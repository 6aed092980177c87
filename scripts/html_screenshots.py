"""Screenshots of the HTML pages for the documentation (1280x800 PNG).

    .venv/bin/python scripts/html_screenshots.py [--build build/] [--out docs/]

Builds the corpus first if ``build/`` has no pages. Needs Debian's ``chromium`` and
``fonts-wqy-microhei`` and the ``playwright`` package (never ``playwright install``).
Writes ``index.png`` (the front page), ``concept-map.png`` (the map with the panel of
机器体系 open), ``reader.png`` (the reader at Part I.1 with the panel of a footnote citing
《马克思恩格斯文集》 open) and ``query-page.png`` (``marxkg serve``'s query page after running
``concept-sentences`` for 固定资本; the script starts and stops the server).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

from marxkg import paths
from marxkg.html.browser import STABLE, VIEWPORT, centre_and_locate, launch

MAP_CONCEPT = "system-of-machinery"
READER_BLOCK = "b7"  # heading of Part I.1
READER_NOTE = 4  # ① of page block 2: 文集 5, pp. 444, 453


def shoot(build: Path, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    doc_dir = next(p.parent for p in sorted(build.glob(f"*/{paths.DOC_FILES['reader']}")))
    written = []
    with sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport=VIEWPORT)
        page.goto((build / paths.BUILD_FILES["index_html"]).resolve().as_uri())
        target = out / "index.png"
        page.screenshot(path=str(target))
        written.append(target)

        page = browser.new_page(viewport=VIEWPORT)
        page.goto((build / paths.BUILD_FILES["concept_map"]).resolve().as_uri())
        page.wait_for_function(STABLE, timeout=60_000)
        xy = centre_and_locate(page, MAP_CONCEPT)
        page.mouse.click(xy["x"], xy["y"])
        page.wait_for_selector("#panel:not([hidden])")
        # the whole map between the legend (left) and the panel (right)
        page.evaluate("""() => {
            const net = marxkgMap.network;
            net.fit({animation: false});
            const s = net.getScale() * 0.85, c = net.getViewPosition();
            net.moveTo({scale: s, position: {x: c.x + 60 / s, y: c.y}, animation: false});
        }""")
        target = out / "concept-map.png"
        page.screenshot(path=str(target))
        written.append(target)

        page = browser.new_page(viewport=VIEWPORT)
        page.goto((doc_dir / paths.DOC_FILES["reader"]).resolve().as_uri() + f"#{READER_BLOCK}")
        page.click(f'sup.fn-marker a[data-note="{READER_NOTE}"]')
        page.wait_for_selector("#panel:not([hidden])")
        target = out / "reader.png"
        page.screenshot(path=str(target))
        written.append(target)

        written.append(shoot_query_page(browser, build, out / "query-page.png"))
        browser.close()
    return written


def shoot_query_page(browser, build: Path, target: Path) -> Path:
    """Start ``marxkg serve`` on a free port, run a named query on its page, photograph it."""
    proc = subprocess.Popen([sys.executable, "-m", "marxkg.cli", "serve", "--out", str(build),
                             "--port", "0", "--quiet"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        url = None
        deadline = time.monotonic() + 60
        while url is None and time.monotonic() < deadline and proc.stdout is not None:
            line = proc.stdout.readline()
            if not line:
                break
            m = re.search(r"endpoint: (\S+)/sparql", line)
            url = m.group(1) if m else None
        if url is None:
            raise RuntimeError("marxkg serve did not start")
        page = browser.new_page(viewport=VIEWPORT)
        page.goto(url + "/")
        page.click('button[data-query="concept-sentences"]')
        page.fill("#param-concept", "固定资本")
        page.click("#run")
        page.wait_for_function("() => document.body.getAttribute('data-rows') !== null",
                               timeout=30_000)
        page.screenshot(path=str(target))
        return target
    finally:
        proc.terminate()
        proc.wait(20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", type=Path, default=None, help="build directory")
    parser.add_argument("--out", type=Path, default=None, help="where to write the PNGs")
    args = parser.parse_args()
    build = args.build or paths.build_dir()
    if not (build / paths.BUILD_FILES["concept_map"]).exists():
        from marxkg.build import build as run_build

        run_build(out=build)
    for path in shoot(build, args.out or paths.project_root() / "docs"):
        print(path)


if __name__ == "__main__":
    main()
