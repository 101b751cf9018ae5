"""Rules on an account's privacy settings."""

from __future__ import annotations

from collections.abc import Iterator

from auditor import AccountSnapshot, Capability, Result, RuleContext, Severity, rule

SUBJECT = "settings"


@rule("any.settings.private", title="The site is private", severity=Severity.HIGH,
      needs={Capability.SETTINGS}, params={"allowed": ["private", "members"]},
      remediation="Set the account to private (or members only) in the platform's privacy settings.")
def private(snapshot: AccountSnapshot, ctx: RuleContext) -> Iterator[Result]:
    """The policy requires every school site to be private, so that nobody but its intended
    members can see it without an invitation. A public account shows pupils' work and
    comments to anyone."""
    settings = snapshot.settings
    if settings is None or settings.visibility is None:
        yield Result.could_not_check(SUBJECT, "the platform does not report who can see the account")
        return
    if settings.visibility in ctx.params["allowed"]:
        yield Result.passed(SUBJECT, f"the account is {settings.visibility}")
    else:
        yield Result.failed(SUBJECT, f"the account is {settings.visibility}: anyone can see it",
                            evidence={"visibility": settings.visibility})


@rule("any.settings.invite_only", title="Members join by invitation or approved request only",
      severity=Severity.HIGH, needs={Capability.SETTINGS},
      params={"allowed": ["invite", "request", "closed"]},
      remediation="Turn off open joining: require an invitation or approve each request.")
def invite_only(snapshot: AccountSnapshot, ctx: RuleContext) -> Iterator[Result]:
    """The site must not be accessible to anyone other than its intended members without an
    invitation, so nobody may join or follow it without the school's say-so."""
    settings = snapshot.settings
    if settings is None or settings.join_policy is None:
        yield Result.could_not_check(SUBJECT, "the platform does not report how people join")
        return
    if settings.join_policy in ctx.params["allowed"]:
        yield Result.passed(SUBJECT, f"joining is {settings.join_policy}")
    else:
        yield Result.failed(SUBJECT, f"joining is {settings.join_policy}: anyone can join or follow",
                            evidence={"join_policy": settings.join_policy})
