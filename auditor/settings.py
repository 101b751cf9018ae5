"""Process settings from ``AUDITOR_*`` environment variables, built once at start."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from auditor.errors import ConfigError

__all__ = ["AppSettings", "load_settings"]


class AppSettings(BaseSettings):
    """Where the auditor keeps its data, how it reaches the database and the mail server."""

    model_config = SettingsConfigDict(env_prefix="AUDITOR_", extra="ignore", frozen=True)

    config: Path = Path("auditor.yaml")
    data_dir: Path = Path("var")
    database_url: str | None = None
    auto_migrate: bool = True

    smtp_host: str | None = None
    smtp_port: int | None = None
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_security: Literal["none", "starttls", "ssl"] = "starttls"
    smtp_timeout: float = 30.0
    mail_from: str = "School Social Auditor <auditor@localhost>"

    timezone: str = "Europe/London"
    http_timeout: float = 20.0
    workers: int = 4
    #: A platform asking us to wait this long or less is waited for; longer defers the account.
    rate_limit_max_wait: float = 30.0

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to SQLite under the data directory."""
        return self.database_url or f"sqlite:///{self.data_dir / 'auditor.db'}"

    @property
    def outbox_dir(self) -> Path:
        """Where mail goes as .eml files when no SMTP host is set."""
        return self.data_dir / "outbox"

    @property
    def reports_dir(self) -> Path:
        """Where the weekly summaries are written as HTML."""
        return self.data_dir / "reports"

    @property
    def smtp_enabled(self) -> bool:
        """True when mail goes over SMTP rather than into .eml files."""
        return bool(self.smtp_host)


def load_settings(**overrides: object) -> AppSettings:
    """Build the settings from the environment; ``overrides`` (not None) win."""
    try:
        return AppSettings(**{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]
    except ValidationError as exc:
        err = exc.errors()[0]
        key = "AUDITOR_" + str(err["loc"][0]).upper() if err["loc"] else "AUDITOR_*"
        # The input value is left out on purpose: it may be a password.
        raise ConfigError(err["msg"], source="environment", key=key) from None
