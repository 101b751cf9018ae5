"""Rules on conduct: bullying and discrimination, swearing, shared passwords, risky contact."""

from __future__ import annotations

from collections.abc import Iterator

from auditor import AccountSnapshot, AuthorKind, Capability, Result, RuleContext, Severity, rule
from rules.findings import content_results

_EVERYONE: frozenset[AuthorKind] = frozenset({"staff", "pupil", "public"})


@rule("any.content.no_abuse", title="No bullying, harassment, discrimination or derogatory remarks",
      severity=Severity.HIGH, needs={Capability.CONTENT},
      remediation="Hide or remove the item, keep a copy for the record, and follow the school's "
                  "anti-bullying and safeguarding procedures.")
def no_abuse(snapshot: AccountSnapshot, ctx: RuleContext) -> Iterator[Result]:
    """Nobody on a school site may bully, harass or be discriminatory, defamatory or derogatory,
    in any way: it harms the child or colleague it targets and brings the school into disrepute."""
    yield from content_results(snapshot, ctx, kinds=frozenset({"abuse"}), authors=_EVERYONE,
                               what="bullying or derogatory language")


@rule("any.content.no_profanity", title="No swearing", severity=Severity.MEDIUM,
      needs={Capability.CONTENT},
      remediation="Hide or remove the item.")
def no_profanity(snapshot: AccountSnapshot, ctx: RuleContext) -> Iterator[Result]:
    """Swearing on a site pupils read is inappropriate content the monitor must remove."""
    yield from content_results(snapshot, ctx, kinds=frozenset({"profanity"}), authors=_EVERYONE,
                               what="swearing")


@rule("any.content.no_shared_credentials", title="No log-in details or passwords are shared",
      severity=Severity.HIGH, needs={Capability.CONTENT},
      remediation="Remove the item and change the password at once; tell IT.")
def no_shared_credentials(snapshot: AccountSnapshot, ctx: RuleContext) -> Iterator[Result]:
    """Staff never share work log-in details or passwords; a password posted where pupils,
    parents or the public can read it must be treated as known to everyone."""
    yield from content_results(snapshot, ctx, kinds=frozenset({"credential"}), authors=_EVERYONE,
                               what="a password or log-in")


@rule("any.content.no_contact_risk", title="No one asks a child to meet alone, keep secrets or "
      "move to a private chat", severity=Severity.CRITICAL, needs={Capability.CONTENT},
      remediation="Hide the item, keep a copy, and pass it to the designated safeguarding lead "
                  "today; report to CEOP if a child may be at risk.")
def no_contact_risk(snapshot: AccountSnapshot, ctx: RuleContext) -> Iterator[Result]:
    """Pupils never arrange to meet anyone alone; an adult asking a child to meet alone, keep a
    secret, move to a private chat or send photos is a safeguarding concern for the DSL. The
    request counts when the account itself or the public makes it: two pupils on the roster
    agreeing to meet at the park are classmates, not a stranger grooming a child."""
    yield from content_results(snapshot, ctx, kinds=frozenset({"contact_risk"}), authors=_EVERYONE,
                               what="a request a child must not be asked")
