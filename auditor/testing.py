"""A test kit for connectors: run one against its fake in-process, and the contract every one passes.

A connector's test module subclasses :class:`ConnectorContract`, fills in its
class attributes, and inherits the tests every connector must pass::

    class TestMastodonContract(ConnectorContract):
        connector = MastodonConnector
        fake_data = {...}                                  # the fake's scenario data
        account = AccountRef(id="a", platform="mastodon", handle="school",
                             base_url=fake_base_url("mastodon"))
        connection = {"access_token": "secret-token"}      # valid settings, secrets as text
        secrets = ("secret-token",)
        capability_paths = {Capability.MEMBERS: r"/followers", Capability.CONTENT: r"/statuses"}
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest
import requests
from pydantic import ValidationError
from requests.adapters import BaseAdapter

from auditor.connector import Connector, ConnectorConfig
from auditor.errors import (
    AuthError,
    ConnectorError,
    PlatformResponseError,
    PlatformUnavailableError,
    RateLimitedError,
)
from auditor.fake import MEDIA_MOUNT, FakePlatform, Fault, media_response
from auditor.snapshot import AccountRef, AccountSnapshot, Capability

__all__ = [
    "FAKE_BASE",
    "ConnectorContract",
    "FakeRequestsAdapter",
    "FixtureAnswer",
    "FixtureRouter",
    "fake_base_url",
    "http_for_fake",
]

#: The origin in-process fakes answer on; nothing listens there.
FAKE_BASE = "http://sandbox.invalid"


def fake_base_url(platform: str) -> str:
    """The base_url an account uses to reach its platform's fake in-process."""
    return f"{FAKE_BASE}/{platform}"


def _strip_mount(fake: FakePlatform, request: httpx.Request,
                 faults: Sequence[Fault] = (), media: Mapping[str, Path] | None = None) -> httpx.Response:
    prefix = f"/{fake.platform}"
    path = request.url.raw_path.decode()
    if media is not None and path.startswith(f"/{MEDIA_MOUNT}/"):
        return media_response(media, request.url.path)
    if path.startswith(prefix):
        path = path[len(prefix):] or "/"
    inner = httpx.Request(request.method, request.url.copy_with(raw_path=path.encode()),
                          headers=request.headers, content=request.content)
    fault = next((f for f in faults if f.matches(fake.platform, inner.url.path)), None)
    if fault is not None:
        fault.take()
        answer = fault.answer(fake, inner)
        if answer is not None:
            return answer
    return fake(inner)


class FakeRequestsAdapter(BaseAdapter):
    """A requests adapter that hands each request to a fake, for connectors built on requests."""

    def __init__(self, fake: FakePlatform, faults: Sequence[Fault] = (),
                 raises: Exception | None = None, media: Mapping[str, Path] | None = None) -> None:
        super().__init__()
        self.media = media
        self.fake = fake
        self.faults = faults
        self.raises = raises

    def send(self, request: requests.PreparedRequest, stream: bool = False, timeout: Any = None,
             verify: Any = True, cert: Any = None, proxies: Any = None) -> requests.Response:
        if self.raises is not None:
            raise self.raises
        body = request.body.encode() if isinstance(request.body, str) else request.body
        answer = _strip_mount(self.fake, httpx.Request(
            request.method or "GET", request.url or "", headers=dict(request.headers),
            content=body or b""), self.faults, self.media)
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


def http_for_fake(connector_cls: type[Connector[Any]], fake: FakePlatform, *,
                  faults: Sequence[Fault] = (), timeout: bool = False,
                  media: Mapping[str, Path] | None = None) -> Any:
    """An HTTP client of the kind ``connector_cls`` expects, wired to ``fake`` in-process.

    ``faults`` are injected as the sandbox injects them; ``timeout`` makes every request
    time out, as the client library itself reports it; ``media`` are the scenario's photos,
    served under ``/_media/`` as the sandbox serves them.
    """
    if connector_cls.http_library == "requests":
        session = requests.Session()
        adapter = FakeRequestsAdapter(fake, faults,
                                      requests.Timeout("timed out") if timeout else None, media)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return session

    def handle(request: httpx.Request) -> httpx.Response:
        if timeout:
            raise httpx.ReadTimeout("timed out", request=request)
        return _strip_mount(fake, request, faults, media)

    return httpx.Client(transport=httpx.MockTransport(handle))


#: What a :class:`FixtureRouter` answers a request with: a response, a factory for a fresh
#: one (so a stream can be read again), or an exception to raise as the transport would.
FixtureAnswer = httpx.Response | Exception | Callable[[], httpx.Response]


class FixtureRouter:
    """Recorded platform answers for respx, picked by a key computed from each request.

    Give respx the router as a side effect; it records every request, then answers with
    ``answers[self.key(request)]``. Tests replace answers to script failures, and assert on
    what was asked for through :attr:`requests`, :meth:`requested` and :meth:`params`::

        class FixtureApi(FixtureRouter):
            def key(self, request: httpx.Request) -> str:
                return request.url.path.rsplit("/", 1)[1]

        api = FixtureApi({"channels": lambda: httpx.Response(200, json={...})})
        respx_mock.route(host="www.googleapis.com").mock(side_effect=api)

    ``key`` may assert on the request (credentials, headers) too: a failed assertion there
    fails the request being made.
    """

    def __init__(self, answers: Mapping[str, FixtureAnswer]) -> None:
        #: The answer per key; tests may replace or add entries.
        self.answers: dict[str, FixtureAnswer] = dict(answers)
        #: Every request routed here, in order.
        self.requests: list[httpx.Request] = []

    def key(self, request: httpx.Request) -> str:
        """The answer key for ``request``; override per platform. By default the URL path."""
        return request.url.path

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        key = self.key(request)
        if key not in self.answers:
            raise AssertionError(f"no recorded answer for {key!r} ({request.method} {request.url})")
        answer = self.answers[key]
        if isinstance(answer, Exception):
            raise answer
        return answer if isinstance(answer, httpx.Response) else answer()

    def requested(self) -> list[str]:
        """The key of every request made, in order."""
        return [self.key(r) for r in self.requests]

    def params(self, key: str) -> list[dict[str, str]]:
        """The query parameters of each request with ``key``, in order (first value of each)."""
        return [dict(r.url.params) for r in self.requests if self.key(r) == key]

    def query(self, key: str) -> list[httpx.QueryParams]:
        """As :meth:`params`, but whole query strings, for parameters that repeat."""
        return [r.url.params for r in self.requests if self.key(r) == key]


class ConnectorContract:
    """The tests every connector must pass; subclass it in the connector's test module."""

    connector: ClassVar[type[Connector[Any]]]
    #: Scenario data for the connector's fake.
    fake_data: ClassVar[Mapping[str, Any]]
    #: An account the fake serves, with ``base_url`` from :func:`fake_base_url`.
    account: ClassVar[AccountRef]
    #: Valid ``connection:`` settings for the account, secrets as plain text.
    connection: ClassVar[Mapping[str, Any]]
    #: Secret values that must never show in reprs, messages or logs.
    secrets: ClassVar[tuple[str, ...]] = ()
    #: A path pattern per capability other than SETTINGS: failing it must fail only that one.
    capability_paths: ClassVar[Mapping[Capability, str]] = {}
    #: The most API calls a repeat audit of the unchanged account may make. Three is the
    #: project's budget; a connector whose platform cannot meet it sets its documented floor
    #: here, and its README says why.
    repeat_call_budget: ClassVar[int] = 3
    #: What the contract account's snapshots observe, when the platform gives some kinds of
    #: account less than the connector can observe elsewhere (a Flickr user has no members,
    #: a group has); None for everything the connector declares.
    account_capabilities: ClassVar[frozenset[Capability] | None] = None

    # -- helpers ---------------------------------------------------------------
    def make_fake(self) -> FakePlatform:
        """A fresh fake from ``fake_data``."""
        assert self.connector.fake, "the connector names no fake"
        module, _, attr = self.connector.fake.partition(":")
        fake: FakePlatform = getattr(importlib.import_module(module), attr)(self.fake_data)
        return fake

    def config(self) -> ConnectorConfig:
        """The connector's validated settings."""
        return self.connector.config_model.model_validate(dict(self.connection))

    def fetch(self, cursor: Mapping[str, Any] | None = None, *, faults: Sequence[Fault] = (),
              timeout: bool = False, fake: FakePlatform | None = None) -> AccountSnapshot:
        """Fetch the contract's account from a fake, optionally with faults."""
        http = http_for_fake(self.connector, fake or self.make_fake(), faults=faults, timeout=timeout)
        try:
            return self.connector(self.config(), http).fetch(self.account, cursor)
        finally:
            http.close()

    def expected_capabilities(self) -> frozenset[Capability]:
        """What the contract account's snapshot observes: ``account_capabilities`` or all."""
        return self.account_capabilities or self.connector.capabilities

    def fault(self, path: str = ".*", **kind: Any) -> Fault:
        """A fault on this connector's platform."""
        return Fault(platform=self.connector.platform, path=re.compile(path), **kind)

    def assert_fails_as(self, error: type[ConnectorError], **fetch: Any) -> None:
        """The fetch raises ``error``, or reports every capability as not observed."""
        try:
            snapshot = self.fetch(**fetch)
        except ConnectorError as exc:
            assert isinstance(exc, error), f"{type(exc).__name__} raised, {error.__name__} expected"
            for secret in self.secrets:
                assert secret not in str(exc)
            return
        assert set(snapshot.missing) == set(self.expected_capabilities()), \
            f"nothing raised and not every capability reported missing: {snapshot.missing}"
        assert not snapshot.items

    # -- the contract ----------------------------------------------------------
    def test_metadata_is_declared(self) -> None:
        cls = self.connector
        assert re.fullmatch(r"[a-z][a-z0-9_]*", cls.platform)
        assert cls.display_name and cls.capabilities
        assert cls.capabilities <= set(Capability)
        assert issubclass(cls.config_model, ConnectorConfig)
        assert cls.http_library in ("httpx", "requests")
        assert isinstance(cls.limitations, tuple) and all(cls.limitations)
        assert self.make_fake().platform == cls.platform
        readme = Path(importlib.import_module(cls.__module__).__file__ or "").parent / "README.md"
        assert readme.is_file(), f"{cls.platform} has no README.md beside its code"

    def test_config_rejects_unknown_keys(self) -> None:
        with pytest.raises(ValidationError):
            self.connector.config_model.model_validate({**self.connection, "no_such_key": 1})

    def test_secrets_are_hidden(self) -> None:
        config = self.config()
        for secret in self.secrets:
            assert secret not in repr(config) and secret not in str(config)
            assert secret not in repr(config.model_dump())

    def test_snapshot_is_well_formed(self) -> None:
        snapshot = self.fetch()
        assert snapshot.account == self.account
        assert snapshot.fetched_at.tzinfo is not None
        assert snapshot.capabilities == self.expected_capabilities()
        assert snapshot.capabilities <= self.connector.capabilities
        assert not snapshot.missing, snapshot.missing
        if Capability.SETTINGS in snapshot.capabilities:
            assert snapshot.settings is not None
        if Capability.MEMBERS in snapshot.capabilities:
            assert snapshot.members is not None
        ids = [(item.kind, item.id) for item in snapshot.items]
        assert len(ids) == len(set(ids)), "an item is reported twice"
        for item in snapshot.items:
            assert item.created_at.tzinfo is not None
            assert "<" not in item.text or ">" not in item.text or not re.search(r"</?[a-z]+[ >]", item.text)
        json.dumps(snapshot.cursor)  # the cursor is stored as JSON

    def test_a_repeat_fetch_reads_nothing_new(self) -> None:
        fake = self.make_fake()
        first = self.fetch(fake=fake)
        before = fake.call_count
        again = self.fetch(first.cursor, fake=fake)
        calls = fake.call_count - before
        assert again.items == ()
        assert not again.missing
        assert calls <= self.repeat_call_budget, \
            f"a repeat fetch of the unchanged account made {calls} API calls, " \
            f"more than the budget of {self.repeat_call_budget}"
        for capability in again.unchanged:
            assert again.unchanged[capability], "an unchanged capability must name its signal"
            if capability is Capability.MEMBERS:
                assert again.members is None, "members carried as unchanged are not listed again"
        json.dumps(again.cursor)

    def test_rejected_credentials_raise_auth_error(self) -> None:
        self.assert_fails_as(AuthError, faults=[self.fault(status=401)])

    def test_rate_limits_raise_rate_limited(self) -> None:
        self.assert_fails_as(RateLimitedError, faults=[self.fault(rate_limit=120)])

    def test_server_errors_are_unavailable(self) -> None:
        self.assert_fails_as(PlatformUnavailableError, faults=[self.fault(status=500)])

    def test_timeouts_are_unavailable(self) -> None:
        self.assert_fails_as(PlatformUnavailableError, timeout=True)

    def test_malformed_payloads_are_response_errors(self) -> None:
        self.assert_fails_as(PlatformResponseError, faults=[self.fault(malformed=True)])

    def test_a_failing_capability_is_reported_missing(self) -> None:
        for capability, path in self.capability_paths.items():
            snapshot = self.fetch(faults=[self.fault(path, status=503)])
            assert set(snapshot.missing) == {capability}, (capability, snapshot.missing)
