"""``auditor serve``: the scheduled service (APScheduler 3) with a clean stop on SIGTERM."""

from __future__ import annotations

import logging
import signal
import threading
from datetime import timedelta
from types import FrameType
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from auditor.app import App
from auditor.config import Schedule
from auditor.notify import Mailer, pack_digests, send_due
from auditor.runner import Runner
from auditor.summary import build_summary, queue_summary, write_summary

__all__ = ["build_scheduler", "serve"]

log = logging.getLogger(__name__)
SEND_EVERY = timedelta(minutes=1)
#: Accounts start this far apart, so the first round does not hit every platform at once.
STAGGER = timedelta(seconds=20)


def _trigger(schedule: Schedule, tz: str) -> CronTrigger | IntervalTrigger:
    if schedule.cron is not None:
        return CronTrigger.from_crontab(schedule.cron, timezone=tz)
    return IntervalTrigger(seconds=schedule.seconds or 21600, timezone=tz)


def build_scheduler(app: App, runner: Runner | None = None) -> BackgroundScheduler:
    """A scheduler with one job per enabled account, the outbox sender and the weekly summary."""
    tz = app.config.school.timezone or app.settings.timezone
    runner = runner or Runner(app)
    mailer = Mailer(app.settings)
    scheduler = BackgroundScheduler(timezone=tz, job_defaults={
        "coalesce": True, "max_instances": 1, "misfire_grace_time": 3600})
    first = app.clock()
    for n, (key, acc) in enumerate(a for a in app.config.accounts.items() if a[1].enabled):
        scheduler.add_job(_audit, _trigger(acc.monitoring, tz), args=(runner, key),
                          id=f"audit:{key}", name=f"audit {acc.name}",
                          next_run_time=first + STAGGER * n)
    scheduler.add_job(_send, IntervalTrigger(seconds=SEND_EVERY.total_seconds(), timezone=tz),
                      args=(app, mailer), id="outbox", name="send the outbox",
                      next_run_time=first)
    try:
        summary_trigger = CronTrigger.from_crontab(app.config.school.summary_schedule, timezone=tz)
    except ValueError as exc:
        from auditor.errors import ConfigError

        raise ConfigError(str(exc), source=str(app.config.source),
                          key="school.summary_schedule") from None
    scheduler.add_job(_summary, summary_trigger, args=(app, mailer), id="weekly-summary",
                      name="weekly summary")
    return scheduler


def _audit(runner: Runner, key: str) -> None:
    report = runner.audit([key], trigger="schedule")
    log.info("scheduled audit of %s: %d new, %d resolved", key, report.changes.new,
             report.changes.resolved)


def _send(app: App, mailer: Mailer) -> None:
    with app.sessions.begin() as session:
        pack_digests(session, app.config, app.policy, app.clock())
    report = send_due(app.sessions, mailer, app.clock())
    if report.sent or report.failed:
        log.info("outbox: %d sent, %d waiting to retry", len(report.sent), len(report.failed))


def _summary(app: App, mailer: Mailer) -> None:
    summary = build_summary(app)
    path = write_summary(app, summary)
    queued = queue_summary(app, summary)
    log.info("weekly summary %s written to %s and queued for %d people", summary.week, path, queued)
    _send(app, mailer)


def serve(app: App, stop: threading.Event | None = None) -> None:
    """Run until SIGTERM or SIGINT; running jobs finish before the process exits."""
    stop = stop or threading.Event()
    scheduler = build_scheduler(app)

    def _on_signal(signum: int, _frame: FrameType | None) -> None:
        log.info("received %s: stopping after the running jobs finish",
                 signal.Signals(signum).name)
        stop.set()

    previous: dict[signal.Signals, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            previous[signum] = signal.signal(signum, _on_signal)
    scheduler.start()
    jobs = scheduler.get_jobs()
    log.info("serving %d jobs in %s: %s", len(jobs), scheduler.timezone,
             ", ".join(j.id for j in jobs))
    try:
        stop.wait()
    finally:
        scheduler.shutdown(wait=True)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        log.info("stopped")
