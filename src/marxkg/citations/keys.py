"""Stable keys (IRI slugs) for references: the same work cited twice gets one key."""

from __future__ import annotations

import hashlib
import re

from marxkg.model import Reference


def _ascii_slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def reference_key(ref: Reference) -> str:
    """``marx-engels-wenji-2009/vol/5`` for registry volumes (``…/vol/46.2`` for a split
    volume's part; candidates joined by ``+`` while the edition is undecided), else a readable
    slug + hash."""
    if ref.kind == "marx" and ref.volume and (ref.edition or ref.edition_candidates):
        vol = f"{ref.volume}.{ref.part}" if ref.part else ref.volume
        return f"{ref.edition or '+'.join(ref.edition_candidates)}/vol/{vol}"
    title = re.sub(r"\s+", "", ref.title or ref.raw)
    who = ref.authors[0].name if ref.authors else (ref.journal or "")
    digest = hashlib.sha1(f"{ref.kind}|{who}|{title}".encode()).hexdigest()[:8]
    stem = (_ascii_slug(who)[:40] if who.isascii() else "") or ref.kind
    parts = [stem, ref.year or "", digest]
    return "-".join(p for p in parts if p)
