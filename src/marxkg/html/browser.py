"""Headless Chromium for checking and photographing the pages (tests, screenshot script).

Debian's ``chromium`` (with ``fonts-wqy-microhei`` for Chinese) driven by the ``playwright``
package (a test extra); ``playwright install`` is never needed or used.
"""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 1280, "height": 800}
# wait until the concept map's layout is stable (physics switched off)
STABLE = "() => document.body.getAttribute('data-stable') === 'true'"


def chromium_path() -> Path:
    return Path(os.environ.get("MARXKG_CHROMIUM", "/usr/bin/chromium"))


def launch(playwright, headless: bool = True):
    """A Chromium browser from ``sync_playwright()`` using the system's chromium."""
    return playwright.chromium.launch(
        executable_path=str(chromium_path()), args=CHROMIUM_ARGS, headless=headless
    )


def centre_and_locate(page, slug: str) -> dict[str, float]:
    """Centre concept ``slug`` on the map; return its position on the page."""
    return page.evaluate(
        """slug => {
        const net = marxkgMap.network;
        net.focus(slug, {scale: 1.5, animation: false});
        const dom = net.canvasToDOM(net.getPositions([slug])[slug]);
        const box = document.getElementById('network').getBoundingClientRect();
        return {x: box.left + dom.x, y: box.top + dom.y};
    }""",
        slug,
    )
