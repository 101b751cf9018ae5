"""The auditor's exception tree.

::

    AuditorError
    ├── ConfigError                  bad auditor.yaml / policy pack / settings
    ├── RegistryError                plugin missing or clashing
    ├── ConnectorError               carries the platform
    │   ├── AuthError                credentials rejected: tell IT, keep auditing the others
    │   ├── RateLimitedError         carries retry_after (seconds)
    │   ├── PlatformUnavailableError 5xx, timeouts: retry next cycle
    │   └── PlatformResponseError    payload not as documented
    ├── RuleError
    └── NotifyError

Messages never carry secrets: connectors build them from status codes and
documented error fields, never from request headers or URLs with tokens.
"""

from __future__ import annotations

__all__ = [
    "AuditorError",
    "AuthError",
    "ConfigError",
    "ConnectorError",
    "NotifyError",
    "PlatformResponseError",
    "PlatformUnavailableError",
    "RateLimitedError",
    "RegistryError",
    "RuleError",
]


class AuditorError(Exception):
    """Base of every error the auditor raises on purpose."""


class ConfigError(AuditorError):
    """A configuration file or setting is wrong; the message names the file and the key."""

    def __init__(self, message: str, *, source: str | None = None, key: str | None = None,
                 line: int | None = None) -> None:
        self.source = source
        self.key = key
        self.line = line
        self.detail = message
        where = ""
        if source:
            where = source + (f":{line}" if line else "") + ": "
        if key:
            where += f"{key}: "
        super().__init__(where + message)


class RegistryError(AuditorError):
    """A plugin is missing, broken, or clashes with another of the same name."""


class ConnectorError(AuditorError):
    """A platform could not be read; carries the platform name."""

    def __init__(self, platform: str, message: str, *, status: int | None = None) -> None:
        self.platform = platform
        self.status = status
        super().__init__(f"{platform}: {message}")


class AuthError(ConnectorError):
    """The platform rejected the credentials (401/403): IT must re-authenticate."""


class RateLimitedError(ConnectorError):
    """The platform asked us to slow down; retry after ``retry_after`` seconds."""

    def __init__(self, platform: str, message: str, retry_after: float) -> None:
        self.retry_after = max(0.0, float(retry_after))
        super().__init__(platform, f"{message} (retry after {self.retry_after:.0f}s)", status=429)


class PlatformUnavailableError(ConnectorError):
    """The platform failed or timed out (5xx, connection error); try again next cycle."""


class PlatformResponseError(ConnectorError):
    """The platform answered with a payload that is not shaped as documented."""


class RuleError(AuditorError):
    """A rule or policy pack is defined wrongly."""


class NotifyError(AuditorError):
    """An email could not be handed to the mail server."""
