"""The ``auditor`` command line."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path

from sqlalchemy import select

from auditor import __version__, scanning
from auditor.detection import AUTHOR_KINDS
from auditor.errors import AuditorError, ConfigError
from auditor.settings import AppSettings, load_settings

log = logging.getLogger("auditor")

EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2
MARK = {"fail": "FAIL", "error": "COULD NOT CHECK", "muted": "MUTED"}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``auditor`` console script."""
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO if args.command == "serve"
                        else logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # These libraries log whole request and response bodies at debug level: pupils' posts
    # and platform tokens must not reach a log file even with --verbose.
    for noisy, level in (("tweepy", logging.INFO), ("urllib3", logging.WARNING),
                         ("httpx", logging.WARNING), ("httpcore", logging.WARNING)):
        logging.getLogger(noisy).setLevel(level)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_CONFIG
    try:
        code: int = args.func(args)
        return code
    except ConfigError as exc:
        print(f"auditor: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except AuditorError as exc:
        print(f"auditor: {exc}", file=sys.stderr)
        return EXIT_FAILED


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="auditor", description="Audit a school's social-media accounts "
                                "against its social-media policy.")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log debugging detail")
    sub = p.add_subparsers(dest="command")

    def cmd(name: str, func: object, help_text: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_text, description=help_text)
        sp.set_defaults(func=func)
        return sp

    def with_config(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--config", type=Path,
                        help="auditor.yaml (default: $AUDITOR_CONFIG, else ./auditor.yaml)")

    sp = cmd("init", _init, "Write a commented example auditor.yaml to start from.")
    sp.add_argument("path", nargs="?", type=Path, default=Path("auditor.yaml"))
    sp.add_argument("--force", action="store_true", help="overwrite an existing file")
    with_config(cmd("validate", _validate, "Check auditor.yaml and its policy pack; change nothing."))
    sp = cmd("audit", _audit, "Audit the accounts now, record findings and send the alerts.")
    with_config(sp)
    sp.add_argument("--account", action="append", metavar="ID", help="only this account (repeatable)")
    sp.add_argument("--json", action="store_true", help="print every result as one JSON document")
    sp = cmd("summary", _summary, "Build the Headteacher's weekly summary as HTML (and email it).")
    with_config(sp)
    sp.add_argument("--week", help="ISO week such as 2026-W47 (default: last complete week)")
    sp.add_argument("--send", action="store_true", help="email it to the Headteacher")
    with_config(cmd("send", _send, "Send the alert emails waiting in the outbox."))
    with_config(cmd("serve", _serve, "Run as a service: audits on each account's schedule, "
                    "alerts, and the weekly summary."))
    sp = cmd("findings", _findings, "List findings, or acknowledge, resolve, dismiss or reopen one.")
    with_config(sp)
    sp.add_argument("action", nargs="?", default="list",
                    choices=["list", "show", "ack", "resolve", "dismiss", "reopen"])
    sp.add_argument("id", nargs="?", type=int)
    sp.add_argument("--status", default="open,acknowledged", help="for list: statuses, comma-separated")
    sp.add_argument("--by", help="who is acting (a key under people)")
    sp.add_argument("--note", help="why (required to dismiss)")
    sp = cmd("connectors", _connectors, "List the installed platform connectors, or start a new one.")
    sp.add_argument("action", nargs="?", default="list", choices=["list", "new", "check"])
    sp.add_argument("name", nargs="?", help="for new: the platform's name, e.g. padlet")
    sp.add_argument("--account", action="append", metavar="ID", help="for check: only this account")
    sp.add_argument("--config", type=Path, help="for check: auditor.yaml")
    sp.add_argument("--display-name", help="for new: the platform's name as people write it")
    sp.add_argument("--root", type=Path, default=Path("."), help="for new: the project folder")
    sp = cmd("rules", _rules, "List the installed rules.")
    sp.add_argument("action", nargs="?", default="list", choices=["list"])
    sp = cmd("scan", _scan, "Scan JSON lines {id, text, author} from standard input for what the "
             "policy forbids; write one JSON line of detections for each.")
    scanning.add_arguments(sp)
    sp = cmd("check", _check, "Check a draft post (and its photos) before publishing: prints what "
             "would be flagged and why; exits 1 if anything blocks.")
    sp.add_argument("draft", help="the text of the post ('-' reads it from standard input)")
    sp.add_argument("--image", type=Path, action="append", default=[], metavar="FILE",
                    help="a photo to go with the post; repeatable")
    sp.add_argument("--author", choices=AUTHOR_KINDS, default="staff",
                    help="who will post it (default: staff)")
    scanning.add_arguments(sp)
    sp = cmd("sandbox", _sandbox, "Serve fake platform APIs on loopback from a scenario file.")
    sp.add_argument("--scenario", type=Path, help="scenario YAML (default: the demo school's)")
    sp.add_argument("--port", type=int, default=8765)
    sp = cmd("demo", _demo, "Audit a fictional school against the sandbox, on SQLite, with mail "
             "written to files.")
    sp.add_argument("--data-dir", type=Path, default=Path("var/demo"))
    with_config(cmd("db", _db, "Bring the database schema up to date (upgrade)."))
    return p


def _settings(args: argparse.Namespace) -> AppSettings:
    return load_settings(config=getattr(args, "config", None))


def _init(args: argparse.Namespace) -> int:
    if args.path.exists() and not args.force:
        print(f"auditor: {args.path} exists; use --force to overwrite it", file=sys.stderr)
        return EXIT_CONFIG
    args.path.write_text(files("auditor").joinpath("example.yaml").read_text("utf-8"), encoding="utf-8")
    print(f"wrote {args.path}: fill in your school, people and accounts, then run: auditor validate")
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from auditor.config import load_config
    from auditor.plugins import load_registry
    from auditor.policy import load_policy

    settings = _settings(args)
    registry = load_registry()
    config = load_config(settings.config, registry.connectors, os.environ)
    policy = load_policy(config.model.policy.pack, registry.rules, registry.packs, settings.config.parent)
    enabled = sum(a.enabled for a in config.accounts.values())
    print(f"{settings.config}: OK: {config.school.name}, {len(config.people)} people, "
          f"{enabled} enabled accounts, policy pack {policy.name!r} with {len(policy.rules)} rules "
          f"in {len(policy.clauses)} clauses")
    return EXIT_OK


def _audit(args: argparse.Namespace) -> int:
    from auditor.app import App
    from auditor.notify import Mailer, send_due
    from auditor.runner import Runner

    with App.build(_settings(args)) as app:
        try:
            report = Runner(app).audit(args.account, trigger="cli")
        except KeyError as exc:
            raise ConfigError(str(exc.args[0]), key="--account") from None
        sent = send_due(app.sessions, Mailer(app.settings), app.clock())
        if args.json:
            print(json.dumps({
                "run_id": report.run_id, "started_at": report.started_at.isoformat(),
                "accounts": [{"account_id": a.account_id, "platform": a.platform, "status": a.status,
                              "error": a.error} for a in report.accounts],
                "changes": vars(report.changes),
                "results": [o.as_json() for o in report.outcomes],
            }, indent=2))
        else:
            print_report(app, report)
            print(f"\nmail: {len(sent.sent)} sent ({Mailer(app.settings).target})"
                  + (f", {len(sent.failed)} waiting to retry" if sent.failed else ""))
        return EXIT_OK


def print_report(app: object, report: object) -> None:
    """The findings of a run as a table, grouped by account and policy clause."""
    from auditor.app import App
    from auditor.runner import RunReport

    assert isinstance(app, App) and isinstance(report, RunReport)
    ch = report.changes
    print(f"Audit run {report.run_id}: {len(report.accounts)} accounts; "
          f"{ch.new} new, {ch.reopened} reopened, {ch.resolved} resolved findings")
    clause_order = {c.id: i for i, c in enumerate(app.policy.clauses)}
    for acc in report.accounts:
        cfg = app.config.accounts[acc.account_id]
        shown = [o for o in acc.outcomes if str(o.status) in MARK]
        print(f"\n{cfg.name}  [{acc.platform}{', @' + cfg.handle.lstrip('@') if cfg.handle else ''}]"
              f"  {acc.status}" + (f": {acc.error}" if acc.error else ""))
        if not shown:
            print("  no problems found")
            continue
        # One reason shared by many rules (content that could not be read) is said once.
        by_reason: dict[str, list[object]] = {}
        for o in shown:
            if str(o.status) == "error":
                by_reason.setdefault(o.message, []).append(o)
        common = {m for m, outs in by_reason.items() if len(outs) >= 3}
        rest = [o for o in shown if not (str(o.status) == "error" and o.message in common)]
        for clause_id in sorted({o.clause_id for o in rest}, key=lambda c: clause_order.get(c, 99)):
            rows = [o for o in rest if o.clause_id == clause_id]
            print(f"  {rows[0].clause_title}")
            for o in sorted(rows, key=lambda o: (-o.severity.rank, o.rule_id, o.subject)):
                print(f"    {MARK[str(o.status)]:<16}{o.severity!s:<9}{o.title}: {o.message}")
        for message in sorted(common):
            print(f"  {MARK['error']} {len(by_reason[message])} rules: {message}")


def _summary(args: argparse.Namespace) -> int:
    from auditor.app import App
    from auditor.notify import Mailer, send_due
    from auditor.summary import build_summary, queue_summary, write_summary

    with App.build(_settings(args)) as app:
        summary = build_summary(app, args.week)
        path = write_summary(app, summary)
        print(f"weekly summary {summary.week}: {path}")
        if args.send:
            queued = queue_summary(app, summary)
            report = send_due(app.sessions, Mailer(app.settings), app.clock())
            print(f"queued for {queued} headteacher(s); {len(report.sent)} sent, "
                  f"{len(report.failed)} waiting to retry")
        return EXIT_OK


def _send(args: argparse.Namespace) -> int:
    from auditor.app import App
    from auditor.notify import Mailer, pack_digests, send_due

    with App.build(_settings(args)) as app:
        with app.sessions.begin() as session:
            pack_digests(session, app.config, app.policy, app.clock())
        report = send_due(app.sessions, Mailer(app.settings), app.clock())
        print(f"{len(report.sent)} sent, {len(report.failed)} waiting to retry")
        return EXIT_OK if not report.failed else EXIT_FAILED


def _serve(args: argparse.Namespace) -> int:
    from auditor.app import App
    from auditor.service import serve

    with App.build(_settings(args)) as app:
        serve(app)
        return EXIT_OK


def _findings(args: argparse.Namespace) -> int:
    from auditor.app import App
    from auditor.models import Finding
    from auditor.store import transition

    with App.build(_settings(args)) as app:
        if args.action == "list":
            with app.sessions() as session:
                rows = session.scalars(select(Finding).where(Finding.status.in_(args.status.split(",")))
                                       .order_by(Finding.first_seen)).all()
                for f in rows:
                    print(f"#{f.id:<5} {f.status:<13} {f.severity:<9} {f.account.key:<18} {f.title}: "
                          f"{f.message}")
                print(f"{len(rows)} finding(s)")
            return EXIT_OK
        if args.id is None:
            raise ConfigError("give the finding's number", key="id")
        with app.sessions.begin() as session:
            finding = session.get(Finding, args.id)
            if finding is None:
                raise ConfigError(f"no finding #{args.id}", key="id")
            if args.action == "show":
                print(json.dumps({"id": finding.id, "account": finding.account.key, "rule": finding.rule_id,
                                  "status": finding.status, "severity": finding.severity,
                                  "subject": finding.subject, "message": finding.message,
                                  "evidence": finding.evidence, "url": finding.url,
                                  "first_seen": finding.first_seen.isoformat(),
                                  "last_seen": finding.last_seen.isoformat(),
                                  "reopen_count": finding.reopen_count,
                                  "events": [{"at": e.at.isoformat(), "actor": e.actor, "action": e.action,
                                              "to": e.to_status, "note": e.note} for e in finding.events]},
                                 indent=2))
                return EXIT_OK
            if not args.by or args.by not in app.config.people:
                raise ConfigError("say who is acting with --by, a key under people", key="--by")
            target = {"ack": "acknowledged", "resolve": "resolved", "dismiss": "dismissed",
                      "reopen": "open"}[args.action]
            try:
                transition(session, finding, target, actor=args.by, note=args.note, now=app.clock())
            except ValueError as exc:
                raise ConfigError(str(exc), key=args.action) from None
            print(f"finding #{finding.id} is now {finding.status}")
        return EXIT_OK


def _connectors(args: argparse.Namespace) -> int:
    from auditor.plugins import load_registry

    if args.action == "new":
        from auditor.scaffold import new_connector

        if not args.name:
            raise ConfigError("give the new platform's name", key="NAME")
        for path in new_connector(args.name, args.root, args.display_name):
            print(f"wrote {path}")
        class_name = "".join(p.title() for p in args.name.split("_"))
        print(f"\nNext: add this line under [project.entry-points.\"auditor.connectors\"] in "
              f"pyproject.toml, reinstall (pip install -e .), and run its contract test:\n"
              f'  {args.name} = "connectors.{args.name}:{class_name}Connector"')
        return EXIT_OK
    if args.action == "check":
        return _check_credentials(args)
    for name, cls in sorted(load_registry().connectors.items()):
        caps = ", ".join(sorted(str(c) for c in cls.capabilities))
        print(f"{name:<12} {cls.display_name:<22} {caps}  ({cls.__module__})")
        for limit in cls.limitations:
            print(f"{'':<12} cannot check: {limit}")
    return EXIT_OK


def _check_credentials(args: argparse.Namespace) -> int:
    """Try each account's credentials once, as IT does after setting them up."""
    from auditor.config import load_config
    from auditor.plugins import load_registry
    from auditor.runner import http_client_for
    from auditor.snapshot import AccountRef

    settings = _settings(args)
    registry = load_registry()
    config = load_config(settings.config, registry.connectors, os.environ)
    failed = 0
    keys = args.account or [k for k, a in config.accounts.items() if a.enabled]
    for key in keys:
        acc = config.accounts.get(key)
        if acc is None:
            raise ConfigError(f"no account {key!r}", key="--account")
        cls = registry.connectors[acc.platform]
        ref = AccountRef(id=key, platform=acc.platform, handle=acc.handle,
                         external_id=acc.external_id, base_url=acc.base_url)
        http = http_client_for(cls, ref, settings.http_timeout)
        try:
            cls(config.connections[key], http).check_credentials(ref)
            print(f"{key:<24} ok")
        except AuditorError as exc:
            failed += 1
            print(f"{key:<24} FAILED: {exc}")
        finally:
            http.close()
    return EXIT_FAILED if failed else EXIT_OK


def _rules(args: argparse.Namespace) -> int:
    from auditor.plugins import load_registry

    for rule_id, r in sorted(load_registry().rules.items()):
        needs = ", ".join(sorted(str(c) for c in r.needs)) or "-"
        print(f"{rule_id:<36} {r.severity!s:<9} needs {needs:<20} {r.title}")
    return EXIT_OK


def _scan(args: argparse.Namespace) -> int:
    return scanning.scan(scanning.build_scanner(args), sys.stdin, sys.stdout)


def _check(args: argparse.Namespace) -> int:
    draft = sys.stdin.read() if args.draft == "-" else args.draft
    return scanning.check(scanning.build_scanner(args), draft, args.image, args.author, sys.stdout)


def _sandbox(args: argparse.Namespace) -> int:
    from auditor.demo import DEMO_SCENARIO
    from auditor.plugins import load_registry
    from auditor.sandbox import Sandbox, load_scenario

    scenario = load_scenario(args.scenario or DEMO_SCENARIO)
    sandbox = Sandbox(scenario, load_registry().connectors, port=args.port)
    print(f"sandbox serving {', '.join(sandbox.fakes)} at {sandbox.url} (Ctrl-C to stop)")
    with contextlib.suppress(KeyboardInterrupt):
        sandbox.serve_forever()
    return EXIT_OK


def _demo(args: argparse.Namespace) -> int:
    from auditor.demo import run_demo

    return run_demo(args.data_dir)


def _db(args: argparse.Namespace) -> int:
    from auditor.db import make_engine, upgrade

    settings = _settings(args)
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    engine.dispose()
    print(f"database is up to date ({engine.url.render_as_string(hide_password=True)})")
    return EXIT_OK
