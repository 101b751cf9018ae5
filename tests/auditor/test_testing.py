"""The test kit's fixture router: recorded answers by request key, and the requests it saw."""

from __future__ import annotations

import httpx
import pytest
import respx

from auditor.testing import FixtureRouter


class ByResource(FixtureRouter):
    def key(self, request: httpx.Request) -> str:
        return request.url.path.rsplit("/", 1)[1]


def test_answers_by_key_and_records_the_requests(respx_mock: respx.MockRouter) -> None:
    router = FixtureRouter({
        "/v1/page": httpx.Response(200, json={"id": "1"}),
        "/v1/posts": lambda: httpx.Response(200, json=[]),
        "/v1/down": httpx.ConnectError("refused"),
    })
    respx_mock.route(host="api.example").mock(side_effect=router)
    with httpx.Client() as client:
        assert client.get("https://api.example/v1/page").json() == {"id": "1"}
        for since in ("1", "2"):
            assert client.get("https://api.example/v1/posts", params={"since": since}).json() == []
        with pytest.raises(httpx.ConnectError):
            client.get("https://api.example/v1/down")
        with pytest.raises(AssertionError, match="'/v1/nowhere'"):
            client.get("https://api.example/v1/nowhere")
    assert router.requested() == ["/v1/page", "/v1/posts", "/v1/posts", "/v1/down", "/v1/nowhere"]
    assert router.params("/v1/posts") == [{"since": "1"}, {"since": "2"}]
    assert router.params("/v1/page") == [{}]
    assert [q.get_list("since") for q in router.query("/v1/posts")] == [["1"], ["2"]]


def test_subclasses_choose_the_key(respx_mock: respx.MockRouter) -> None:
    router = ByResource({"feed": httpx.Response(204)})
    respx_mock.route(host="api.example").mock(side_effect=router)
    with httpx.Client() as client:
        assert client.get("https://api.example/v2/page/feed", params={"a": "b"}).status_code == 204
    assert router.params("feed") == [{"a": "b"}]
    assert len(router.requests) == 1
