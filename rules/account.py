"""Rules on the account's record: authorisation, a named monitor, and whether it could be watched."""

from __future__ import annotations

from collections.abc import Iterator

from auditor import AccountSnapshot, Result, RuleContext, Severity, rule


@rule("any.account.authorised", title="The Headteacher authorised the account",
      severity=Severity.HIGH,
      remediation="Agree the site's purpose, content and membership with the Headteacher and "
                  "record the authorisation under the account in auditor.yaml.")
def authorised(snapshot: AccountSnapshot, ctx: RuleContext) -> Iterator[Result]:
    """Before a site is set up, the member of staff must discuss it with, and get authorisation
    from, the Headteacher, and the agreement is written up and filed."""
    auth = ctx.account.authorisation
    if auth is None:
        yield Result.failed("authorisation", "no authorisation record is filed for this account")
        return
    approver = ctx.school.staff_by_key(auth.approved_by)
    if approver is None or "headteacher" not in approver.roles:
        yield Result.failed("authorisation",
                            f"approved by {auth.approved_by}, who is not the Headteacher")
    elif auth.approved_on > ctx.now.date():
        yield Result.failed("authorisation", f"the approval date {auth.approved_on} is in the future")
    else:
        yield Result.passed("authorisation", f"authorised by {approver.name} on {auth.approved_on}")


@rule("any.account.monitored", title="A named member of staff monitors the account",
      severity=Severity.HIGH,
      remediation="Name a current member of staff as the account's monitor in auditor.yaml.")
def monitored(snapshot: AccountSnapshot, ctx: RuleContext) -> Iterator[Result]:
    """The authorisation names the member of staff responsible for monitoring all content on
    the site; without one, nobody is answerable for what pupils and visitors post."""
    key = ctx.account.monitor
    person = ctx.school.staff_by_key(key) if key else None
    if person is None:
        yield Result.failed("monitor", "no named monitor")
    elif not person.current:
        yield Result.failed("monitor", f"the named monitor, {person.name}, has left the school")
    else:
        yield Result.passed("monitor", f"monitored by {person.name}")


@rule("any.audit.observed", title="The auditor could read everything it checks",
      severity=Severity.MEDIUM,
      remediation="IT: check the account's credentials and the app's permissions on the platform.")
def observed(snapshot: AccountSnapshot, ctx: RuleContext) -> Iterator[Result]:
    """All content must be monitored. When the platform refuses or fails to show part of an
    account, the checks on that part cannot run, and somebody has to put that right."""
    if not snapshot.missing:
        yield Result.passed("connection", "every capability was read")
        return
    reasons = "; ".join(f"{cap}: {why}" for cap, why in sorted(snapshot.missing.items()))
    yield Result.failed("connection", f"could not read {reasons}",
                        evidence={"missing": ", ".join(sorted(snapshot.missing))})
