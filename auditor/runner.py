"""Audits accounts: fetch concurrently, evaluate, and persist each account in its own transaction."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from auditor.app import App
from auditor.config import AccountConfig
from auditor.connector import Connector
from auditor.context import RuleContext
from auditor.engine import Outcome, empty_snapshot, evaluate
from auditor.errors import ConnectorError, RateLimitedError
from auditor.http import new_httpx_client, new_requests_session
from auditor.media import HttpMediaReader
from auditor.models import Account, AccountAudit, AuditRun, Cursor, School
from auditor.notify import pack_digests, recipients_for
from auditor.rule import Status
from auditor.snapshot import AccountRef, AccountSnapshot
from auditor.store import Changes, apply_outcomes, sync_directory

__all__ = ["AccountResult", "HttpFactory", "RunReport", "Runner", "http_client_for"]

log = logging.getLogger(__name__)
#: Builds the HTTP client a connector is given for one account.
HttpFactory = Callable[[type[Connector[Any]], AccountRef], Any]


@dataclass
class AccountResult:
    """How the audit of one account went."""

    account_id: str
    platform: str
    status: str  # complete, partial, failed
    error: str | None
    outcomes: list[Outcome]
    changes: Changes = field(default_factory=Changes)


@dataclass
class RunReport:
    """What one audit run did, for the command line and the scheduler."""

    run_id: int
    started_at: datetime
    accounts: list[AccountResult]

    @property
    def outcomes(self) -> list[Outcome]:
        """Every outcome of every account."""
        return [o for a in self.accounts for o in a.outcomes]

    @property
    def changes(self) -> Changes:
        """Totals of new, reopened and resolved findings."""
        total = Changes()
        for a in self.accounts:
            total.new += a.changes.new
            total.reopened += a.changes.reopened
            total.resolved += a.changes.resolved
        return total


@dataclass
class _Fetched:
    snapshot: AccountSnapshot
    error: str | None
    started_at: datetime


def http_client_for(cls: type[Connector[Any]], account: AccountRef, timeout: float) -> Any:
    """The HTTP client a connector is given for one account: httpx, or requests with the host rewrite."""
    if cls.http_library == "requests":
        return new_requests_session(cls.api_origin, account.base_url, timeout=timeout)
    return new_httpx_client(timeout=timeout)


class Runner:
    """Runs audits for an :class:`App`; one account's failure never stops the others."""

    def __init__(self, app: App, http_factory: HttpFactory | None = None) -> None:
        self.app = app
        self.http_factory = http_factory or self._default_http

    def _default_http(self, cls: type[Connector[Any]], account: AccountRef) -> Any:
        return http_client_for(cls, account, self.app.settings.http_timeout)

    def audit(self, account_ids: Iterable[str] | None = None, *, trigger: str = "manual") -> RunReport:
        """Audit the given accounts (all enabled ones by default) and record the run."""
        app = self.app
        config = app.config
        keys = list(account_ids) if account_ids is not None else \
            [k for k, a in config.accounts.items() if a.enabled]
        for key in keys:
            if key not in config.accounts:
                raise KeyError(f"no account {key!r} in {config.source}")
        started = app.clock()
        with app.sessions.begin() as session:
            school, rows = sync_directory(session, config)
            run = AuditRun(school_id=school.id, trigger=trigger, started_at=started,
                           status="running", accounts_total=len(keys), errors=[])
            session.add(run)
            session.flush()
            run_id = run.id
            school_id = school.id
            account_ids = {key: rows[key].id for key in keys}
            cursors = {key: c.value for key in keys
                       if (c := session.get(Cursor, rows[key].id)) is not None}
        results: list[AccountResult] = []
        workers = max(1, min(app.settings.workers, len(keys) or 1))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="audit") as pool:
            futures: dict[str, Future[_Fetched]] = {
                key: pool.submit(self._fetch, key, config.accounts[key], cursors.get(key))
                for key in keys
            }
            # Evaluated and stored in the order given, one transaction per account.
            for key in keys:
                results.append(self._record(run_id, school_id, account_ids[key], key,
                                            futures[key].result()))
        with app.sessions.begin() as session:
            run = session.get_one(AuditRun, run_id)
            run.finished_at = app.clock()
            run.accounts_complete = sum(r.status == "complete" for r in results)
            run.accounts_partial = sum(r.status == "partial" for r in results)
            run.accounts_failed = sum(r.status == "failed" for r in results)
            report = RunReport(run_id=run_id, started_at=started, accounts=results)
            run.findings_new = report.changes.new
            run.findings_reopened = report.changes.reopened
            run.findings_resolved = report.changes.resolved
            run.errors = [{"account": r.account_id, "error": r.error} for r in results if r.error]
            run.status = "completed"
            pack_digests(session, config, app.policy, app.clock())
        log.info("audit run %d: %d accounts, %d new, %d reopened, %d resolved findings",
                 run_id, len(results), report.changes.new, report.changes.reopened,
                 report.changes.resolved)
        return report

    def _fetch(self, key: str, acc: AccountConfig, cursor: dict[str, Any] | None) -> _Fetched:
        app = self.app
        started = app.clock()
        cls = app.registry.connectors[acc.platform]
        ref = AccountRef(id=key, platform=acc.platform, handle=acc.handle,
                         external_id=acc.external_id, base_url=acc.base_url)
        for attempt in (1, 2):
            try:
                connector = cls(app.config.connections[key], self.http_factory(cls, ref))
                try:
                    return _Fetched(connector.fetch(ref, cursor), None, started)
                finally:
                    _close(connector.http)
            except RateLimitedError as exc:
                if attempt == 1 and exc.retry_after <= app.settings.rate_limit_max_wait:
                    log.info("%s: rate limited, waiting %.0fs", key, exc.retry_after)
                    time.sleep(exc.retry_after)
                    continue
                error = f"rate limited; deferred to the next cycle ({exc})"
            except ConnectorError as exc:
                error = str(exc)
            except Exception as exc:  # one account's failure must not stop the others
                log.exception("auditing account %s failed", key)
                error = f"internal error while reading the account: {type(exc).__name__}"
            break
        log.warning("%s could not be read: %s", key, error)
        return _Fetched(empty_snapshot(ref, cls.capabilities, app.clock(), error), error, started)

    def _record(self, run_id: int, school_id: int, account_id: int, key: str,
                fetched: _Fetched) -> AccountResult:
        app = self.app
        config = app.config
        snapshot = fetched.snapshot
        now = app.clock()
        cls = app.registry.connectors[snapshot.account.platform]
        media = HttpMediaReader(snapshot.account.platform, lambda: self.http_factory(cls, snapshot.account),
                                only_origin=snapshot.account.base_url)
        try:
            ctx = RuleContext(account=config.account_profile(key),
                              school=config.school_profile(now.date()), now=now, media=media)
            outcomes = evaluate(snapshot, app.policy, ctx, config.model.exceptions)
        finally:
            media.close()
        status = "failed" if fetched.error else ("partial" if snapshot.missing else "complete")
        with app.sessions.begin() as session:
            school = session.get_one(School, school_id)
            account = session.get_one(Account, account_id)
            changes = apply_outcomes(session, school=school, account=account, run_id=run_id,
                                     outcomes=outcomes, now=now,
                                     recipients=lambda o: recipients_for(config, o))
            previous = session.scalar(
                select(AccountAudit).where(AccountAudit.account_id == account.id)
                .order_by(AccountAudit.finished_at.desc(), AccountAudit.id.desc()).limit(1))
            rule_ids = {pr.rule.id for pr in app.policy.for_platform(snapshot.account.platform)}
            session.add(AccountAudit(
                run_id=run_id, account_id=account.id, started_at=fetched.started_at,
                finished_at=now, status=status, error=fetched.error,
                missing={str(k): v for k, v in snapshot.missing.items()},
                items_fetched=len(snapshot.items),
                outcomes=_carry(_tally(outcomes), previous.outcomes if previous else {}, rule_ids)))
            if fetched.error is None and snapshot.cursor is not None:
                cursor = session.get(Cursor, account.id)
                if cursor is None:
                    session.add(Cursor(account_id=account.id, value=dict(snapshot.cursor),
                                       updated_at=now))
                else:
                    cursor.value, cursor.updated_at = dict(snapshot.cursor), now
        return AccountResult(account_id=key, platform=snapshot.account.platform, status=status,
                             error=fetched.error, outcomes=outcomes, changes=changes)


def _tally(outcomes: list[Outcome]) -> dict[str, Any]:
    tally: dict[str, Any] = {}
    for o in outcomes:
        entry = tally.setdefault(o.rule_id, {"clause": o.clause_id, **{str(s): 0 for s in Status}})
        entry[str(o.status)] += 1
    return tally


_JUDGED = (str(Status.PASS), str(Status.FAIL), str(Status.MUTED))


def _carry(tally: dict[str, Any], previous: dict[str, Any], rule_ids: set[str]) -> dict[str, Any]:
    """The audit's tally, with the last verdict carried for rules that judged nothing new.

    A rule not run again because what it reads is unchanged, or a content rule with no new
    item to judge, says nothing this time; the weekly summary reads each account's latest
    audit, so without the carry such a clause would show as "not applicable" after a quiet
    week. Only a verdict (pass, fail, muted) is carried, never a "could not check".
    """
    out = dict(tally)
    for rule_id in rule_ids:
        entry = tally.get(rule_id)
        silent = entry is None or not any(
            entry.get(str(status), 0) for status in Status if status is not Status.UNCHANGED)
        before = previous.get(rule_id)
        if silent and isinstance(before, dict) and any(before.get(k, 0) for k in _JUDGED):
            out[rule_id] = {**before, "carried": True}
    return out


def _close(http: Any) -> None:
    close = getattr(http, "close", None)
    if callable(close):
        close()


