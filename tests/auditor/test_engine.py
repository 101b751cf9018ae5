"""The engine: could-not-check is never a pass, crashing rules are contained, exceptions mute."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from auditor import (
    AccountProfile,
    AccountRef,
    AccountSnapshot,
    Capability,
    Member,
    Result,
    RuleContext,
    SchoolProfile,
    Settings,
    Severity,
    Status,
    rule,
)
from auditor.config import ExceptionConfig
from auditor.engine import empty_snapshot, evaluate
from auditor.plugins import Registry
from auditor.policy import Clause, Policy, PolicyRule, load_policy

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
REF = AccountRef(id="acc", platform="x", handle="School")
CTX = RuleContext(account=AccountProfile(id="acc", platform="x", name="Acc", roster=frozenset({"ok"})),
                  school=SchoolProfile(name="S"), now=NOW)


def _snap(**kw: object) -> AccountSnapshot:
    base: dict[str, object] = {"account": REF, "fetched_at": NOW,
                               "capabilities": frozenset({Capability.SETTINGS, Capability.MEMBERS})}
    base.update(kw)
    return AccountSnapshot(**base)  # type: ignore[arg-type]


@pytest.fixture
def policy(registry: Registry, tmp_path: Path) -> Policy:
    return load_policy("default", registry.rules, registry.packs, tmp_path)


def test_missing_capability_is_could_not_check_never_pass(policy: Policy) -> None:
    snap = _snap(settings=Settings(visibility="private", join_policy="invite"),
                 missing={Capability.MEMBERS: "x: followers: 403"})
    out = {o.rule_id: o for o in evaluate(snap, policy, CTX)}
    assert out["any.members.on_roster"].status is Status.ERROR
    assert "403" in out["any.members.on_roster"].message
    # The connector cannot observe content at all: said so, not passed.
    assert out["any.content.no_personal_details"].status is Status.ERROR
    assert "cannot observe content" in out["any.content.no_personal_details"].message
    assert out["any.settings.private"].status is Status.PASS
    assert out["any.audit.observed"].status is Status.FAIL


def test_failed_fetch_leaves_only_config_rules_decided(policy: Policy) -> None:
    snap = empty_snapshot(REF, frozenset({Capability.SETTINGS, Capability.MEMBERS, Capability.CONTENT}),
                          NOW, "x: credentials rejected (401)")
    outs = evaluate(snap, policy, CTX)
    decided = {o.rule_id for o in outs if o.status in (Status.PASS, Status.FAIL)}
    assert decided == {"any.account.authorised", "any.account.monitored", "any.audit.observed"}
    assert not any(o.status is Status.PASS and o.rule_id == "any.audit.observed" for o in outs)


def test_a_crashing_rule_is_an_error_and_the_others_run(caplog: pytest.LogCaptureFixture) -> None:
    @rule("any.test.crashes", title="crashes", severity=Severity.LOW, remediation="none")
    def crashes(snapshot: AccountSnapshot, ctx: RuleContext) -> Iterator[Result]:
        """Always crashes."""
        raise ZeroDivisionError

    @rule("any.test.passes", title="passes", severity=Severity.LOW, remediation="none")
    def passes(snapshot: AccountSnapshot, ctx: RuleContext) -> Iterator[Result]:
        """Always passes."""
        yield Result.passed("account", "fine")

    clause = Clause("c", "C", "S", "T")
    policy = Policy("p", "P", (clause,), tuple(PolicyRule(r, clause, r.severity, {}, ("monitor",))
                                               for r in (crashes, passes)))
    out = {o.rule_id: o for o in evaluate(_snap(), policy, CTX)}
    assert out["any.test.crashes"].status is Status.ERROR
    assert "ZeroDivisionError" in out["any.test.crashes"].message
    assert out["any.test.passes"].status is Status.PASS
    assert "any.test.crashes crashed" in caplog.text


def test_exceptions_mute_until_they_expire(policy: Policy) -> None:
    snap = _snap(settings=Settings(visibility="public", join_policy="open"))
    exc = ExceptionConfig(rule="any.settings.private", account="acc", reason="public news feed",
                          approved_by="head", expires=date(2026, 12, 31))
    muted = {o.rule_id: o for o in evaluate(snap, policy, CTX, [exc])}
    assert muted["any.settings.private"].status is Status.MUTED
    assert "public news feed" in muted["any.settings.private"].message
    assert muted["any.settings.invite_only"].status is Status.FAIL
    expired = exc.model_copy(update={"expires": date(2026, 11, 22)})
    back = {o.rule_id: o for o in evaluate(snap, policy, CTX, [expired])}
    assert back["any.settings.private"].status is Status.FAIL


def test_rule_needs_a_docstring_and_a_well_formed_id() -> None:
    with pytest.raises(ValueError, match="docstring"):
        rule("any.a.b", title="t", severity=Severity.LOW, remediation="r")(lambda s, c: iter(()))
    with pytest.raises(ValueError, match="platform"):
        rule("bad-id", title="t", severity=Severity.LOW, remediation="r")


def test_members_not_on_roster_fail_and_staff_pass(policy: Policy) -> None:
    from auditor import StaffMember

    ctx = RuleContext(account=CTX.account, now=NOW, school=SchoolProfile(name="S", staff=(
        StaffMember(key="t", name="T", roles=frozenset({"staff"}), handles={"x": frozenset({"teacher"})}),)))
    snap = _snap(settings=Settings(visibility="private", join_policy="request"),
                 members=(Member(id="1", handle="ok", role="follower"),
                          Member(id="2", handle="Teacher", role="follower"),
                          Member(id="3", handle="stranger", display_name="Real Name", role="follower")))
    out = [o for o in evaluate(snap, policy, ctx) if o.rule_id == "any.members.on_roster"]
    assert {(o.subject, o.status) for o in out} == {("member:1", Status.PASS), ("member:2", Status.PASS),
                                                    ("member:3", Status.FAIL)}
    failed = next(o for o in out if o.status is Status.FAIL)
    assert "Real Name" not in failed.message and "Real Name" not in str(failed.evidence)


def test_a_result_can_raise_its_severity_but_never_lower_it() -> None:
    @rule("any.test.escalates", title="escalates", severity=Severity.MEDIUM, remediation="none")
    def escalates(snapshot: AccountSnapshot, ctx: RuleContext) -> Iterator[Result]:
        """Fails three ways."""
        yield Result.failed("a", "plain")
        yield Result.failed("b", "worse", escalate_to=Severity.CRITICAL)
        yield Result.failed("c", "milder", escalate_to=Severity.LOW)

    clause = Clause("c", "C", "S", "T")
    policy = Policy("p", "P", (clause,), (PolicyRule(escalates, clause, Severity.HIGH, {}, ("monitor",)),))
    out = {o.subject: o.severity for o in evaluate(_snap(), policy, CTX)}
    assert out == {"a": Severity.HIGH, "b": Severity.CRITICAL, "c": Severity.HIGH}


def test_rules_on_an_unchanged_capability_are_not_judged_again(policy: Policy) -> None:
    snap = _snap(settings=Settings(visibility="private", join_policy="invite"), member_count=3,
                 unchanged={Capability.MEMBERS: "follower count and follow notifications unchanged"})
    out = {o.rule_id: o for o in evaluate(snap, policy, CTX)}
    roster = out["any.members.on_roster"]
    assert roster.status is Status.UNCHANGED and roster.subject == "account"
    assert "follow notifications unchanged" in roster.message
    assert out["any.settings.private"].status is Status.PASS  # what was read is judged
    assert out["any.audit.observed"].status is Status.PASS  # unchanged is not missing
    missing = _snap(settings=Settings(visibility="private"), missing={Capability.SETTINGS: "503"},
                    unchanged={Capability.MEMBERS: "count unchanged"})
    assert {o.rule_id: o for o in evaluate(missing, policy, CTX)}["any.settings.private"].status \
        is Status.ERROR
