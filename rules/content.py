"""Rules on what is posted: pupils' personal information must not appear on a school site."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from auditor import (
    AccountSnapshot,
    Capability,
    ContentItem,
    Result,
    RuleContext,
    Severity,
    redact_spans,
    rule,
)
from rules.detectors import Detection
from rules.detectors.names import find_pupil_names
from rules.detectors.phone import find_phone_numbers


def _who(item: ContentItem) -> str:
    return "the account itself" if item.author.is_account_owner else "another user"


def _scan(snapshot: AccountSnapshot, what: str,
          detect: Callable[[str], list[Detection]]) -> Iterator[Result]:
    for item in snapshot.items:
        subject = f"item:{item.id}"
        found = detect(item.text)
        if not found:
            yield Result.passed(subject, f"no {what} found")
            continue
        excerpt = redact_spans(item.text, [(d.start, d.end, d.redacted) for d in found])
        yield Result.failed(
            subject,
            f"{len(found)} {what} in a {item.kind} by {_who(item)}",
            evidence={"excerpt": excerpt, "found": ", ".join(d.redacted for d in found),
                      "item": item.kind},
            url=item.url,
        )


@rule("any.content.no_pupil_full_names", title="No pupil's full name is posted",
      severity=Severity.HIGH, needs={Capability.CONTENT},
      remediation="Edit or remove the item so that pupils are named by first name only, "
                  "or not at all.")
def no_pupil_full_names(snapshot: AccountSnapshot, ctx: RuleContext) -> Iterator[Result]:
    """Pupils must not be identifiable online by their real names: a full name ties a child's
    photo, class and school to a person a stranger can find."""
    pupils = ctx.school.pupils
    if not pupils:
        yield Result.could_not_check("roster", "no pupil roster is set (school.pupil_roster)")
        return
    yield from _scan(snapshot, "pupil full name(s)", lambda text: find_pupil_names(text, pupils))


@rule("any.content.no_phone_numbers", title="No phone number is posted", severity=Severity.HIGH,
      needs={Capability.CONTENT},
      remediation="Remove the item or the number, and tell the person who posted it why.")
def no_phone_numbers(snapshot: AccountSnapshot, ctx: RuleContext) -> Iterator[Result]:
    """Pupils must never give out a home or mobile number, and staff keep their personal numbers
    private: a phone number on a school site lets anyone contact a child or a colleague."""
    yield from _scan(snapshot, "phone number(s)", find_phone_numbers)
