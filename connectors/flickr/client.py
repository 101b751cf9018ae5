"""Calls to the Flickr REST API, signed with OAuth 1.0a, errors mapped to the auditor's tree."""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

import httpx
from authlib.oauth1 import ClientAuth  # type: ignore[import-untyped]
from authlib.oauth1.rfc5849.wrapper import OAuth1Request  # type: ignore[import-untyped]
from pydantic import SecretStr

from auditor import (
    AuthError,
    PlatformResponseError,
    PlatformUnavailableError,
    RateLimitedError,
    parse_retry_after,
)

__all__ = ["PER_PAGE", "REST_PATH", "FlickrClient", "FlickrMethodError", "OAuth1Signer", "Page",
           "SignedRequest"]

log = logging.getLogger(__name__)

PLATFORM = "flickr"
#: Every method is called on this one path; ``method=`` names it.
REST_PATH = "/services/rest/"
#: The largest page the paginated methods serve.
PER_PAGE = 500

# Flickr's common error codes (answered as HTTP 200 with ``stat: fail``).
_REJECTED = {96: "invalid signature", 97: "missing signature", 98: "invalid auth token",
             100: "invalid API key"}
_NOT_ALLOWED = 99
_UNAVAILABLE = 105

Params = Mapping[str, str | int]


class FlickrMethodError(PlatformResponseError):
    """A method-specific Flickr error (``stat: fail`` with a code below 95), e.g. photo not found."""

    def __init__(self, method: str, code: int, message: str) -> None:
        self.code = code
        super().__init__(PLATFORM, f"{method}: error {code} {message}")


class SignedRequest(OAuth1Request):  # type: ignore[misc]
    """authlib's view of a signed request, for any scheme.

    authlib refuses plain-http URLs other than loopback; the connector only ever talks to
    Flickr's https origin or to an account's ``base_url`` (the sandbox), so that choice is
    left to the configuration. The base string is still built from the real URL.
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
    """Signs each request with OAuth 1.0a (HMAC-SHA1, ``Authorization`` header) using authlib.

    authlib's ready-made ``httpx_client.OAuth1Auth`` imports a deprecated httpx shim
    that warns on import, so its signing core (``authlib.oauth1.ClientAuth``) is used here.
    """

    def __init__(self, api_key: str, api_secret: SecretStr, oauth_token: SecretStr,
                 oauth_token_secret: SecretStr) -> None:
        self._client = _ClientAuth(api_key, api_secret.get_secret_value(),
                                  token=oauth_token.get_secret_value(),
                                  token_secret=oauth_token_secret.get_secret_value())

    def __repr__(self) -> str:
        return "OAuth1Signer(***)"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        _, headers, _ = self._client.prepare(request.method, str(request.url),
                                             dict(request.headers), b"")
        request.headers["Authorization"] = headers["Authorization"]
        yield request


@dataclass(frozen=True)
class Page:
    """One page of a paginated list, e.g. ``photos.photo`` with ``page``/``pages``."""

    items: list[dict[str, Any]]
    page: int
    pages: int
    total: int


class FlickrClient:
    """Calls ``<origin>/services/rest/?method=…&format=json&nojsoncallback=1`` over an injected client.

    Redirects are never followed, so a signed request is never replayed to another host.
    """

    def __init__(self, http: httpx.Client, origin: str, auth: httpx.Auth) -> None:
        self.http = http
        self.url = origin.rstrip("/") + REST_PATH
        self._auth = auth
        #: Requests sent so far, for logging what an audit cost.
        self.calls = 0

    def call(self, method: str, params: Params | None = None) -> dict[str, Any]:
        """One method call; the body when ``stat`` is ``ok``, else the mapped error."""
        query: dict[str, str | int] = {"method": method, "format": "json", "nojsoncallback": 1,
                                       **(params or {})}
        self.calls += 1
        try:
            response = self.http.get(self.url, params=query, auth=self._auth,
                                     follow_redirects=False)
        except httpx.TimeoutException:
            raise PlatformUnavailableError(PLATFORM, f"{method}: timed out") from None
        except httpx.TransportError as exc:
            # The class name says enough; the message could quote the signed URL.
            raise PlatformUnavailableError(PLATFORM, f"{method}: {type(exc).__name__}") from None
        if response.status_code != 200:
            _raise_for_status(response, method)
        try:
            body = response.json()
        except ValueError:
            raise PlatformResponseError(PLATFORM, f"{method}: the body is not valid JSON") from None
        if not isinstance(body, dict):
            raise PlatformResponseError(PLATFORM, f"{method}: expected a JSON object")
        stat = body.get("stat")
        if stat == "ok":
            return body
        if stat == "fail":
            _raise_for_code(body, method)
        raise PlatformResponseError(PLATFORM, f"{method}: no valid 'stat' in the answer")

    def page(self, method: str, container: str, item: str, params: Params,
             page: int) -> Page:
        """One page of a list method such as ``flickr.people.getPhotos`` (``photos.photo``)."""
        body = self.call(method, {**params, "per_page": PER_PAGE, "page": page})
        wrapper = body.get(container)
        if not isinstance(wrapper, dict):
            raise PlatformResponseError(PLATFORM, f"{method}: no {container!r} object")
        items = wrapper.get(item, [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise PlatformResponseError(PLATFORM, f"{method}: {container}.{item} is not a list")
        return Page(items, _count(wrapper, "page", method), _count(wrapper, "pages", method),
                    _count(wrapper, "total", method))

    def all_pages(self, method: str, container: str, item: str, params: Params,
                  until: Callable[[list[dict[str, Any]]], bool] | None = None) -> Page:
        """Every page of a list method; ``until(items)`` may stop early (for newest-first lists)."""
        items: list[dict[str, Any]] = []
        number, pages, total = 1, 1, 0
        while number <= pages:
            found = self.page(method, container, item, params, number)
            items.extend(found.items)
            pages, total = found.pages, found.total
            if not found.items or (until is not None and until(found.items)):
                break
            number += 1
        return Page(items, 1, pages, total)


def _count(wrapper: Mapping[str, Any], key: str, method: str) -> int:
    # Flickr sends these as numbers or as numeric strings, depending on the method.
    value = wrapper.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    raise PlatformResponseError(PLATFORM, f"{method}: no valid {key!r}")


def _raise_for_status(response: httpx.Response, method: str) -> NoReturn:
    status = response.status_code
    where = f"{method}: HTTP {status}"
    log.debug("Flickr answered %s", where)
    if status == 401:
        raise AuthError(PLATFORM, f"{where}: the credentials were rejected", status=401)
    if status == 403:
        raise AuthError(PLATFORM, f"{where}: not allowed", status=403)
    if status == 429 or (status == 503 and "Retry-After" in response.headers):
        raise RateLimitedError(PLATFORM, where, parse_retry_after(response.headers, default=3600))
    if status >= 500:
        raise PlatformUnavailableError(PLATFORM, where, status=status)
    raise PlatformResponseError(PLATFORM, f"{where}: unexpected answer", status=status)


def _raise_for_code(body: Mapping[str, Any], method: str) -> NoReturn:
    code = body.get("code")
    if not isinstance(code, int) or isinstance(code, bool):
        raise PlatformResponseError(PLATFORM, f"{method}: failed without a valid error code")
    # Flickr's message is a short fixed phrase per code; keep it short all the same.
    message = str(body.get("message") or "")[:120]
    where = f"{method}: error {code}"
    if code in _REJECTED:
        raise AuthError(PLATFORM, f"{where} ({_REJECTED[code]}): the API key or the OAuth "
                        "token was rejected", status=401)
    if code == _NOT_ALLOWED:
        raise AuthError(PLATFORM, f"{where}: the token lacks the permission for it "
                        "(it needs 'read')", status=403)
    if code == _UNAVAILABLE:
        raise PlatformUnavailableError(PLATFORM, f"{where}: service currently unavailable")
    if 0 < code < 95:
        raise FlickrMethodError(method, code, message)
    raise PlatformResponseError(PLATFORM, f"{where}: {message}")
