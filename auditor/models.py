"""The database models: schools, people, accounts, audit runs, findings and their events, cursors, outbox."""

from __future__ import annotations

from datetime import UTC as _UTC
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

__all__ = [
    "Account",
    "AccountAudit",
    "AuditRun",
    "Base",
    "Cursor",
    "Finding",
    "FindingEvent",
    "OutboxAlert",
    "OutboxMessage",
    "Person",
    "School",
]

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC and gives them back aware, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use UTC-aware datetimes")
        return value.astimezone(_UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=_UTC) if value.tzinfo is None else value.astimezone(_UTC)


class Base(DeclarativeBase):
    """Declarative base with a naming convention, so migrations name constraints the same everywhere."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class School(Base):
    """A school (a trust may audit several from one database)."""

    __tablename__ = "schools"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))


class Person(Base):
    """A member of staff as last read from auditor.yaml."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("school_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    roles: Mapped[list[Any]] = mapped_column(default=list)


class Account(Base):
    """An approved account as last read from auditor.yaml."""

    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("school_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    platform: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    handle: Mapped[str | None] = mapped_column(String(200))
    monitor_key: Mapped[str | None] = mapped_column(String(64))
    authorised: Mapped[bool] = mapped_column(default=False)
    enabled: Mapped[bool] = mapped_column(default=True)


class AuditRun(Base):
    """One audit of one or more accounts: when, what it found, what failed."""

    __tablename__ = "audit_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    trigger: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16), default="running")
    accounts_total: Mapped[int] = mapped_column(default=0)
    accounts_complete: Mapped[int] = mapped_column(default=0)
    accounts_partial: Mapped[int] = mapped_column(default=0)
    accounts_failed: Mapped[int] = mapped_column(default=0)
    findings_new: Mapped[int] = mapped_column(default=0)
    findings_reopened: Mapped[int] = mapped_column(default=0)
    findings_resolved: Mapped[int] = mapped_column(default=0)
    errors: Mapped[list[Any]] = mapped_column(default=list)


class AccountAudit(Base):
    """The audit of one account within a run, with each rule's outcome counts."""

    __tablename__ = "account_audits"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("audit_runs.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime]
    #: complete: every capability read; partial: some could not be; failed: nothing could be.
    status: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(Text)
    missing: Mapped[dict[str, Any]] = mapped_column(default=dict)
    items_fetched: Mapped[int] = mapped_column(default=0)
    #: {rule_id: {"clause": ..., "pass": n, "fail": n, "error": n, "muted": n, "not_applicable": n}}
    outcomes: Mapped[dict[str, Any]] = mapped_column(default=dict)

    __table_args__ = (Index("ix_account_audits_account_finished", "account_id", "finished_at"),)


class Finding(Base):
    """One breach, keyed by fingerprint (school, account, rule, subject), tracked through its lifecycle."""

    __tablename__ = "findings"
    id: Mapped[int] = mapped_column(primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    rule_id: Mapped[str] = mapped_column(String(128))
    clause_id: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(255))
    #: open, acknowledged, resolved, dismissed, muted
    status: Mapped[str] = mapped_column(String(16), index=True)
    severity: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(255))
    message: Mapped[str] = mapped_column(Text)
    #: Redacted before it gets here.
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)
    url: Mapped[str | None] = mapped_column(String(2048))
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    resolved_at: Mapped[datetime | None]
    reopen_count: Mapped[int] = mapped_column(default=0)
    occurrences: Mapped[int] = mapped_column(default=1)

    account: Mapped[Account] = relationship()
    events: Mapped[list[FindingEvent]] = relationship(back_populates="finding",
                                                      order_by="FindingEvent.id")


class FindingEvent(Base):
    """A change to a finding: the audit trail an inspector asks for."""

    __tablename__ = "finding_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("audit_runs.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)

    finding: Mapped[Finding] = relationship(back_populates="events")


class Cursor(Base):
    """Where the last complete content fetch of an account stopped."""

    __tablename__ = "cursors"
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"),
                                            primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime]


class OutboxAlert(Base):
    """A new or reopened finding for one recipient, written with the finding, waiting for its digest."""

    __tablename__ = "outbox_alerts"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime]
    run_id: Mapped[int | None] = mapped_column(ForeignKey("audit_runs.id", ondelete="SET NULL"))
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id", ondelete="CASCADE"))
    recipient: Mapped[str] = mapped_column(String(320))
    recipient_name: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(String(16))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id",
                                                              ondelete="SET NULL"), index=True)


class OutboxMessage(Base):
    """A rendered email waiting to go, sent once, retried with backoff while the server is down."""

    __tablename__ = "outbox_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(16))
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(255))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    #: pending or sent
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None]
    delivered_to: Mapped[str | None] = mapped_column(String(1024))
