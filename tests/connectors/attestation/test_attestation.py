"""Manual attestation: the file is read strictly, the same rules run, and staleness is a finding."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from auditor import AccountProfile, AccountRef, Capability, PlatformResponseError, RuleContext, SchoolProfile
from auditor import Status as S
from connectors.attestation import AttestationConfig, AttestationConnector
from rules.attestation import current

REF = AccountRef(id="parents", platform="attestation")
FULL = """
attested_by: dpatel
attested_on: 2026-11-20
settings: {visibility: private, join_policy: invite, discoverable: false, comments: members}
member_count: 30
members: [{handle: parent_one}, {handle: Stranger}]
admins: [{handle: dpatel, role: admin}]
"""


def _fetch(tmp_path: Path, text: str) -> Any:
    (tmp_path / "att.yaml").write_text(text, encoding="utf-8")
    config = AttestationConfig.model_validate({"file": "att.yaml", "kind": "Facebook Group"},
                                              context={"base_dir": tmp_path})
    return AttestationConnector(config, None).fetch(REF, None)


def test_reads_settings_members_and_count(tmp_path: Path) -> None:
    snap = _fetch(tmp_path, FULL)
    assert snap.settings.visibility == "private" and snap.settings.join_policy == "invite"
    assert snap.settings.raw["attested_on"] == "2026-11-20" and snap.settings.raw["kind"] == "Facebook Group"
    assert [m.handle for m in snap.members] == ["parent_one", "Stranger"]
    assert snap.member_count == 30 and not snap.missing
    assert [a.role for a in snap.settings.admins] == ["admin"]


def test_without_members_they_are_not_observed(tmp_path: Path) -> None:
    snap = _fetch(tmp_path, "attested_by: x\nattested_on: 2026-11-20\nmember_count: 12\n")
    assert not snap.missing and snap.member_count == 12
    assert snap.capabilities == {Capability.SETTINGS} and not snap.observed(Capability.MEMBERS)
    assert snap.settings.visibility is None and snap.settings.admins is None


@pytest.mark.parametrize(("text", "words"), [
    ("attested_by: x\n", "attested_on"),
    ("attested_by: x\nattested_on: 2026-11-20\nsettings: {visibility: secret}\n", "settings.visibility"),
    ("attested_by: x\nattested_on: 2026-11-20\ncolour: red\n", "colour"),
    ("attested_by: [\n", "not valid YAML"),
])
def test_a_bad_file_is_a_response_error_naming_the_key(tmp_path: Path, text: str, words: str) -> None:
    with pytest.raises(PlatformResponseError, match=words):
        _fetch(tmp_path, text)


def test_a_missing_file_and_unknown_connection_keys(tmp_path: Path) -> None:
    config = AttestationConfig(file=tmp_path / "none.yaml", kind="WhatsApp group")
    with pytest.raises(PlatformResponseError, match="missing"):
        AttestationConnector(config, None).fetch(REF, None)
    with pytest.raises(ValidationError):
        AttestationConfig.model_validate({"file": "a.yaml", "kind": "k", "token": "x"})


def _ctx(now: datetime, interval: timedelta) -> RuleContext:
    return RuleContext(account=AccountProfile(id="parents", platform="attestation", name="P",
                                              monitoring_interval=interval),
                       school=SchoolProfile(name="S"), now=now)


def test_the_attestation_must_be_as_fresh_as_the_monitoring_interval(tmp_path: Path) -> None:
    snap = _fetch(tmp_path, FULL)
    week = timedelta(days=7)
    assert [r.status for r in current(snap, _ctx(datetime(2026, 11, 27, tzinfo=UTC), week))] == [S.PASS]
    stale = list(current(snap, _ctx(datetime(2026, 11, 28, tzinfo=UTC), week)))
    assert [r.status for r in stale] == [S.FAIL] and "8 days ago" in stale[0].message
    assert [r.status for r in current(snap, _ctx(datetime(2026, 11, 19, tzinfo=UTC), week))] == [S.FAIL]
    # A weekday schedule is checked at least every three days (over a weekend).
    assert [r.status for r in current(snap, _ctx(datetime(2026, 11, 24, tzinfo=UTC),
                                                 timedelta(days=3)))] == [S.FAIL]


def test_the_same_rules_run_on_an_attested_account(demo_school: Any) -> None:
    attest = demo_school.dir / "attestations"
    attest.mkdir()
    (attest / "parents.yaml").write_text(FULL.replace("2026-11-20", "2026-09-01"), encoding="utf-8")
    (demo_school.dir / "parents.csv").write_text("handle\nparent_one\n", encoding="utf-8")
    demo_school.config_text += (
        "  parents-group:\n    name: Year 6 parents' Facebook group\n    platform: attestation\n"
        "    connection: {file: attestations/parents.yaml, kind: Facebook Group}\n"
        "    monitor: dpatel\n    monitoring: {every: 7d}\n"
        "    membership: {limit: 25, roster: parents.csv}\n"
        "    authorisation: {purpose: Parents' questions, approved_by: thale, approved_on: 2025-09-01}\n")
    app = demo_school.app()
    try:
        report = demo_school.runner(app).audit(["parents-group"])
    finally:
        app.close()
    status = {(o.rule_id, o.subject): o.status for o in report.outcomes}
    assert status[("attestation.attestation.current", "attestation")] is S.FAIL
    assert status[("any.settings.private", "settings")] is S.PASS
    assert status[("any.members.on_roster", "member:Stranger")] is S.FAIL
    assert status[("any.members.within_limit", "members")] is S.FAIL  # 30 attested, 25 agreed
    assert status[("any.content.no_personal_details", "account")] is S.ERROR  # content is never attested
    assert report.accounts[0].status == "complete"
    assert date(2026, 9, 1).isoformat() in next(
        o.message for o in report.outcomes if o.rule_id == "attestation.attestation.current")
