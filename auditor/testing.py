"""A test kit for connectors: run a connector against its fake in-process, no sockets needed."""

from __future__ import annotations

from typing import Any

import httpx
import requests
from requests.adapters import BaseAdapter

from auditor.connector import Connector
from auditor.fake import FakePlatform

__all__ = ["FAKE_BASE", "FakeRequestsAdapter", "fake_base_url", "http_for_fake"]

#: The origin in-process fakes answer on; nothing listens there.
FAKE_BASE = "http://sandbox.invalid"


def fake_base_url(platform: str) -> str:
    """The base_url an account uses to reach its platform's fake in-process."""
    return f"{FAKE_BASE}/{platform}"


def _strip_mount(fake: FakePlatform, request: httpx.Request) -> httpx.Response:
    prefix = f"/{fake.platform}"
    path = request.url.raw_path.decode()
    if path.startswith(prefix):
        path = path[len(prefix):] or "/"
    inner = httpx.Request(request.method, request.url.copy_with(raw_path=path.encode()),
                          headers=request.headers, content=request.content)
    return fake(inner)


class FakeRequestsAdapter(BaseAdapter):
    """A requests adapter that hands each request to a fake, for connectors built on requests."""

    def __init__(self, fake: FakePlatform) -> None:
        super().__init__()
        self.fake = fake

    def send(self, request: requests.PreparedRequest, stream: bool = False, timeout: Any = None,
             verify: Any = True, cert: Any = None, proxies: Any = None) -> requests.Response:
        body = request.body.encode() if isinstance(request.body, str) else request.body
        answer = _strip_mount(self.fake, httpx.Request(
            request.method or "GET", request.url or "", headers=dict(request.headers),
            content=body or b""))
        response = requests.Response()
        response.status_code = answer.status_code
        response.headers.update(answer.headers)
        response._content = answer.content
        response.url = request.url or ""
        response.request = request
        response.reason = answer.reason_phrase
        response.encoding = "utf-8"
        return response

    def close(self) -> None:
        """Nothing to release."""


def http_for_fake(connector_cls: type[Connector], fake: FakePlatform) -> Any:
    """An HTTP client of the kind ``connector_cls`` expects, wired to ``fake`` in-process."""
    if connector_cls.http_library == "requests":
        session = requests.Session()
        adapter = FakeRequestsAdapter(fake)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return session
    return httpx.Client(transport=httpx.MockTransport(lambda r: _strip_mount(fake, r)))
