"""``auditor demo``: a fictional school audited against the sandbox, on SQLite, mail written to files."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from auditor.app import App
from auditor.cli import print_report
from auditor.notify import Mailer, send_due
from auditor.plugins import load_registry
from auditor.runner import Runner
from auditor.sandbox import Sandbox, load_scenario
from auditor.settings import load_settings
from auditor.summary import build_summary, write_summary

__all__ = ["DEMO_SCENARIO", "demo_school", "run_demo"]

_HERE = files("auditor.demo")
#: The demo's sandbox scenario (a real path: the package is installed from the checkout).
DEMO_SCENARIO = Path(str(_HERE.joinpath("scenario.yaml")))
#: Made-up credentials the sandbox accepts; they exist only to show $env references at work.
DEMO_SECRETS = {"DEMO_X_BEARER_TOKEN": "demo-x-bearer-token",
                "DEMO_WP_APP_PASSWORD": "demo wpap pass word demo wpap"}


def demo_school(registry_connectors: Mapping[str, object], sandbox_url: str | None = None
                ) -> tuple[dict[str, Any], str, dict[str, str]]:
    """The demo's scenario, auditor.yaml text and secrets, with every installed platform.

    The base school (X and WordPress) is what the tests build on; ``platforms.yaml`` adds one
    account on each other platform whose connector is installed. With ``sandbox_url`` the
    accounts' ``{sandbox}`` placeholders are filled in.
    """
    scenario = load_scenario(DEMO_SCENARIO)
    config = _HERE.joinpath("auditor.yaml.template").read_text("utf-8")
    secrets = dict(DEMO_SECRETS)
    extra = yaml.safe_load(_HERE.joinpath("platforms.yaml").read_text("utf-8")) or {}
    for platform, entry in (extra.get("platforms") or {}).items():
        if platform not in registry_connectors:
            continue
        if entry.get("scenario") is not None:
            scenario["platforms"][platform] = entry["scenario"]
        config += "\n" + entry["accounts"].rstrip() + "\n"
        secrets.update(entry.get("secrets") or {})
    if sandbox_url is not None:
        config = config.replace("{sandbox}", sandbox_url)
    return scenario, config, secrets


def run_demo(data_dir: Path) -> int:
    """Start the sandbox, audit the demo school once, write mail and the summary, print paths."""
    data_dir.mkdir(parents=True, exist_ok=True)
    for name in ("pupils.csv", "year6-x-followers.csv", "year6-blog-users.csv",
                 "year6-mastodon-followers.csv"):
        with as_file(_HERE.joinpath(name)) as src:
            shutil.copyfile(src, data_dir / name)
    registry = load_registry()
    # The demo never touches a real database or mail server, whatever the environment says.
    settings = load_settings().model_copy(update={
        "data_dir": data_dir, "database_url": f"sqlite:///{data_dir / 'auditor.db'}",
        "config": data_dir / "auditor.yaml", "smtp_host": None, "auto_migrate": True})
    scenario, _, secrets = demo_school(registry.connectors)
    for name in ("attestations",):
        (data_dir / name).mkdir(exist_ok=True)
    for item in _HERE.joinpath("attestations").iterdir():
        if item.name.endswith(".yaml"):
            (data_dir / "attestations" / item.name).write_text(item.read_text("utf-8"), encoding="utf-8")
    with Sandbox(scenario, registry.connectors) as sandbox:
        _, config, _ = demo_school(registry.connectors, sandbox.url)
        settings.config.write_text(config, encoding="utf-8")
        app = App.build(settings, environ={**os.environ, **secrets}, registry=registry)
        try:
            report = Runner(app).audit(trigger="demo")
            sent = send_due(app.sessions, Mailer(settings), app.clock())
            # The demo's findings are this week's, so its summary is of the week in progress.
            this_week = app.clock().astimezone(ZoneInfo(app.config.school.timezone)).strftime("%G-W%V")
            summary_path = write_summary(app, build_summary(app, this_week))
            print_report(app, report)
        finally:
            app.close()
    print()
    if sent.sent:
        print(f"Alert emails written ({len(sent.sent)}):")
        for path in sent.sent:
            print(f"  {path}")
    else:
        print("No new alert emails: nothing new since the last run.")
    print(f"Weekly summary: {summary_path}")
    print(f"Database: {settings.resolved_database_url}")
    return 0
