"""End to end over real loopback HTTP: the sandbox's injected faults, and how the run copes."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from auditor.demo import DEMO_SCENARIO
from auditor.errors import ConfigError
from auditor.plugins import Registry
from auditor.rule import Status
from auditor.runner import Runner
from auditor.sandbox import Sandbox, load_scenario

SCENARIO = load_scenario(DEMO_SCENARIO)


@pytest.fixture
def sandboxed(demo_school: Any, registry: Registry) -> Iterator[Any]:
    """Start a sandbox with the given faults; point the demo school's accounts at it."""
    started: list[Sandbox] = []

    def start(*faults: dict[str, Any], **settings: Any) -> Any:
        scenario = copy.deepcopy(SCENARIO)
        scenario["faults"] = list(faults)
        sandbox = Sandbox(scenario, registry.connectors).start()
        started.append(sandbox)
        demo_school.config_text = demo_school.config_text.replace("http://sandbox.invalid", sandbox.url)
        app = demo_school.app(**settings)
        try:
            return Runner(app).audit()  # the real HTTP clients, over loopback
        finally:
            app.close()

    yield start
    for sandbox in started:
        sandbox.stop()


def _by_account(report: Any) -> dict[str, Any]:
    return {a.account_id: a for a in report.accounts}


def test_clean_run_over_http_matches_the_in_process_run(sandboxed: Any) -> None:
    report = sandboxed()
    assert {a: r.status for a, r in _by_account(report).items()} == \
        {"year6-x": "complete", "pe-x": "partial", "year6-blog": "complete"}
    assert report.changes.new == 8


@pytest.mark.parametrize(("fault", "words"), [
    ({"status": 401}, "401"),
    ({"status": 500}, "500"),
    ({"rate_limit": 900}, "rate limited"),
    ({"malformed": True}, ""),
])
def test_a_failing_platform_fails_only_its_accounts(sandboxed: Any, fault: dict[str, Any],
                                                    words: str) -> None:
    report = sandboxed({"platform": "x", "path": "/2/users/by/username/", **fault})
    accounts = _by_account(report)
    for key in ("year6-x", "pe-x"):
        assert accounts[key].status == "failed"
        assert words.lower() in (accounts[key].error or "").lower()
        assert not any(o.status is Status.PASS for o in accounts[key].outcomes
                       if o.rule_id.startswith(("any.settings", "any.members", "any.content")))
    assert accounts["year6-blog"].status == "complete"


def test_a_timeout_is_could_not_check(sandboxed: Any) -> None:
    fault = {"platform": "wordpress", "path": "/year6/wp-json/wp/v2/posts", "delay": 1.5, "times": 1}
    report = sandboxed(fault, http_timeout=0.3)
    blog = _by_account(report)["year6-blog"]
    assert blog.status == "failed" and "tim" in (blog.error or "").lower()
    assert _by_account(report)["year6-x"].status == "complete"


def test_a_failing_capability_is_missing_not_passed(sandboxed: Any) -> None:
    report = sandboxed({"platform": "x", "path": r"/2/users/\d+/followers", "status": 503})
    y6 = _by_account(report)["year6-x"]
    assert y6.status == "partial"
    roster = [o for o in y6.outcomes if o.rule_id == "any.members.on_roster"]
    assert [o.status for o in roster] == [Status.ERROR]
    assert any(o.rule_id == "any.settings.private" and o.status is Status.FAIL for o in y6.outcomes)


def test_short_rate_limit_is_waited_for_once(sandboxed: Any) -> None:
    report = sandboxed({"platform": "x", "path": "/2/users/by/username/MillbrookY6", "rate_limit": 0,
                        "times": 1}, rate_limit_max_wait=5.0)
    assert _by_account(report)["year6-x"].status == "complete"


def test_sandbox_serves_unknown_paths_and_rejects_bad_faults(registry: Registry) -> None:
    with Sandbox(SCENARIO, registry.connectors) as sandbox:
        answer = httpx.get(f"{sandbox.url}/myspace/api")
        assert answer.status_code == 404
    with pytest.raises(ConfigError, match="faults"):
        Sandbox({"platforms": {}, "faults": [{"path": "("}]}, registry.connectors)
    with pytest.raises(ConfigError, match="myspace"):
        Sandbox({"platforms": {"myspace": {}}}, registry.connectors)
