"""Shared fixtures: databases (SQLite and PostgreSQL) and the demo school wired to in-process fakes."""

from __future__ import annotations

import importlib
import logging
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from auditor.app import App
from auditor.connector import Connector
from auditor.db import make_engine, upgrade
from auditor.fake import FakePlatform, fill_sandbox_url
from auditor.http import new_httpx_client
from auditor.models import Base
from auditor.plugins import Registry, load_registry
from auditor.runner import Runner
from auditor.settings import AppSettings
from auditor.snapshot import AccountRef
from auditor.testing import FAKE_BASE, http_for_fake
from connectors.bluesky.sessions import SESSIONS

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DEMO = files("auditor.demo")
DEMO_ENV = {"DEMO_X_BEARER_TOKEN": "demo-x-bearer-token",
            "DEMO_WP_APP_PASSWORD": "demo wpap pass word demo wpap"}


@pytest.fixture(autouse=True)
def _restore_logger_levels() -> Iterator[None]:
    """``auditor.cli.main`` quiets library loggers for the process; no test inherits that."""
    names = ["tweepy", "urllib3", "httpx", "httpcore", *logging.root.manager.loggerDict]
    levels = {name: logging.getLogger(name).level for name in names}
    yield
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


@pytest.fixture(autouse=True)
def _no_kept_bluesky_sessions() -> Iterator[None]:
    """Bluesky sessions are kept in process memory between audits; every test starts without."""
    SESSIONS.clear()
    yield
    SESSIONS.clear()


@pytest.fixture(scope="session")
def registry() -> Registry:
    """The installed plugins."""
    return load_registry()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this test session, dropped at the end."""
    server = os.environ.get("AUDITOR_TEST_POSTGRES_URL", PG_DEFAULT)
    admin = create_engine(server, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    try:
        with admin.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:  # any failure to connect means: no PostgreSQL here
        admin.dispose()
        reason = (f"PostgreSQL is not reachable at {make_url(server).render_as_string(hide_password=True)} "
                  f"({type(exc).__name__}); set AUDITOR_TEST_POSTGRES_URL to run these tests")
        if os.environ.get("AUDITOR_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    name = f"auditor_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database: SQLite in a temporary file, then PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'auditor.db'}"
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        return url
    url: str = request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    with engine.begin() as conn:
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return url


def demo_scenario() -> dict[str, Any]:
    """The demo school's sandbox scenario, as data a test may change."""
    data: dict[str, Any] = yaml.safe_load(DEMO.joinpath("scenario.yaml").read_text("utf-8"))
    data["media"] = {name: Path(str(DEMO.joinpath(file))) for name, file in (data.get("media") or {}).items()}
    return data


class DemoSchool:
    """The demo school's config and accounts, audited against in-process fakes."""

    def __init__(self, tmp_path: Path, db_url: str, registry: Registry) -> None:
        self.dir = tmp_path / "school"
        self.dir.mkdir()
        for name in ("pupils.csv", "year6-x-followers.csv", "year6-blog-users.csv"):
            shutil.copyfile(str(DEMO.joinpath(name)), self.dir / name)
        self.config_text = DEMO.joinpath("auditor.yaml.template").read_text("utf-8") \
            .replace("{sandbox}", FAKE_BASE)
        self.db_url = db_url
        self.registry = registry
        self.scenario = fill_sandbox_url(demo_scenario(), FAKE_BASE)
        self.fakes: dict[str, FakePlatform] = {}
        self.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
        self.load_fakes()

    def load_fakes(self) -> None:
        """(Re)build the fakes from ``self.scenario``, as after a change on the platforms."""
        self.fakes = {}
        for platform, data in self.scenario["platforms"].items():
            cls = self.registry.connectors[platform]
            assert cls.fake
            module, _, attr = cls.fake.partition(":")
            self.fakes[platform] = getattr(importlib.import_module(module), attr)(data)

    def settings(self, **changes: Any) -> AppSettings:
        """Settings for this school: its database, its folder, no SMTP unless given."""
        (self.dir / "auditor.yaml").write_text(self.config_text, encoding="utf-8")
        values: dict[str, Any] = {"config": self.dir / "auditor.yaml", "data_dir": self.dir / "var",
                                  "database_url": self.db_url, "auto_migrate": False,
                                  "smtp_host": None, "rate_limit_max_wait": 0.0}
        values.update(changes)
        return AppSettings(**values)

    def app(self, **changes: Any) -> App:
        """A fresh App over the same database, its clock at ``self.now``."""
        app = App.build(self.settings(**changes), environ=DEMO_ENV, registry=self.registry)
        app.clock = lambda: self.now
        return app

    def http(self, cls: type[Connector], ref: AccountRef) -> Any:
        """The connector's client, wired to this school's fakes (a plain one when it needs none)."""
        if cls.platform not in self.fakes:
            return new_httpx_client()
        return http_for_fake(cls, self.fakes[cls.platform], media=self.scenario.get("media"))

    def runner(self, app: App) -> Runner:
        """A runner whose connectors reach the in-process fakes."""
        return Runner(app, http_factory=self.http)


@pytest.fixture
def demo_school(tmp_path: Path, db_url: str, registry: Registry) -> DemoSchool:
    """The demo school on each database, with in-process fakes."""
    return DemoSchool(tmp_path, db_url, registry)


@pytest.fixture
def audit(demo_school: DemoSchool) -> Callable[..., Any]:
    """Run one audit of the demo school (optionally some accounts) and return its report."""

    def run(*accounts: str, **settings: Any) -> Any:
        app = demo_school.app(**settings)
        try:
            return demo_school.runner(app).audit(list(accounts) or None)
        finally:
            app.close()

    return run
