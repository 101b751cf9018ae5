"""Policy packs: the default pack maps every clause, overrides work, mistakes are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.errors import ConfigError
from auditor.plugins import Registry
from auditor.policy import load_policy
from auditor.rule import Severity


def test_default_pack_maps_every_builtin_rule_to_a_clause(registry: Registry, tmp_path: Path) -> None:
    policy = load_policy("default", registry.rules, registry.packs, tmp_path)
    assert {pr.rule.id for pr in policy.rules} == set(registry.rules)
    assert [c.id for c in policy.clauses] == ["authorisation", "monitoring", "private", "membership",
                                             "access", "staff-contact-details", "conduct",
                                             "pupil-personal-information", "school-identity",
                                             "meeting-safely", "links"]
    names = {pr.rule.id: pr for pr in policy.rules}
    assert names["any.content.no_pupil_full_names"].severity is Severity.HIGH
    assert names["any.content.no_pupil_full_names"].notify == ("monitor", "dsl")
    assert names["any.content.no_contact_risk"].severity is Severity.CRITICAL
    assert names["any.content.no_contact_risk"].notify == ("dsl", "monitor")
    for pr in policy.rules:
        assert pr.clause.section and pr.rule.rationale and pr.rule.remediation


def test_a_school_pack_extends_and_overrides(registry: Registry, tmp_path: Path) -> None:
    (tmp_path / "ours.yaml").write_text(
        "name: ours\ntitle: Our policy\nextends: default\noverrides:\n"
        "  any.members.within_limit: {severity: critical, notify: [headteacher]}\n"
        "  any.admins.at_least_two: {enabled: false}\n"
        "  any.settings.private: {params: {allowed: [private]}}\n", encoding="utf-8")
    policy = load_policy("ours.yaml", registry.rules, registry.packs, tmp_path)
    rules = {pr.rule.id: pr for pr in policy.rules}
    assert policy.name == "ours"
    assert rules["any.members.within_limit"].severity is Severity.CRITICAL
    assert rules["any.members.within_limit"].notify == ("headteacher",)
    assert "any.admins.at_least_two" not in rules
    assert rules["any.settings.private"].params == {"allowed": ["private"]}


@pytest.mark.parametrize(("text", "key", "words"), [
    ("name: p\ntitle: t\nclauses:\n  - id: c\n    title: t\n    section: s\n    text: x\n"
     "    rules:\n      - id: any.nothing.here\n", "clauses[0].rules[0].id", "no installed rule"),
    ("name: p\ntitle: t\nextends: default\noverrides:\n  any.not.arule: {severity: low}\n",
     "overrides.any.not.arule", "not a rule"),
    ("name: p\ntitle: t\nextends: default\noverrides:\n  any.settings.private: {severity: dire}\n",
     "overrides.any.settings.private.severity", "Input should be"),
    ("name: p\ntitle: t\nclauses: []\ncolour: red\n", "colour", "unknown key"),
])
def test_pack_errors_name_file_and_key(registry: Registry, tmp_path: Path, text: str, key: str,
                                       words: str) -> None:
    (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_policy("bad.yaml", registry.rules, registry.packs, tmp_path)
    assert info.value.key == key and words in str(info.value)
    assert str(tmp_path / "bad.yaml") in str(info.value)


def test_unknown_parameter_is_refused(registry: Registry, tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text("name: p\ntitle: t\nextends: default\noverrides:\n"
                                     "  any.settings.private: {params: {colour: red}}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no parameter 'colour'"):
        load_policy("p.yaml", registry.rules, registry.packs, tmp_path)
