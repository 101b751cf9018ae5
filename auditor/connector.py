"""The base class every platform connector implements."""

from __future__ import annotations

import abc
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any, ClassVar, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from auditor.errors import AuthError, ConnectorError
from auditor.snapshot import AccountRef, AccountSnapshot, Capability

T = TypeVar("T")
ConfigT = TypeVar("ConfigT", bound="ConnectorConfig")

__all__ = ["Connector", "ConnectorConfig"]


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
