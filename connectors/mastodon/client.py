"""Calls to one Mastodon server's REST API (``/api/v1``), errors mapped to the auditor's tree."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, NoReturn

import httpx
from pydantic import SecretStr

from auditor import (
    AuthError,
    ConnectorError,
    PlatformResponseError,
    PlatformUnavailableError,
    RateLimitedError,
    parse_retry_after,
)
from connectors.mastodon.mapping import PLATFORM

__all__ = ["DEFAULT_RETRY_AFTER", "MastodonClient", "Params", "retry_after"]

log = logging.getLogger(__name__)

#: Seconds to wait when a 429 says nothing usable: one 5-minute rate-limit window.
DEFAULT_RETRY_AFTER = 300.0
#: A page stops being followed after this many pages, to bound one audit's cost.
MAX_PAGES = 250

Params = Mapping[str, str | int | Sequence[str]]


def retry_after(headers: Mapping[str, str], now: float) -> float:
    """Seconds until ``X-RateLimit-Reset`` (an ISO 8601 time), else ``Retry-After``, else 5 min."""
    value = headers.get("X-RateLimit-Reset") or headers.get("x-ratelimit-reset")
    if value:
        try:
            reset = datetime.fromisoformat(value.strip())
        except ValueError:
            reset = None
        if reset is not None and reset.tzinfo is not None:
            return max(0.0, reset.timestamp() - now)
    return parse_retry_after(headers, default=DEFAULT_RETRY_AFTER, now=now)


class MastodonClient:
    """Reads one account's server over an injected ``httpx.Client`` with the account's token.

    ``origin`` is the server's address (``https://mastodon.social``); every URL is
    absolute, built from it. Redirects are never followed and pagination links are
    never fetched as given (only their ``max_id`` is taken), so the token cannot be
    sent to another host.
    """

    def __init__(self, http: httpx.Client, origin: str, token: SecretStr, *,
                 clock: Callable[[], float] = time.time) -> None:
        self.http = http
        self.origin = origin.rstrip("/")
        self._token = token
        self._clock = clock
        #: Requests sent so far, for logging what an audit cost.
        self.calls = 0

    def get_object(self, path: str, params: Params | None = None) -> dict[str, Any]:
        """One JSON object, such as the token's own account."""
        body = _json(self._checked(path, params or {}), path)
        if not isinstance(body, dict):
            raise PlatformResponseError(PLATFORM, f"GET {path}: expected a JSON object")
        return body

    def get_all(self, path: str, params: Params) -> list[dict[str, Any]]:
        """Every page of a list, newest first, following the ``Link: rel="next"`` header's ``max_id``.

        The next request repeats ``params`` (``since_id`` included, which Mastodon's own
        links leave out) with the new ``max_id``.
        """
        items: list[dict[str, Any]] = []
        max_id: str | None = None
        for _ in range(MAX_PAGES):
            page_params = dict(params) | ({"max_id": max_id} if max_id else {})
            response = self._checked(path, page_params)
            page = _json(response, path)
            if not isinstance(page, list) or not all(isinstance(i, dict) for i in page):
                raise PlatformResponseError(PLATFORM, f"GET {path}: expected a JSON array of objects")
            items.extend(page)
            following = _next_max_id(response)
            if not page or following is None:
                return items
            if following == max_id:
                raise PlatformResponseError(PLATFORM, f"GET {path}: the next page link does not advance")
            max_id = following
        log.warning("mastodon: GET %s stopped after %d pages", path, MAX_PAGES)
        return items

    def _checked(self, path: str, params: Params) -> httpx.Response:
        self.calls += 1
        try:
            response = self.http.get(
                self.origin + path, params=dict(params), follow_redirects=False,
                headers={"Authorization": f"Bearer {self._token.get_secret_value()}",
                         "Accept": "application/json"})
        except httpx.TimeoutException:
            raise PlatformUnavailableError(PLATFORM, f"GET {path}: timed out") from None
        except httpx.TransportError as exc:
            # The class name says enough; the message could quote the request.
            raise PlatformUnavailableError(PLATFORM, f"GET {path}: {type(exc).__name__}") from None
        remaining = response.headers.get("X-RateLimit-Remaining")
        if remaining is not None and remaining.strip().isdigit() and int(remaining) < 10:
            log.info("mastodon: %s requests left in this rate-limit window", remaining)
        if response.status_code != 200:
            self._raise_for(response, path)
        return response

    def _raise_for(self, response: httpx.Response, path: str) -> NoReturn:
        status = response.status_code
        detail = _error_text(response)
        where = f"GET {path}: HTTP {status}" + (f" ({detail})" if detail else "")
        log.debug("Mastodon answered %s", where)
        if status == 401:
            raise AuthError(PLATFORM, f"{where}: the access token was rejected", status=401)
        if status == 403:
            raise AuthError(PLATFORM, f"{where}: the token may not read this (scope, or the "
                            "account is disabled or unconfirmed)", status=403)
        if status == 422:
            # An app token without a user: it cannot stand for the school's account.
            raise AuthError(PLATFORM, f"{where}: the token is not a user token", status=401)
        if status == 429:
            raise RateLimitedError(PLATFORM, where, retry_after(response.headers, self._clock()))
        if status >= 500:
            raise PlatformUnavailableError(PLATFORM, where, status=status)
        if 300 <= status < 400:
            raise PlatformResponseError(PLATFORM, f"{where}: redirected; check instance_url",
                                        status=status)
        if status == 404:
            raise ConnectorError(PLATFORM, f"{where}: not found", status=404)
        raise PlatformResponseError(PLATFORM, f"{where}: unexpected answer", status=status)


def _next_max_id(response: httpx.Response) -> str | None:
    link = response.links.get("next")
    url = link.get("url") if link else None
    if not url:
        return None
    try:
        value = httpx.URL(url).params.get("max_id")
    except httpx.InvalidURL:
        raise PlatformResponseError(PLATFORM, "the Link header's next URL is not valid") from None
    return value or None


def _error_text(response: httpx.Response) -> str | None:
    """The documented ``error`` field of an error body, clipped; nothing else is echoed."""
    try:
        body = response.json()
    except ValueError:
        return None
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, str) or not error.strip():
        return None
    error = " ".join(error.split())
    return error if len(error) <= 120 else error[:119] + "…"


def _json(response: httpx.Response, path: str) -> Any:
    try:
        return response.json()
    except ValueError:
        raise PlatformResponseError(PLATFORM, f"GET {path}: the body is not valid JSON") from None
