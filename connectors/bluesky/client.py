"""The XRPC calls the Bluesky connector makes, over the injected httpx client, errors mapped."""

from __future__ import annotations

import logging
import re
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

__all__ = ["NOTIFICATION_REASONS", "PAGE_SIZE", "PLATFORM", "BlueskyClient", "Payload"]

log = logging.getLogger(__name__)

PLATFORM = "bluesky"
#: The largest ``limit`` the feed, graph and notification queries accept.
PAGE_SIZE = 100
#: Notifications that carry what others wrote to or about the account.
NOTIFICATION_REASONS = ("reply", "mention", "quote")
#: Seconds to wait when a 429 says nothing: the PDS's shortest window is five minutes.
DEFAULT_RETRY_AFTER = 300.0
#: XRPC errors that mean the session token is not (or no longer) accepted.
_TOKEN_ERRORS = frozenset({"ExpiredToken", "InvalidToken", "AuthenticationRequired",
                           "AuthFactorTokenRequired"})
# Error names are echoed into messages; keep only what an XRPC error name looks like.
_ERROR_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]{0,63}$")

Payload = dict[str, Any]
Params = Mapping[str, str | int | list[str]]


class BlueskyClient:
    """Signs in to one account's PDS with an app password and reads it over ``http``.

    ``service`` is the PDS origin (``https://bsky.social``, or an account's ``base_url``);
    every call goes to ``<service>/xrpc/<nsid>``. The ``app.bsky.*`` reads are proxied by
    the PDS to the Bluesky AppView. The access token lives only in this object and is sent
    per request; it never reaches a message or a log line, and redirects are not followed.
    """

    def __init__(self, http: httpx.Client, service: str, *,
                 clock: Callable[[], float] = time.time) -> None:
        self.http = http
        self.xrpc = service.rstrip("/") + "/xrpc/"
        self._clock = clock
        self._access: SecretStr | None = None
        #: Requests sent so far, for logging what an audit cost.
        self.calls = 0

    def create_session(self, identifier: str, password: SecretStr) -> Payload:
        """``com.atproto.server.createSession``: exchange the app password for an access token."""
        nsid = "com.atproto.server.createSession"
        body = self._object(nsid, self._send(
            "POST", nsid, json={"identifier": identifier,
                                "password": password.get_secret_value()}))
        for key in ("accessJwt", "did", "handle"):
            if not isinstance(body.get(key), str) or not body[key]:
                raise PlatformResponseError(PLATFORM, f"{nsid}: {key} is missing")
        if body.get("active") is False:
            raise AuthError(PLATFORM, f"{nsid}: the account is not active "
                            f"({_name(body.get('status')) or 'no status'})", status=403)
        self._access = SecretStr(body.pop("accessJwt"))
        body.pop("refreshJwt", None)  # never used: each audit signs in once
        return body

    def get_profile(self, actor: str) -> Payload:
        """``app.bsky.actor.getProfile``: the detailed profile view."""
        return self.query("app.bsky.actor.getProfile", {"actor": actor})

    def followers(self, actor: str) -> tuple[Payload, list[Payload]]:
        """``app.bsky.graph.getFollowers``, page after page: its ``subject`` and every follower.

        The lexicon makes ``subject`` (the actor's ``#profileView``) a required part of every
        page; the first page's is returned. A ``#profileView`` has no counts: those are only in
        the ``#profileViewDetailed`` of ``getProfile``.
        """
        nsid = "app.bsky.graph.getFollowers"
        subject: Payload | None = None
        found: list[Payload] = []
        for body, page in self._bodies(nsid, {"actor": actor}, "followers"):
            if subject is None:
                subject = body.get("subject")
                if not isinstance(subject, dict):
                    raise PlatformResponseError(PLATFORM, f"{nsid}: subject is not an object")
            found.extend(page)
        if subject is None:  # pragma: no cover - _bodies always yields the first page
            raise PlatformResponseError(PLATFORM, f"{nsid}: no page was read")
        return subject, found

    def pages(self, nsid: str, params: Params, key: str) -> Iterator[list[Payload]]:
        """The ``key`` list of each page of a cursor-paginated query, newest page first."""
        for _body, entries in self._bodies(nsid, params, key):
            yield entries

    def _bodies(self, nsid: str, params: Params,
                key: str) -> Iterator[tuple[Payload, list[Payload]]]:
        """Each page of a cursor-paginated query, with its ``key`` list checked."""
        cursor: str | None = None
        while True:
            body = self.query(nsid, {**params, "limit": PAGE_SIZE,
                                     **({"cursor": cursor} if cursor else {})})
            entries = body.get(key)
            if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
                raise PlatformResponseError(PLATFORM, f"{nsid}: {key} is not a list of objects")
            yield body, entries
            following = body.get("cursor")
            if following is None or not entries:
                return
            if not isinstance(following, str) or following == cursor:
                raise PlatformResponseError(PLATFORM, f"{nsid}: the cursor does not advance")
            cursor = following

    def query(self, nsid: str, params: Params) -> Payload:
        """One authenticated XRPC query, as a JSON object."""
        return self._object(nsid, self._send("GET", nsid, params=params))

    def _send(self, method: str, nsid: str, *, params: Params | None = None,
              json: Any = None) -> httpx.Response:
        headers = {"Accept": "application/json"}
        if self._access is not None:
            headers["Authorization"] = f"Bearer {self._access.get_secret_value()}"
        self.calls += 1
        try:
            response = self.http.request(method, self.xrpc + nsid, params=dict(params or {}),
                                         json=json, headers=headers, follow_redirects=False)
        except httpx.TimeoutException:
            raise PlatformUnavailableError(PLATFORM, f"{nsid}: timed out") from None
        except httpx.TransportError as exc:
            # The class name says enough; the message could quote the request.
            raise PlatformUnavailableError(PLATFORM, f"{nsid}: {type(exc).__name__}") from None
        if response.status_code != 200:
            self._raise_for(response, nsid)
        return response

    def _raise_for(self, response: httpx.Response, nsid: str) -> NoReturn:
        status = response.status_code
        error = _error_name(response)
        where = f"{nsid}: HTTP {status}" + (f" {error}" if error else "")
        log.debug("bluesky answered %s", where)
        if status == 401 or (status == 400 and error in _TOKEN_ERRORS):
            raise AuthError(PLATFORM, f"{where}: the handle or app password was rejected",
                            status=401)
        if status == 403:
            raise AuthError(PLATFORM, f"{where}: access refused", status=403)
        if status == 429:
            raise RateLimitedError(PLATFORM, f"{where}: rate limited",
                                   self.retry_after(response.headers))
        if status >= 500:
            raise PlatformUnavailableError(PLATFORM, where, status=status)
        if status == 400:
            # Documented refusals: an unknown, blocked, suspended or deactivated actor.
            raise ConnectorError(PLATFORM, f"{where}: request refused", status=400)
        raise PlatformResponseError(PLATFORM, f"{where}: unexpected answer", status=status)

    def retry_after(self, headers: httpx.Headers) -> float:
        """Seconds until ``ratelimit-reset`` (epoch seconds), else ``Retry-After``, else 5 min."""
        reset = headers.get("ratelimit-reset", "").strip()
        if reset.isdigit():
            return max(0.0, int(reset) - self._clock())
        return parse_retry_after(headers, default=DEFAULT_RETRY_AFTER, now=self._clock())

    @staticmethod
    def _object(nsid: str, response: httpx.Response) -> Payload:
        try:
            body = response.json()
        except ValueError:
            raise PlatformResponseError(PLATFORM, f"{nsid}: the body is not valid JSON") from None
        if not isinstance(body, dict):
            raise PlatformResponseError(PLATFORM, f"{nsid}: the body is not a JSON object")
        return body


def _error_name(response: httpx.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return _name(body.get("error")) if isinstance(body, dict) else None


def _name(value: Any) -> str | None:
    return value if isinstance(value, str) and _ERROR_NAME.match(value) else None

