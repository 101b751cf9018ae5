"""The scheduled service: its jobs and triggers, a bad summary schedule, the outbox job, and SIGTERM."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from importlib.resources import files
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import func, select

from auditor.demo import DEMO_SCENARIO
from auditor.errors import ConfigError
from auditor.models import AuditRun, OutboxAlert, OutboxMessage
from auditor.notify import Mailer
from auditor.sandbox import Sandbox, load_scenario
from auditor.service import _send, build_scheduler

LONDON = ZoneInfo("Europe/London")
DEMO = files("auditor.demo")


def _london(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)  # type: ignore[misc]


def test_scheduler_has_one_job_per_account_and_the_service_jobs(demo_school: Any) -> None:
    app = demo_school.app()
    try:
        scheduler = build_scheduler(app)
    finally:
        app.close()
    jobs = {j.id: j for j in scheduler.get_jobs()}
    assert list(jobs) == ["audit:year6-x", "audit:pe-x", "audit:year6-blog", "outbox", "weekly-summary"]
    assert str(scheduler.timezone) == "Europe/London"
    assert {k: scheduler._job_defaults[k] for k in ("coalesce", "max_instances")} == \
        {"coalesce": True, "max_instances": 1}

    every_6h = jobs["audit:year6-x"].trigger
    assert isinstance(every_6h, IntervalTrigger)
    assert every_6h.interval == timedelta(hours=6)
    every_1h = jobs["audit:year6-blog"].trigger
    assert isinstance(every_1h, IntervalTrigger)
    assert every_1h.interval == timedelta(hours=1)

    weekdays = jobs["audit:pe-x"].trigger
    assert isinstance(weekdays, CronTrigger)
    assert str(weekdays.timezone) == "Europe/London"
    # Saturday noon -> Monday 08:00; Monday 08:00 -> Tuesday 08:00, London time.
    assert weekdays.get_next_fire_time(None, _london(2026, 11, 21, 12, 0)) == _london(2026, 11, 23, 8, 0)
    assert weekdays.get_next_fire_time(None, _london(2026, 11, 23, 8, 0, 1)) == _london(2026, 11, 24, 8, 0)

    outbox = jobs["outbox"].trigger
    assert isinstance(outbox, IntervalTrigger)
    assert outbox.interval == timedelta(minutes=1)

    summary = jobs["weekly-summary"].trigger
    assert isinstance(summary, CronTrigger)
    # Mondays 07:30 in London: GMT in winter, BST (UTC+1) in summer.
    after_demo_clock = summary.get_next_fire_time(None, demo_school.now)
    assert after_demo_clock == _london(2026, 11, 30, 7, 30)
    assert after_demo_clock.astimezone(UTC) == datetime(2026, 11, 30, 7, 30, tzinfo=UTC)
    in_summer = summary.get_next_fire_time(None, datetime(2026, 6, 24, 12, 0, tzinfo=UTC))
    assert in_summer.astimezone(UTC) == datetime(2026, 6, 29, 6, 30, tzinfo=UTC)

    # The first round starts at once, one account after another, not all at the same moment.
    assert [jobs[f"audit:{k}"].next_run_time for k in ("year6-x", "pe-x", "year6-blog")] == \
        [demo_school.now + timedelta(seconds=s) for s in (0, 20, 40)]
    assert jobs["outbox"].next_run_time == demo_school.now
    assert jobs["audit:year6-x"].args[1] == "year6-x"


def test_disabled_account_gets_no_job(demo_school: Any) -> None:
    demo_school.config_text = demo_school.config_text.replace(
        "    monitoring: {every: 1h}\n", "    monitoring: {every: 1h}\n    enabled: false\n")
    app = demo_school.app()
    try:
        ids = [j.id for j in build_scheduler(app).get_jobs()]
    finally:
        app.close()
    assert ids == ["audit:year6-x", "audit:pe-x", "outbox", "weekly-summary"]


@pytest.mark.parametrize("schedule", ["30 7 * mon", "61 7 * * mon", "30 7 * * someday"])
def test_bad_summary_schedule_is_a_config_error(demo_school: Any, schedule: str) -> None:
    demo_school.config_text = demo_school.config_text.replace(
        "  timezone: Europe/London\n", f'  timezone: Europe/London\n  summary_schedule: "{schedule}"\n')
    app = demo_school.app()
    try:
        with pytest.raises(ConfigError) as caught:
            build_scheduler(app)
    finally:
        app.close()
    assert caught.value.key == "school.summary_schedule"
    assert caught.value.source == str(demo_school.dir / "auditor.yaml")
    assert str(caught.value).startswith(f"{demo_school.dir / 'auditor.yaml'}: school.summary_schedule: ")


def test_send_job_sends_what_is_waiting(demo_school: Any, audit: Any,
                                        caplog: pytest.LogCaptureFixture) -> None:
    audit()
    caplog.set_level(logging.INFO, logger="auditor.service")
    app = demo_school.app()
    try:
        _send(app, Mailer(app.settings))
        with app.sessions() as s:
            assert [m.status for m in s.scalars(select(OutboxMessage))] == ["sent"] * 4
    finally:
        app.close()
    assert len(list(app.settings.outbox_dir.glob("*.eml"))) == 4
    assert [r.getMessage() for r in caplog.records if r.name == "auditor.service"] == \
        ["outbox: 4 sent, 0 waiting to retry"]


def test_send_job_packs_alerts_a_crashed_run_left(demo_school: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*args: object, **kwargs: object) -> int:
        raise RuntimeError("the process died before packing")

    app = demo_school.app()
    try:
        with monkeypatch.context() as m:
            m.setattr("auditor.runner.pack_digests", crash)
            with pytest.raises(RuntimeError):
                demo_school.runner(app).audit()

        def counts() -> tuple[int, int, int]:
            with app.sessions() as s:
                return (s.scalar(select(func.count()).select_from(OutboxAlert)
                                 .where(OutboxAlert.message_id.is_(None))) or 0,
                        s.scalar(select(func.count()).select_from(OutboxMessage)) or 0,
                        s.scalar(select(func.count()).select_from(AuditRun)
                                 .where(AuditRun.finished_at.is_(None))) or 0)

        mailer = Mailer(app.settings)
        assert counts() == (12, 0, 1)
        # The run may still be going: its alerts wait...
        demo_school.now += timedelta(minutes=30)
        _send(app, mailer)
        assert counts() == (12, 0, 1)
        # ...until it is plainly dead, then they go out, packed one digest per recipient.
        demo_school.now += timedelta(minutes=31)
        _send(app, mailer)
        assert counts() == (0, 4, 1)
        with app.sessions() as s:
            sent = {m.recipient: m.status for m in s.scalars(select(OutboxMessage))}
    finally:
        app.close()
    assert sent == {"d.patel@millbrook.example": "sent", "dsl@millbrook.example": "sent",
                    "head@millbrook.example": "sent", "it@millbrook.example": "sent"}
    assert len(list(app.settings.outbox_dir.glob("*.eml"))) == 4


def _auditor_command() -> str:
    found = Path(sys.executable).parent / "auditor"
    if found.exists():
        return str(found)
    which = shutil.which("auditor")
    assert which, "the auditor console script is not installed"
    return which


def _wait_for(condition: Callable[[], bool], what: str, proc: subprocess.Popen[bytes], log: Path,
              timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if proc.poll() is not None:
            pytest.fail(f"auditor serve exited ({proc.returncode}) before {what}:\n{log.read_text()}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}:\n{log.read_text()}")
        time.sleep(0.05)


def test_serve_stops_cleanly_on_sigterm(tmp_path: Path, registry: Any) -> None:
    from auditor.db import make_engine, upgrade

    school = tmp_path / "school"
    school.mkdir()
    for name in ("pupils.csv", "year6-x-followers.csv", "year6-blog-users.csv"):
        shutil.copyfile(str(DEMO.joinpath(name)), school / name)
    db_file = tmp_path / "serve.db"
    url = f"sqlite:///{db_file}"
    engine = make_engine(url)
    upgrade(engine)

    def finished_runs() -> int:
        with engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(AuditRun)
                               .where(AuditRun.finished_at.is_not(None))) or 0

    log = tmp_path / "serve.log"
    with Sandbox(load_scenario(DEMO_SCENARIO), registry.connectors) as sandbox:
        config = school / "auditor.yaml"
        config.write_text(DEMO.joinpath("auditor.yaml.template").read_text("utf-8")
                          .replace("{sandbox}", sandbox.url), encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith("AUDITOR_")}
        env.update({"AUDITOR_CONFIG": str(config), "AUDITOR_DATA_DIR": str(tmp_path / "var"),
                    "AUDITOR_DATABASE_URL": url, "DEMO_X_BEARER_TOKEN": "demo-x-bearer-token",
                    "DEMO_WP_APP_PASSWORD": "demo wpap pass word demo wpap"})
        with log.open("wb") as err:
            proc = subprocess.Popen([_auditor_command(), "serve"], env=env, cwd=tmp_path,
                                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        try:
            _wait_for(lambda: "serving 5 jobs" in log.read_text(), "it says it is serving", proc, log)
            _wait_for(lambda: finished_runs() >= 1, "the first audit run", proc, log)
            proc.send_signal(signal.SIGTERM)
            code = proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            engine.dispose()
    text = log.read_text()
    assert code == 0, text
    serving = [line.split("serving 5 jobs in Europe/London: ", 1)[1] for line in text.splitlines()
               if "auditor.service: serving" in line]
    assert len(serving) == 1
    # Listed in order of their next run, which depends on what has already started.
    assert sorted(serving[0].split(", ")) == sorted(["audit:year6-x", "audit:pe-x", "audit:year6-blog",
                                                     "outbox", "weekly-summary"])
    assert "received SIGTERM: stopping after the running jobs finish" in text
    assert text.rstrip().endswith("auditor.service: stopped")
    assert "Traceback" not in text
