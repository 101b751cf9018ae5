"""Reads photos for the rules that look at their pixels or EXIF, over the account's HTTP client."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx
import requests

from auditor.errors import PlatformResponseError, PlatformUnavailableError

__all__ = ["MAX_MEDIA_BYTES", "HttpMediaReader"]

log = logging.getLogger(__name__)

#: Photos larger than this are not read (a phone's full-size JPEG is 3-12 MB).
MAX_MEDIA_BYTES = 25 * 1024 * 1024


class HttpMediaReader:
    """Fetches media URLs with an httpx client or a requests session, at most ``max_bytes`` each.
    The client is made on first use, so an audit with no photo pays
    nothing; :meth:`close` closes it."""

    def __init__(self, platform: str, http_factory: Callable[[], Any],
                 max_bytes: int = MAX_MEDIA_BYTES, only_origin: str | None = None) -> None:
        self.platform = platform
        self.max_bytes = max_bytes
        #: An account pointed at a sandbox or test server (its ``base_url``) reads photos from
        #: there only, never from the real platform's CDN.
        self.only_origin = _origin(only_origin) if only_origin else None
        self._factory = http_factory
        self._http: Any = None

    @property
    def http(self) -> Any:
        """The HTTP client, made on first use."""
        if self._http is None:
            self._http = self._factory()
        return self._http

    def close(self) -> None:
        """Close the client, if one was made."""
        if self._http is not None:
            self._http.close()
            self._http = None

    def __call__(self, url: str) -> bytes:
        """The file at ``url``; PlatformUnavailableError or PlatformResponseError when it cannot be read."""
        # Only the origin is ever shown: a query can carry a signed token, and a file name a
        # pupil's name ("olivia-bennett-poem.jpg"); messages are stored and emailed.
        shown = f"a photo on {_origin(url)}"
        if self.only_origin is not None and _origin(url) != self.only_origin:
            raise PlatformResponseError(self.platform, f"{shown} is not on {self.only_origin}, where "
                                        "this account's base_url points; not fetched")
        try:
            if isinstance(self.http, httpx.Client):
                with self.http.stream("GET", url) as response:
                    self._check(response.status_code, shown)
                    return self._read(response.iter_bytes(), shown)
            with self.http.get(url, stream=True) as response:
                self._check(response.status_code, shown)
                return self._read(response.iter_content(1 << 16), shown)
        except (httpx.HTTPError, requests.RequestException) as exc:
            raise PlatformUnavailableError(self.platform, f"cannot fetch {shown}: "
                                           f"{type(exc).__name__}") from None

    def _check(self, status: int, shown: str) -> None:
        if status != 200:
            raise PlatformUnavailableError(self.platform, f"cannot fetch {shown}: HTTP {status}",
                                           status=status)

    def _read(self, chunks: Any, shown: str) -> bytes:
        data = bytearray()
        for chunk in chunks:
            data += chunk
            if len(data) > self.max_bytes:
                raise PlatformResponseError(self.platform, f"{shown} is larger than "
                                            f"{self.max_bytes // (1024 * 1024)} MB; not read")
        return bytes(data)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()
