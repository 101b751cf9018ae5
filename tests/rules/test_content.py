"""Content rules: who wrote an item decides the clause; evidence never carries what was found."""

from __future__ import annotations

from datetime import UTC, datetime

from auditor import (
    AccountProfile,
    AccountRef,
    AccountSnapshot,
    Author,
    Capability,
    ContentItem,
    Media,
    Pupil,
    RuleContext,
    SchoolProfile,
    Severity,
    StaffMember,
    Status,
)
from rules.conduct import no_abuse, no_contact_risk, no_profanity, no_shared_credentials
from rules.content import (
    links_allowed,
    no_personal_details,
    no_pupil_full_names,
    no_school_name_by_pupils,
    no_staff_personal_contacts,
)
from rules.findings import author_kind

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
REF = AccountRef(id="a", platform="wordpress")
TEACHER = StaffMember(key="dp", name="D Patel", roles=frozenset({"staff"}),
                      handles={"wordpress": frozenset({"dpatel"})})
SCHOOL = SchoolProfile(name="Millbrook CE Primary School", staff=(TEACHER,),
                       pupils=(Pupil("Olivia", "Bennett"), Pupil("Amelia", "Wright", photo_consent=True)),
                       also_known_as=("MCEP",), link_allow_list=("millbrook.sch.uk",))


def ctx(params: dict[str, object] | None = None) -> RuleContext:
    return RuleContext(account=AccountProfile(id="a", platform="wordpress", name="A",
                                              roster=frozenset({"y6pupil"})),
                       school=SCHOOL, now=NOW, params=params or {})


def item(text: str, handle: str | None = None, owner: bool = False, item_id: str = "9",
         media: tuple[Media, ...] = ()) -> ContentItem:
    return ContentItem(id=item_id, kind="comment", author=Author(handle=handle, is_account_owner=owner),
                       text=text, created_at=NOW, url=f"https://example.org/{item_id}", media=media)


def snap(*items: ContentItem) -> AccountSnapshot:
    return AccountSnapshot(account=REF, fetched_at=NOW, capabilities=frozenset(Capability), items=items)


def test_author_kinds() -> None:
    assert author_kind(item("x", owner=True), ctx()) == "staff"
    assert author_kind(item("x", handle="@DPatel"), ctx()) == "staff"
    assert author_kind(item("x", handle="y6pupil"), ctx()) == "pupil"
    assert author_kind(item("x", handle="someone"), ctx()) == "public"


def test_a_phone_number_falls_under_the_clause_that_fits_its_author() -> None:
    s = snap(item("ring me on 07700 900123", handle="parent", item_id="1"),
             item("ring me on 07700 900456", owner=True, item_id="2"))
    pupils = list(no_personal_details(s, ctx()))
    staff = list(no_staff_personal_contacts(s, ctx()))
    assert [(r.subject, r.status) for r in pupils] == [("item:1", Status.FAIL)]
    assert [(r.subject, r.status) for r in staff] == [("item:2", Status.FAIL)]
    assert "member of the public" in pupils[0].message and "account itself" in staff[0].message
    text = " ".join(pupils[0].evidence.values()) + pupils[0].message
    assert "900123" not in text and "07700 9" in text


def test_personal_details_of_every_kind_by_a_pupil() -> None:
    s = snap(item("I live at 12 Acacia Avenue, LS1 4AB, email me jo.b@example.com, born 3 March 2015",
                  handle="y6pupil"))
    (result,) = no_personal_details(s, ctx())
    assert result.status is Status.FAIL
    evidence = " ".join(result.evidence.values())
    for secret in ("Acacia", "4AB", "jo.b@", "3 March"):
        assert secret not in evidence


def test_the_excerpt_masks_what_other_rules_found_too() -> None:
    s = snap(item("Olivia Bennett is a loser, call her on 07700 900123", handle="y6pupil"))
    (abuse,) = no_abuse(s, ctx())
    evidence = " ".join(abuse.evidence.values())
    assert abuse.status is Status.FAIL
    assert "Bennett" not in evidence and "900123" not in evidence


def test_school_name_and_uniform_only_from_pupils() -> None:
    s = snap(item("I go to MCEP, look at my new school jumper", handle="y6pupil", item_id="1"),
             item("MCEP uniform sale on Friday", owner=True, item_id="2"),
             item("Nice one", handle="y6pupil", item_id="3"))
    results = list(no_school_name_by_pupils(s, ctx()))
    assert [(r.subject, r.status) for r in results] == [("item:1", Status.FAIL), ("item:3", Status.PASS)]


def test_pupil_named_beside_a_photo_without_consent_is_critical() -> None:
    photo = (Media(url="https://cdn.example/p.jpg", type="photo"),)
    s = snap(item("Olivia Bennett at the museum", owner=True, item_id="1", media=photo),
             item("Amelia Wright at the museum", owner=True, item_id="2", media=photo),
             item("Olivia Bennett wrote a poem", owner=True, item_id="3"))
    results = list(no_pupil_full_names(s, ctx()))
    assert [(r.subject, r.status, r.escalate_to) for r in results] == [
        ("item:1", Status.FAIL, Severity.CRITICAL), ("item:2", Status.FAIL, None),
        ("item:3", Status.FAIL, None)]


def test_first_names_alone_pass_unless_the_pack_asks() -> None:
    s = snap(item("Well done Olivia!", owner=True))
    assert [r.status for r in no_pupil_full_names(s, ctx())] == [Status.PASS]
    assert [r.status for r in no_pupil_full_names(s, ctx({"flag_first_names": True}))] == [Status.FAIL]


def test_conduct_rules() -> None:
    s = snap(item("my login is jsmith pw Sunshine1", owner=True, item_id="1"),
             item("come alone and don't tell your mum", handle="stranger", item_id="2"),
             item("this is shit", handle="y6pupil", item_id="3"),
             item("see https://evil.example/x and https://www.millbrook.sch.uk/news", handle="x",
                  item_id="4"))

    def fails(results: object) -> list[str]:
        return [r.subject for r in results if r.status is Status.FAIL]  # type: ignore[attr-defined]
    assert fails(no_shared_credentials(s, ctx())) == ["item:1"]
    assert fails(no_contact_risk(s, ctx())) == ["item:2"]
    assert fails(no_profanity(s, ctx())) == ["item:3"]
    links = [r for r in links_allowed(s, ctx()) if r.status is Status.FAIL]
    assert [r.subject for r in links] == ["item:4"]
    assert "millbrook" not in links[0].evidence["found"]
    assert "Sunshine1" not in " ".join(next(iter(no_shared_credentials(s, ctx()))).evidence.values())


def test_without_a_roster_pupils_writing_cannot_be_checked() -> None:
    plain = RuleContext(account=AccountProfile(id="a", platform="wordpress", name="A"), school=SCHOOL,
                        now=NOW)
    results = list(no_school_name_by_pupils(snap(item("I go to MCEP", handle="y6pupil")), plain))
    assert [(r.subject, r.status) for r in results] == [("roster", Status.ERROR)]


def test_the_schools_own_published_contacts_are_not_personal_details() -> None:
    from dataclasses import replace

    school = replace(SCHOOL, public_contacts=("+441134960382", "office@millbrook.sch.uk"))
    context = RuleContext(account=AccountProfile(id="a", platform="wordpress", name="A"),
                          school=school, now=NOW)
    office = item("Absences: ring the office on (0113) 496-0382 or email Office@Millbrook.sch.uk",
                  owner=True, item_id="1")
    personal = item("or text me on 07700 900456, or mrs.p@example.com", owner=True, item_id="2")
    parent = item("I rang 0113 496 0382 twice, call me back on 07700 900123", handle="parent",
                  item_id="3")
    s = snap(office, personal, parent)
    staff = {r.subject: r for r in no_staff_personal_contacts(s, context)}
    assert staff["item:1"].status is Status.PASS and staff["item:2"].status is Status.FAIL
    public = {r.subject: r for r in no_personal_details(s, context)}
    assert public["item:3"].status is Status.FAIL  # the parent's own mobile still counts
    assert "07700 9" in public["item:3"].message + " ".join(public["item:3"].evidence.values())
    # Without the list, the office number is flagged as any number would be.
    alone = snap(office)
    assert [r.status for r in no_staff_personal_contacts(alone, ctx())] == [Status.FAIL]
