"""Reads from the Instagram API with Instagram Login, errors mapped to the auditor's tree."""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable, Iterator, Mapping
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

__all__ = [
    "API_ORIGIN",
    "COMMENT_FIELDS",
    "DEFAULT_RETRY_AFTER",
    "MEDIA_FIELDS",
    "PLATFORM",
    "RATE_LIMIT_CODES",
    "REPLY_FIELDS",
    "USER_FIELDS",
    "InstagramClient",
    "Payload",
]

log = logging.getLogger(__name__)

PLATFORM = "instagram"
#: The documented host of the Instagram API with Instagram Login.
API_ORIGIN = "https://graph.instagram.com"
#: Graph API throttling is measured over a rolling hour; wait that long when nothing says less.
DEFAULT_RETRY_AFTER = 3600.0
#: Throttling error codes: 4 app, 17 user, 32 page, 613 custom, 80002 Instagram business use case.
RATE_LIMIT_CODES = frozenset({4, 17, 32, 613, 80002})
#: Permission errors: 3 capability, 10 permission denied, 200-299 permission not granted.
_PERMISSION_CODES = frozenset({3, 10, *range(200, 300)})
#: 1 unknown error, 2 service temporarily unavailable.
_TRANSIENT_CODES = frozenset({1, 2})
#: Usage (percent of the limit) from which the API throttles further calls.
_THROTTLED_AT = 100

#: IG User fields of the Instagram API with Instagram Login.
USER_FIELDS = ("id", "user_id", "username", "name", "account_type", "followers_count",
               "follows_count", "media_count")
#: IG Media fields; ``children`` expands the photos and videos of an album.
MEDIA_FIELDS = ("id", "caption", "media_type", "media_product_type", "media_url",
                "thumbnail_url", "permalink", "timestamp", "is_comment_enabled",
                "comments_count", "children{id,media_type,media_url,thumbnail_url}")
REPLY_FIELDS = "id,text,timestamp,username,from,hidden,parent_id"
#: IG Comment fields; ``replies`` expands the first page of each comment's replies.
COMMENT_FIELDS = ("id", "text", "timestamp", "username", "from", "hidden",
                  f"replies{{{REPLY_FIELDS}}}")

Payload = dict[str, Any]


class InstagramClient:
    """Reads one account's nodes and edges over an injected ``httpx.Client``.

    The user access token goes in an ``Authorization: Bearer`` header, never in the
    URL; ``paging.next`` links (which carry the token) are never followed: the next
    page is asked for with ``after`` from ``paging.cursors``. Redirects are not followed.
    Once a response says the app or the account has used up its rate limit, no
    further request is sent: the next one raises :class:`RateLimitedError` at once.
    """

    def __init__(self, http: httpx.Client, origin: str, api_version: str,
                 access_token: SecretStr, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.http = http
        self.root = f"{origin.rstrip('/')}/{api_version}/"
        self._token = access_token
        self._clock = clock
        self._throttled_until: float | None = None
        #: Requests sent so far, for logging what an audit cost.
        self.calls = 0

    def get_node(self, node: str, fields: tuple[str, ...], what: str) -> Payload:
        """One node (``GET /{node}?fields=...``) as a JSON object."""
        body = self._get(node, {"fields": ",".join(fields)}, what)
        if not isinstance(body.get("id"), str):
            raise PlatformResponseError(PLATFORM, f"{what}: the response has no id")
        return body

    def get_edge(self, path: str, fields: tuple[str, ...] | str, what: str, *,
                 limit: int, after: str | None = None) -> Iterator[Payload]:
        """The objects of an edge, page after page, until ``paging`` has no ``next``.

        The caller may stop early; pages not yet asked for are then never requested.
        """
        field_list = fields if isinstance(fields, str) else ",".join(fields)
        seen: set[str] = set()
        while True:
            params: dict[str, str | int] = {"fields": field_list, "limit": limit}
            if after:
                params["after"] = after
            page = self._get(path, params, what)
            data = page.get("data")
            if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
                raise PlatformResponseError(PLATFORM, f"{what}: data is not a list of objects")
            yield from data
            after = next_cursor(page, what)
            if after is None or not data:
                return
            if after in seen:
                raise PlatformResponseError(PLATFORM, f"{what}: paging.cursors.after repeats")
            seen.add(after)

    def _get(self, path: str, params: Mapping[str, str | int], what: str) -> Payload:
        if self._throttled_until is not None:
            wait = self._throttled_until - self._clock()
            if wait > 0:
                raise RateLimitedError(PLATFORM, f"{what}: not sent, the rate limit is used up",
                                       wait)
            self._throttled_until = None
        self.calls += 1
        headers = {"Authorization": f"Bearer {self._token.get_secret_value()}"}
        try:
            response = self.http.get(self.root + path, params=dict(params), headers=headers,
                                     follow_redirects=False)
        except httpx.TimeoutException:
            raise PlatformUnavailableError(PLATFORM, f"{what}: timed out") from None
        except httpx.TransportError as exc:
            # The class name says enough; the message could quote the request.
            raise PlatformUnavailableError(PLATFORM, f"{what}: {type(exc).__name__}") from None
        if response.status_code != 200:
            self._raise_for(response, what)
        self._note_usage(response, what)
        try:
            body = response.json()
        except ValueError:
            raise PlatformResponseError(PLATFORM, f"{what}: the body is not valid JSON") from None
        if not isinstance(body, dict):
            raise PlatformResponseError(PLATFORM, f"{what}: the body is not a JSON object")
        if "error" in body:
            self._raise_for(response, what, body)
        return body

    def _note_usage(self, response: httpx.Response, what: str) -> None:
        """Remember a used-up rate limit reported on a successful response."""
        usage = usage_percent(response.headers)
        if usage >= _THROTTLED_AT:
            wait = retry_after(response.headers)
            log.warning("instagram: %s: the rate limit is used up; no more calls for %.0fs",
                        what, wait)
            self._throttled_until = self._clock() + wait
        elif usage >= 75:
            log.info("instagram: %s: %d%% of the rate limit used", what, usage)

    def _raise_for(self, response: httpx.Response, what: str,
                   body: Payload | None = None) -> NoReturn:
        status = response.status_code
        error = graph_error(response, body)
        code = error.get("code")
        where = f"{what}: HTTP {status}" + describe(error, self._token)
        log.debug("instagram answered %s", where)
        if code in RATE_LIMIT_CODES or status == 429:
            raise RateLimitedError(PLATFORM, where, retry_after(response.headers))
        if code == 190 or status == 401:
            raise AuthError(PLATFORM, f"{where}: the access token was rejected "
                            "(expired, revoked or not an Instagram user token)", status=401)
        if code in _PERMISSION_CODES or status == 403:
            raise AuthError(PLATFORM, f"{where}: the token lacks a permission this read needs",
                            status=403)
        if status >= 500 or code in _TRANSIENT_CODES or error.get("is_transient") is True:
            raise PlatformUnavailableError(PLATFORM, where, status=status)
        if 300 <= status < 400:
            raise PlatformResponseError(PLATFORM, f"{where}: redirected", status=status)
        if not error:
            raise PlatformResponseError(PLATFORM, f"{where}: no documented error body",
                                        status=status)
        raise ConnectorError(PLATFORM, f"{where}: request refused", status=status)


def next_cursor(page: Mapping[str, Any], what: str) -> str | None:
    """``paging.cursors.after`` when ``paging.next`` says there is another page."""
    paging = page.get("paging")
    if paging is None:
        return None
    if not isinstance(paging, Mapping):
        raise PlatformResponseError(PLATFORM, f"{what}: paging is not an object")
    if not paging.get("next"):
        return None
    cursors = paging.get("cursors")
    after = cursors.get("after") if isinstance(cursors, Mapping) else None
    if not isinstance(after, str) or not after:
        raise PlatformResponseError(PLATFORM, f"{what}: paging.next without cursors.after")
    return after


def graph_error(response: httpx.Response, body: Payload | None = None) -> Payload:
    """The ``error`` object of a Graph API error body, or an empty dict."""
    if body is None:
        try:
            body = response.json()
        except ValueError:
            return {}
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, dict) else {}


def describe(error: Mapping[str, Any], token: SecretStr) -> str:
    """`` code 190/460 (OAuthException): message`` from a Graph error, the token scrubbed."""
    if not error:
        return ""
    code = error.get("code")
    subcode = error.get("error_subcode")
    text = f" code {code}" if isinstance(code, int) else ""
    if isinstance(subcode, int):
        text += f"/{subcode}"
    if isinstance(error.get("type"), str):
        text += f" ({error['type'][:40]})"
    message = error.get("message")
    if isinstance(message, str) and message:
        secret = token.get_secret_value()
        if secret:
            message = message.replace(secret, "**********")
        text += ": " + (message if len(message) <= 200 else message[:199] + "…")
    return text


def _json_header(headers: httpx.Headers, name: str) -> Any:
    value = headers.get(name)
    if not value:
        return None
    try:
        return json.loads(value)
    except ValueError:
        log.debug("instagram: ignoring an unreadable %s header", name)
        return None


def _usage_entries(headers: httpx.Headers) -> Iterator[Mapping[str, Any]]:
    app = _json_header(headers, "X-App-Usage")
    if isinstance(app, Mapping):
        yield app
    buc = _json_header(headers, "X-Business-Use-Case-Usage")
    if isinstance(buc, Mapping):
        for entries in buc.values():
            if isinstance(entries, list):
                yield from (e for e in entries if isinstance(e, Mapping))


def usage_percent(headers: httpx.Headers) -> int:
    """The highest share of a rate limit used, in percent, from the usage headers (0 if none)."""
    highest = 0
    for entry in _usage_entries(headers):
        for key in ("call_count", "total_cputime", "total_time"):
            value = entry.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool):
                highest = max(highest, int(value))
    return highest


def retry_after(headers: httpx.Headers) -> float:
    """Seconds until calls are allowed again.

    ``estimated_time_to_regain_access`` (minutes) in ``X-Business-Use-Case-Usage`` when it
    says, else ``Retry-After``, else a rolling hour.
    """
    minutes = [e.get("estimated_time_to_regain_access") for e in _usage_entries(headers)]
    known = [m for m in minutes if isinstance(m, int | float) and not isinstance(m, bool) and m > 0]
    if known:
        return float(math.ceil(max(known) * 60))
    return parse_retry_after(headers, default=DEFAULT_RETRY_AFTER)
