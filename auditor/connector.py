"""The base class every platform connector implements."""

from __future__ import annotations

import abc
from collections.abc import Callable, Mapping, MutableMapping
from datetime import datetime, timedelta
from typing import Any, ClassVar, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from auditor.errors import AuthError, ConnectorError
from auditor.snapshot import AccountRef, AccountSnapshot, Capability

T = TypeVar("T")
ConfigT = TypeVar("ConfigT", bound="ConnectorConfig")

__all__ = ["FULL_READ_EVERY", "ChangeSignals", "Connector", "ConnectorConfig"]

#: The longest a capability is carried on a platform's "nothing changed" signal: after this
#: it is read again in full, so a change the signal cannot show (a follower swapped for
#: another between two audits, a setting without a timestamp) is seen within a day.
FULL_READ_EVERY = timedelta(hours=24)


class ConnectorConfig(BaseModel):
    """Base of a connector's per-account settings: unknown keys are errors, secrets are SecretStr."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Connector(abc.ABC, Generic[ConfigT]):
    """Reads one account on one platform and returns an :class:`AccountSnapshot`.

    Parameterise it with the connector's settings class, ``class PadletConnector(
    Connector[PadletConfig])``, and ``self.config`` is typed as that class.

    One instance serves one account for one audit. The HTTP client is injected
    (``httpx.Client``, or a ``requests.Session`` when ``http_library`` says so),
    so tests and the sandbox can point it anywhere without patching.
    """

    #: Stable name: the entry-point name, the folder name and the ``platform:`` in auditor.yaml.
    platform: ClassVar[str]
    display_name: ClassVar[str]
    #: What this connector can observe. Never claim what the platform's API cannot show.
    capabilities: ClassVar[frozenset[Capability]]
    config_model: ClassVar[type[ConnectorConfig]] = ConnectorConfig
    http_library: ClassVar[Literal["httpx", "requests"]] = "httpx"
    #: The platform's documented API origin (``https://api.twitter.com``); an account's
    #: ``base_url`` replaces it. For ``requests`` connectors the injected session already
    #: does the rewrite, so libraries with hard-coded hosts reach the sandbox unchanged.
    api_origin: ClassVar[str | None] = None
    #: ``"module:attribute"`` of the sandbox fake for this platform, imported only by the sandbox.
    fake: ClassVar[str | None] = None
    #: What this connector cannot check, shown by ``auditor connectors list``.
    limitations: ClassVar[tuple[str, ...]] = ()

    def __init__(self, config: ConfigT, http: Any) -> None:
        if not isinstance(config, self.config_model):
            raise TypeError(f"{type(self).__name__} needs its {self.config_model.__name__}, "
                            f"not {type(config).__name__}")
        self.config: ConfigT = config
        self.http = http

    @abc.abstractmethod
    def check_credentials(self, account: AccountRef) -> None:
        """Raise :class:`~auditor.errors.AuthError` unless the credentials are accepted."""

    @abc.abstractmethod
    def fetch(self, account: AccountRef, cursor: Mapping[str, Any] | None) -> AccountSnapshot:
        """Observe the account; with a cursor, fetch only content newer than it."""

    def observe(self, capability: Capability, missing: MutableMapping[Capability, str],
                read: Callable[[], T]) -> T | None:
        """Run ``read`` for one capability; on failure record why in ``missing`` and return None.

        Rejected credentials (401) stop the whole fetch: IT must act. Anything
        else that goes wrong for one capability (a 403 on that endpoint, a 5xx,
        a timeout, a rate limit, a malformed payload) marks only that capability
        as not observed, so its rules say "could not check" and the rest go on.
        """
        try:
            return read()
        except AuthError as exc:
            if exc.status != 403:
                raise
            missing[capability] = str(exc)
        except ConnectorError as exc:
            missing[capability] = str(exc)
        return None


class ChangeSignals:
    """Signals that let a repeat audit skip reading a capability the platform says is unchanged.

    A connector reads something cheap that changes whenever the capability does (a follower
    count and the follow notifications since the cursor, a site's modification time) and
    asks :meth:`unchanged` whether it matches what the last full read recorded. When it does,
    and that full read is younger than :data:`FULL_READ_EVERY`, the connector leaves the
    capability out and names it in ``AccountSnapshot.unchanged``; otherwise it reads it and
    calls :meth:`read`. :meth:`cursor` is what goes back into the cursor under ``"signals"``.
    Only the signals are kept (counts, ids, timestamps), never who the members are.

    A capability that was neither read nor carried this time (its read failed) is dropped
    from the cursor, so the next audit reads it in full.
    """

    KEY: ClassVar[str] = "signals"

    def __init__(self, cursor: Mapping[str, Any] | None, now: datetime) -> None:
        if now.tzinfo is None:
            raise ValueError("ChangeSignals needs a timezone-aware time")
        kept = (cursor or {}).get(self.KEY)
        self._before: Mapping[str, Any] = kept if isinstance(kept, Mapping) else {}
        self._after: dict[str, dict[str, str]] = {}
        self.now = now

    def unchanged(self, capability: Capability, signal: str) -> bool:
        """True (and carried into the next cursor) when ``signal`` matches a recent full read."""
        entry = self._before.get(str(capability))
        if not isinstance(entry, Mapping) or entry.get("signal") != signal:
            return False
        try:
            read_at = datetime.fromisoformat(str(entry.get("read_at")))
        except ValueError:
            return False
        if read_at.tzinfo is None or not timedelta(0) <= self.now - read_at < FULL_READ_EVERY:
            return False
        self._after[str(capability)] = {"signal": signal, "read_at": read_at.isoformat()}
        return True

    def read(self, capability: Capability, signal: str) -> None:
        """Record that ``capability`` was read in full now, while the platform showed ``signal``."""
        self._after[str(capability)] = {"signal": signal, "read_at": self.now.isoformat()}

    def cursor(self) -> dict[str, Any]:
        """The cursor entry to store: ``{"signals": {...}}``, or nothing when none was recorded."""
        return {self.KEY: dict(self._after)} if self._after else {}
