"""The Headteacher's weekly audit summary, as an email and a standalone HTML report."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from auditor.app import App
from auditor.errors import ConfigError
from auditor.models import Account, AccountAudit, Finding, FindingEvent, School
from auditor.notify import queue_message, templates
from auditor.rule import Severity

__all__ = ["Summary", "build_summary", "parse_week", "queue_summary", "write_summary"]

SEVERITIES = [str(s) for s in reversed(Severity)]


@dataclass
class Summary:
    """Everything the weekly summary shows."""

    school: str
    week: str
    start: datetime
    end: datetime
    generated: datetime
    clauses: list[dict[str, Any]] = field(default_factory=list)
    by_severity: dict[str, int] = field(default_factory=dict)
    by_account: list[dict[str, Any]] = field(default_factory=list)
    new: list[Finding] = field(default_factory=list)
    resolved: list[Finding] = field(default_factory=list)
    oldest_open: list[Finding] = field(default_factory=list)
    unchecked: list[dict[str, str]] = field(default_factory=list)
    unauthorised: list[str] = field(default_factory=list)

    @property
    def first_day(self) -> date:
        """The week's Monday, in the school's time zone."""
        return date.fromisocalendar(int(self.week[:4]), int(self.week[6:]), 1)

    @property
    def last_day(self) -> date:
        """The week's Sunday, in the school's time zone."""
        return self.first_day + timedelta(days=6)

    @property
    def open_total(self) -> int:
        """Open findings of every severity."""
        return sum(self.by_severity.values())


def parse_week(text: str | None, now: datetime, tz: ZoneInfo) -> tuple[str, datetime, datetime]:
    """``2026-W47`` (or the last complete week) as its label and its UTC start and end."""
    if text is None:
        local_today = now.astimezone(tz).date()
        monday = local_today - timedelta(days=local_today.weekday() + 7)
    else:
        match = re.fullmatch(r"(\d{4})-W(\d{2})", text.strip())
        if not match:
            raise ConfigError("write the week as YYYY-Www, for example 2026-W47", key="--week")
        try:
            monday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
        except ValueError as exc:
            raise ConfigError(str(exc), key="--week") from None
    iso = monday.isocalendar()
    start = datetime.combine(monday, time(0), tz).astimezone(UTC)
    end = datetime.combine(monday + timedelta(days=7), time(0), tz).astimezone(UTC)
    return f"{iso.year}-W{iso.week:02d}", start, end


def build_summary(app: App, week: str | None = None) -> Summary:
    """Read the database and build the summary of one week."""
    tz = ZoneInfo(app.config.school.timezone)
    label, start, end = parse_week(week, app.clock(), tz)
    config = app.config
    summary = Summary(school=config.school.name, week=label, start=start, end=end,
                      generated=app.clock())
    with app.sessions() as session:
        school = session.scalar(select(School).where(School.slug == config.slug))
        accounts = {} if school is None else {a.key: a for a in session.scalars(
            select(Account).where(Account.school_id == school.id))}
        keys = [k for k, a in config.accounts.items() if a.enabled]
        latest = _latest_audits(session, [accounts[k].id for k in keys if k in accounts], end)
        ids = [a.id for a in accounts.values()]
        open_findings = list(session.scalars(
            select(Finding).where(Finding.account_id.in_(ids))
            .where(Finding.status.in_(("open", "acknowledged"))).order_by(Finding.first_seen)))
        _clauses(summary, app, keys, accounts, latest,
                 {(f.account_id, f.rule_id) for f in open_findings if f.first_seen < end})
        for key in keys:
            acc = accounts.get(key)
            audit = latest.get(acc.id) if acc else None
            if audit is None or audit.finished_at < start:
                summary.unchecked.append({"account": config.accounts[key].name,
                                          "reason": "not audited this week"})
            elif audit.status != "complete":
                reasons = audit.error or "; ".join(f"{k}: {v}" for k, v in audit.missing.items())
                summary.unchecked.append({"account": config.accounts[key].name, "reason": reasons})
        summary.unauthorised = [a.name for a in config.accounts.values()
                                if a.enabled and a.authorisation is None]
        summary.by_severity = {s: sum(f.severity == s for f in open_findings) for s in SEVERITIES}
        per_account: dict[str, dict[str, Any]] = {}
        for f in open_findings:
            row = per_account.setdefault(f.account.name, {"account": f.account.name,
                                                          **{s: 0 for s in SEVERITIES}})
            row[f.severity] += 1
        summary.by_account = sorted(per_account.values(), key=lambda r: r["account"])
        summary.oldest_open = open_findings[:5]
        summary.new = list(session.scalars(
            select(Finding).where(Finding.account_id.in_(ids))
            .where(Finding.first_seen >= start, Finding.first_seen < end)
            .order_by(Finding.first_seen)))
        resolved_ids = session.scalars(
            select(FindingEvent.finding_id).where(FindingEvent.to_status == "resolved")
            .where(FindingEvent.at >= start, FindingEvent.at < end)).all()
        summary.resolved = [f for f in session.scalars(
            select(Finding).where(Finding.id.in_(set(resolved_ids)))
            .where(Finding.account_id.in_(ids)))]
        for f in [*summary.new, *summary.resolved, *summary.oldest_open]:
            _ = f.account  # loaded while the session is open, for the templates
    return summary


def _latest_audits(session: Session, account_ids: list[int], before: datetime) -> dict[int, AccountAudit]:
    out: dict[int, AccountAudit] = {}
    for audit in session.scalars(
            select(AccountAudit).where(AccountAudit.account_id.in_(account_ids))
            .where(AccountAudit.finished_at < before).order_by(AccountAudit.finished_at)):
        out[audit.account_id] = audit
    return out


def _clauses(summary: Summary, app: App, keys: list[str], accounts: dict[str, Account],
             latest: dict[int, AccountAudit], open_rules: set[tuple[int, str]]) -> None:
    """Per clause: accounts that comply, breach, or could not be checked, from their latest audit.

    An account with an open finding under a clause is in breach of it, whatever its latest
    audit saw: content rules judge only new items, so a later audit that found no new posts
    says nothing about the post that is still up.
    """
    for clause in app.policy.clauses:
        rule_ids = {pr.rule.id for pr in app.policy.rules if pr.clause.id == clause.id}
        counts = {"compliant": 0, "breach": 0, "unchecked": 0, "not_applicable": 0}
        for key in keys:
            acc = accounts.get(key)
            audit = latest.get(acc.id) if acc else None
            if acc is not None and any((acc.id, r) in open_rules for r in rule_ids):
                counts["breach"] += 1
                continue
            if audit is None or audit.finished_at < summary.start:
                counts["unchecked"] += 1
                continue
            tallies = [audit.outcomes[r] for r in rule_ids if r in audit.outcomes]
            if any(t["fail"] for t in tallies):
                counts["breach"] += 1
            elif any(t["error"] for t in tallies):
                counts["unchecked"] += 1
            elif not tallies or all(t["pass"] + t["muted"] == 0 for t in tallies):
                counts["not_applicable"] += 1
            else:
                counts["compliant"] += 1
        assessed = counts["compliant"] + counts["breach"] + counts["unchecked"]
        summary.clauses.append({
            "clause": clause, **counts,
            "percent": round(100 * counts["compliant"] / assessed) if assessed else None,
        })


def render(summary: Summary) -> tuple[str, str, str]:
    """(subject, text, html) of the summary."""
    env = templates()
    context = {"s": summary}
    subject = (f"[{summary.school}] Weekly social-media audit {summary.week}: "
               f"{summary.open_total} open finding{'s' if summary.open_total != 1 else ''}")
    return (subject, env.get_template("summary.txt.j2").render(context),
            env.get_template("summary.html.j2").render(context))


def write_summary(app: App, summary: Summary) -> Path:
    """Write the standalone HTML report; returns its path."""
    _, _, html = render(summary)
    folder = app.settings.reports_dir
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"summary-{summary.week}.html"
    path.write_text(html, encoding="utf-8")
    return path


def queue_summary(app: App, summary: Summary) -> int:
    """Put the summary in the outbox for every Headteacher; returns how many were queued."""
    subject, text, html = render(summary)
    heads = [p for _, p in app.config.people_with_role("headteacher") if p.email]
    with app.sessions.begin() as session:
        for person in heads:
            assert person.email is not None
            queue_message(session, kind="summary", recipient=person.email, subject=subject,
                          text=text, html=html, now=app.clock())
    return len(heads)
