"""Calls to the YouTube Data API v3 with an API key, errors mapped to the auditor's tree.

The API key travels as the ``key`` query parameter, so it is part of every request
URL: no message built here quotes a URL, a request or a response body, and
:class:`RedactApiKey` masks it in the log lines httpx writes about each request.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime, time, timedelta
from typing import Any, NoReturn
from zoneinfo import ZoneInfo

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

__all__ = [
    "API_ORIGIN",
    "PLATFORM",
    "Forbidden",
    "NotFound",
    "RedactApiKey",
    "YouTubeClient",
    "seconds_until_quota_reset",
]

log = logging.getLogger(__name__)

PLATFORM = "youtube"
API_ORIGIN = "https://www.googleapis.com"
API_PATH = "/youtube/v3/"
#: The daily quota resets at midnight Pacific time.
PACIFIC = ZoneInfo("America/Los_Angeles")
#: Seconds to wait on a per-minute rate limit that names no Retry-After.
DEFAULT_RETRY_AFTER = 60.0

Payload = dict[str, Any]
Params = Mapping[str, str | int]

# Reasons are echoed into messages; keep only what a Google error reason looks like.
_REASON = re.compile(r"^[A-Za-z0-9_.]{1,64}$")
_KEY_REJECTED = frozenset({"keyInvalid", "keyExpired", "API_KEY_INVALID", "API_KEY_EXPIRED"})
_DAILY_QUOTA = frozenset({"quotaExceeded", "dailyLimitExceeded", "dailyLimitExceededUnreg"})
_SHORT_LIMIT = frozenset({"rateLimitExceeded", "userRateLimitExceeded", "RATE_LIMIT_EXCEEDED"})
_KEY_PARAM = re.compile(r"([?&]key=)[^&#\s\"']*")


class Forbidden(AuthError):
    """A 403 that is not a quota: ``reasons`` say why (``commentsDisabled``, ``forbidden`` ...)."""

    def __init__(self, message: str, reasons: tuple[str, ...]) -> None:
        super().__init__(PLATFORM, message, status=403)
        self.reasons = reasons


class NotFound(ConnectorError):
    """A 404: the channel, playlist or video does not exist, or is not visible to an API key."""

    def __init__(self, message: str, reasons: tuple[str, ...]) -> None:
        super().__init__(PLATFORM, message, status=404)
        self.reasons = reasons


class RedactApiKey(logging.Filter):
    """Masks the ``key`` query parameter in log records (httpx logs every request URL)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(_redact(a) for a in record.args)
        if isinstance(record.msg, str):
            record.msg = _KEY_PARAM.sub(r"\1REDACTED", record.msg)
        return True


def _redact(value: Any) -> Any:
    if isinstance(value, httpx.URL) or (isinstance(value, str) and "key=" in value):
        return _KEY_PARAM.sub(r"\1REDACTED", str(value))
    return value


def install_log_redaction() -> None:
    """Add :class:`RedactApiKey` to httpx's logger, once."""
    logger = logging.getLogger("httpx")
    if not any(isinstance(f, RedactApiKey) for f in logger.filters):
        logger.addFilter(RedactApiKey())


def seconds_until_quota_reset(now: datetime) -> float:
    """Seconds from ``now`` until the next midnight in Pacific time, when the daily quota resets."""
    local = now.astimezone(PACIFIC)
    midnight = datetime.combine(local.date() + timedelta(days=1), time(), tzinfo=PACIFIC)
    # Subtract in UTC: aware datetimes sharing a tzinfo subtract as wall clocks (wrong across DST).
    return max(0.0, (midnight.astimezone(UTC) - now.astimezone(UTC)).total_seconds())


class YouTubeClient:
    """Reads ``/youtube/v3/<resource>`` lists over an injected ``httpx.Client``.

    ``origin`` is the API's origin (``https://www.googleapis.com``) or an account's
    ``base_url`` (the sandbox). Redirects are never followed.
    """

    def __init__(self, http: httpx.Client, origin: str, api_key: SecretStr, *,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.http = http
        self.api_root = origin.rstrip("/") + API_PATH
        self._key = api_key
        self._clock = clock
        #: Requests sent so far; each list call costs one quota unit.
        self.calls = 0

    def __repr__(self) -> str:
        return f"YouTubeClient(api_root={self.api_root!r}, calls={self.calls})"

    def list(self, resource: str, params: Params) -> Payload:
        """One page of a ``list`` method: a JSON object whose ``items`` are objects."""
        self.calls += 1
        query = {**{k: str(v) for k, v in params.items()}, "key": self._key.get_secret_value()}
        try:
            response = self.http.get(self.api_root + resource, params=query, follow_redirects=False)
        except httpx.TimeoutException:
            raise PlatformUnavailableError(PLATFORM, f"{resource}.list: timed out") from None
        except httpx.TransportError as exc:
            # The class name says enough; the message could quote the URL, and the key with it.
            raise PlatformUnavailableError(
                PLATFORM, f"{resource}.list: {type(exc).__name__}") from None
        if response.status_code != 200:
            self._raise_for(response, resource)
        return _checked(response, resource)

    def pages(self, resource: str, params: Params) -> Iterator[Payload]:
        """Every page of a ``list`` method, following ``nextPageToken``; stop early by not iterating."""
        token: str | None = None
        while True:
            page = self.list(resource, {**params, "pageToken": token} if token else params)
            yield page
            next_token = page.get("nextPageToken")
            if next_token is None or next_token == "":
                return
            if not isinstance(next_token, str) or next_token == token:
                raise PlatformResponseError(PLATFORM, f"{resource}.list: nextPageToken does not advance")
            token = next_token

    def _raise_for(self, response: httpx.Response, resource: str) -> NoReturn:
        status = response.status_code
        reasons = _reasons(response, self._key.get_secret_value())
        where = f"{resource}.list: HTTP {status}" + (f" {','.join(reasons)}" if reasons else "")
        log.debug("YouTube answered %s", where)
        found = set(reasons)
        if found & _KEY_REJECTED or status == 401:
            raise AuthError(PLATFORM, f"{where}: the API key was rejected", status=401)
        if status in (403, 429) and found & _DAILY_QUOTA:
            raise RateLimitedError(PLATFORM, f"{where}: the project's daily quota is spent",
                                   seconds_until_quota_reset(self._clock()))
        if status == 429 or (status == 403 and found & _SHORT_LIMIT):
            raise RateLimitedError(PLATFORM, where,
                                   parse_retry_after(response.headers, default=DEFAULT_RETRY_AFTER))
        if status == 403:
            raise Forbidden(f"{where}: access refused", reasons)
        if status == 404:
            raise NotFound(f"{where}: not found", reasons)
        if status >= 500:
            raise PlatformUnavailableError(PLATFORM, where, status=status)
        if 300 <= status < 400:
            raise PlatformResponseError(PLATFORM, f"{where}: redirected", status=status)
        raise ConnectorError(PLATFORM, f"{where}: request refused", status=status)


def _reasons(response: httpx.Response, secret: str) -> tuple[str, ...]:
    """The distinct ``reason`` of the entries of ``error.errors`` and ``error.details`` (Google's body).

    Anything that does not look like a reason, or quotes the key, is left out: they go into messages.
    """
    try:
        body = response.json()
    except ValueError:
        return ()
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return ()
    entries = [*_list_or_empty(error.get("errors")), *_list_or_empty(error.get("details"))]
    found = [e.get("reason") for e in entries if isinstance(e, dict)]
    return tuple(dict.fromkeys(r for r in found if isinstance(r, str) and _REASON.match(r)
                               and secret not in r))


def _list_or_empty(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _checked(response: httpx.Response, resource: str) -> Payload:
    try:
        body = response.json()
    except ValueError:
        raise PlatformResponseError(PLATFORM, f"{resource}.list: the body is not valid JSON") from None
    if not isinstance(body, dict):
        raise PlatformResponseError(PLATFORM, f"{resource}.list: expected a JSON object")
    items = body.setdefault("items", [])  # an empty result may leave items out
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise PlatformResponseError(PLATFORM, f"{resource}.list: items is not a list of objects")
    if "kind" in body and not str(body["kind"]).startswith("youtube#"):
        raise PlatformResponseError(PLATFORM, f"{resource}.list: not a YouTube list response")
    return body
