"""The shapes of a corpus document's metadata and of its translation/footnote records.

:func:`check_metadata` and :func:`check_record` return readable problems (naming the
field) instead of letting a wrong-typed value reach the pipeline (a list where a title
string was expected ran for minutes; a number where text was expected raised a
traceback). A metadata field not listed here is accepted if it holds plain data, and
logged, so that a misspelt field does not pass unnoticed.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)

TEXT = (str,)
OPTIONAL_TEXT = (str, type(None))
NUMBER_OR_TEXT = (str, int, type(None))
YEAR = (int, type(None))
NAMES = (list, type(None))  # a list of names (text), checked item by item

# field -> allowed types, or a nested mapping of sub-fields (every sub-field optional)
METADATA_FIELDS: dict[str, Any] = {
    "doc_id": TEXT,
    "encoding": OPTIONAL_TEXT,
    "title": {
        "zh": OPTIONAL_TEXT,
        "zh-Hans": OPTIONAL_TEXT,
        "zh-Hant": OPTIONAL_TEXT,
        "en": OPTIONAL_TEXT,
        "en_provenance": OPTIONAL_TEXT,
    },
    "author": {
        "name": OPTIONAL_TEXT,
        "name_latin": OPTIONAL_TEXT,
        "birth_year": YEAR,
        "affiliation": OPTIONAL_TEXT,
        "affiliation_en": OPTIONAL_TEXT,
        "position": OPTIONAL_TEXT,
        "address": OPTIONAL_TEXT,
        "postcode": NUMBER_OR_TEXT,
    },
    "authors": NAMES,
    "funding": {
        "programme": OPTIONAL_TEXT,
        "programme_en": OPTIONAL_TEXT,
        "project": OPTIONAL_TEXT,
        "number": NUMBER_OR_TEXT,
    },
    "language": OPTIONAL_TEXT,
    "journal": OPTIONAL_TEXT,
    "volume": NUMBER_OR_TEXT,
    "issue": NUMBER_OR_TEXT,
    "pages": NUMBER_OR_TEXT,
    "year": YEAR,
    "doi": OPTIONAL_TEXT,
    "source": {"file": OPTIONAL_TEXT, "received_as": OPTIONAL_TEXT, "notes": OPTIONAL_TEXT},
    "licence": OPTIONAL_TEXT,
}

# record shape -> field -> (required?, allowed types)
RECORDS: dict[str, dict[str, tuple[bool, tuple[type, ...]]]] = {
    "translation": {
        "i": (False, (int,)),
        "kind": (False, (str,)),
        "zh": (True, (str,)),
        "en": (True, (str,)),
        "provenance": (False, (str,)),
        "marx_sources": (False, (list,)),
    },
    "footnote": {
        "n": (False, (int,)),
        "bibliography": (False, (int,)),
        "zh": (True, (str,)),
        "en": (True, (str,)),
        "provenance": (False, (str,)),
    },
    "gold": {
        "passage": (True, (int,)),
        "start": (True, (int,)),
        "end": (True, (int,)),
        "surface": (False, (str,)),
        "concept": (True, (str,)),
    },
}

PLAIN = (str, int, float, bool, type(None))


def _type_names(types: tuple[type, ...]) -> str:
    names = {
        str: "text",
        int: "a whole number",
        type(None): "empty",
        list: "a list",
        dict: "a mapping",
        float: "a number",
        bool: "true/false",
    }
    return " or ".join(names.get(t, t.__name__) for t in types)


def _describe(value: Any) -> str:
    kind = {
        list: "a list",
        dict: "a mapping",
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        type(None): "empty",
    }.get(type(value), "a value")
    return kind


def _plain(value: Any, depth: int = 0) -> bool:
    if isinstance(value, PLAIN):
        return True
    if depth > 8:
        return False
    if isinstance(value, list):
        return all(_plain(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v, depth + 1) for k, v in value.items())
    return False


def _is(value: Any, types: tuple[type, ...]) -> bool:
    if isinstance(value, bool):  # YAML's true/false is not a number
        return bool in types
    return isinstance(value, types)


def check_metadata(data: Any) -> list[str]:
    """Problems with a document's metadata mapping (empty if it has the expected shape)."""
    if not isinstance(data, dict):
        return [f"metadata.yaml must be a mapping of fields, not {_describe(data)}"]
    problems = []
    for key, value in data.items():
        if not isinstance(key, str):
            problems.append(f"field name {key!r} is not text")
            continue
        spec = METADATA_FIELDS.get(key)
        if spec is None:
            if not _plain(value):
                problems.append(f"field {key} holds data of an unknown kind")
            else:
                log.warning(
                    "metadata field %s is not one marxkg knows (known: %s); kept as it is",
                    key,
                    ", ".join(METADATA_FIELDS),
                )
            continue
        if isinstance(spec, dict):
            if value is None:
                continue
            if not isinstance(value, dict):
                problems.append(
                    f"field {key} must be a mapping of sub-fields "
                    f"({', '.join(spec)}), not {_describe(value)}"
                )
                continue
            for sub, sub_value in value.items():
                allowed = spec.get(sub) if isinstance(sub, str) else None
                if allowed is None:
                    if not _plain(sub_value) or isinstance(sub_value, (list, dict)):
                        problems.append(
                            f"field {key}.{sub} must be text or a number, not "
                            f"{_describe(sub_value)}"
                        )
                    continue
                if not _is(sub_value, allowed):
                    problems.append(
                        f"field {key}.{sub} must be {_type_names(allowed)}, "
                        f"not {_describe(sub_value)}"
                    )
        elif (problem := _value_problem(key, value, spec)) is not None:
            problems.append(problem)
    return problems


def _value_problem(key: str, value: Any, spec: tuple[type, ...]) -> str | None:
    if not _is(value, spec):
        return f"field {key} must be {_type_names(spec)}, not {_describe(value)}"
    if spec is NAMES and value is not None:
        if not all(isinstance(v, str) and v.strip() for v in value):
            return f"field {key} must be a list of names (text)"
    return None


def check_record(record: Any, shape: str) -> str | None:
    """The first problem with one JSON Lines record of ``shape``, or None."""
    fields = RECORDS[shape]
    if not isinstance(record, dict):
        return f"each line must be a JSON object with {', '.join(fields)}, not {_describe(record)}"
    for name, (required, types) in fields.items():
        if name not in record:
            if required:
                return f"field {name} is missing"
            continue
        if not _is(record[name], types):
            return f"field {name} must be {_type_names(types)}, not {_describe(record[name])}"
    return None
