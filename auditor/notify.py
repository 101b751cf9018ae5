"""Alerts: who is told, digests packed from the outbox, and delivery over SMTP or to .eml files."""

from __future__ import annotations

import logging
import smtplib
import ssl
import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from auditor.config import SchoolConfig
from auditor.engine import Outcome
from auditor.errors import NotifyError
from auditor.models import AuditRun, Finding, OutboxAlert, OutboxMessage
from auditor.policy import Policy
from auditor.settings import AppSettings

__all__ = ["Mailer", "SendReport", "pack_digests", "queue_message", "recipients_for", "send_due",
           "templates"]

log = logging.getLogger(__name__)
#: Alerts of a run that never finished (a crash) are packed after this long anyway.
STALE_RUN = timedelta(hours=1)
BACKOFF_FIRST = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=6)


def templates() -> Environment:
    """The Jinja2 environment for emails and reports (HTML autoescaped)."""
    # The templates are named *.html.j2: "html" alone would match none of them and leave
    # platform content (comments, names) unescaped in the HTML mail and report.
    return Environment(loader=PackageLoader("auditor", "templates"),
                       autoescape=select_autoescape(["html", "html.j2"]), trim_blocks=True,
                       lstrip_blocks=True)


def recipients_for(config: SchoolConfig, outcome: Outcome) -> list[tuple[str, str]]:
    """(email, name) of everyone the policy pack says to tell about ``outcome``."""
    account = config.accounts.get(outcome.account_id)
    out: dict[str, str] = {}

    def add(key: str | None) -> bool:
        person = config.people.get(key) if key else None
        if person is None or person.email is None or person.left_on is not None:
            return False
        out.setdefault(person.email, person.name)
        return True

    for role in outcome.notify:
        if role in ("monitor", "deputy") and account is not None:
            if not add(getattr(account, role)) and role == "monitor":
                # Nobody named to watch the account: the Headteacher answers for it.
                for key, _ in config.people_with_role("headteacher"):
                    add(key)
        elif role == "headteacher":
            for key, _ in config.people_with_role("headteacher"):
                add(key)
        else:
            for key, _ in config.people_with_role(role):
                add(key)
    return list(out.items())


def pack_digests(session: Session, config: SchoolConfig, policy: Policy, now: datetime) -> int:
    """Turn waiting alerts into one digest per recipient per audit run; returns digests made."""
    remedies = {pr.rule.id: pr.rule.remediation for pr in policy.rules}
    alerts = session.scalars(
        select(OutboxAlert).outerjoin(AuditRun, OutboxAlert.run_id == AuditRun.id)
        .where(OutboxAlert.message_id.is_(None))
        .where(or_(AuditRun.finished_at.is_not(None), OutboxAlert.created_at < now - STALE_RUN,
                   OutboxAlert.run_id.is_(None)))
        .order_by(OutboxAlert.id)
    ).all()
    groups: dict[tuple[int | None, str], list[OutboxAlert]] = defaultdict(list)
    for alert in alerts:
        groups[(alert.run_id, alert.recipient)].append(alert)
    env = templates()
    made = 0
    for (_run_id, recipient), group in groups.items():
        findings = [session.get_one(Finding, a.finding_id) for a in group]
        rows = sorted(zip(group, findings, strict=True),
                      key=lambda af: (-_rank(af[1].severity), af[1].account.name, af[1].rule_id))
        context = {
            "school": config.school.name, "name": group[0].recipient_name,
            "rows": [{"reason": a.reason, "f": f, "account": f.account,
                      "remediation": remedies.get(f.rule_id)} for a, f in rows],
            "generated": now,
        }
        worst = max((f.severity for f in findings), key=_rank)
        count = len(findings)
        subject = (f"[{config.school.name}] {count} new social-media finding"
                   f"{'s' if count != 1 else ''} ({worst} severity)")
        message = queue_message(session, kind="digest", recipient=recipient, subject=subject,
                                text=env.get_template("digest.txt.j2").render(context),
                                html=env.get_template("digest.html.j2").render(context), now=now)
        for alert in group:
            alert.message_id = message.id
        made += 1
    return made


def queue_message(session: Session, *, kind: str, recipient: str, subject: str, text: str,
                  html: str, now: datetime) -> OutboxMessage:
    """Add a rendered email to the outbox, due now."""
    message = OutboxMessage(created_at=now, kind=kind, recipient=recipient, subject=subject,
                            body_text=text, body_html=html, status="pending", attempts=0,
                            next_attempt_at=now,
                            message_id=make_msgid(idstring=uuid.uuid4().hex[:12],
                                                  domain="school-social-auditor"))
    session.add(message)
    session.flush()
    return message


class Mailer:
    """Delivers one email: over SMTP when a host is set, else as an .eml file under the outbox folder."""

    def __init__(self, settings: AppSettings) -> None:
        self.settings = settings

    @property
    def target(self) -> str:
        """Where mail goes, for people to read (never the password)."""
        s = self.settings
        if not s.smtp_enabled:
            return f"files under {s.outbox_dir}"
        return f"smtp {s.smtp_host}:{self._port()} ({s.smtp_security})"

    def build(self, message: OutboxMessage) -> EmailMessage:
        """The MIME message: plain text with an HTML alternative."""
        mail = EmailMessage()
        mail["From"] = self.settings.mail_from
        mail["To"] = message.recipient
        mail["Subject"] = message.subject
        mail["Date"] = format_datetime(message.created_at)
        mail["Message-ID"] = message.message_id
        mail["Auto-Submitted"] = "auto-generated"
        mail.set_content(message.body_text)
        mail.add_alternative(message.body_html, subtype="html")
        return mail

    def deliver(self, message: OutboxMessage) -> str:
        """Hand the message over; returns where it went. Raises NotifyError on failure."""
        mail = self.build(message)
        if not self.settings.smtp_enabled:
            return self._file(mail, message)
        return self._smtp(mail)

    def _file(self, mail: EmailMessage, message: OutboxMessage) -> str:
        folder = self.settings.outbox_dir
        path = folder / f"{message.created_at:%Y%m%dT%H%M%S}-{message.kind}-{message.id}.eml"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(bytes(mail))
        except OSError as exc:
            # A full disk or a bad folder is an outage like a dead SMTP server: back off, keep the row.
            raise NotifyError(f"{path}: {type(exc).__name__}: {exc.strerror or exc}") from None
        return str(path)

    def _port(self) -> int:
        s = self.settings
        return s.smtp_port or {"ssl": 465, "starttls": 587}.get(s.smtp_security, 25)

    def _smtp(self, mail: EmailMessage) -> str:
        s = self.settings
        host, port = s.smtp_host or "", self._port()
        try:
            smtp: smtplib.SMTP
            if s.smtp_security == "ssl":
                smtp = smtplib.SMTP_SSL(host, port, timeout=s.smtp_timeout,
                                        context=ssl.create_default_context())
            else:
                smtp = smtplib.SMTP(host, port, timeout=s.smtp_timeout)
            with smtp:
                if s.smtp_security == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
                if s.smtp_username and s.smtp_password is not None:
                    smtp.login(s.smtp_username, s.smtp_password.get_secret_value())
                smtp.send_message(mail)
        except (OSError, smtplib.SMTPException) as exc:
            # The exception text of smtplib never holds the password; the class name and
            # the server's reply say enough to act on.
            raise NotifyError(f"{host}:{port}: {type(exc).__name__}: {exc}") from None
        return f"{host}:{port}"


class SendReport:
    """What one pass of the sender did."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.failed: list[str] = []

    def __repr__(self) -> str:
        return f"SendReport(sent={len(self.sent)}, failed={len(self.failed)})"


def send_due(sessions: sessionmaker[Session], mailer: Mailer, now: datetime,
             limit: int = 200) -> SendReport:
    """Send every pending message that is due, each once; a failure backs off and keeps it."""
    report = SendReport()
    with sessions() as session:
        ids: Sequence[int] = session.scalars(
            select(OutboxMessage.id).where(OutboxMessage.status == "pending")
            .where(OutboxMessage.next_attempt_at <= now).order_by(OutboxMessage.id).limit(limit)
        ).all()
    for message_id in ids:
        with sessions.begin() as session:
            # Locked so that two senders (on PostgreSQL) never send the same row twice.
            message = session.scalar(
                select(OutboxMessage).where(OutboxMessage.id == message_id)
                .where(OutboxMessage.status == "pending").with_for_update(skip_locked=True))
            if message is None:
                continue
            message.attempts += 1
            try:
                where = mailer.deliver(message)
            except NotifyError as exc:
                delay = min(BACKOFF_FIRST * 2 ** (message.attempts - 1), BACKOFF_MAX)
                message.next_attempt_at = now + delay
                message.last_error = str(exc)[:1000]
                report.failed.append(message.recipient)
                log.warning("could not send %s to %s (attempt %d, next in %s): %s",
                            message.kind, message.recipient, message.attempts, delay, exc)
                continue
            message.status, message.sent_at, message.delivered_to = "sent", now, where
            message.last_error = None
            report.sent.append(where)
    return report


def _rank(severity: str) -> int:
    order = ["info", "low", "medium", "high", "critical"]
    return order.index(severity) if severity in order else 0
