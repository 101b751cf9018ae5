"""Calls to the Tumblr API v2 for one blog, with failures mapped to the auditor's errors."""

from __future__ import annotations

import logging
import re
from collections.abc import Generator, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NoReturn
from urllib.parse import quote

import httpx
from authlib.oauth1 import ClientAuth  # type: ignore[import-untyped]
from authlib.oauth1.rfc5849.wrapper import OAuth1Request  # type: ignore[import-untyped]
from pydantic import SecretStr

from auditor import (
    AuthError,
    ConnectorError,
    PlatformResponseError,
    PlatformUnavailableError,
    RateLimitedError,
    parse_retry_after,
)
from connectors.tumblr.mapping import PLATFORM

__all__ = ["PAGE_SIZE", "Credentials", "OAuth1Signer", "SignedRequest", "TumblrClient"]

log = logging.getLogger(__name__)

#: The largest page ``/posts``, ``/posts/queue`` and ``/followers`` serve (``limit`` 1-20).
PAGE_SIZE = 20
#: Seconds to wait after a 429 that names no reset time.
DEFAULT_RETRY_AFTER = 60.0
# Error titles are echoed into messages; keep only short, plain ones.
_TITLE = re.compile(r"^[\w .,'()-]{1,80}$")

Params = Mapping[str, str | int]


class SignedRequest(OAuth1Request):  # type: ignore[misc]
    """authlib's view of an OAuth 1.0a request, for any scheme.

    authlib refuses plain-http URLs other than loopback; the connector only ever talks to
    api.tumblr.com over https or to an account's ``base_url`` (the sandbox), so that choice
    is left to the configuration. The signature base string is still built from the real URL.
    """

    def __init__(self, method: str, uri: str, body: Any = None,
                 headers: Mapping[str, str] | None = None) -> None:
        scheme, sep, rest = uri.partition("://")
        super().__init__(method, "https://" + rest if sep and scheme == "http" else uri,
                         body=body, headers=headers)
        self.uri = uri


class _ClientAuth(ClientAuth):  # type: ignore[misc]
    def get_oauth_signature(self, method: str, uri: str, headers: Any, body: Any) -> str:
        sign = self.SIGNATURE_METHODS[self.signature_method]
        return str(sign(self, SignedRequest(method, uri, body=body, headers=headers)))


class OAuth1Signer(httpx.Auth):
    """Signs each request with OAuth 1.0a, HMAC-SHA1 in the ``Authorization`` header (authlib).

    HMAC-SHA1 is the only method Tumblr accepts. authlib's ready-made
    ``httpx_client.OAuth1Auth`` imports a deprecated httpx shim that warns on import, so its
    signing core (``authlib.oauth1.ClientAuth``) is used here.
    """

    def __init__(self, consumer_key: SecretStr, consumer_secret: SecretStr,
                 oauth_token: SecretStr, oauth_token_secret: SecretStr) -> None:
        self._client = _ClientAuth(consumer_key.get_secret_value(),
                                   consumer_secret.get_secret_value(),
                                   token=oauth_token.get_secret_value(),
                                   token_secret=oauth_token_secret.get_secret_value())

    def __repr__(self) -> str:
        return "OAuth1Signer(***)"

    def sign(self, request: httpx.Request) -> None:
        """Add the signed ``Authorization: OAuth ...`` header to a GET request."""
        _, headers, _ = self._client.prepare(request.method, str(request.url), {}, b"")
        request.headers["Authorization"] = headers["Authorization"]

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        self.sign(request)
        yield request


@dataclass(frozen=True)
class Credentials:
    """How requests are authorised: an OAuth 2 bearer token, or OAuth 1.0a (four values)."""

    access_token: SecretStr | None = None
    consumer_key: SecretStr | None = None
    consumer_secret: SecretStr | None = None
    oauth_token: SecretStr | None = None
    oauth_token_secret: SecretStr | None = None

    def authorise(self, request: httpx.Request) -> None:
        """Add the ``Authorization`` header to ``request`` (signed with HMAC-SHA1 for OAuth 1.0a)."""
        if self.access_token is not None:
            request.headers["Authorization"] = f"Bearer {self.access_token.get_secret_value()}"
            return
        if self.consumer_key is None or self.consumer_secret is None \
                or self.oauth_token is None or self.oauth_token_secret is None:
            raise AuthError(PLATFORM, "no credentials configured", status=401)
        OAuth1Signer(self.consumer_key, self.consumer_secret, self.oauth_token,
                     self.oauth_token_secret).sign(request)

    def __repr__(self) -> str:
        return "Credentials(**********)"


class TumblrClient:
    """Reads ``/v2/...`` routes over an injected ``httpx.Client``; every page is followed.

    Each answer is Tumblr's envelope ``{"meta": {"status", "msg"}, "response": {...}}``;
    the methods return ``response``. 401 and 403 raise :class:`AuthError`, 404
    :class:`ConnectorError` (status 404), 429 :class:`RateLimitedError`, 5xx and network
    failures :class:`PlatformUnavailableError`, anything not shaped as documented
    :class:`PlatformResponseError`. No message carries a credential.
    """

    def __init__(self, http: httpx.Client, origin: str, blog: str, credentials: Credentials) -> None:
        self.http = http
        self.api_root = origin.rstrip("/") + "/v2/"
        self.blog_path = f"blog/{quote(blog, safe='.:-_')}/"
        self._credentials = credentials
        #: Requests sent so far, for logging what an audit cost.
        self.calls = 0
        #: The ``blog`` object of the first ``/posts`` page: Tumblr documents it as the
        #: equivalent of ``/v2/blog/{blog}/info``, so that call is not made on every audit.
        self.blog_object: dict[str, Any] | None = None

    def user_info(self) -> dict[str, Any]:
        """``GET /v2/user/info``: the token owner's account and the blogs they can post to."""
        return self.get("user/info")

    def blog_info(self) -> dict[str, Any]:
        """``GET /v2/blog/{blog}/info``: only asked when the blog is not among the user's blogs."""
        return self.get(self.blog_path + "info")

    def followers(self) -> tuple[list[Any], int]:
        """Every follower (``offset``/``limit`` pages) and ``total_users``."""
        users: list[Any] = []
        total = 0
        offset = 0
        while True:
            page = self.get(self.blog_path + "followers", {"limit": PAGE_SIZE, "offset": offset})
            batch, total = _list(page, "users", "followers"), _count(page, "total_users", "followers")
            users.extend(batch)
            offset += len(batch)
            if not batch or offset >= total:
                return users, total

    def posts(self, route: str, *, newer_than: int | None = None) -> Iterator[dict[str, Any]]:
        """Posts of ``posts`` or ``posts/queue``, newest first, in NPF; stops at ``newer_than``.

        ``newer_than`` (epoch seconds) ends the scan at the first post not newer than it:
        Tumblr has no ``since_id`` for a blog's posts, and they come newest first. The very
        first post is passed over rather than ending the scan, as it may be an old pinned post.
        """
        offset = 0
        while True:
            page = self.get(self.blog_path + route,
                            {"npf": "true", "limit": PAGE_SIZE, "offset": offset})
            batch = _objects(_list(page, "posts", route), route)
            if route == "posts" and self.blog_object is None and isinstance(page.get("blog"), dict):
                self.blog_object = page["blog"]
            for index, post in enumerate(batch, start=offset):
                stamp = post.get("timestamp")
                if newer_than is not None and isinstance(stamp, int | float) and stamp <= newer_than:
                    if index == 0:
                        continue
                    return
                yield post
            offset += len(batch)
            total = page.get("total_posts")
            if len(batch) < PAGE_SIZE or (isinstance(total, int) and offset >= total):
                return

    def drafts(self) -> Iterator[dict[str, Any]]:
        """Every draft, in NPF, paged with ``before_id`` until an empty page."""
        before_id: str | None = None
        while True:
            params: dict[str, str | int] = {"npf": "true"}
            if before_id is not None:
                params["before_id"] = before_id
            batch = _objects(_list(self.get(self.blog_path + "posts/draft", params), "posts",
                                   "posts/draft"), "posts/draft")
            if not batch:
                return
            yield from batch
            last = str(batch[-1].get("id_string", batch[-1].get("id", "")))
            if not last.isdigit() or last == before_id:
                raise PlatformResponseError(PLATFORM, "posts/draft: the pages do not advance")
            before_id = last

    def notes(self, post_id: str, *, newer_than: float | None = None) -> Iterator[dict[str, Any]]:
        """Notes of one post in ``conversation`` mode, newest first, following ``_links.next``."""
        params: dict[str, str | int] = {"id": post_id, "mode": "conversation"}
        while True:
            page = self.get(self.blog_path + "notes", params)
            batch = _objects(_list(page, "notes", "notes"), "notes")
            for note in batch:
                stamp = note.get("timestamp")
                if newer_than is not None and isinstance(stamp, int | float) and stamp <= newer_than:
                    return
                yield note
            following = _next_params(page)
            if not batch or following is None:
                return
            following = {**following, "id": post_id, "mode": "conversation"}
            if following == params:
                raise PlatformResponseError(PLATFORM, "GET notes: _links.next does not advance")
            params = following

    def get(self, route: str, params: Params | None = None) -> dict[str, Any]:
        """One GET; the envelope's ``response`` object, or the mapped error."""
        response = self._send(route, params or {})
        if response.status_code != 200:
            _raise_for(response, route)
        try:
            body = response.json()
        except ValueError:
            raise PlatformResponseError(PLATFORM, f"GET {route}: the body is not JSON") from None
        if not isinstance(body, dict) or not isinstance(body.get("response"), dict):
            raise PlatformResponseError(PLATFORM, f"GET {route}: the envelope has no response object")
        answer: dict[str, Any] = body["response"]
        return answer

    def _send(self, route: str, params: Params) -> httpx.Response:
        self.calls += 1
        request = self.http.build_request("GET", self.api_root + route, params=dict(params))
        self._credentials.authorise(request)
        try:
            return self.http.send(request, follow_redirects=False)
        except httpx.TimeoutException:
            raise PlatformUnavailableError(PLATFORM, f"GET {route}: timed out") from None
        except httpx.TransportError as exc:
            # The class name says enough; the message could quote the request.
            raise PlatformUnavailableError(PLATFORM, f"GET {route}: {type(exc).__name__}") from None


def retry_after(headers: Mapping[str, str]) -> float:
    """Seconds until Tumblr lifts a limit: ``Retry-After``, else the exhausted window's reset.

    Tumblr reports its per-hour and per-day limits in ``X-Ratelimit-Perhour-*`` and
    ``X-Ratelimit-Perday-*`` headers; ``*-Reset`` is the seconds left in that window.
    """
    if "retry-after" in {k.lower() for k in headers}:
        return parse_retry_after(headers, default=DEFAULT_RETRY_AFTER)
    waits = []
    for window in ("Perday", "Perhour"):
        remaining = headers.get(f"X-Ratelimit-{window}-Remaining", "").strip()
        reset = headers.get(f"X-Ratelimit-{window}-Reset", "").strip()
        if reset.isdigit() and (remaining == "0" or not remaining):
            waits.append(float(reset))
    return max(waits) if waits else DEFAULT_RETRY_AFTER


def _raise_for(response: httpx.Response, route: str) -> NoReturn:
    status = response.status_code
    where = f"GET {route}: HTTP {status}" + _problem(response)
    log.debug("Tumblr answered %s", where)
    if status == 401:
        raise AuthError(PLATFORM, f"{where}: the token was rejected", status=401)
    if status == 403:
        raise AuthError(PLATFORM, f"{where}: this token may not read it", status=403)
    if status == 404:
        raise ConnectorError(PLATFORM, f"{where}: no such blog or post", status=404)
    if status == 429:
        raise RateLimitedError(PLATFORM, where, retry_after(response.headers))
    if status >= 500:
        raise PlatformUnavailableError(PLATFORM, where, status=status)
    raise PlatformResponseError(PLATFORM, f"{where}: unexpected answer", status=status)


def _problem(response: httpx.Response) -> str:
    """`` (title, code)`` from the envelope's ``errors``, when it has a plain one."""
    try:
        body = response.json()
    except ValueError:
        return ""
    errors = body.get("errors") if isinstance(body, dict) else None
    first = errors[0] if isinstance(errors, list) and errors else None
    if not isinstance(first, dict):
        return ""
    title, code = first.get("title"), first.get("code")
    parts = [title] if isinstance(title, str) and _TITLE.match(title) else []
    if isinstance(code, int) and not isinstance(code, bool) and code:
        parts.append(f"code {code}")
    return f" ({', '.join(parts)})" if parts else ""


def _list(page: Mapping[str, Any], key: str, route: str) -> list[Any]:
    value = page.get(key)
    if not isinstance(value, list):
        raise PlatformResponseError(PLATFORM, f"GET {route}: response.{key} is not a list")
    return value


def _objects(values: list[Any], route: str) -> list[dict[str, Any]]:
    if not all(isinstance(v, dict) for v in values):
        raise PlatformResponseError(PLATFORM, f"GET {route}: an entry is not an object")
    return values


def _count(page: Mapping[str, Any], key: str, route: str) -> int:
    value = page.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise PlatformResponseError(PLATFORM, f"GET {route}: response.{key} is not a number")
    return value


def _next_params(page: Mapping[str, Any]) -> dict[str, str | int] | None:
    """The query of ``_links.next``, the documented way to the next page of notes."""
    links = page.get("_links")
    following = links.get("next") if isinstance(links, Mapping) else None
    if following is None:
        return None
    query = following.get("query_params") if isinstance(following, Mapping) else None
    if not isinstance(query, Mapping) or not query:
        raise PlatformResponseError(PLATFORM, "GET notes: _links.next has no query_params")
    return {str(k): v if isinstance(v, int) else str(v) for k, v in query.items()}
