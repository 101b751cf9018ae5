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
from connectors.bluesky.sessions import SESSIONS, Session, SessionCache, SessionKey, token_expiry

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
    the PDS to the Bluesky AppView. The tokens live only in this object and in the
    process's :data:`~connectors.bluesky.sessions.SESSIONS`, and are sent per request;
    they never reach a message or a log line, and redirects are not followed.
    """

    def __init__(self, http: httpx.Client, service: str, *,
                 clock: Callable[[], float] = time.time,
                 sessions: SessionCache = SESSIONS) -> None:
        self.http = http
        self.service = service.rstrip("/")
        self.xrpc = self.service + "/xrpc/"
        self._clock = clock
        self._sessions = sessions
        self._session: Session | None = None
        self._key: SessionKey | None = None
        self._login: tuple[str, SecretStr] | None = None
        #: True while the session came from the cache and was not renewed in this client:
        #: a rejected token is then renewed once and the request sent again.
        self._reused = False
        #: Requests sent so far, for logging what an audit cost.
        self.calls = 0
        #: How this client got its session: "reused", "refreshed" or "created".
        self.signed_in = ""

    def sign_in(self, identifier: str, password: SecretStr) -> Payload:
        """The account's session: the process's own when it has one, else a new one.

        A kept session whose access token has expired (its ``exp``) is refreshed first
        (``com.atproto.server.refreshSession``); only when that is refused is a new one
        created. A kept token that the PDS rejects later is renewed the same way, once.
        Returns ``did`` and ``handle``, as createSession does.
        """
        self._key = self._sessions.key(self.service, identifier, password)
        self._login = (identifier, password)
        kept = self._sessions.get(self._key)
        if kept is None:
            return self.create_session(identifier, password)
        self._session = kept
        if kept.expired(self._clock()):
            self._renew()
        else:
            self._reused, self.signed_in = True, "reused"
        assert self._session is not None
        return self._session.identity()

    def create_session(self, identifier: str, password: SecretStr) -> Payload:
        """``com.atproto.server.createSession``: exchange the app password for a new session.

        The session is kept for the process (see :meth:`sign_in`); a refused password drops
        any session kept for it, so the next audit asks again, and raises :class:`AuthError`.
        """
        nsid = "com.atproto.server.createSession"
        key = self._key or self._sessions.key(self.service, identifier, password)
        self._key, self._login = key, (identifier, password)
        try:
            body = self._object(nsid, self._send(
                "POST", nsid, json={"identifier": identifier,
                                    "password": password.get_secret_value()}))
            session = self._start(nsid, body)
        except AuthError:
            self._sessions.drop(key)
            raise
        self.signed_in = "created"
        return session.identity()

    def _refresh_session(self) -> bool:
        """``com.atproto.server.refreshSession`` with the refresh token; False when refused.

        A refused refresh (401, or 400 with an expired, revoked or unknown token) means a
        new session is needed; rate limits, outages and malformed answers are raised.
        """
        nsid = "com.atproto.server.refreshSession"
        session = self._session
        if session is None or session.refresh is None:
            return False
        try:
            body = self._object(nsid, self._send("POST", nsid, token=session.refresh))
            self._start(nsid, body)
        except AuthError as exc:
            if exc.status == 403:
                raise  # the account is deactivated, suspended or taken down
            return False
        except ConnectorError as exc:
            if exc.status != 400:
                raise
            return False
        self.signed_in = "refreshed"
        return True

    def _renew(self) -> None:
        """Refresh the session once; if that is refused, create a new one (raises if refused)."""
        self._reused = False
        if self._refresh_session():
            return
        assert self._login is not None
        if self._key is not None:
            self._sessions.drop(self._key, self._session)
        self.create_session(*self._login)

    def _start(self, nsid: str, body: Payload) -> Session:
        """Check a createSession / refreshSession answer, keep the session, use it from now on."""
        for key in ("accessJwt", "did", "handle"):
            if not isinstance(body.get(key), str) or not body[key]:
                raise PlatformResponseError(PLATFORM, f"{nsid}: {key} is missing")
        if body.get("active") is False:
            raise AuthError(PLATFORM, f"{nsid}: the account is not active "
                            f"({_name(body.get('status')) or 'no status'})", status=403)
        refresh = body.get("refreshJwt")
        access = str(body["accessJwt"])
        session = Session(did=body["did"], handle=body["handle"], access=SecretStr(access),
                          refresh=SecretStr(refresh) if isinstance(refresh, str) and refresh
                          else None,
                          expires_at=token_expiry(access))
        self._session = session
        if self._key is not None:
            self._sessions.put(self._key, session)
        return session

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
        """One authenticated XRPC query, as a JSON object.

        When the session was kept from an earlier audit and the PDS rejects its token
        (expired or revoked), the session is renewed once and the query sent again.
        """
        session = self._session
        try:
            return self._object(nsid, self._send(
                "GET", nsid, params=params, token=session.access if session else None))
        except AuthError as exc:
            if exc.status != 401 or not self._reused:
                if exc.status == 401 and self._key is not None:
                    self._sessions.drop(self._key, session)  # never offer it again
                raise
        log.debug("bluesky: the kept session was rejected on %s; renewing it", nsid)
        self._renew()
        assert self._session is not None
        return self._object(nsid, self._send("GET", nsid, params=params,
                                             token=self._session.access))

    def _send(self, method: str, nsid: str, *, params: Params | None = None,
              json: Any = None, token: SecretStr | None = None) -> httpx.Response:
        headers = {"Accept": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token.get_secret_value()}"
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

