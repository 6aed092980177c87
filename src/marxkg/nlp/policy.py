"""The tagging policy as data: rule ids and confidences, nested mentions, sense rules and
generic heads, read from ``ontology/tagging-rules.yaml`` (written policy:
docs/tagging-policy.md).

The functions here are pure: they decide on a candidate mention from the sentence text
around it and the concepts already tagged in the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RULES_FILE = "tagging-rules.yaml"
CLOSING_QUOTES = "”’」』\"'）)"
OPENING_QUOTES = "“‘「『\"'（("


class PolicyError(ValueError):
    """The tagging rules file is missing or malformed."""


@dataclass(frozen=True)
class ContextRule:
    """A sense rule or a generic head: when a label is a mention of ``concept``."""

    label: str
    concept: str  # concept slug
    kind: str  # "sense" | "generic-head" | "english"
    not_after: tuple[str, ...] = ()
    not_before: tuple[str, ...] = ()
    context_scheme: str | None = None
    context_concepts: tuple[str, ...] = ()
    require_after: tuple[str, ...] = ()

    def holds(
        self, before: str, after: str, sentence_concepts: set[str], sentence_schemes: set[str]
    ) -> bool:
        before = before.rstrip(OPENING_QUOTES)
        after = after.lstrip(CLOSING_QUOTES)
        if self.kind == "english":
            before, after = before.lower().rstrip(), after.lower()
            words = before.split()
            if self.require_after and not (words and words[-1] in self.require_after):
                return False
        if any(before.endswith(w) for w in self.not_after):
            return False
        if any(after.startswith(w) for w in self.not_before):
            return False
        if self.context_scheme and self.context_scheme not in sentence_schemes:
            return False
        return not (self.context_concepts and not set(self.context_concepts) & sentence_concepts)


@dataclass
class TaggingPolicy:
    confidence: dict[str, float]
    nested_links: tuple[str, ...] = ()
    nested_not_followed_by: tuple[str, ...] = ()
    context_rules: dict[str, ContextRule] = field(default_factory=dict)
    english_rules: dict[str, ContextRule] = field(default_factory=dict)
    blockers: tuple[str, ...] = ()

    def rule_confidence(self, rule: str) -> float:
        return self.confidence[rule]

    @property
    def generic_heads(self) -> dict[str, ContextRule]:
        return {k: r for k, r in self.context_rules.items() if r.kind == "generic-head"}


def _strings(data: dict[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PolicyError(f"{key}: expected a list of strings")
    return tuple(value)


def parse_policy(data: Any, source: str = RULES_FILE) -> TaggingPolicy:
    if not isinstance(data, dict) or not isinstance(data.get("rules"), dict):
        raise PolicyError(f"{source}: expected a mapping with 'rules'")
    try:
        confidence = {k: float(v["confidence"]) for k, v in data["rules"].items()}
        nested = data.get("nested") or {}
        rules: dict[str, ContextRule] = {}
        for kind, section in (("sense", "sense"), ("generic-head", "generic_heads")):
            for label, spec in (data.get(section) or {}).items():
                rules[label] = ContextRule(
                    label,
                    spec["concept"],
                    kind,
                    _strings(spec, "not_after"),
                    _strings(spec, "not_before"),
                    spec.get("context_scheme"),
                    _strings(spec, "context_concepts"),
                )
        english = {
            label.lower(): ContextRule(
                label.lower(),
                spec["concept"],
                "english",
                _strings(spec, "not_after"),
                _strings(spec, "not_before"),
                None,
                (),
                _strings(spec, "require_after"),
            )
            for label, spec in (data.get("english") or {}).items()
        }
        return TaggingPolicy(
            confidence,
            _strings(nested, "links"),
            _strings(nested, "not_followed_by"),
            rules,
            english,
            _strings(data, "blockers"),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise PolicyError(f"{source}: {exc}") from None


def load_policy(directory: Path) -> TaggingPolicy:
    """The policy of an ontology directory; the built-in minimal policy if it has none."""
    import yaml

    path = Path(directory) / RULES_FILE
    if not path.exists():
        return TaggingPolicy(
            {
                "label": 1.0,
                "hidden-label": 0.9,
                "nested": 0.9,
                "sense": 0.8,
                "generic-head": 0.7,
                "label-inflection": 0.95,
            }
        )
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PolicyError(f"{path}: {exc}") from None
    return parse_policy(data, str(path))
