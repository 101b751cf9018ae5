"""The base of every sandbox fake: a platform's documented API, answered from scenario data.

A fake is a callable from :class:`httpx.Request` to :class:`httpx.Response`, so
the same object serves in-process tests (``httpx.MockTransport(fake)``) and the
sandbox's loopback HTTP server. Paths it sees are relative to its mount point
(``/x/2/users/...`` reaches the X fake as ``/2/users/...``).
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, ClassVar

import httpx

from auditor.errors import ConfigError

__all__ = ["MEDIA_MOUNT", "FakePlatform", "Fault", "fill_sandbox_url", "json_response", "media_response",
           "scenario_digits", "scenario_mapping", "scenario_time"]

#: Where the sandbox serves a scenario's photos: ``{sandbox}/_media/<name>``, as a platform's
#: CDN would. A scenario lists them under ``media: {name: file}``, files relative to it.
MEDIA_MOUNT = "_media"
_MEDIA_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif"}


def media_response(media: Mapping[str, Path], path: str) -> httpx.Response:
    """The scenario photo at ``path`` (``/<name>`` under the media mount), or a 404."""
    name = path.rsplit("/", 1)[-1]
    file = media.get(name)
    if file is None:
        return json_response(404, {"error": f"no media {name!r} in the scenario"})
    return httpx.Response(200, content=file.read_bytes(),
                          headers={"Content-Type": _MEDIA_TYPES.get(file.suffix.lower(),
                                                                    "application/octet-stream")})


def fill_sandbox_url(value: Any, url: str) -> Any:
    """``value`` with ``{sandbox}`` in every string replaced by ``url`` (media URLs in a scenario)."""
    if isinstance(value, str):
        return value.replace("{sandbox}", url)
    if isinstance(value, dict):
        return {k: fill_sandbox_url(v, url) for k, v in value.items()}
    if isinstance(value, list):
        return [fill_sandbox_url(v, url) for v in value]
    return value


def json_response(status: int, body: Any, headers: Mapping[str, str] | None = None) -> httpx.Response:
    """A JSON response as a platform sends it."""
    return httpx.Response(status, content=json.dumps(body).encode(),
                          headers={"Content-Type": "application/json", **(headers or {})})


def scenario_mapping(data: Any, allowed: Iterable[str], where: str) -> Mapping[str, Any]:
    """Scenario data at ``where`` as a mapping, refused if it holds a key outside ``allowed``."""
    if not isinstance(data, Mapping):
        raise ConfigError("expected a mapping", key=where)
    names = frozenset(allowed)
    unknown = sorted(str(key) for key in data if key not in names)
    if unknown:
        raise ConfigError(f"unknown key (allowed: {', '.join(sorted(names))})",
                          key=f"{where}.{unknown[0]}")
    return data


def scenario_digits(value: Any, where: str) -> str:
    """An id written in digits, from a whole number or a string of digits, as text."""
    # A bool is an int to Python, but ``true`` is never an id.
    text = str(value) if isinstance(value, int | str) and not isinstance(value, bool) else ""
    if not (text.isascii() and text.isdigit()):
        raise ConfigError(f"expected an id in digits, such as 1234567890, not {value!r}",
                          key=where)
    return text


def scenario_time(value: Any, where: str, *, zone_required: bool = False) -> datetime:
    """A YAML date or time, or ISO 8601 text, as aware UTC; naive means UTC unless ``zone_required``."""
    when: datetime | None = None
    if isinstance(value, datetime):
        when = value
    elif isinstance(value, date):
        # YAML reads an unquoted 2026-11-20 as a date: midnight, as the same text quoted.
        when = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        with contextlib.suppress(ValueError):
            when = datetime.fromisoformat(value)
    if when is None:
        raise ConfigError(f"expected an ISO 8601 time such as 2026-11-20T09:00:00Z, not {value!r}",
                          key=where)
    if when.tzinfo is None:
        if zone_required:
            raise ConfigError(f"expected a time with its zone, such as Z or +01:00, not {value!r}",
                              key=where)
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


class FakePlatform:
    """A fake platform API; subclasses implement :meth:`route` and may override the error shapes."""

    platform: ClassVar[str]

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.calls: Counter[str] = Counter()
        self._lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.calls[f"{request.method} {request.url.path}"] += 1
        return self.route(request)

    @property
    def call_count(self) -> int:
        """How many requests this fake has answered."""
        return sum(self.calls.values())

    def route(self, request: httpx.Request) -> httpx.Response:
        """Answer one request from the scenario data."""
        raise NotImplementedError

    # Error shapes, overridden where a platform documents its own.
    def rate_limited(self, request: httpx.Request, retry_after: int) -> httpx.Response:
        """A 429 with the platform's own rate-limit signal."""
        return json_response(429, {"error": "rate limited"}, {"Retry-After": str(retry_after)})

    def error(self, request: httpx.Request, status: int) -> httpx.Response:
        """An error response with the platform's documented body."""
        return json_response(status, {"error": httpx.codes.get_reason_phrase(status)})

    def malformed(self, request: httpx.Request) -> httpx.Response:
        """A 200 whose body is not what the documentation promises."""
        return httpx.Response(200, content=b'{"unexpected": [1, 2',
                              headers={"Content-Type": "application/json"})


@dataclass
class Fault:
    """A failure injected into the requests of one platform whose path matches ``path``.

    Exactly one of ``status``, ``rate_limit`` (seconds to wait) or ``malformed`` says what is
    answered instead, after ``delay`` seconds; ``times`` limits how often (None: always).
    """

    platform: str
    path: re.Pattern[str]
    status: int | None = None
    rate_limit: int | None = None
    malformed: bool = False
    delay: float = 0.0
    times: int | None = None

    def matches(self, platform: str, path: str) -> bool:
        """True when this fault applies to the request (and has uses left)."""
        return platform == self.platform and self.path.search(path) is not None \
            and (self.times is None or self.times > 0)

    def take(self) -> None:
        """Use the fault once (callers serialise this when requests run in parallel)."""
        if self.times is not None:
            self.times -= 1

    def answer(self, fake: FakePlatform, request: httpx.Request) -> httpx.Response | None:
        """The injected answer, or None when the fault only delays the request."""
        if self.delay:
            time.sleep(self.delay)
        if self.rate_limit is not None:
            return fake.rate_limited(request, self.rate_limit)
        if self.status is not None:
            return fake.error(request, self.status)
        if self.malformed:
            return fake.malformed(request)
        return None
