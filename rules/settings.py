"""Rules on an account's privacy settings."""

from __future__ import annotations

from collections.abc import Iterator

from auditor import AccountSnapshot, Capability, Result, RuleContext, Severity, rule

SUBJECT = "settings"


def _check_setting(snapshot: AccountSnapshot, ctx: RuleContext, field: str, *, unknown: str,
                   passed: str, failed: str) -> Iterator[Result]:
    """Pass when the normalised setting ``field`` is one of ``params["allowed"]``.

    ``passed`` and ``failed`` are formatted with the setting's value; a platform that does not
    report the setting gives "could not check" with ``unknown``, never a pass.
    """
    value = getattr(snapshot.settings, field, None) if snapshot.settings else None
    if value is None:
        yield Result.could_not_check(SUBJECT, unknown)
    elif value in ctx.params["allowed"]:
        yield Result.passed(SUBJECT, passed.format(value))
    else:
        yield Result.failed(SUBJECT, failed.format(value), evidence={field: str(value)})


@rule("any.settings.private", title="The site is private", severity=Severity.HIGH,
      needs={Capability.SETTINGS}, params={"allowed": ["private", "members"]},
      remediation="Set the account to private (or members only) in the platform's privacy settings.")
def private(snapshot: AccountSnapshot, ctx: RuleContext) -> Iterator[Result]:
    """The policy requires every school site to be private, so that nobody but its intended
    members can see it without an invitation. A public account shows pupils' work and
    comments to anyone."""
    return _check_setting(snapshot, ctx, "visibility",
                          unknown="the platform does not report who can see the account",
                          passed="the account is {}", failed="the account is {}: anyone can see it")


@rule("any.settings.invite_only", title="Members join by invitation or approved request only",
      severity=Severity.HIGH, needs={Capability.SETTINGS},
      params={"allowed": ["invite", "request", "closed"]},
      remediation="Turn off open joining: require an invitation or approve each request.")
def invite_only(snapshot: AccountSnapshot, ctx: RuleContext) -> Iterator[Result]:
    """The site must not be accessible to anyone other than its intended members without an
    invitation, so nobody may join or follow it without the school's say-so."""
    return _check_setting(snapshot, ctx, "join_policy",
                          unknown="the platform does not report how people join",
                          passed="joining is {}", failed="joining is {}: anyone can join or follow")
