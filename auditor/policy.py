"""Policy packs: the school's policy as data, each clause mapped to the rules that enforce it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from auditor.rule import Rule, Severity
from auditor.yamlsource import YamlDocument, load_yaml

__all__ = ["Clause", "Policy", "PolicyRule", "load_policy"]

Recipient = Literal["monitor", "deputy", "headteacher", "dsl", "it"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RuleEntry(_Strict):
    id: str
    severity: Severity | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    notify: list[Recipient] = Field(default_factory=lambda: list[Recipient](["monitor"]))
    enabled: bool = True


class ClauseEntry(_Strict):
    id: str
    title: str
    section: str
    text: str
    rules: list[RuleEntry]


class Override(_Strict):
    severity: Severity | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    notify: list[Recipient] | None = None
    enabled: bool | None = None


class PackModel(_Strict):
    name: str
    title: str
    version: int = 1
    extends: str | None = None
    source: str | None = None
    clauses: list[ClauseEntry] = Field(default_factory=list)
    overrides: dict[str, Override] = Field(default_factory=dict)


@dataclass(frozen=True)
class Clause:
    """One clause of the school's policy, in the project's words, naming its section."""

    id: str
    title: str
    section: str
    text: str


@dataclass(frozen=True)
class PolicyRule:
    """A rule as the pack applies it: its clause, severity, parameters and who is told."""

    rule: Rule
    clause: Clause
    severity: Severity
    params: Mapping[str, Any]
    notify: tuple[Recipient, ...]


@dataclass(frozen=True)
class Policy:
    """A loaded, checked policy pack."""

    name: str
    title: str
    clauses: tuple[Clause, ...]
    rules: tuple[PolicyRule, ...]

    def for_platform(self, platform: str) -> list[PolicyRule]:
        """The rules that apply to accounts on ``platform``."""
        return [pr for pr in self.rules if pr.rule.applies_to(platform)]


def load_policy(choice: str, rules: Mapping[str, Rule], packs: Mapping[str, Any],
                base_dir: Path) -> Policy:
    """Load a pack by built-in name or by path (relative to ``base_dir``)."""
    doc, model = _read_pack(choice, packs, base_dir)
    chain: list[tuple[YamlDocument, PackModel]] = [(doc, model)]
    seen = {model.name}
    while model.extends:
        doc, model = _read_pack(model.extends, packs, base_dir)
        if model.name in seen:
            raise chain[-1][0].error("packs extend each other in a loop", ["extends"])
        seen.add(model.name)
        chain.append((doc, model))
    base_doc, base = chain[-1]
    entries: dict[str, tuple[Clause, RuleEntry]] = {}
    clauses: list[Clause] = []
    for ci, c in enumerate(base.clauses):
        clause = Clause(id=c.id, title=c.title, section=c.section, text=c.text.strip())
        clauses.append(clause)
        for ri, entry in enumerate(c.rules):
            if entry.id not in rules:
                raise base_doc.error(f"no installed rule has id {entry.id!r}",
                                     ["clauses", ci, "rules", ri, "id"])
            if entry.id in entries:
                raise base_doc.error(f"rule {entry.id!r} is mapped to two clauses",
                                     ["clauses", ci, "rules", ri, "id"])
            entries[entry.id] = (clause, entry)
    for doc, pack in reversed(chain[:-1]):
        if pack.clauses:
            raise doc.error("a pack that extends another overrides rules; it adds no clauses",
                            ["clauses"])
        for rule_id, ov in pack.overrides.items():
            if rule_id not in entries:
                raise doc.error("not a rule of the pack it extends", ["overrides", rule_id])
            clause, entry = entries[rule_id]
            entries[rule_id] = (clause, entry.model_copy(update={
                "severity": ov.severity or entry.severity,
                "params": {**entry.params, **ov.params},
                "notify": ov.notify if ov.notify is not None else entry.notify,
                "enabled": ov.enabled if ov.enabled is not None else entry.enabled,
            }))
    applied = []
    for rule_id, (clause, entry) in entries.items():
        if not entry.enabled:
            continue
        rule = rules[rule_id]
        unknown = set(entry.params) - set(rule.params)
        if unknown:
            raise base_doc.error(f"rule {rule_id} has no parameter {sorted(unknown)[0]!r}",
                                 ["clauses"])
        applied.append(PolicyRule(rule=rule, clause=clause,
                                  severity=entry.severity or rule.severity,
                                  params={**rule.params, **entry.params},
                                  notify=tuple(entry.notify)))
    top = chain[0][1]
    return Policy(name=top.name, title=top.title, clauses=tuple(clauses), rules=tuple(applied))


def _read_pack(choice: str, packs: Mapping[str, Any],
               base_dir: Path) -> tuple[YamlDocument, PackModel]:
    if choice in packs:
        item = packs[choice]
        doc = load_yaml(Path(f"{choice}.yaml (built-in pack)"), text=item.read_text("utf-8"))
    else:
        path = Path(choice)
        doc = load_yaml(path if path.is_absolute() else base_dir / path)
    if not isinstance(doc.data, dict):
        raise doc.error("a policy pack is a mapping with name, title and clauses")
    try:
        model = PackModel.model_validate(doc.data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc: Sequence[str | int] = [p for p in err["loc"] if isinstance(p, str | int)]
        msg = "unknown key (check the spelling)" if err["type"] == "extra_forbidden" else err["msg"]
        raise doc.error(msg, loc) from None
    return doc, model
