"""Rules for accounts attested by hand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from auditor import AccountSnapshot, Capability, Result, RuleContext, Severity, rule


@rule("attestation.attestation.current", title="The attestation is up to date",
      severity=Severity.MEDIUM, needs={Capability.SETTINGS}, platforms={"attestation"},
      remediation="The named monitor checks the group's settings and members again and updates "
                  "the attestation file with today's date.")
def current(snapshot: AccountSnapshot, ctx: RuleContext) -> Iterator[Result]:
    """Content monitoring follows the method and timing agreed with the Headteacher. Where no
    API shows a site, the monitor's own record is the check, and it must be as fresh as the
    agreed monitoring interval."""
    raw = snapshot.settings.raw if snapshot.settings else {}
    try:
        attested = date.fromisoformat(str(raw["attested_on"]))
    except (KeyError, ValueError):
        yield Result.could_not_check("attestation", "the attestation carries no date")
        return
    interval = ctx.account.monitoring_interval or timedelta(days=7)
    allowed = max(1, -(-interval // timedelta(days=1)))  # whole days, at least one
    age = (ctx.now.date() - attested).days
    who = raw.get("attested_by", "?")
    if age < 0:
        yield Result.failed("attestation", f"attested on {attested}, a date in the future")
    elif age > allowed:
        yield Result.failed("attestation", f"last attested by {who} on {attested}, {age} days ago; "
                            f"the account is to be checked every {allowed} day(s)",
                            evidence={"attested_on": attested.isoformat(), "age_days": str(age)})
    else:
        yield Result.passed("attestation", f"attested by {who} on {attested}")
