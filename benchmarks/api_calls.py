"""API calls of a first and a repeat audit of each demo account, counted at the sandbox's fakes.

Run: .venv/bin/python benchmarks/api_calls.py
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from auditor.app import App
from auditor.demo import demo_school
from auditor.plugins import load_registry
from auditor.runner import Runner
from auditor.sandbox import Sandbox
from auditor.settings import AppSettings


def main() -> None:
    registry = load_registry()
    scenario, _, secrets = demo_school(registry.connectors)
    demo_dir = Path(__file__).resolve().parents[1] / "auditor" / "demo"
    with tempfile.TemporaryDirectory() as tmp, Sandbox(scenario, registry.connectors) as sandbox:
        folder = Path(tmp)
        for item in demo_dir.iterdir():
            if item.suffix == ".csv":
                (folder / item.name).write_bytes(item.read_bytes())
        (folder / "attestations").mkdir()
        for item in (demo_dir / "attestations").iterdir():
            (folder / "attestations" / item.name).write_bytes(item.read_bytes())
        _, config, _ = demo_school(registry.connectors, sandbox.url)
        (folder / "auditor.yaml").write_text(config, encoding="utf-8")
        settings = AppSettings(config=folder / "auditor.yaml", data_dir=folder,
                               database_url=f"sqlite:///{folder / 'calls.db'}", smtp_host=None)
        with App.build(settings, environ={**os.environ, **secrets}, registry=registry) as app:
            runner = Runner(app)
            print(f"{'account':<20} {'platform':<12} {'first':>5} {'repeat':>6}  items first/repeat")
            for key, acc in app.config.accounts.items():
                fake = sandbox.fakes.get(acc.platform)
                counts, items = [], []
                for _ in range(2):
                    before = fake.call_count if fake else 0
                    report = runner.audit([key])
                    counts.append((fake.call_count if fake else 0) - before)
                    audit = report.accounts[0]
                    # any.content.no_abuse judges every item, whoever wrote it.
                    items.append(sum(1 for o in audit.outcomes if o.rule_id == "any.content.no_abuse"
                                     and o.subject.startswith("item:")))
                print(f"{key:<20} {acc.platform:<12} {counts[0]:>5} {counts[1]:>6}  {items[0]}/{items[1]}")


if __name__ == "__main__":
    main()
