"""The audit loop end to end on each database: findings, dedupe, lifecycle, cursors, failures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from auditor.models import Account, AccountAudit, AuditRun, Cursor, Finding, FindingEvent, OutboxAlert
from auditor.rule import Status


def _findings(school: Any) -> dict[tuple[str, str, str], Finding]:
    app = school.app()
    with app.sessions() as s:
        rows = s.scalars(select(Finding)).all()
        out = {(f.account.key, f.rule_id, f.subject): f for f in rows}
    app.close()
    return out


def test_first_audit_finds_every_planted_breach(demo_school: Any, audit: Any) -> None:
    report = audit()
    fails = {(o.account_id, o.rule_id) for o in report.outcomes if o.status is Status.FAIL}
    assert ("year6-x", "any.settings.private") in fails
    assert ("year6-x", "any.settings.invite_only") in fails
    assert ("year6-x", "any.members.on_roster") in fails
    assert ("year6-x", "any.content.no_pupil_full_names") in fails
    assert ("year6-x", "any.content.no_personal_details") in fails
    assert ("year6-blog", "any.content.no_personal_details") in fails
    assert ("pe-x", "any.account.authorised") in fails
    assert report.changes.new == len(_findings(demo_school)) == 8
    roster = _findings(demo_school)[("year6-x", "any.members.on_roster", "member:1500000000000000199")]
    assert roster.status == "open" and "stranger_watcher99" in roster.message


def test_repeat_audit_dedupes_and_sends_nothing_new(demo_school: Any, audit: Any) -> None:
    audit()
    again = audit()
    assert (again.changes.new, again.changes.reopened, again.changes.resolved) == (0, 0, 0)
    app = demo_school.app()
    with app.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Finding)) == 8
        assert {f.occurrences for f in s.scalars(select(Finding).where(
            Finding.rule_id == "any.settings.private"))} == {2}
        runs = s.scalars(select(AuditRun).order_by(AuditRun.id)).all()
        assert [r.findings_new for r in runs] == [8, 0]
        # Alerts were written with the first run's findings only.
        assert {a.run_id for a in s.scalars(select(OutboxAlert))} == {runs[0].id}
    app.close()


def test_fixed_setting_resolves_then_recurrence_reopens(demo_school: Any, audit: Any) -> None:
    audit()
    user = demo_school.scenario["platforms"]["x"]["users"][0]
    user["protected"] = True
    user.pop("followers")  # an app-only token cannot read a protected account's followers
    user.pop("tweets")
    user.pop("replies")
    demo_school.load_fakes()
    demo_school.now += timedelta(hours=6)
    fixed = audit("year6-x")
    assert fixed.changes.resolved >= 2
    f = _findings(demo_school)
    assert f[("year6-x", "any.settings.private", "settings")].status == "resolved"
    # Members could not be read: the roster finding stays as it was, never "passed".
    assert f[("year6-x", "any.members.on_roster", "member:1500000000000000199")].status == "open"
    # Content rules see only new items: silence does not resolve the old ones.
    assert f[("year6-x", "any.content.no_pupil_full_names", "item:1600000000000000002")].status == "open"

    user["protected"] = False
    demo_school.load_fakes()
    demo_school.now += timedelta(hours=6)
    back = audit("year6-x")
    assert back.changes.reopened >= 1
    again = _findings(demo_school)[("year6-x", "any.settings.private", "settings")]
    assert again.status == "open" and again.reopen_count == 1
    app = demo_school.app()
    with app.sessions() as s:
        actions = [e.action for e in s.scalars(select(FindingEvent).where(
            FindingEvent.finding_id == again.id).order_by(FindingEvent.id))]
        reasons = [a.reason for a in s.scalars(select(OutboxAlert).where(
            OutboxAlert.finding_id == again.id).order_by(OutboxAlert.id))]
    app.close()
    assert actions == ["opened", "resolved", "reopened"]
    assert reasons[-1] == "reopened"


def test_cursor_is_stored_and_used(demo_school: Any, audit: Any) -> None:
    audit()
    second = audit("year6-x")
    assert not [o for o in second.outcomes if o.rule_id.startswith("any.content")
                and o.status is not Status.ERROR]  # no new items: nothing to judge
    app = demo_school.app()
    with app.sessions() as s:
        account_id = s.scalar(select(Account.id).where(Account.key == "year6-x"))
        cursor = s.get_one(Cursor, account_id).value
        fetched = s.scalars(select(AccountAudit.items_fetched).where(AccountAudit.account_id == account_id)
                            .order_by(AccountAudit.id)).all()
    app.close()
    assert fetched == [3, 0]  # two tweets and a reply, then nothing new
    assert cursor["since_id"] == "1600000000000000002"


def test_one_failing_account_does_not_stop_the_others(demo_school: Any, audit: Any) -> None:
    demo_school.scenario["platforms"]["x"]["bearer_token"] = "rotated-token"
    demo_school.load_fakes()
    report = audit()
    status = {a.account_id: a for a in report.accounts}
    assert status["year6-x"].status == "failed" and status["year6-x"].error
    assert status["year6-blog"].status == "complete"
    x_results = [o for o in report.outcomes if o.account_id == "year6-x"]
    # Nothing that needed the platform passed; the config rules still ran.
    assert all(o.status is not Status.PASS for o in x_results
               if o.rule_id not in ("any.account.authorised", "any.account.monitored"))
    assert any(o.rule_id == "any.audit.observed" and o.status is Status.FAIL for o in x_results)
    app = demo_school.app()
    with app.sessions() as s:
        run = s.scalars(select(AuditRun)).one()
        assert run.accounts_failed == 2 and run.accounts_complete == 1
        assert {e["account"] for e in run.errors} == {"year6-x", "pe-x"}
        audits = s.scalars(select(AccountAudit)).all()
        assert {a.status for a in audits} == {"failed", "complete"}
        # No secret reaches the database.
        for a in audits:
            assert "rotated-token" not in (a.error or "") and "demo-x-bearer-token" not in (a.error or "")
    app.close()


def test_a_removed_member_resolves_its_finding(demo_school: Any, audit: Any) -> None:
    audit("year6-x")
    user = demo_school.scenario["platforms"]["x"]["users"][0]
    user["followers"] = []  # every follower removed, the stranger with them
    demo_school.load_fakes()
    demo_school.now += timedelta(hours=6)
    report = audit("year6-x")
    f = _findings(demo_school)[("year6-x", "any.members.on_roster", "member:1500000000000000199")]
    assert f.status == "resolved" and report.changes.resolved == 1


def _audit_rows(demo_school: Any, key: str) -> list[AccountAudit]:
    app = demo_school.app()
    with app.sessions() as s:
        rows = list(s.scalars(select(AccountAudit).join(Account).where(Account.key == key)
                              .order_by(AccountAudit.id)))
    app.close()
    return rows


def test_unchanged_members_keep_their_findings_and_verdict(
        demo_school: Any, audit: Any, monkeypatch: Any) -> None:
    from dataclasses import replace

    from auditor import Capability
    from connectors.x import XConnector

    audit("year6-x")
    fetch = XConnector.fetch

    def unchanged_members(self: Any, account: Any, cursor: Any) -> Any:
        # What a connector returns when the platform's signal says the followers are the same.
        return replace(fetch(self, account, cursor), members=None,
                       unchanged={Capability.MEMBERS: "follower count unchanged"})

    monkeypatch.setattr(XConnector, "fetch", unchanged_members)
    demo_school.now += timedelta(hours=1)
    report = audit("year6-x")
    roster = [o for o in report.outcomes if o.rule_id == "any.members.on_roster"]
    assert [o.status for o in roster] == [Status.UNCHANGED]
    assert "follower count unchanged" in roster[0].message
    assert (report.changes.new, report.changes.resolved) == (0, 0)
    finding = _findings(demo_school)[("year6-x", "any.members.on_roster", "member:1500000000000000199")]
    assert finding.status == "open" and finding.occurrences == 1
    first, second = _audit_rows(demo_school, "year6-x")
    assert second.status == "complete" and not second.missing
    # The summary reads the latest audit: the last verdict is carried, marked as such.
    assert second.outcomes["any.members.on_roster"] == {**first.outcomes["any.members.on_roster"],
                                                        "carried": True}
    assert second.outcomes["any.members.on_roster"]["fail"] == 1


def test_a_quiet_repeat_audit_carries_the_content_verdicts(demo_school: Any, audit: Any) -> None:
    audit("year6-x")
    demo_school.now += timedelta(hours=1)
    audit("year6-x")
    first, second = _audit_rows(demo_school, "year6-x")
    assert second.items_fetched == 0
    for rule_id in ("any.content.no_personal_details", "any.content.no_pupil_full_names"):
        assert first.outcomes[rule_id]["fail"] >= 1
        assert second.outcomes[rule_id] == {**first.outcomes[rule_id], "carried": True}
    # Rules that judged again this time are not carried.
    assert "carried" not in second.outcomes["any.settings.private"]


def test_only_verdicts_are_carried() -> None:
    from auditor.runner import _carry

    zero = {str(s): 0 for s in Status}
    previous = {"a": {**zero, "clause": "c", "fail": 1}, "b": {**zero, "clause": "c", "error": 1},
                "c": {**zero, "clause": "c", "pass": 2}, "gone": {**zero, "clause": "c", "pass": 1}}
    now = {"c": {**zero, "clause": "c", "not_applicable": 1}}
    carried = _carry(now, previous, {"a", "b", "c", "d"})
    assert carried["a"] == {**previous["a"], "carried": True}  # silent now: the last verdict stands
    assert "b" not in carried  # a "could not check" is not a verdict
    assert carried["c"] == now["c"]  # judged now (not applicable): nothing carried
    assert "d" not in carried and "gone" not in carried  # no verdict, or no longer in the policy
    unchanged = {"a": {**zero, "clause": "c", "unchanged": 1}}
    assert _carry(unchanged, previous, {"a"})["a"]["carried"] is True
