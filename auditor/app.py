"""The application, assembled once at start: settings, plugins, school config, policy, database."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from auditor.config import SchoolConfig, load_config
from auditor.db import make_engine, make_session_factory, upgrade
from auditor.plugins import Registry, load_registry
from auditor.policy import Policy, load_policy
from auditor.settings import AppSettings

__all__ = ["App", "utc_now"]


def utc_now() -> datetime:
    """The current time, tz-aware UTC."""
    return datetime.now(UTC)


@dataclass
class App:
    """Everything a command needs, built once and passed down."""

    settings: AppSettings
    registry: Registry
    config: SchoolConfig
    policy: Policy
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Callable[[], datetime] = utc_now

    @classmethod
    def build(cls, settings: AppSettings, *, config_path: Path | None = None,
              environ: Mapping[str, str] | None = None, registry: Registry | None = None,
              migrate: bool | None = None) -> App:
        """Load plugins, the school config and its policy pack, and open (and migrate) the database."""
        registry = registry or load_registry()
        path = config_path or settings.config
        config = load_config(path, registry.connectors, os.environ if environ is None else environ)
        policy = load_policy(config.model.policy.pack, registry.rules, registry.packs, path.parent)
        engine = make_engine(settings.resolved_database_url)
        if settings.auto_migrate if migrate is None else migrate:
            upgrade(engine)
        return cls(settings=settings, registry=registry, config=config, policy=policy,
                   engine=engine, sessions=make_session_factory(engine))

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> App:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
