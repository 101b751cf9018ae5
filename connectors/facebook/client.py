"""Calls to the Graph API for one Facebook Page, with Graph errors mapped to the auditor's tree."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

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

__all__ = ["DEFAULT_RETRY_AFTER", "GRAPH_ORIGIN", "PAGE_SIZE", "PLATFORM", "GraphClient",
           "graph_error", "next_query", "retry_after", "usage_percent"]

log = logging.getLogger(__name__)

PLATFORM = "facebook"
GRAPH_ORIGIN = "https://graph.facebook.com"
#: Objects per page of an edge (``limit``); the Graph API serves up to 100 for these edges.
PAGE_SIZE = 100
#: Seconds to wait when a throttled answer does not say how long: the platform rate limit
#: is counted over a rolling hour.
DEFAULT_RETRY_AFTER = 3600.0
#: Usage (percent of the quota) above which the connector warns that throttling is near.
USAGE_WARNING = 80

# Throttling: 4 app, 17 user, 32 page, 613 a call-rate limit, 80001 the Pages BUC limit.
_RATE_LIMIT_CODES = frozenset({4, 17, 32, 613, 80001})
# 190 invalid or expired token, 102 session, 104 no token: IT must make a new token.
_TOKEN_CODES = frozenset({102, 104, 190})
# 10 and 200-299: a permission is missing for this call; 3: the app lacks a capability.
_PERMISSION_CODES = frozenset({3, 10, *range(200, 300)})
# 1 unknown and 2 service: temporary problems on Meta's side.
_TRANSIENT_CODES = frozenset({1, 2})
_USAGE_HEADERS = ("X-App-Usage", "X-Page-Usage", "X-Business-Use-Case-Usage")
# Only these documented fields of an error body reach a message, and only if they look right.
_TYPE = re.compile(r"^[A-Za-z]{1,64}$")
_TRACE = re.compile(r"^[A-Za-z0-9_+/=-]{1,64}$")
# Query parameters of ``paging.next`` never copied to the next request.
_NOT_COPIED = frozenset({"access_token", "appsecret_proof"})

Params = Mapping[str, str | int]


class GraphClient:
    """Reads Graph API nodes and edges over an injected ``httpx.Client``.

    Every URL is built from ``origin`` (``https://graph.facebook.com``, or an account's
    ``base_url``) and the API version. The Page access token travels in the
    ``Authorization: Bearer`` header, never in a URL, and redirects are not followed.
    """

    def __init__(self, http: httpx.Client, origin: str, version: str, token: SecretStr) -> None:
        self.http = http
        self.root = f"{origin.rstrip('/')}/{version}/"
        self._token = token
        #: Requests sent so far, for logging what an audit cost.
        self.calls = 0
        #: The highest usage percentage the usage headers reported during this audit.
        self.usage = 0

    def __repr__(self) -> str:
        return f"GraphClient(root={self.root!r})"

    def get_object(self, path: str, params: Params | None = None) -> dict[str, Any]:
        """One node, such as the Page: ``GET /{version}/{path}``."""
        body = self._get(path, params or {})
        if not isinstance(body, dict):
            raise PlatformResponseError(PLATFORM, f"GET {path}: expected a JSON object")
        return body

    def pages(self, path: str, params: Params) -> Iterator[list[dict[str, Any]]]:
        """Each page of an edge, following ``paging`` until there is no ``next``.

        The next request goes to the same edge on this client's origin, with the
        ``after`` cursor, or else with the query ``paging.next`` carries (time-based
        pagination uses ``until``/``__paging_token`` instead of cursors).
        """
        query: dict[str, str | int] = {**params, "limit": PAGE_SIZE}
        seen: set[str] = set()
        while True:
            body = self._get(path, query)
            data = body.get("data") if isinstance(body, dict) else None
            if not isinstance(data, list) or not all(isinstance(i, dict) for i in data):
                raise PlatformResponseError(PLATFORM, f"GET {path}: data is not a list of objects")
            yield data
            following = next_query(body.get("paging"), path)
            if following is None or not data:
                return
            key = json.dumps(following, sort_keys=True)
            if key in seen:
                raise PlatformResponseError(PLATFORM, f"GET {path}: paging.next does not advance")
            seen.add(key)
            query = {**query, **following}

    def get_all(self, path: str, params: Params) -> list[dict[str, Any]]:
        """Every object of an edge."""
        return [item for page in self.pages(path, params) for item in page]

    def _get(self, path: str, params: Params) -> Any:
        self.calls += 1
        try:
            response = self.http.get(
                self.root + path, params=dict(params), follow_redirects=False,
                headers={"Authorization": f"Bearer {self._token.get_secret_value()}"})
        except httpx.TimeoutException:
            raise PlatformUnavailableError(PLATFORM, f"GET {path}: timed out") from None
        except httpx.TransportError as exc:
            # The class name says enough; the message could quote the request.
            raise PlatformUnavailableError(PLATFORM, f"GET {path}: {type(exc).__name__}") from None
        self._note_usage(response)
        if response.status_code != 200:
            raise graph_error(response, path, self._token)
        try:
            body = response.json()
        except ValueError:
            raise PlatformResponseError(PLATFORM, f"GET {path}: the body is not valid JSON") from None
        if isinstance(body, dict) and "error" in body:
            raise graph_error(response, path, self._token)
        return body

    def _note_usage(self, response: httpx.Response) -> None:
        percent = usage_percent(response.headers)
        if percent is None:
            return
        if percent >= USAGE_WARNING and percent > self.usage:
            log.warning("facebook: %d%% of the Graph API rate limit is used", percent)
        self.usage = max(self.usage, percent)


def next_query(paging: Any, path: str) -> dict[str, str] | None:
    """The query of the next page of an edge (or of an edge nested by field expansion),
    from its ``paging`` object: the ``after`` cursor, else the query of ``paging.next``
    without its ``access_token``; None on the last page."""
    if not isinstance(paging, dict) or not paging.get("next"):
        return None
    cursors = paging.get("cursors")
    after = cursors.get("after") if isinstance(cursors, dict) else None
    if isinstance(after, str) and after:
        return {"after": after}
    following = paging["next"]
    if not isinstance(following, str):
        raise PlatformResponseError(PLATFORM, f"GET {path}: paging.next is not a URL")
    query = {k: v for k, v in parse_qsl(urlsplit(following).query) if k not in _NOT_COPIED}
    if not query:
        raise PlatformResponseError(PLATFORM, f"GET {path}: paging.next carries no cursor")
    return query


def _error_body(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, dict) else {}


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def graph_error(response: httpx.Response, path: str,
                secret: SecretStr | None = None) -> ConnectorError:
    """The auditor error for a Graph API error answer (``{"error": {...}}`` or a bare status).

    Only the status, the numeric codes and well-formed ``type`` and ``fbtrace_id`` reach
    the message, and never a value that contains ``secret``.
    """
    status = response.status_code
    error = _error_body(response)
    code, subcode = _int(error.get("code")), _int(error.get("error_subcode"))
    kind = error.get("type") if isinstance(error.get("type"), str) else None
    trace = error.get("fbtrace_id") if isinstance(error.get("fbtrace_id"), str) else None
    detail = [f"HTTP {status}"]
    if code is not None:
        detail.append(f"code {code}" + (f"/{subcode}" if subcode is not None else ""))
    hidden = secret.get_secret_value() if secret is not None else None
    if kind and _TYPE.match(kind) and not (hidden and hidden in kind):
        detail.append(kind)
    if trace and _TRACE.match(trace) and not (hidden and hidden in trace):
        detail.append(f"fbtrace_id {trace}")
    where = f"GET {path}: " + " ".join(detail)
    log.debug("Graph API answered %s", where)
    if code in _RATE_LIMIT_CODES or status == 429:
        return RateLimitedError(PLATFORM, f"{where}: throttled", retry_after(response.headers))
    if code in _TOKEN_CODES or (code is None and status == 401):
        return AuthError(PLATFORM, f"{where}: the Page access token is invalid or expired",
                         status=401)
    if code in _PERMISSION_CODES or (code is None and status == 403):
        return AuthError(PLATFORM, f"{where}: the token lacks a permission for this", status=403)
    if code in _TRANSIENT_CODES or error.get("is_transient") is True or status >= 500:
        return PlatformUnavailableError(PLATFORM, where, status=status)
    if not error:
        return PlatformResponseError(PLATFORM, f"{where}: not a documented Graph API answer",
                                     status=status)
    return ConnectorError(PLATFORM, f"{where}: request refused", status=status)


def _usage_entries(headers: Mapping[str, str]) -> Iterator[dict[str, Any]]:
    """Every usage object in the three usage headers (BUC nests them under business ids)."""
    for name in _USAGE_HEADERS:
        raw = headers.get(name)
        if not raw:
            continue
        try:
            value = json.loads(raw)
        except ValueError:
            continue
        if isinstance(value, dict) and name == "X-Business-Use-Case-Usage":
            for entries in value.values():
                yield from (e for e in entries if isinstance(e, dict)) \
                    if isinstance(entries, list) else ()
        elif isinstance(value, dict):
            yield value


def usage_percent(headers: Mapping[str, str]) -> int | None:
    """The highest ``call_count``/``total_cputime``/``total_time`` percentage, if any is sent."""
    values = [v for e in _usage_entries(headers)
              for k in ("call_count", "total_cputime", "total_time")
              if (v := _int(e.get(k))) is not None]
    return max(values) if values else None


def retry_after(headers: Mapping[str, str]) -> float:
    """Seconds until access returns: ``estimated_time_to_regain_access`` (minutes), else
    ``Retry-After``, else :data:`DEFAULT_RETRY_AFTER`."""
    minutes = [m for e in _usage_entries(headers)
               if (m := _int(e.get("estimated_time_to_regain_access"))) is not None and m > 0]
    if minutes:
        return max(minutes) * 60.0
    return parse_retry_after(headers, default=DEFAULT_RETRY_AFTER)
