"""The command line: the demo, audit --json, validate, findings, and what a bad config does."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from auditor.cli import main
from auditor.demo import DEMO_SCENARIO, demo_school
from auditor.plugins import Registry, load_registry
from auditor.sandbox import Sandbox, load_scenario

DEMO_DIR = Path(DEMO_SCENARIO).parent


@pytest.fixture
def school_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry: Registry) -> Iterator[Path]:
    """The demo school's files in a folder, its accounts pointed at a live loopback sandbox."""
    for name in ("pupils.csv", "year6-x-followers.csv", "year6-blog-users.csv"):
        (tmp_path / name).write_bytes((DEMO_DIR / name).read_bytes())
    with Sandbox(load_scenario(DEMO_SCENARIO), registry.connectors) as sandbox:
        text = (DEMO_DIR / "auditor.yaml.template").read_text("utf-8").replace("{sandbox}", sandbox.url)
        (tmp_path / "auditor.yaml").write_text(text, encoding="utf-8")
        monkeypatch.chdir(tmp_path)
        for key in [k for k in __import__("os").environ if k.startswith("AUDITOR_")]:
            monkeypatch.delenv(key)
        monkeypatch.setenv("AUDITOR_DATA_DIR", str(tmp_path / "var"))
        monkeypatch.setenv("DEMO_X_BEARER_TOKEN", "demo-x-bearer-token")
        monkeypatch.setenv("DEMO_WP_APP_PASSWORD", "demo wpap pass word demo wpap")
        yield tmp_path


def test_demo_twice_reports_nothing_new_the_second_time(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AUDITOR_SMTP_HOST", raising=False)
    data = tmp_path / "demo"
    assert main(["demo", "--data-dir", str(data)]) == 0
    first = capsys.readouterr().out
    emails = sorted((data / "outbox").glob("*.eml"))
    _, config, _ = demo_school(load_registry().connectors)
    accounts = yaml.safe_load(config)["accounts"]
    run = re.search(r"Audit run 1: (\d+) accounts; (\d+) new, 0 reopened, 0 resolved", first)
    assert run is not None and int(run.group(1)) == len(accounts) >= 4
    # The base school's eight planted breaches, and more from the other platforms.
    assert int(run.group(2)) >= 9
    for account in accounts.values():
        assert f"\n{account['name']}  [{account['platform']}" in first
    assert len(emails) >= 4 and all(str(e) in first for e in emails)
    for clause in ("Private and by invitation only", "Membership restricted to the intended members",
                   "No pupil personal information or real names",
                   "Authorised by the Headteacher, with a named monitor"):
        assert clause in first
    assert (data / "reports").exists() and "Weekly summary: " in first
    # Content findings of every kind the detectors know, each under its rule.
    fails = [line.strip() for line in first.splitlines() if line.strip().startswith("FAIL")]
    for shown in ("a number in a reserved fictional range", "an email address", "a home postcode",
                  "a street address", "a date of birth", "a pupil's full name (no photo consent)",
                  "the school's name", "school uniform", "a password or log-in shared",
                  "a derogatory remark", "No swearing:", "asking to move to a private chat",
                  "a link to a site not on the school's list", "records where it was taken",
                  "shows faces and names a pupil without photo consent"):
        assert any(shown in line for line in fails), shown
    assert main(["demo", "--data-dir", str(data)]) == 0
    second = capsys.readouterr().out
    assert "0 new, 0 reopened, 0 resolved" in second
    assert "No new alert emails" in second
    assert sorted((data / "outbox").glob("*.eml")) == emails


def test_audit_json_lists_every_result(school_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {a["account_id"] for a in doc["accounts"]} == {"year6-x", "pe-x", "year6-blog"}
    keys = {"rule_id", "account_id", "platform", "status", "severity", "subject", "message", "clause"}
    assert all(keys <= set(r) for r in doc["results"])
    statuses = {(r["account_id"], r["rule_id"]): r["status"] for r in doc["results"]
                if r["subject"] in ("settings", "authorisation")}
    assert statuses[("year6-x", "any.settings.private")] == "fail"
    assert statuses[("pe-x", "any.account.authorised")] == "fail"
    assert doc["changes"] == {"new": 8, "reopened": 0, "resolved": 0}
    assert main(["audit", "--json", "--account", "year6-blog"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert {a["account_id"] for a in again["accounts"]} == {"year6-blog"}


def test_unknown_account_is_a_usage_error(school_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--account", "nope"]) == 2
    assert "nope" in capsys.readouterr().err


def test_bad_config_exits_2_with_one_line_and_writes_nothing(school_dir: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    config = school_dir / "auditor.yaml"
    config.write_text(config.read_text("utf-8").replace("monitor: dpatel", "monitor: nobody", 1), "utf-8")
    for command in (["audit"], ["validate"], ["summary"], ["serve"]):
        assert main(command) == 2
        err = capsys.readouterr().err.strip()
        assert err.count("\n") == 0
        assert err.startswith("auditor: auditor.yaml:") and "accounts.year6-x.monitor" in err
    assert not (school_dir / "var").exists()


def test_findings_lifecycle_from_the_command_line(school_dir: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit"]) == 0
    capsys.readouterr()
    assert main(["findings"]) == 0
    listing = capsys.readouterr().out
    assert listing.strip().endswith("8 finding(s)")
    assert main(["findings", "ack", "1", "--by", "dpatel", "--note", "looking"]) == 0
    assert "now acknowledged" in capsys.readouterr().out
    assert main(["findings", "dismiss", "1", "--by", "dpatel"]) == 2  # a dismissal needs a reason
    assert main(["findings", "dismiss", "1", "--by", "nobody", "--note", "x"]) == 2
    assert main(["findings", "dismiss", "1", "--by", "dpatel", "--note", "false positive"]) == 0
    capsys.readouterr()
    assert main(["findings", "show", "1"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [e["action"] for e in shown["events"]] == ["opened", "acknowledged", "dismissed"]
    assert shown["events"][-1]["actor"] == "dpatel"
    # A dismissed finding stays dismissed when the audit sees it again.
    assert main(["audit"]) == 0
    capsys.readouterr()
    assert main(["findings", "show", "1"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "dismissed"


def test_validate_connectors_rules(school_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    assert "OK: Millbrook CE Primary School, 4 people, 3 enabled accounts" in capsys.readouterr().out
    assert main(["connectors", "list"]) == 0
    out = capsys.readouterr().out
    assert "x " in out and "wordpress" in out and "cannot check" in out
    assert main(["rules"]) == 0
    assert "any.settings.private" in capsys.readouterr().out


def test_init_writes_an_example_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "auditor.yaml"
    assert main(["init", str(target)]) == 0
    assert "accounts:" in target.read_text("utf-8")
    assert main(["init", str(target)]) == 2


def test_broken_policy_pack_exits_2_naming_the_pack(school_dir: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    (school_dir / "ours.yaml").write_text("name: ours\ntitle: t\nextends: default\noverrides:\n"
                                          "  any.settings.private: {severity: dire}\n", encoding="utf-8")
    config = school_dir / "auditor.yaml"
    config.write_text(config.read_text("utf-8") + "policy: {pack: ours.yaml}\n", encoding="utf-8")
    assert main(["audit"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "ours.yaml:5: overrides.any.settings.private.severity" in err
    assert not (school_dir / "var").exists()


def test_connectors_check_tries_each_accounts_credentials(school_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["connectors", "check", "--account", "year6-blog", "--account", "year6-x"]) == 0
    out = capsys.readouterr().out
    assert "year6-blog" in out and "year6-x" in out and out.count(" ok") == 2
    monkeypatch.setenv("DEMO_X_BEARER_TOKEN", "a-wrong-token")
    assert main(["connectors", "check", "--account", "year6-x"]) == 1
    out = capsys.readouterr().out
    assert "FAILED" in out and "a-wrong-token" not in out
    assert not (school_dir / "var").exists()  # nothing written: no database for a credentials check
