"""How fast a school is audited: N X accounts and N WordPress sites in the sandbox, over loopback.

Measures a first audit (everything read and judged), a repeat audit (only the cursors' news),
and the rules engine alone on the collected snapshots. Run: make bench  (or with --accounts N).
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from auditor.app import App
from auditor.context import RuleContext
from auditor.engine import evaluate
from auditor.plugins import load_registry
from auditor.runner import Runner
from auditor.sandbox import Sandbox
from auditor.settings import AppSettings

PEOPLE = """
people:
  head: {name: Head, email: head@bench.example, roles: [headteacher]}
  mon: {name: Monitor, email: mon@bench.example, roles: [monitor]}
"""


def scenario(accounts: int, posts: int) -> dict[str, Any]:
    users, sites = [], {}
    for a in range(accounts):
        uid = 1_500_000_000_000_000_000 + a
        users.append({
            "id": str(uid), "username": f"Bench{a}", "name": f"Bench {a}", "protected": False,
            "created_at": "2024-01-01T00:00:00Z",
            "followers": [{"id": str(uid * 10 + f), "username": f"f{a}_{f}", "name": "F"} for f in range(50)],
            "tweets": [{"id": str(1_600_000_000_000_000_000 + a * 10_000 + p),
                        "text": f"Post {p}: well done Olivia Bennett, ring 07700 900{p % 1000:03d}"
                        if p % 20 == 0 else f"Post {p} about our class trip and sports day",
                        "created_at": "2026-11-20T10:00:00Z"} for p in range(posts)],
        })
        sites[f"s{a}"] = {
            "name": f"Site {a}", "private": True, "username": "auditor", "application_password": "pw pw pw",
            "users": [{"id": 1, "username": "auditor", "name": "A", "roles": ["administrator"],
                       "registered_date": "2024-01-01T00:00:00"}],
            "posts": [{"id": 10 + p, "title": f"P{p}", "content": f"<p>Post {p} from class</p>",
                       "status": "publish", "date_gmt": "2026-11-20T10:00:00", "author": 1}
                      for p in range(posts)],
        }
    return {"platforms": {"x": {"users": users}, "wordpress": {"sites": sites}}}


def config(accounts: int, url: str) -> str:
    out = ["school: {name: Bench School, slug: bench, pupil_roster: pupils.csv}", PEOPLE, "accounts:"]
    for a in range(accounts):
        out.append(f"  x{a}: {{name: X {a}, platform: x, handle: Bench{a}, base_url: '{url}/x',"
                   " monitor: mon,"
                   " connection: {bearer_token: {$env: BENCH_TOKEN}}}")
        out.append(f"  w{a}: {{name: W {a}, platform: wordpress, base_url: '{url}/wordpress/s{a}',"
                   " monitor: mon,"
                   " connection: {site_url: 'https://s.example', username: auditor,"
                   " application_password: {$env: BENCH_PW}}}")
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accounts", type=int, default=25, help="accounts per platform")
    parser.add_argument("--posts", type=int, default=200, help="posts per account")
    parser.add_argument("--database-url", default=None, help="default: SQLite in a temporary folder")
    args = parser.parse_args()
    registry = load_registry()
    with tempfile.TemporaryDirectory() as tmp, Sandbox(scenario(args.accounts, args.posts),
                                                       registry.connectors) as sandbox:
        folder = Path(tmp)
        (folder / "pupils.csv").write_text("first_name,last_name\nOlivia,Bennett\n", encoding="utf-8")
        (folder / "auditor.yaml").write_text(config(args.accounts, sandbox.url), encoding="utf-8")
        settings = AppSettings(config=folder / "auditor.yaml", data_dir=folder,
                               database_url=args.database_url or f"sqlite:///{folder / 'bench.db'}",
                               smtp_host=None)
        app = App.build(settings, environ={**os.environ, "BENCH_TOKEN": "t", "BENCH_PW": "pw pw pw"},
                        registry=registry)
        runner = Runner(app)
        total = 2 * args.accounts
        items = 2 * args.accounts * args.posts
        t0 = time.perf_counter()
        first = runner.audit()
        t1 = time.perf_counter()
        calls_first = sum(f.call_count for f in sandbox.fakes.values())
        second = runner.audit()
        t2 = time.perf_counter()
        calls_repeat = sum(f.call_count for f in sandbox.fakes.values()) - calls_first
        print(f"accounts: {total} ({args.accounts} X + {args.accounts} WordPress), {args.posts} posts each, "
              f"database {app.engine.url.get_backend_name()}")
        print(f"first audit : {t1 - t0:6.2f} s  {total / (t1 - t0):7.1f} accounts/s  "
              f"{items / (t1 - t0):9.0f} items/s  {calls_first} API calls  "
              f"{first.changes.new} findings")
        print(f"repeat audit: {t2 - t1:6.2f} s  {total / (t2 - t1):7.1f} accounts/s  "
              f"{calls_repeat} API calls ({calls_repeat / total:.1f} per account)  "
              f"{second.changes.new} new findings")
        app.close()
        # The engine alone, on one big snapshot per platform, to separate judging from fetching.
        from auditor.snapshot import AccountRef

        cls = registry.connectors["x"]
        ref = AccountRef(id="x0", platform="x", handle="Bench0", base_url=f"{sandbox.url}/x")
        from auditor.http import new_requests_session

        session = new_requests_session(cls.api_origin, ref.base_url)
        snap = cls(app.config.connections["x0"], session).fetch(ref, None)
        ctx = RuleContext(account=app.config.account_profile("x0"), school=app.config.school_profile(
            snap.fetched_at.date()), now=snap.fetched_at)
        rounds = max(1, 20_000 // max(1, len(snap.items)))
        t3 = time.perf_counter()
        for _ in range(rounds):
            evaluate(snap, app.policy, ctx)
        t4 = time.perf_counter()
        print(f"rules engine: {rounds * len(snap.items) / (t4 - t3):9.0f} items/s judged by "
              f"{len(app.policy.rules)} rules")
        print(f"peak memory : {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
