"""Calls to LinkedIn's versioned REST API (``/rest/...``), errors mapped to the auditor's tree."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, NoReturn
from urllib.parse import quote

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
from connectors.linkedin.mapping import PLATFORM

__all__ = ["THROTTLE_WAIT", "LinkedInClient", "seconds_to_utc_midnight", "urn_segment"]

log = logging.getLogger(__name__)

Params = Mapping[str, str | int]
# Error codes are echoed into messages; keep only what a LinkedIn error code looks like.
_CODE = re.compile(r"^[A-Z0-9_]{1,64}$")
#: Seconds to wait on a 429 that is not a daily limit (LinkedIn's "infrastructure protection").
THROTTLE_WAIT = 300.0
#: What each 401 ``serviceErrorCode`` means, for the message IT reads.
_TOKEN_PROBLEMS = {65600: "invalid", 65601: "revoked", 65602: "expired"}


def urn_segment(urn: str) -> str:
    """A URN as one path segment: Rest.li 2.0 wants every reserved character percent-encoded."""
    return quote(urn, safe="")


def seconds_to_utc_midnight(now: float) -> float:
    """Seconds until the next midnight UTC, when LinkedIn's daily call limits reset."""
    moment = datetime.fromtimestamp(now, tz=UTC)
    midnight = datetime.combine(moment.date() + timedelta(days=1), datetime.min.time(), UTC)
    return max(1.0, (midnight - moment).total_seconds())


class LinkedInClient:
    """Reads ``https://api.linkedin.com/rest/...`` (or ``base_url``) over an injected ``httpx.Client``.

    Every request carries the member's bearer token, ``LinkedIn-Version`` and
    ``X-Restli-Protocol-Version: 2.0.0``. Redirects are never followed, so the
    token cannot be replayed to another host. Messages name the resource, never the token.
    """

    def __init__(self, http: httpx.Client, origin: str, access_token: SecretStr,
                 api_version: str, *, clock: Callable[[], float] = time.time) -> None:
        self.http = http
        self.api_root = origin.rstrip("/") + "/rest/"
        self.api_version = api_version
        self._token = access_token
        self._clock = clock
        #: Requests sent so far, for logging what an audit cost.
        self.calls = 0

    def get_object(self, path: str, params: Params, what: str) -> dict[str, Any]:
        """One JSON object, such as a ``networkSizes`` entity."""
        response = self._send(path, params, what)
        body = _json(response, what)
        if not isinstance(body, dict):
            raise PlatformResponseError(PLATFORM, f"{what}: expected a JSON object")
        return body

    def pages(self, path: str, params: Params, what: str, *, page_size: int,
              ) -> Iterator[list[dict[str, Any]]]:
        """The ``elements`` of a collection, page by page (``start``/``count``); stop when done.

        A page may hold fewer than ``count`` elements while more follow (LinkedIn drops
        what the viewer may not see after paging), so the offset always moves by
        ``count``, and paging ends at ``paging.total``, or without a total when no
        ``next`` link is given.
        """
        start = 0
        while True:
            body = self.get_object(path, {**params, "start": start, "count": page_size}, what)
            elements = body.get("elements")
            if not isinstance(elements, list) or not all(isinstance(e, dict) for e in elements):
                raise PlatformResponseError(PLATFORM, f"{what}: elements is not a list of objects")
            paging = body.get("paging", {})
            if not isinstance(paging, dict):
                raise PlatformResponseError(PLATFORM, f"{what}: paging is not an object")
            yield elements
            start += page_size
            total = paging.get("total")
            if isinstance(total, int) and not isinstance(total, bool):
                if start >= total:
                    return
            elif not elements or not _has_next(paging):
                return

    def get_all(self, path: str, params: Params, what: str, *, page_size: int,
                ) -> list[dict[str, Any]]:
        """Every element of a collection."""
        return [e for page in self.pages(path, params, what, page_size=page_size) for e in page]

    def _send(self, path: str, params: Params, what: str) -> httpx.Response:
        self.calls += 1
        headers = {"Authorization": f"Bearer {self._token.get_secret_value()}",
                   "LinkedIn-Version": self.api_version,
                   "X-Restli-Protocol-Version": "2.0.0"}
        try:
            response = self.http.get(self.api_root + path, params=dict(params), headers=headers,
                                     follow_redirects=False)
        except httpx.TimeoutException:
            raise PlatformUnavailableError(PLATFORM, f"GET {what}: timed out") from None
        except httpx.TransportError as exc:
            # The class name says enough; the message could quote the request.
            raise PlatformUnavailableError(PLATFORM, f"GET {what}: {type(exc).__name__}") from None
        if response.status_code != 200:
            self._raise_for(response, what)
        return response

    def _raise_for(self, response: httpx.Response, what: str) -> NoReturn:
        status = response.status_code
        code, service_code = _error_fields(response)
        detail = ", ".join(str(p) for p in (code, service_code) if p is not None)
        where = f"GET {what}: HTTP {status}" + (f" ({detail})" if detail else "")
        log.debug("LinkedIn answered %s", where)
        if status == 401:
            problem = _TOKEN_PROBLEMS.get(service_code or 0, "rejected")
            raise AuthError(PLATFORM, f"{where}: the access token is {problem}; a Page admin "
                            "must authorise the app again", status=401)
        if status == 403:
            raise AuthError(PLATFORM, f"{where}: the token's member or scopes may not read this "
                            "(Page admin role, r_organization_social, rw_organization_admin)",
                            status=403)
        if status == 429:
            raise self._rate_limited(response, where)
        if status >= 500:
            raise PlatformUnavailableError(PLATFORM, where, status=status)
        if status == 426:
            raise ConnectorError(PLATFORM, f"{where}: LinkedIn-Version {self.api_version} is no "
                                 "longer served; set api_version to a supported month",
                                 status=status)
        if 300 <= status < 400:
            raise PlatformResponseError(PLATFORM, f"{where}: redirected", status=status)
        raise ConnectorError(PLATFORM, f"{where}: request refused", status=status)


    def _rate_limited(self, response: httpx.Response, where: str) -> RateLimitedError:
        """Daily limits reset at midnight UTC; LinkedIn sends no Retry-After, but honour one."""
        if "Retry-After" in response.headers:
            wait = parse_retry_after(response.headers, now=self._clock())
            return RateLimitedError(PLATFORM, f"{where}: rate limited", wait)
        message = _error_message(response)
        if message is not None and "DAY" not in message:
            # "Resource level throttle APPLICATION DAY limit ..." names a daily limit; a 429
            # without one is LinkedIn protecting its infrastructure, over in minutes.
            return RateLimitedError(PLATFORM, f"{where}: throttled", THROTTLE_WAIT)
        return RateLimitedError(PLATFORM, f"{where}: daily call limit reached",
                                seconds_to_utc_midnight(self._clock()))


def _error_message(response: httpx.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    message = body.get("message") if isinstance(body, dict) else None
    return message if isinstance(message, str) else None


def _has_next(paging: Mapping[str, Any]) -> bool:
    links = paging.get("links")
    return isinstance(links, list) and any(
        isinstance(link, Mapping) and link.get("rel") == "next" for link in links)


def _error_fields(response: httpx.Response) -> tuple[str | None, int | None]:
    """``code`` and ``serviceErrorCode`` of a LinkedIn error body, when they look like ones."""
    try:
        body = response.json()
    except ValueError:
        return None, None
    if not isinstance(body, dict):
        return None, None
    code = body.get("code")
    service = body.get("serviceErrorCode")
    return (code if isinstance(code, str) and _CODE.match(code) else None,
            service if isinstance(service, int) and not isinstance(service, bool) else None)


def _json(response: httpx.Response, what: str) -> Any:
    try:
        return response.json()
    except ValueError:
        raise PlatformResponseError(PLATFORM, f"GET {what}: the body is not valid JSON") from None
