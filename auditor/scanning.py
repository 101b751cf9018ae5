"""``auditor scan`` and ``auditor check``: the content detectors on texts and drafts, outside an audit."""

from __future__ import annotations

import argparse
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from auditor.config import load_school, read_pupil_roster
from auditor.context import SchoolProfile
from auditor.detection import (
    AUTHOR_KINDS,
    AuthorKind,
    Detection,
    Scanner,
    ScanProfile,
    canonical_contact,
)
from auditor.errors import ConfigError
from auditor.plugins import load_scanner

__all__ = ["add_arguments", "check", "scan", "scan_profile"]

BATCH = 1000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options both commands share: where the school's names, roster and allow-list come from."""
    parser.add_argument("--config", type=Path, help="auditor.yaml to take the school's names, pupil "
                        "roster and link allow-list from (default: $AUDITOR_CONFIG if set)")
    parser.add_argument("--roster", type=Path, action="append", default=[], metavar="FILE.csv",
                        help="pupils (first_name,last_name[,photo_consent]); repeatable")
    parser.add_argument("--school-name", action="append", default=[], metavar="NAME",
                        help="the school's name, a nickname or an abbreviation; repeatable")
    parser.add_argument("--allow-domain", action="append", default=[], metavar="DOMAIN",
                        help="a site links may point to without review; repeatable")
    parser.add_argument("--public-contact", action="append", default=[], metavar="CONTACT",
                        help="the school's own published phone number or email address, which "
                             "is not flagged; repeatable")
    parser.add_argument("--flag-first-names", action="store_true",
                        help="report a pupil's first name on its own too")


def scan_profile(args: argparse.Namespace) -> ScanProfile:
    """The profile from --config (or $AUDITOR_CONFIG) plus the options given on the command line."""
    config = args.config or (Path(os.environ["AUDITOR_CONFIG"]) if os.environ.get("AUDITOR_CONFIG")
                             else None)
    school = load_school(config) if config is not None else SchoolProfile(name="")
    pupils = list(school.pupils)
    for roster in args.roster:
        pupils.extend(read_pupil_roster(roster))
    names = tuple(n for n in (school.name, *school.also_known_as, *args.school_name) if n.strip())
    domains = tuple(d.strip().lower().removeprefix("www.") for d in
                    (*school.link_allow_list, *args.allow_domain) if d.strip())
    contacts = set(school.public_contacts)
    for given in args.public_contact:
        canonical = canonical_contact(given)
        if canonical is None:
            raise ConfigError(f"{given!r} is neither a phone number nor an email address",
                              key="--public-contact")
        contacts.add(canonical)
    return ScanProfile(pupils=tuple(pupils), school_names=names, allow_domains=domains,
                       flag_first_names=args.flag_first_names,
                       semantic_classifier=school.semantic_classifier,
                       public_contacts=frozenset(contacts))


def _as_json(detection: Detection) -> dict[str, Any]:
    return {"kind": detection.kind, "start": detection.start, "end": detection.end,
            "redacted": detection.redacted, "reason": detection.reason, "blocks": detection.blocks}


def _parse(line: str, number: int) -> tuple[Any, str, AuthorKind] | str:
    """The id, text and author of one input line, or why it cannot be scanned."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"line {number}: not JSON ({exc.msg})"
    if not isinstance(record, dict):
        return f"line {number}: expected an object with id, text and author"
    text = record.get("text")
    if not isinstance(text, str):
        return f"line {number}: \"text\" must be a string"
    author = record.get("author", "public")
    if author not in AUTHOR_KINDS:
        return f"line {number}: \"author\" must be one of {', '.join(AUTHOR_KINDS)}"
    return record.get("id"), text, author


def _batches(stream: IO[str]) -> Iterator[list[tuple[int, str]]]:
    """Numbered, non-blank lines in batches of up to BATCH.

    From a pipe or a terminal a batch is whatever has arrived, so a caller that writes one line
    and waits for its answer gets it at once, while a file or a busy pipe is scanned in big
    batches (a classifier is much faster on a batch).
    """
    number = 0
    for group in _arrivals(stream):
        batch: list[tuple[int, str]] = []
        for line in group:
            number += 1
            if line.strip():
                batch.append((number, line))
            if len(batch) >= BATCH:
                yield batch
                batch = []
        if batch:
            yield batch


def _arrivals(stream: IO[str]) -> Iterator[list[str]]:
    """The input's lines, grouped by when they arrived."""
    try:
        fd = stream.fileno()
    except (OSError, AttributeError, io.UnsupportedOperation):  # a StringIO, in tests
        yield list(stream)
        return
    pending = b""
    while chunk := os.read(fd, 1 << 20):
        *complete, pending = (pending + chunk).split(b"\n")
        yield [raw.decode("utf-8", errors="replace") for raw in complete]
    if pending:
        yield [pending.decode("utf-8", errors="replace")]


def scan(scanner: Scanner, stdin: IO[str], stdout: IO[str]) -> int:
    """Read JSON lines ``{"id", "text", "author"}``, write one JSON line of detections for each.

    A line that cannot be read gets ``{"id": ..., "error": ...}`` and the rest go on; the exit
    status is then 1.
    """
    failed = False
    for batch in _batches(stdin):
        parsed = [(number, _parse(line, number)) for number, line in batch]
        good = [p for _, p in parsed if not isinstance(p, str)]
        results = iter(scanner.scan_texts([(text, author) for _, text, author in good]))
        for _, item in parsed:
            if isinstance(item, str):
                failed = True
                stdout.write(json.dumps({"id": None, "error": item}) + "\n")
                continue
            found = next(results)
            stdout.write(json.dumps({"id": item[0], "detections": [_as_json(d) for d in found]},
                                    ensure_ascii=False) + "\n")
        stdout.flush()
    return 1 if failed else 0


def check(scanner: Scanner, draft: str, images: list[Path], author: AuthorKind, out: IO[str]) -> int:
    """Print what a draft post (and its photos) would be flagged for; 1 when anything blocks."""
    findings: list[tuple[str, Detection]] = [("text", d) for d in scanner.scan_text(draft, author)]
    for image in images:
        try:
            data = image.read_bytes()
        except OSError as exc:
            raise ConfigError(f"cannot read {image}: {exc.strerror}") from None
        try:
            findings.extend((image.name, d) for d in scanner.scan_image(data, "", author))
        except ValueError as exc:
            raise ConfigError(f"{image}: {exc}") from None
    if not findings:
        out.write("Nothing found: the draft can be posted.\n")
        return 0
    blocking = sum(d.blocks for _, d in findings)
    for where, d in findings:
        mark = "BLOCK " if d.blocks else "REVIEW"
        place = f"chars {d.start}-{d.end}" if where == "text" else where
        out.write(f"{mark}  {d.kind:<14} {d.redacted:<28} {d.reason} ({place})\n")
    if blocking:
        out.write(f"\n{blocking} finding(s) block this post: edit it and check again.\n")
        return 1
    out.write("\nNothing blocks this post; review the points above before posting.\n")
    return 0


def build_scanner(args: argparse.Namespace) -> Scanner:
    """The installed scanners, built for the profile the options describe."""
    return load_scanner(scan_profile(args))
