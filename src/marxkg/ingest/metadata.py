"""``metadata.yaml`` over the parser's guesses: its values win; every disagreement with
what the parser read from the source is reported as uncertain."""

from __future__ import annotations

from typing import Any

from marxkg.model import Document, Uncertain


def _title(meta: dict[str, Any], script: str) -> str | None:
    title = meta.get("title")
    if isinstance(title, str):
        return title
    if isinstance(title, dict):
        for key in (f"zh-{script}", "zh", "zh-Hans", "zh-Hant"):
            if title.get(key):
                return str(title[key])
    return None


def _fields(meta: dict[str, Any]) -> dict[str, Any]:
    author: dict[str, Any] = meta["author"] if isinstance(meta.get("author"), dict) else {}
    funding: dict[str, Any] = meta["funding"] if isinstance(meta.get("funding"), dict) else {}
    return {
        "author": author.get("name"),
        "birth_year": author.get("birth_year"),
        "affiliation": author.get("affiliation"),
        "position": author.get("position"),
        "address": author.get("address"),
        "postcode": author.get("postcode"),
        "funding_number": funding.get("number"),
        "funding_project": funding.get("project"),
        "doi": meta.get("doi"),
    }


def _line(doc: Document, kind: str) -> int | None:
    block = next((b for b in doc.blocks if b.kind == kind), None)
    return block.source_lines[0] if block and block.source_lines else None


def apply_metadata(doc: Document, meta: dict[str, Any]) -> None:
    """Let metadata.yaml win over the parsed front matter; report each disagreement."""
    front = doc.front
    language = meta.get("language")
    if language in ("zh-Hans", "zh-Hant") and language != doc.language:
        doc.uncertain.append(
            Uncertain(
                "metadata",
                None,
                f"script: source {doc.language} / metadata {language}",
                "metadata.yaml wins",
            )
        )
        doc.script = str(language)[3:]
    wanted = {"title": _title(meta, doc.script), **_fields(meta)}
    for name, value in wanted.items():
        if value is None or value == "":
            continue
        value = str(value)
        parsed = getattr(front, name)
        if parsed and parsed != value:
            doc.uncertain.append(
                Uncertain(
                    "metadata",
                    _line(doc, "title") if name == "title" else None,
                    f"{name}: source {parsed[:16]!s} / metadata {value[:16]}",
                    "metadata.yaml wins",
                )
            )
        elif not parsed and name == "title":
            doc.uncertain.append(
                Uncertain(
                    "title", None, value[:40], "no title read from the source: metadata.yaml used"
                )
            )
        setattr(front, name, value)
    _apply_authors(doc, meta.get("authors"), _fields(meta)["author"])


def _apply_authors(doc: Document, names: Any, first: str | None) -> None:
    """``authors: [甲, 乙]``: every author, in printed order; the first is the first author
    unless ``author.name`` (``first``) names another. A different author line is reported."""
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        return
    names = [n.strip() for n in names if n.strip()]
    front = doc.front
    if front.authors and front.authors != names:
        doc.uncertain.append(
            Uncertain(
                "metadata",
                None,
                f"authors: source {'、'.join(front.authors)[:16]} / "
                f"metadata {'、'.join(names)[:16]}",
                "metadata.yaml wins",
            )
        )
    front.authors = names
    if not first:
        front.author = names[0]
