"""Rules on who belongs to an account and who administers it."""

from __future__ import annotations

from collections.abc import Iterator

from auditor import AccountSnapshot, Capability, Member, Result, RuleContext, Severity, rule


def _is_staff(member: Member, ctx: RuleContext, *, current_only: bool = True) -> bool:
    # Platforms that give no handle (LinkedIn, Facebook) are matched on the member's id.
    platform = ctx.account.platform
    return any((p.uses(platform, member.handle) or p.uses(platform, member.id))
               and (p.current or not current_only) for p in ctx.school.staff)


def _label(member: Member) -> str:
    # Handles are what the monitor needs to act on; display names may be real names, so they stay out.
    return f"@{member.handle}" if member.handle else f"id {member.id}"


@rule("any.members.on_roster", title="Every member is on the account's roster",
      severity=Severity.HIGH, needs={Capability.MEMBERS},
      remediation="Remove the member, or add them to the roster if they are meant to be there.")
def on_roster(snapshot: AccountSnapshot, ctx: RuleContext) -> Iterator[Result]:
    """Staff must restrict a site's membership to its intended members. Anyone following or
    belonging to the account who is not on its roster, and is not a member of staff, may be
    a stranger watching pupils."""
    roster = ctx.account.roster
    if roster is None:
        yield Result.could_not_check(
            "members", f"no roster is set: add accounts.{ctx.account.id}.membership.roster")
        return
    if snapshot.members is None:
        yield Result.could_not_check("members", "the connector returned no member list")
        return
    if not snapshot.members:
        # Said out loud, so that findings about members since removed are resolved.
        yield Result.passed("members", "the account has no members")
    for member in snapshot.members:
        subject = f"member:{member.id}"
        handle = (member.handle or "").lstrip("@").casefold()
        if handle in roster or _is_staff(member, ctx):
            yield Result.passed(subject, f"{_label(member)} is on the roster")
        else:
            yield Result.failed(subject, f"{_label(member)} is a {member.role} but not on the roster",
                                evidence={"member": _label(member), "role": member.role})


@rule("any.members.within_limit", title="Membership is within the agreed limit",
      severity=Severity.MEDIUM,
      remediation="Review the members and remove those who should not be there.")
def within_limit(snapshot: AccountSnapshot, ctx: RuleContext) -> Iterator[Result]:
    """The proposed membership is agreed with the Headteacher before a site goes live; more
    members than agreed means the site has grown beyond its intended audience."""
    limit = ctx.account.member_limit
    if limit is None:
        yield Result.not_applicable("members", "no membership limit is recorded for this account")
        return
    count = snapshot.member_count
    if count is None and snapshot.observed(Capability.MEMBERS) and snapshot.members is not None:
        count = len(snapshot.members)
    if count is None:
        reason = snapshot.missing.get(Capability.MEMBERS, "the platform does not report a count")
        yield Result.could_not_check("members", f"member count unknown: {reason}")
        return
    if count <= limit:
        yield Result.passed("members", f"{count} members, within the limit of {limit}")
    else:
        yield Result.failed("members", f"{count} members, above the agreed limit of {limit}",
                            evidence={"count": str(count), "limit": str(limit)})


@rule("any.admins.current_staff", title="Only current staff administer the account",
      severity=Severity.HIGH, needs={Capability.SETTINGS},
      remediation="Remove the administrator, or record their handle under people in auditor.yaml.")
def admins_current_staff(snapshot: AccountSnapshot, ctx: RuleContext) -> Iterator[Result]:
    """Log-in details are never shared and access is restricted: everyone who can post as or
    manage the school's account must be a current member of staff, and leavers lose access."""
    admins = snapshot.settings.admins if snapshot.settings else None
    if admins is None:
        yield Result.could_not_check("admins", "the platform does not show who administers it")
        return
    if not admins:
        yield Result.passed("admins", "no administrators are listed")
    for admin in admins:
        subject = f"admin:{admin.id}"
        if _is_staff(admin, ctx):
            yield Result.passed(subject, f"{_label(admin)} is current staff")
        elif _is_staff(admin, ctx, current_only=False):
            yield Result.failed(subject, f"{_label(admin)} has left the school but is still {admin.role}",
                                evidence={"admin": _label(admin), "role": admin.role})
        else:
            yield Result.failed(subject, f"{_label(admin)} is {admin.role} but not known as staff",
                                evidence={"admin": _label(admin), "role": admin.role})


@rule("any.admins.at_least_two", title="At least two members of staff administer the account",
      severity=Severity.MEDIUM, needs={Capability.SETTINGS}, params={"minimum": 2},
      remediation="Give a second member of staff (the deputy monitor) an administrator role.")
def admins_at_least_two(snapshot: AccountSnapshot, ctx: RuleContext) -> Iterator[Result]:
    """Inappropriate content must be removed promptly; with a single administrator nobody can
    act when that person is away, and the account is lost if they leave."""
    admins = snapshot.settings.admins if snapshot.settings else None
    if admins is None:
        yield Result.could_not_check("admins", "the platform does not show who administers it")
        return
    staff = sum(1 for a in admins if _is_staff(a, ctx))
    minimum = int(ctx.params["minimum"])
    if staff >= minimum:
        yield Result.passed("admins", f"{staff} staff administrators")
    else:
        yield Result.failed("admins", f"{staff} staff administrator(s); at least {minimum} needed",
                            evidence={"staff_admins": str(staff)})
