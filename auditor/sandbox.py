"""Fake platform APIs on loopback, served from a scenario file, with injectable faults.

Each platform's fake is mounted under ``/<platform>``; an account reaches it by
setting its ``base_url`` to ``http://127.0.0.1:PORT/<platform>`` (plus the fake's
own path, such as a WordPress site name). Faults are listed in the scenario::

    faults:
      - platform: x
        path: /2/users/.*/followers      # a regular expression on the path
        status: 403                      # or: rate_limit: 900, malformed: true, delay: 2.5
        times: 1                         # how often; omitted means always
"""

from __future__ import annotations

import importlib
import logging
import re
import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

from auditor.connector import Connector
from auditor.errors import ConfigError
from auditor.fake import MEDIA_MOUNT, FakePlatform, Fault, fill_sandbox_url, json_response, media_response
from auditor.yamlsource import load_yaml

__all__ = ["Fault", "Sandbox", "load_scenario"]

log = logging.getLogger(__name__)


def load_scenario(path: Path) -> dict[str, Any]:
    """Read a scenario file: ``platforms`` (data per fake) and ``faults``."""
    doc = load_yaml(path)
    if not isinstance(doc.data, dict) or not isinstance(doc.data.get("platforms"), dict):
        raise doc.error("a scenario needs a platforms mapping", ["platforms"])
    media = doc.data.get("media") or {}
    if not isinstance(media, dict):
        raise doc.error("media must map a name to an image file", ["media"])
    resolved = {}
    for name, file in media.items():
        found = path.parent / str(file)
        if not found.is_file():
            raise doc.error(f"no such file: {file}", ["media", name])
        resolved[str(name)] = found
    return {**doc.data, "media": resolved}


class Sandbox:
    """Serves the fakes of the given connectors on 127.0.0.1 in a background thread."""

    def __init__(self, scenario: Mapping[str, Any], connectors: Mapping[str, type[Connector[Any]]],
                 host: str = "127.0.0.1", port: int = 0) -> None:
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((host, port), self._handler())
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None
        self.media: dict[str, Path] = dict(scenario.get("media") or {})
        self.fakes: dict[str, FakePlatform] = {}
        self.faults: list[Fault] = []
        self.connectors = connectors
        # The port is known now: photo URLs in the scenario can point at the sandbox.
        try:
            self._build(scenario)
        except BaseException:
            self._server.server_close()
            raise

    def _build(self, scenario: Mapping[str, Any]) -> None:
        platforms = fill_sandbox_url(scenario.get("platforms", {}), self.url)
        for platform, data in platforms.items():
            cls = self.connectors.get(platform)
            if cls is None or cls.fake is None:
                raise ConfigError(f"no installed connector brings a fake for {platform!r}",
                                  key=f"platforms.{platform}")
            module, _, attr = cls.fake.partition(":")
            fake_cls = getattr(importlib.import_module(module), attr)
            self.fakes[platform] = fake_cls(data or {})
        self.faults = [self._fault(i, f) for i, f in enumerate(scenario.get("faults") or [])]

    @staticmethod
    def _fault(index: int, raw: Mapping[str, Any]) -> Fault:
        try:
            return Fault(platform=raw["platform"], path=re.compile(raw.get("path", ".*")),
                         status=raw.get("status"), rate_limit=raw.get("rate_limit"),
                         malformed=bool(raw.get("malformed", False)),
                         delay=float(raw.get("delay", 0.0)), times=raw.get("times"))
        except (KeyError, re.error, TypeError, ValueError) as exc:
            raise ConfigError(f"bad fault: {exc}", key=f"faults[{index}]") from None

    @property
    def url(self) -> str:
        """The sandbox's root URL."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def base_url(self, platform: str) -> str:
        """The base_url an account on ``platform`` uses to reach its fake."""
        return f"{self.url}/{platform}"

    def start(self) -> Sandbox:
        """Start serving in a daemon thread."""
        self._thread = threading.Thread(target=self._server.serve_forever, name="sandbox",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted."""
        self._server.serve_forever()

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def answer(self, platform: str, request: httpx.Request) -> httpx.Response:
        """Route one request to its fake, applying any matching fault."""
        if platform == MEDIA_MOUNT:
            return media_response(self.media, request.url.path)
        fake = self.fakes.get(platform)
        if fake is None:
            return json_response(404, {"error": f"no fake for {platform}"})
        with self._lock:
            fault = next((f for f in self.faults if f.matches(platform, request.url.path)), None)
            if fault is not None:
                fault.take()
        answer = fault.answer(fake, request) if fault is not None else None
        return answer if answer is not None else fake(request)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        sandbox = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                parts = self.path.split("/", 2)
                platform = parts[1] if len(parts) > 1 else ""
                rest = "/" + (parts[2] if len(parts) > 2 else "")
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = httpx.Request(self.command, f"http://{self.headers.get('Host', 'sandbox')}"
                                        f"{rest}", headers=dict(self.headers.items()), content=body)
                response = sandbox.answer(platform, request)
                payload = response.content
                self.send_response(response.status_code)
                for name, value in response.headers.items():
                    if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _serve

            def log_message(self, format: str, *args: Any) -> None:
                log.debug("sandbox: " + format, *args)

        return Handler
