"""``auditor scan`` and ``auditor check``: JSON lines in and out, drafts checked before posting."""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

from auditor import AuthorKind, Detection
from auditor.errors import ConfigError
from auditor.scanning import add_arguments, check, scan, scan_profile


class StubScanner:
    """Flags every "07700" as a phone number, "http" as a link to review, records batches."""

    def __init__(self) -> None:
        self.batches: list[int] = []

    def scan_text(self, text: str, author: AuthorKind = "public") -> list[Detection]:
        return self.scan_texts([(text, author)])[0]

    def scan_texts(self, texts: Iterable[tuple[str, AuthorKind]]) -> list[list[Detection]]:
        batch = list(texts)
        self.batches.append(len(batch))
        out = []
        for text, _ in batch:
            found = []
            if (i := text.find("07700")) >= 0:
                found.append(Detection("phone", i, i + 12, "07700 9•• •••", "a UK mobile number"))
            if (i := text.find("http")) >= 0:
                found.append(Detection("link", i, i + 4, "http•", "a link", blocks=False))
            out.append(found)
        return out

    def scan_image(self, data: bytes, caption: str = "", author: AuthorKind = "staff") -> list[Detection]:
        if not data.startswith(b"\xff\xd8"):
            raise ValueError("not an image")
        return [Detection("face", 0, 0, "1 face", "check consent", blocks=False)]


def test_scan_writes_one_line_per_input_in_order_and_keeps_ids() -> None:
    lines = [{"id": 1, "text": "ring 07700 900123", "author": "pupil"},
             {"id": "b", "text": "nothing here", "author": "staff"},
             {"id": None, "text": "see http://x", "author": "public"}]
    out = io.StringIO()
    code = scan(StubScanner(), io.StringIO("\n".join(json.dumps(x) for x in lines) + "\n\n"), out)
    got = [json.loads(line) for line in out.getvalue().splitlines()]
    assert code == 0
    assert [g["id"] for g in got] == [1, "b", None]
    assert got[0]["detections"] == [{"kind": "phone", "start": 5, "end": 17, "redacted": "07700 9•• •••",
                                     "reason": "a UK mobile number", "blocks": True}]
    assert got[1]["detections"] == []
    assert got[2]["detections"][0]["kind"] == "link"


def test_bad_lines_get_an_error_line_and_the_rest_are_scanned() -> None:
    text = "\n".join(['not json', '[1]', '{"id": 3}', '{"id": 4, "text": "x", "author": "robot"}',
                      '{"id": 5, "text": "ring 07700 900123"}'])
    out = io.StringIO()
    assert scan(StubScanner(), io.StringIO(text), out) == 1
    got = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [g.get("error", "")[:7] for g in got[:4]] == ["line 1:", "line 2:", "line 3:", "line 4:"]
    assert "author" in got[3]["error"]
    assert got[4] == {"id": 5, "detections": [{"kind": "phone", "start": 5, "end": 17,
                                               "redacted": "07700 9•• •••",
                                               "reason": "a UK mobile number", "blocks": True}]}


def test_scan_batches_big_inputs() -> None:
    scanner = StubScanner()
    text = "".join(json.dumps({"id": i, "text": "t"}) + "\n" for i in range(2500))
    out = io.StringIO()
    scan(scanner, io.StringIO(text), out)
    assert scanner.batches == [1000, 1000, 500]
    assert len(out.getvalue().splitlines()) == 2500


def test_check_blocks_on_a_phone_and_reviews_a_link(tmp_path: Path) -> None:
    out = io.StringIO()
    assert check(StubScanner(), "call 07700 900123 or see http://x", [], "staff", out) == 1
    text = out.getvalue()
    assert "BLOCK   phone" in text and "REVIEW  link" in text and "1 finding(s) block" in text
    out = io.StringIO()
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8rest")
    assert check(StubScanner(), "see http://x", [photo], "staff", out) == 0
    assert "REVIEW  face" in out.getvalue() and "photo.jpg" in out.getvalue()
    out = io.StringIO()
    assert check(StubScanner(), "Lovely day", [], "staff", out) == 0
    assert out.getvalue().startswith("Nothing found")


def test_check_names_an_unreadable_image(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"GIF")
    with pytest.raises(ConfigError, match=r"bad\.jpg: not an image"):
        check(StubScanner(), "x", [bad], "staff", io.StringIO())
    with pytest.raises(ConfigError, match="cannot read"):
        check(StubScanner(), "x", [tmp_path / "missing.jpg"], "staff", io.StringIO())


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(argv)


def test_profile_from_config_plus_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AUDITOR_CONFIG", raising=False)
    (tmp_path / "pupils.csv").write_text("first_name,last_name,photo_consent\nOlivia,Bennett,no\n"
                                         "Jo,Li,yes\n", encoding="utf-8")
    (tmp_path / "more.csv").write_text("First_Name,Last_Name\nAmelia,Wright\n", encoding="utf-8")
    (tmp_path / "auditor.yaml").write_text(
        "school:\n  name: Millbrook CE Primary School\n  also_known_as: [MCEP]\n"
        "  pupil_roster: pupils.csv\n  link_allow_list: [millbrook.sch.uk]\n"
        "people: {}\naccounts: {$env: NOT_NEEDED}\n", encoding="utf-8")
    profile = scan_profile(_args("--config", str(tmp_path / "auditor.yaml"), "--roster",
                                 str(tmp_path / "more.csv"), "--school-name", "Millbrook Primary",
                                 "--allow-domain", "WWW.BBC.co.uk"))
    assert [(p.first_name, p.photo_consent) for p in profile.pupils] == \
        [("Olivia", False), ("Jo", True), ("Amelia", False)]
    assert profile.school_names == ("Millbrook CE Primary School", "MCEP", "Millbrook Primary")
    assert profile.allow_domains == ("millbrook.sch.uk", "bbc.co.uk")
    assert scan_profile(_args()).pupils == ()


def test_profile_errors_name_the_file_and_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AUDITOR_CONFIG", raising=False)
    config = tmp_path / "auditor.yaml"
    config.write_text("school:\n  name: X\n  link_allow_list: [https://bbc.co.uk/]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        scan_profile(_args("--config", str(config)))
    assert "auditor.yaml" in str(caught.value) and "school.link_allow_list" in str(caught.value)
    roster = tmp_path / "r.csv"
    roster.write_text("name\nOlivia\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"r\.csv has no column first_name, last_name"):
        scan_profile(_args("--roster", str(roster)))


def test_the_command_answers_each_line_as_it_arrives(tmp_path: Path) -> None:
    """A caller that writes a line and waits gets its answer before it closes the pipe."""
    roster = tmp_path / "pupils.csv"
    roster.write_text("first_name,last_name\nOlivia,Bennett\n", encoding="utf-8")
    with subprocess.Popen([sys.executable, "-m", "auditor", "scan", "--roster", str(roster)],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                          env={**os.environ, "AUDITOR_CONFIG": ""}) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(json.dumps({"id": 1, "text": "Well done Olivia Bennett!",
                                         "author": "staff"}) + "\n")
            proc.stdin.flush()
            first = json.loads(proc.stdout.readline())
            assert first["id"] == 1 and [d["kind"] for d in first["detections"]] == ["pupil_name"]
            proc.stdin.write(json.dumps({"id": 2, "text": "ring 07700 900123", "author": "pupil"}) + "\n")
            proc.stdin.close()
            second = json.loads(proc.stdout.readline())
            assert [d["kind"] for d in second["detections"]] == ["phone"]
            assert proc.wait(timeout=60) == 0
        finally:
            proc.kill()


def test_the_schools_public_contacts_come_from_config_and_options(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AUDITOR_CONFIG", raising=False)
    config = tmp_path / "auditor.yaml"
    config.write_text("school:\n  name: X\n  public_contacts: ['0113 496 0382', Office@X.sch.uk]\n",
                      encoding="utf-8")
    profile = scan_profile(_args("--config", str(config), "--public-contact", "+44 20 7946 0123"))
    assert profile.public_contacts == {"+441134960382", "office@x.sch.uk", "+442079460123"}
    with pytest.raises(ConfigError, match="--public-contact"):
        scan_profile(_args("--public-contact", "the office"))
    config.write_text("school:\n  name: X\n  public_contacts: [ring the office]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        scan_profile(_args("--config", str(config)))
    assert "auditor.yaml" in str(caught.value) and "school.public_contacts" in str(caught.value)
    assert "neither a phone number nor an email address" in str(caught.value)
