"""Rules on what is posted: personal information, pupils' names and the school's name, links."""

from __future__ import annotations

from collections.abc import Iterator

from auditor import (
    AccountSnapshot,
    AuthorKind,
    Capability,
    ContentItem,
    Detection,
    Result,
    RuleContext,
    Severity,
    rule,
)
from rules.findings import content_results, named_without_consent, photos

_EVERYONE: frozenset[AuthorKind] = frozenset({"staff", "pupil", "public"})
_NOT_STAFF: frozenset[AuthorKind] = frozenset({"pupil", "public"})
#: What identifies or reaches a person: the same kinds, judged under the clause that fits the author.
_PERSONAL = frozenset({"phone", "email", "postcode", "address", "date_of_birth"})


@rule("any.content.no_pupil_full_names", title="No pupil's full name is posted",
      severity=Severity.HIGH, needs={Capability.CONTENT}, params={"flag_first_names": False},
      remediation="Edit or remove the item so that pupils are named by first name only, "
                  "or not at all.")
def no_pupil_full_names(snapshot: AccountSnapshot, ctx: RuleContext) -> Iterator[Result]:
    """Pupils must not be identifiable online by their real names: a full name ties a child's
    photo, class and school to a person a stranger can find. Naming a pupil who has no photo
    consent beside a photo is critical. Set ``flag_first_names: true`` to report first names too."""
    if not ctx.school.pupils:
        yield Result.could_not_check("roster", "no pupil roster is set (school.pupil_roster)")
        return
    flag = bool(ctx.params.get("flag_first_names", False))

    def escalate(item: ContentItem, found: list[Detection]) -> Severity | None:
        return Severity.CRITICAL if photos(item) and named_without_consent(item, ctx) else None

    yield from content_results(snapshot, ctx, kinds=frozenset({"pupil_name"}), authors=_EVERYONE,
                               what="a pupil's name", escalate=escalate, flag_first_names=flag)


@rule("any.content.no_personal_details", title="No one posts a phone number, email address, home "
      "address or date of birth", severity=Severity.HIGH, needs={Capability.CONTENT},
      remediation="Hide or remove the comment, and tell the pupil or parent who posted it why.")
def no_personal_details(snapshot: AccountSnapshot, ctx: RuleContext) -> Iterator[Result]:
    """Pupils never give out personal information about themselves, friends or family: a home
    address, phone or mobile number, email address or birthday lets a stranger find or contact
    a child. Also covers comments by parents and the public, which expose the same children."""
    yield from content_results(snapshot, ctx, kinds=_PERSONAL, authors=_NOT_STAFF, what="personal details")


@rule("any.content.no_staff_personal_contacts", title="Staff keep personal phone numbers and "
      "email addresses private", severity=Severity.MEDIUM, needs={Capability.CONTENT},
      remediation="Edit the post to give the school office's number or address instead, "
                  "or add the school's own contact details to an exception.")
def no_staff_personal_contacts(snapshot: AccountSnapshot, ctx: RuleContext) -> Iterator[Result]:
    """Staff keep personal phone numbers private and do not give personal email addresses to
    pupils or parents; a school's own posts also never carry a home address or a birth date."""
    yield from content_results(snapshot, ctx, kinds=_PERSONAL, authors=frozenset({"staff"}),
                               what="contact details")


@rule("any.content.no_school_name_by_pupils", title="Pupils do not post the school's name or "
      "their uniform", severity=Severity.MEDIUM, needs={Capability.CONTENT},
      remediation="Hide the comment and remind the pupil not to name their school or show "
                  "their uniform online.")
def no_school_name_by_pupils(snapshot: AccountSnapshot, ctx: RuleContext) -> Iterator[Result]:
    """Pupils never give the school's name or a picture in school uniform, even to a friend:
    together with a first name, it tells a stranger where to find the child every weekday.
    Pupils are told apart by the account's member roster; without one this cannot be checked."""
    if ctx.account.roster is None:
        yield Result.could_not_check("roster", "no member roster is set (membership.roster): pupils' "
                                     "writing cannot be told apart from the public's")
        return
    yield from content_results(snapshot, ctx, kinds=frozenset({"school_name", "uniform"}),
                               authors=frozenset({"pupil"}), what="the school's name or uniform")


@rule("any.content.links_allowed", title="Links point only to sites the school trusts",
      severity=Severity.LOW, needs={Capability.CONTENT},
      remediation="Check the site; remove the link, or add the domain to school.link_allow_list "
                  "if it is one the school recommends.")
def links_allowed(snapshot: AccountSnapshot, ctx: RuleContext) -> Iterator[Result]:
    """Pupils use the websites their teacher recommends and are wary of unfamiliar links: a
    link on a school site reads as the school's recommendation."""
    yield from content_results(snapshot, ctx, kinds=frozenset({"link"}), authors=_EVERYONE,
                               what="a link to a site not on the school's list")
