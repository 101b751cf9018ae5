"""Calls to one WordPress site's REST API (``/wp-json/wp/v2``), errors mapped to the auditor's tree."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

import httpx
from pydantic import SecretStr

from auditor import (
    AuthError,
    PlatformResponseError,
    PlatformUnavailableError,
    RateLimitedError,
    parse_retry_after,
)
from connectors.wordpress.mapping import PLATFORM

__all__ = ["PER_PAGE", "WPCOM_API", "Collection", "Probe", "WordPressClient", "WpcomSite"]

log = logging.getLogger(__name__)

#: The largest page the REST API serves (``per_page`` is capped at 100).
PER_PAGE = 100
#: WordPress.com's own REST API, whose ``sites/<site>`` says whether a hosted site is private.
WPCOM_API = "https://public-api.wordpress.com/rest/v1.1/"
#: Fields of ``GET sites/<site>`` used; both flags are among those WordPress.com shows visitors.
WPCOM_FIELDS = "ID,URL,is_private,is_coming_soon"
# Error codes are echoed into messages; keep only what a WordPress error code looks like.
_CODE = re.compile(r"^[a-z0-9_.-]{1,64}$")

Params = Mapping[str, str | int]


@dataclass(frozen=True)
class Collection:
    """Every item of a paginated collection, and the total the site reported (``X-WP-Total``)."""

    items: list[dict[str, Any]]
    total: int


@dataclass(frozen=True)
class Probe:
    """The answer to an anonymous request for the site's posts."""

    status: int
    public_posts: int | None


@dataclass(frozen=True)
class WpcomSite:
    """WordPress.com's answer to a visitor about a hosted site; a private one answers 403."""

    status: int
    is_private: bool | None
    is_coming_soon: bool | None


class WordPressClient:
    """Reads one site's ``wp/v2`` routes over an injected ``httpx.Client``.

    ``site_root`` is the site's address (``https://blog.school.example``); every URL is
    absolute, built from it. Requests carry HTTP Basic auth with an Application
    Password, except the anonymous probe. Redirects are never followed, so the
    credentials cannot be replayed to another host.
    """

    def __init__(self, http: httpx.Client, site_root: str, username: str,
                 application_password: SecretStr, wpcom_root: str = WPCOM_API) -> None:
        self.http = http
        self.api_root = site_root.rstrip("/") + "/wp-json/wp/v2/"
        #: WordPress.com's API, only ever asked without credentials.
        self.wpcom_root = wpcom_root.rstrip("/") + "/"
        self._auth = httpx.BasicAuth(username, application_password.get_secret_value())
        #: Requests sent so far, for logging what an audit cost.
        self.calls = 0

    def probe(self) -> Probe:
        """Ask for one post without credentials: 200 if anyone may read, 401/403 if not."""
        route = "posts"
        response = self._send(route, {"per_page": 1, "_fields": "id"}, anonymous=True)
        if response.status_code in (401, 403):
            return Probe(response.status_code, None)
        if response.status_code != 200:
            _raise_for(response, route)
        _list_of_objects(_json(response, route), route)
        return Probe(200, _int_header(response, "X-WP-Total", route))

    def wpcom_site(self, site: str) -> WpcomSite:
        """Ask WordPress.com, without credentials, about the site at domain ``site``.

        A public site answers 200 with ``is_private`` and ``is_coming_soon``; a private one
        answers 403 (``unauthorized``, "User cannot access this private blog.").
        """
        route = f"wpcom sites/{site}"
        response = self._send(f"sites/{site}", {"fields": WPCOM_FIELDS}, anonymous=True,
                              root=self.wpcom_root, label=route)
        if response.status_code in (401, 403):
            return WpcomSite(response.status_code, None, None)
        if response.status_code == 404:
            code = _error_code(response)
            raise PlatformResponseError(
                PLATFORM, f"GET {route}: HTTP 404{f' {code}' if code else ''}: not a "
                "WordPress.com site; check site_url and hosting", status=404)
        if response.status_code != 200:
            _raise_for(response, route)
        body = _json(response, route)
        if not isinstance(body, dict):
            raise PlatformResponseError(PLATFORM, f"GET {route}: expected a JSON object")
        flags = [body.get("is_private"), body.get("is_coming_soon")]
        if not all(isinstance(flag, bool) for flag in flags):
            raise PlatformResponseError(
                PLATFORM, f"GET {route}: is_private and is_coming_soon must be true or false")
        return WpcomSite(200, bool(flags[0]), bool(flags[1]))

    def get_object(self, route: str, params: Params | None = None) -> dict[str, Any]:
        """One JSON object, such as ``settings`` or ``users/me``."""
        response = self._checked(route, params or {})
        body = _json(response, route)
        if not isinstance(body, dict):
            raise PlatformResponseError(PLATFORM, f"GET {route}: expected a JSON object")
        return body

    def get_all(self, route: str, params: Params) -> Collection:
        """Every page of a collection route, following ``X-WP-TotalPages``."""
        items: list[dict[str, Any]] = []
        page, pages, total = 1, 1, 0
        while page <= pages:
            response = self._checked(route, {**params, "per_page": PER_PAGE, "page": page})
            items.extend(_list_of_objects(_json(response, route), route))
            if page == 1:
                # Later pages repeat the totals; what changes mid-scan is caught next audit.
                total = _int_header(response, "X-WP-Total", route)
                pages = _int_header(response, "X-WP-TotalPages", route)
            page += 1
        return Collection(items, total)

    def _checked(self, route: str, params: Params) -> httpx.Response:
        response = self._send(route, params)
        if response.status_code != 200:
            _raise_for(response, route)
        return response

    def _send(self, route: str, params: Params, *, anonymous: bool = False,
              root: str | None = None, label: str | None = None) -> httpx.Response:
        self.calls += 1
        label = label or route
        try:
            return self.http.get((root or self.api_root) + route, params=dict(params),
                                 auth=None if anonymous else self._auth, follow_redirects=False)
        except httpx.TimeoutException:
            raise PlatformUnavailableError(PLATFORM, f"GET {label}: timed out") from None
        except httpx.TransportError as exc:
            # The class name says enough; the message could quote the request.
            raise PlatformUnavailableError(PLATFORM,
                                           f"GET {label}: {type(exc).__name__}") from None


def _error_code(response: httpx.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    # wp/v2 errors carry ``code``; WordPress.com's own API carries ``error``.
    code = (body.get("code") or body.get("error")) if isinstance(body, dict) else None
    return code if isinstance(code, str) and _CODE.match(code) else None


def _raise_for(response: httpx.Response, route: str) -> NoReturn:
    status = response.status_code
    code = _error_code(response)
    where = f"GET {route}: HTTP {status}" + (f" {code}" if code else "")
    log.debug("WordPress answered %s", where)
    if status == 401:
        raise AuthError(PLATFORM, f"{where}: the username or application password was rejected",
                        status=401)
    if status == 403:
        raise AuthError(PLATFORM, f"{where}: this user is not allowed to read it", status=403)
    if status == 429 or (status == 503 and "Retry-After" in response.headers):
        raise RateLimitedError(PLATFORM, where, parse_retry_after(response.headers))
    if status >= 500:
        raise PlatformUnavailableError(PLATFORM, where, status=status)
    if 300 <= status < 400:
        raise PlatformResponseError(PLATFORM, f"{where}: redirected; check site_url", status=status)
    raise PlatformResponseError(PLATFORM, f"{where}: unexpected answer", status=status)


def _json(response: httpx.Response, route: str) -> Any:
    try:
        return response.json()
    except ValueError:
        raise PlatformResponseError(PLATFORM, f"GET {route}: the body is not valid JSON") from None


def _list_of_objects(body: Any, route: str) -> list[dict[str, Any]]:
    if not isinstance(body, list) or not all(isinstance(item, dict) for item in body):
        raise PlatformResponseError(PLATFORM, f"GET {route}: expected a JSON array of objects")
    return body


def _int_header(response: httpx.Response, name: str, route: str) -> int:
    value = response.headers.get(name, "")
    if not value.strip().isdigit():
        raise PlatformResponseError(PLATFORM, f"GET {route}: no valid {name} header")
    return int(value)
