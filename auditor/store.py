"""The findings store: fingerprint dedupe, lifecycle, audit-trail events, and outbox alerts.

Everything one account's audit changes is written in the caller's transaction, so
a finding and the alert that announces it are committed together or not at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from auditor.config import SchoolConfig
from auditor.engine import Outcome
from auditor.models import Account, Finding, FindingEvent, OutboxAlert, Person, School
from auditor.rule import Status

__all__ = [
    "ACTIVE",
    "Changes",
    "RecipientResolver",
    "apply_outcomes",
    "fingerprint",
    "sync_directory",
    "transition",
]

#: Statuses in which a finding is still a live problem.
ACTIVE = ("open", "acknowledged", "muted")
SYSTEM = "auditor"
#: (email, name) pairs to tell about one outcome.
RecipientResolver = Callable[[Outcome], Sequence[tuple[str, str]]]


@dataclass
class Changes:
    """What one account's audit changed."""

    new: int = 0
    reopened: int = 0
    resolved: int = 0


def fingerprint(school: str, account: str, rule_id: str, subject: str) -> str:
    """The stable identity of a finding: a hash of (school, account, rule id, subject)."""
    return hashlib.sha256("\x1f".join((school, account, rule_id, subject)).encode()).hexdigest()


def sync_directory(session: Session, config: SchoolConfig) -> tuple[School, dict[str, Account]]:
    """Bring the school, its people and its accounts in the database up to date with auditor.yaml."""
    school = session.scalar(select(School).where(School.slug == config.slug))
    if school is None:
        school = School(slug=config.slug, name=config.school.name)
        session.add(school)
        session.flush()
    school.name = config.school.name
    people = {p.key: p for p in session.scalars(select(Person).where(Person.school_id == school.id))}
    for key, cfg in config.people.items():
        person = people.get(key) or Person(school_id=school.id, key=key)
        person.name, person.email, person.roles = cfg.name, cfg.email, list(cfg.roles)
        session.add(person)
    accounts = {a.key: a for a in
                session.scalars(select(Account).where(Account.school_id == school.id))}
    for key, acc in config.accounts.items():
        row = accounts.get(key) or Account(school_id=school.id, key=key)
        row.platform, row.name, row.handle = acc.platform, acc.name, acc.handle
        row.monitor_key, row.enabled = acc.monitor, acc.enabled
        row.authorised = acc.authorisation is not None
        session.add(row)
        accounts[key] = row
    session.flush()
    return school, accounts


def apply_outcomes(session: Session, *, school: School, account: Account, run_id: int | None,
                   outcomes: Iterable[Outcome], now: datetime,
                   recipients: RecipientResolver) -> Changes:
    """Update the account's findings from one audit's outcomes and queue alerts for new ones.

    A failure opens a finding, or reopens a resolved one; a dismissed finding stays
    dismissed. A finding whose rule ran completely and no longer fails is resolved;
    for rules that see only new items, only an explicit pass on that item resolves it.
    A rule that could not check, or was not run again because what it reads is unchanged,
    leaves its findings as they are.
    """
    changes = Changes()
    outcomes = list(outcomes)
    existing = {f.fingerprint: f for f in session.scalars(
        select(Finding).where(Finding.account_id == account.id))}
    seen: set[str] = set()
    passed: set[str] = set()
    checked_rules: set[str] = set()
    incremental: dict[str, bool] = {}
    errored_rules = {o.rule_id for o in outcomes if o.status is Status.ERROR}
    for o in outcomes:
        incremental[o.rule_id] = o.incremental
        fp = fingerprint(school.slug, account.key, o.rule_id, o.subject)
        if o.status is Status.PASS:
            passed.add(fp)
        if o.status not in (Status.FAIL, Status.MUTED):
            if o.status not in (Status.ERROR, Status.UNCHANGED):
                checked_rules.add(o.rule_id)
            continue
        checked_rules.add(o.rule_id)
        seen.add(fp)
        finding = existing.get(fp)
        target = "open" if o.status is Status.FAIL else "muted"
        if finding is None:
            finding = Finding(fingerprint=fp, school_id=school.id, account_id=account.id,
                              rule_id=o.rule_id, clause_id=o.clause_id, subject=o.subject,
                              status=target, first_seen=now, last_seen=now, occurrences=1,
                              reopen_count=0, severity="", title="", message="")
            _refresh(finding, o)
            session.add(finding)
            session.flush()
            _event(session, finding, run_id, now, "opened" if target == "open" else "muted",
                   None, target, o.message)
            if target == "open":
                changes.new += 1
                _alert(session, finding, run_id, now, "new", recipients(o))
            continue
        _refresh(finding, o)
        finding.last_seen = now
        finding.occurrences += 1
        if finding.status == "resolved" or (finding.status == "muted" and target == "open"):
            before = finding.status
            finding.status, finding.resolved_at = "open", None
            finding.reopen_count += 1
            _event(session, finding, run_id, now, "reopened", before, "open", o.message)
            changes.reopened += 1
            _alert(session, finding, run_id, now, "reopened", recipients(o))
        elif target == "muted" and finding.status in ("open", "acknowledged"):
            _event(session, finding, run_id, now, "muted", finding.status, "muted", o.message)
            finding.status = "muted"
    for fp, finding in existing.items():
        if fp in seen or finding.status not in ACTIVE:
            continue
        rule_id = finding.rule_id
        if rule_id in errored_rules or rule_id not in checked_rules:
            continue
        if incremental.get(rule_id, False) and fp not in passed:
            continue
        before = finding.status
        finding.status, finding.resolved_at = "resolved", now
        _event(session, finding, run_id, now, "resolved", before, "resolved",
               "no longer found by the audit")
        changes.resolved += 1
    return changes


def transition(session: Session, finding: Finding, to_status: str, *, actor: str,
               note: str | None, now: datetime) -> None:
    """A person's change to a finding (acknowledge, resolve, dismiss, reopen), recorded as an event."""
    allowed = {
        "acknowledged": ("open",),
        "resolved": ("open", "acknowledged", "muted"),
        "dismissed": ("open", "acknowledged", "muted"),
        "open": ("dismissed", "resolved", "acknowledged"),
    }
    if to_status not in allowed:
        raise ValueError(f"cannot set a finding to {to_status!r}")
    if finding.status not in allowed[to_status]:
        raise ValueError(f"finding {finding.id} is {finding.status}; it cannot become {to_status}")
    if to_status == "dismissed" and not note:
        raise ValueError("a dismissal needs a reason")
    before = finding.status
    finding.status = to_status
    finding.resolved_at = now if to_status == "resolved" else None
    _event(session, finding, None, now, to_status if to_status != "open" else "reopened",
           before, to_status, note, actor=actor)


def _refresh(finding: Finding, o: Outcome) -> None:
    finding.severity, finding.title, finding.message = str(o.severity), o.title, o.message
    finding.clause_id, finding.evidence, finding.url = o.clause_id, dict(o.evidence), o.url


def _event(session: Session, finding: Finding, run_id: int | None, now: datetime, action: str,
           before: str | None, after: str, note: str | None, *, actor: str = SYSTEM) -> None:
    session.add(FindingEvent(finding_id=finding.id, run_id=run_id, at=now, actor=actor,
                             action=action, from_status=before, to_status=after, note=note))


def _alert(session: Session, finding: Finding, run_id: int | None, now: datetime, reason: str,
           recipients: Sequence[tuple[str, str]]) -> None:
    for email, name in dict(recipients).items():
        session.add(OutboxAlert(created_at=now, run_id=run_id, finding_id=finding.id,
                                recipient=email, recipient_name=name, reason=reason))
