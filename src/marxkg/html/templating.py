"""Shared escaping and template helpers for the HTML pages.

Every page is a jinja2 template with autoescape on. Data for the page's JavaScript is
embedded as JSON in ``<script type="application/json">`` (read with ``textContent``), made
safe by `script_json`; our own JS/CSS and vis-network's are inlined by `inline_script` /
`inline_style`, which refuse text that could close the element. Nothing is loaded from the
network: links between pages are relative (`page_href`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from marxkg import paths

VIS_VERSION = "vis-9.1.2"
VIS_FILES = {"js": "vis-network.min.js", "css": "vis-network.css"}
_SOURCE_MAP = re.compile(r"^\s*/[/*][#@] sourceMappingURL=.*$", re.MULTILINE)


class TemplateError(ValueError):
    """A static asset cannot be inlined safely."""


@cache
def make_env():
    """The jinja2 environment over the package's templates, autoescape on: one per process,
    so that a template is compiled once (not once per page: a thousand readers compiled
    their template a thousand times, ~55 ms each). Nothing changes it after it is made."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(str(paths.TEMPLATES_DIR)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.filters["script_json"] = script_json
    return env


def dumps_json(data: Any) -> str:
    """Deterministic JSON (sorted keys, UTF-8 kept)."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def script_json(data: Any) -> Markup:
    """JSON safe inside ``<script type="application/json">``: no ``<`` survives, so neither
    ``</script>`` nor ``<!--`` can occur; ``JSON.parse`` reads ``\\u003c`` back as ``<``."""
    text = dumps_json(data).replace("<", "\\u003c")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def _check_inline(text: str, element: str) -> str:
    lowered = text.lower()
    if f"</{element}" in lowered or "<!--" in lowered:
        raise TemplateError(f"cannot inline text containing </{element} or <!-- ")
    return text


def inline_script(text: str) -> Markup:
    """Trusted JavaScript for a ``<script>`` element (source-map comments removed)."""
    return Markup(_check_inline(_SOURCE_MAP.sub("", text).rstrip() + "\n", "script"))


def inline_style(text: str) -> Markup:
    """Trusted CSS for a ``<style>`` element."""
    return Markup(_check_inline(_SOURCE_MAP.sub("", text).rstrip() + "\n", "style"))


@cache
def static_text(name: str) -> str:
    """One of our own assets in ``marxkg/static``."""
    return (paths.STATIC_DIR / name).read_text(encoding="utf-8")


def vis_dir() -> Path:
    """vis-network as shipped inside the pyvis package (never fetched)."""
    import pyvis

    return Path(pyvis.__file__).resolve().parent / "templates" / "lib" / VIS_VERSION


@cache
def vis_asset(kind: str) -> Markup:
    text = (vis_dir() / VIS_FILES[kind]).read_text(encoding="utf-8")
    return inline_script(text) if kind == "js" else inline_style(text)


def page_href(*parts: str, fragment: str | None = None) -> str:
    """A relative link between our pages; each path part is percent-encoded, so that no
    part (a document id, say) can turn the link into a scheme such as ``javascript:``."""
    href = "/".join(p if p == ".." else quote(p, safe="") for p in parts)
    if fragment is not None:
        href += "#" + quote(fragment, safe="-_.")
    return href


def anchor_id(*parts: str | int) -> str:
    """An HTML id from parts: lower-case ASCII letters, digits and hyphens only."""
    text = "-".join(str(p) for p in parts)
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def script_hash(script: str) -> str:
    """The CSP source expression allowing exactly this inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@dataclass
class Page:
    """What `base.html` needs: title, navigation, inlined styles/scripts, embedded data.

    The Content-Security-Policy allows only the page's own inline scripts (by hash), so
    inline event handlers never run, and loads nothing over the network."""

    title: str
    body_class: str
    nav: list[dict[str, Any]]
    styles: list[Markup] = field(default_factory=list)
    scripts: list[Markup] = field(default_factory=list)
    data: list[tuple[str, Markup]] = field(default_factory=list)
    connect: str = "'none'"  # connect-src: "'self'" for the query page served by marxkg serve

    @property
    def common_css(self) -> Markup:
        return inline_style(static_text("common.css"))

    @property
    def csp(self) -> str:
        scripts = " ".join(script_hash(s) for s in self.scripts) or "'none'"
        return (
            "default-src 'none'; script-src " + scripts + "; style-src 'unsafe-inline'; "
            "img-src data:; font-src data:; connect-src " + self.connect + "; base-uri 'none'; "
            "form-action 'none'"
        )


def own_scripts(*names: str) -> list[Markup]:
    """``common.js`` followed by the named page scripts, inlined."""
    return [inline_script(static_text(n)) for n in ("common.js", *names)]
