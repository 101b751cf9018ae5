"""Photos are read over the account's client, bounded in size, and failures name no secret."""

from __future__ import annotations

import httpx
import pytest
import requests
import responses

from auditor.errors import PlatformResponseError, PlatformUnavailableError
from auditor.media import HttpMediaReader

JPEG = b"\xff\xd8\xff\xe0" + b"x" * 2000


def _httpx(handler: httpx.MockTransport) -> HttpMediaReader:
    return HttpMediaReader("facebook", lambda: httpx.Client(transport=handler), max_bytes=4096)


def test_reads_a_photo_with_httpx_and_makes_the_client_only_when_needed() -> None:
    made = []

    def factory() -> httpx.Client:
        made.append(1)
        return httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, content=JPEG)))

    reader = HttpMediaReader("facebook", factory)
    assert made == []
    assert reader("https://cdn.example/a.jpg") == JPEG
    assert reader("https://cdn.example/b.jpg") == JPEG
    assert made == [1]
    reader.close()
    reader.close()


@pytest.mark.parametrize(("answer", "error", "text"), [
    (httpx.Response(404), PlatformUnavailableError, "HTTP 404"),
    (httpx.Response(200, content=b"x" * 5000), PlatformResponseError, "larger than"),
])
def test_a_missing_or_oversized_photo_is_an_error_naming_only_the_origin(
        answer: httpx.Response, error: type[Exception], text: str) -> None:
    reader = _httpx(httpx.MockTransport(lambda r: answer))
    with pytest.raises(error, match=text) as caught:
        reader("https://cdn.example/olivia-bennett.jpg?token=SECRET-SIG")
    # Messages are stored and emailed: no token, and no file name that could name a pupil.
    assert "SECRET-SIG" not in str(caught.value) and "olivia" not in str(caught.value)
    assert "a photo on https://cdn.example" in str(caught.value)


def test_a_timeout_is_platform_unavailable() -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(PlatformUnavailableError, match="ReadTimeout"):
        _httpx(httpx.MockTransport(slow))("https://cdn.example/p.jpg?sig=abc")


@responses.activate
def test_reads_a_photo_with_requests() -> None:
    responses.get("https://pbs.example/media/a.jpg", body=JPEG)
    responses.get("https://pbs.example/media/gone.jpg", status=410)
    reader = HttpMediaReader("x", requests.Session)
    assert reader("https://pbs.example/media/a.jpg") == JPEG
    with pytest.raises(PlatformUnavailableError, match="HTTP 410"):
        reader("https://pbs.example/media/gone.jpg")
    reader.close()


def test_an_account_on_a_sandbox_reads_photos_from_there_only() -> None:
    transport = httpx.MockTransport(lambda r: httpx.Response(200, content=JPEG))
    reader = HttpMediaReader("x", lambda: httpx.Client(transport=transport),
                             only_origin="http://127.0.0.1:8765/x")
    assert reader("http://127.0.0.1:8765/_media/a.jpg") == JPEG
    with pytest.raises(PlatformResponseError, match="not fetched"):
        reader("https://pbs.twimg.com/media/a.jpg")
