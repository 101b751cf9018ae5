"""HTTP plumbing shared by connectors: client factories and a host-rewriting requests adapter."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import httpx
import requests
from requests.adapters import HTTPAdapter

__all__ = ["RewriteHostAdapter", "new_httpx_client", "new_requests_session", "parse_retry_after"]

USER_AGENT = "school-social-auditor/0.1 (+https://github.com/school-social-auditor)"


def new_httpx_client(timeout: float = 20.0) -> httpx.Client:
    """An httpx client with the auditor's user agent and a bounded timeout."""
    return httpx.Client(timeout=timeout, headers={"User-Agent": USER_AGENT},
                        follow_redirects=False)


def new_requests_session(origin: str | None = None, target: str | None = None,
                         timeout: float = 20.0) -> requests.Session:
    """A requests session with a default timeout that sends ``origin``'s requests to ``target``."""
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    adapter = RewriteHostAdapter(origin, target, timeout=timeout)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


class RewriteHostAdapter(HTTPAdapter):
    """Sends requests for ``origin`` to ``target`` instead, and applies a default timeout.

    Client libraries such as tweepy hard-code the platform's host; mounting this
    adapter points them at the sandbox (or any base_url) without patching them.
    """

    def __init__(self, origin: str | None, target: str | None, *, timeout: float = 20.0,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.origin = origin.rstrip("/") if origin else None
        self.target = target.rstrip("/") if target else None
        self.timeout = timeout

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if self.origin and self.target and request.url and request.url.startswith(self.origin):
            request.url = self.target + request.url[len(self.origin):]
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        return super().send(request, **kwargs)


def parse_retry_after(headers: Mapping[str, str], *, default: float = 60.0,
                      now: float | None = None) -> float:
    """Seconds to wait from a ``Retry-After`` header (seconds or HTTP date)."""
    value = headers.get("Retry-After") or headers.get("retry-after")
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now if now is not None else time.time()
    return max(0.0, when.timestamp() - current)


def utc_from_epoch(value: str | int | float) -> datetime:
    """A tz-aware UTC datetime from epoch seconds."""
    return datetime.fromtimestamp(float(value), tz=UTC)
