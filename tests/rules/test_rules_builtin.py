"""The built-in rules, one by one, on hand-made snapshots."""

from __future__ import annotations

from datetime import UTC, date, datetime

from auditor import (
    AccountProfile,
    AccountRef,
    AccountSnapshot,
    Authorisation,
    Capability,
    Member,
    Pupil,
    RuleContext,
    SchoolProfile,
    Settings,
    StaffMember,
    Status,
)
from rules.account import authorised, monitored
from rules.content import no_pupil_full_names
from rules.membership import admins_at_least_two, admins_current_staff, within_limit
from rules.settings import invite_only, private

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
REF = AccountRef(id="a", platform="wordpress")
HEAD = StaffMember(key="head", name="Head", roles=frozenset({"headteacher"}),
                   handles={"wordpress": frozenset({"head"})})
LEFT = StaffMember(key="old", name="Old", roles=frozenset({"staff"}),
                   handles={"wordpress": frozenset({"old"})}, current=False)
SCHOOL = SchoolProfile(name="S", staff=(HEAD, LEFT), pupils=(Pupil("Olivia", "Bennett"),))


def ctx(params: dict[str, object] | None = None, **account: object) -> RuleContext:
    return RuleContext(account=AccountProfile(id="a", platform="wordpress", name="A", **account),  # type: ignore[arg-type]
                       school=SCHOOL, now=NOW, params=params or {})


def snap(**kw: object) -> AccountSnapshot:
    base: dict[str, object] = {"account": REF, "fetched_at": NOW, "capabilities": frozenset(Capability)}
    base.update(kw)
    return AccountSnapshot(**base)  # type: ignore[arg-type]


def statuses(results: object) -> list[tuple[str, Status]]:
    return [(r.subject, r.status) for r in results]  # type: ignore[attr-defined]


def test_private_and_invite_only() -> None:
    allowed = {"allowed": ["private", "members"]}
    assert statuses(private(snap(settings=Settings(visibility="members")), ctx(allowed))) == \
        [("settings", Status.PASS)]
    assert statuses(private(snap(settings=Settings(visibility="unlisted")), ctx(allowed))) == \
        [("settings", Status.FAIL)]
    assert statuses(private(snap(settings=Settings()), ctx(allowed))) == [("settings", Status.ERROR)]
    joins = {"allowed": ["invite", "request", "closed"]}
    assert statuses(invite_only(snap(settings=Settings(join_policy="open")), ctx(joins))) == \
        [("settings", Status.FAIL)]
    assert statuses(invite_only(snap(settings=Settings(join_policy="request")), ctx(joins))) == \
        [("settings", Status.PASS)]


def test_authorisation_must_come_from_the_headteacher() -> None:
    good = Authorisation(purpose="p", approved_by="head", approved_on=date(2026, 9, 1))
    assert statuses(authorised(snap(), ctx(authorisation=good))) == [("authorisation", Status.PASS)]
    assert statuses(authorised(snap(), ctx())) == [("authorisation", Status.FAIL)]
    by_other = Authorisation(purpose="p", approved_by="old", approved_on=date(2026, 9, 1))
    assert statuses(authorised(snap(), ctx(authorisation=by_other))) == [("authorisation", Status.FAIL)]
    future = Authorisation(purpose="p", approved_by="head", approved_on=date(2027, 1, 1))
    assert statuses(authorised(snap(), ctx(authorisation=future))) == [("authorisation", Status.FAIL)]


def test_monitor_must_be_named_and_current() -> None:
    assert statuses(monitored(snap(), ctx(monitor="head"))) == [("monitor", Status.PASS)]
    assert statuses(monitored(snap(), ctx(monitor="old"))) == [("monitor", Status.FAIL)]
    assert statuses(monitored(snap(), ctx())) == [("monitor", Status.FAIL)]


def test_roster_without_a_member_list_is_could_not_check() -> None:
    from rules.membership import on_roster

    assert statuses(on_roster(snap(), ctx(roster=frozenset({"a"})))) == [("members", Status.ERROR)]
    assert statuses(on_roster(snap(members=()), ctx(roster=frozenset({"a"})))) == [("members", Status.PASS)]
    assert statuses(on_roster(snap(members=(Member(id="1", handle="b"),)), ctx(roster=frozenset()))) == \
        [("member:1", Status.FAIL)]


def test_membership_limit() -> None:
    assert statuses(within_limit(snap(member_count=41), ctx(member_limit=40))) == [("members", Status.FAIL)]
    assert statuses(within_limit(snap(member_count=40), ctx(member_limit=40))) == [("members", Status.PASS)]
    assert statuses(within_limit(snap(members=(Member(id="1"),)), ctx(member_limit=0))) == \
        [("members", Status.FAIL)]
    assert statuses(within_limit(snap(), ctx())) == [("members", Status.NOT_APPLICABLE)]
    unseen = snap(missing={Capability.MEMBERS: "403"})
    assert statuses(within_limit(unseen, ctx(member_limit=5))) == [("members", Status.ERROR)]


def test_staff_are_recognised_by_id_where_the_platform_gives_no_handle() -> None:
    head = StaffMember(key="head", name="Head", roles=frozenset({"headteacher"}),
                       handles={"wordpress": frozenset({"urn:li:person:abc"})})
    school = SchoolProfile(name="S", staff=(head,))
    c = RuleContext(account=ctx().account, school=school, now=NOW)
    s = snap(settings=Settings(admins=(Member(id="urn:li:person:ABC", role="admin"),)))
    assert statuses(admins_current_staff(s, c)) == [("admin:urn:li:person:ABC", Status.PASS)]


def test_admins() -> None:
    admins = (Member(id="1", handle="head", role="admin"), Member(id="2", handle="old", role="admin"),
              Member(id="3", handle="who", role="editor"))
    s = snap(settings=Settings(admins=admins))
    assert statuses(admins_current_staff(s, ctx())) == [
        ("admin:1", Status.PASS), ("admin:2", Status.FAIL), ("admin:3", Status.FAIL)]
    assert statuses(admins_at_least_two(s, ctx({"minimum": 2}))) == [("admins", Status.FAIL)]
    assert statuses(admins_current_staff(snap(settings=Settings()), ctx())) == [("admins", Status.ERROR)]


def test_pupil_names_need_a_roster() -> None:
    ctx_no_pupils = RuleContext(account=ctx().account, school=SchoolProfile(name="S"), now=NOW)
    assert statuses(no_pupil_full_names(snap(), ctx_no_pupils)) == [("roster", Status.ERROR)]
