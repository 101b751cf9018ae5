"""Alert mail through a real SMTP server on loopback, on each database: digests, redaction, outage."""

from __future__ import annotations

import logging
import socket
import traceback
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy
from importlib.resources import files
from typing import Any

import pytest
import yaml
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import func, select

from auditor.errors import NotifyError
from auditor.models import Finding, OutboxAlert, OutboxMessage
from auditor.notify import Mailer, pack_digests, send_due

SCHOOL = "Millbrook CE Primary School"
MONITOR, DSL, HEAD, IT = ("d.patel@millbrook.example", "dsl@millbrook.example",
                          "head@millbrook.example", "it@millbrook.example")
#: What each recipient's digest of the first audit says (the demo's eight planted findings).
SUBJECTS = {
    MONITOR: f"[{SCHOOL}] 7 new social-media findings (high severity)",
    DSL: f"[{SCHOOL}] 3 new social-media findings (high severity)",
    HEAD: f"[{SCHOOL}] 1 new social-media finding (high severity)",
    IT: f"[{SCHOOL}] 1 new social-media finding (medium severity)",
}
PASSWORD = "Tr0ub4dor&3-smtp-secret"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


class RecordingSMTP:
    """An aiosmtpd server on 127.0.0.1 that keeps every envelope it is given."""

    def __init__(self, port: int, **controller_args: Any) -> None:
        self.port = port
        self.envelopes: list[Any] = []
        self.logins: list[tuple[bytes, bytes]] = []
        self._args = controller_args
        self._controller: Controller | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def reject_login(self, server: Any, session: Any, envelope: Any, mechanism: str,
                     auth_data: Any) -> AuthResult:
        """An authenticator that records the attempt and refuses it."""
        assert isinstance(auth_data, LoginPassword)
        self.logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=False, handled=False)

    def start(self) -> RecordingSMTP:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, **self._args)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def messages(self) -> dict[str, EmailMessage]:
        """Delivered messages by their single envelope recipient (fails on a second one)."""
        out: dict[str, EmailMessage] = {}
        for env in self.envelopes:
            assert len(env.rcpt_tos) == 1
            assert env.rcpt_tos[0] not in out, f"{env.rcpt_tos[0]} got more than one message"
            out[env.rcpt_tos[0]] = _parse(env.content)
        return out


@pytest.fixture
def smtp_idle() -> Iterator[RecordingSMTP]:
    """A free loopback port with no server yet; ``start()`` brings one up on it."""
    server = RecordingSMTP(_free_port())
    yield server
    server.stop()


@pytest.fixture
def smtp(smtp_idle: RecordingSMTP) -> RecordingSMTP:
    """A running SMTP server that accepts and records every message."""
    return smtp_idle.start()


def _smtp_settings(port: int, **more: Any) -> dict[str, Any]:
    return {"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_security": "none",
            "smtp_timeout": 5.0, **more}


def _parse(raw: bytes) -> EmailMessage:
    message = BytesParser(policy=default_policy).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    return message


def _bodies(message: EmailMessage) -> dict[str, str]:
    """The decoded text of each part, by content type."""
    assert message.get_content_type() == "multipart/alternative"
    parts = {}
    for part in message.iter_parts():
        assert isinstance(part, EmailMessage)
        parts[part.get_content_type()] = part.get_content()
    assert list(parts) == ["text/plain", "text/html"]
    return parts


def _rows(app: Any) -> list[OutboxMessage]:
    with app.sessions() as s:
        return list(s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def _expected_recipients(school: Any, app: Any) -> set[str]:
    """Who the default pack's ``notify`` lists and the demo config say to tell about the findings."""
    pack = yaml.safe_load(files("rules").joinpath("packs/default.yaml").read_text("utf-8"))
    notify = {r["id"]: r.get("notify", ["monitor"]) for c in pack["clauses"] for r in c["rules"]}
    config = yaml.safe_load(school.config_text)
    people = config["people"]
    out: set[str] = set()
    with app.sessions() as s:
        for f in s.scalars(select(Finding).where(Finding.status == "open")):
            for role in notify[f.rule_id]:
                if role in ("monitor", "deputy"):
                    out.add(people[config["accounts"][f.account.key][role]]["email"])
                else:
                    out.update(p["email"] for p in people.values() if role in p["roles"])
    return out


def test_one_digest_per_recipient_over_smtp(demo_school: Any, audit: Any, smtp: RecordingSMTP) -> None:
    audit()
    app = demo_school.app(**_smtp_settings(smtp.port))
    try:
        expected = _expected_recipients(demo_school, app)
        assert expected == {MONITOR, DSL, HEAD, IT}
        report = send_due(app.sessions, Mailer(app.settings), demo_school.now)
        assert report.failed == []
        assert report.sent == [f"127.0.0.1:{smtp.port}"] * 4
        delivered = smtp.messages()
        assert set(delivered) == expected
        rows = {r.recipient: r for r in _rows(app)}
    finally:
        app.close()
    for recipient, message in delivered.items():
        assert message["To"] == recipient
        assert message["From"] == "School Social Auditor <auditor@localhost>"
        # The stdlib folds this long subject right after "Subject:"; unfolded, it reads as sent.
        assert message["Subject"].strip() == SUBJECTS[recipient]
        assert message["Message-ID"].strip() == rows[recipient].message_id
        assert rows[recipient].message_id.endswith("@school-social-auditor>")
        bodies = _bodies(message)
        assert SCHOOL in bodies["text/plain"] and SCHOOL in bodies["text/html"]
    assert {e.mail_from for e in smtp.envelopes} == {"auditor@localhost"}
    assert len({m["Message-ID"].strip() for m in delivered.values()}) == 4
    for row in rows.values():
        assert (row.status, row.attempts, row.sent_at, row.last_error) == ("sent", 1, demo_school.now, None)
        assert row.delivered_to == f"127.0.0.1:{smtp.port}"


def test_evidence_is_masked_in_every_mail(demo_school: Any, audit: Any, smtp: RecordingSMTP) -> None:
    audit()
    app = demo_school.app(**_smtp_settings(smtp.port))
    try:
        send_due(app.sessions, Mailer(app.settings), demo_school.now)
    finally:
        app.close()
    delivered = smtp.messages()
    assert len(delivered) == 4
    for message in delivered.values():
        for body in _bodies(message).values():
            for secret in ("Olivia Bennett", "Bennett", "07700 900461", "07700 900 982", "900461"):
                assert secret not in body
    # The monitor and the DSL see the masked evidence of all three content findings.
    for recipient in (MONITOR, DSL):
        for body in _bodies(delivered[recipient]).values():
            assert "O\u2022\u2022\u2022\u2022\u2022 B\u2022\u2022\u2022\u2022\u2022\u2022" in body
            assert "07700 9\u2022\u2022\u2022\u2022\u2022" in body
            assert "07700 9\u2022\u2022 \u2022\u2022\u2022" in body
            # Each finding says what to do about it, in the rule's own words.
            assert "What to do: Hide or remove the comment, and tell the pupil or parent who posted it why." \
                in " ".join(body.split())


def test_outage_backs_off_then_delivers_each_message_once(demo_school: Any, audit: Any,
                                                           smtp_idle: RecordingSMTP) -> None:
    audit()
    now = demo_school.now
    app = demo_school.app(**_smtp_settings(smtp_idle.port))
    mailer = Mailer(app.settings)
    try:
        down = send_due(app.sessions, mailer, now)
        assert down.sent == []
        assert sorted(down.failed) == sorted([MONITOR, DSL, HEAD, IT])
        rows = _rows(app)
        assert [(r.status, r.attempts, r.sent_at) for r in rows] == [("pending", 1, None)] * 4
        assert {r.next_attempt_at for r in rows} == {now + timedelta(minutes=1)}
        for r in rows:
            assert r.last_error is not None
            assert r.last_error.startswith(f"127.0.0.1:{smtp_idle.port}: ")
            assert "ConnectionRefusedError" in r.last_error

        # Not due yet: nothing is tried again at the same moment.
        again = send_due(app.sessions, mailer, now)
        assert (again.sent, again.failed) == ([], [])
        assert [r.attempts for r in _rows(app)] == [1] * 4

        # Still down when due: the wait doubles.
        later = now + timedelta(minutes=1)
        assert len(send_due(app.sessions, mailer, later).failed) == 4
        rows = _rows(app)
        assert [(r.status, r.attempts) for r in rows] == [("pending", 2)] * 4
        assert {r.next_attempt_at for r in rows} == {later + timedelta(minutes=2)}

        smtp_idle.start()
        early = send_due(app.sessions, mailer, later + timedelta(minutes=1))
        assert (early.sent, early.failed) == ([], [])
        assert smtp_idle.envelopes == []

        back = later + timedelta(minutes=2, seconds=1)
        up = send_due(app.sessions, mailer, back)
        assert (len(up.sent), up.failed) == (4, [])
        rows = _rows(app)
        assert [(r.status, r.attempts, r.sent_at, r.last_error) for r in rows] == \
            [("sent", 3, back, None)] * 4
        assert set(smtp_idle.messages()) == {MONITOR, DSL, HEAD, IT}  # one each

        done = send_due(app.sessions, mailer, back + timedelta(days=1))
        assert (done.sent, done.failed) == ([], [])
        assert len(smtp_idle.envelopes) == 4
    finally:
        app.close()


def test_smtp_password_never_leaks_when_login_fails(demo_school: Any, audit: Any, smtp_idle: RecordingSMTP,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    smtp_idle._args = {"auth_require_tls": False, "authenticator": smtp_idle.reject_login}
    smtp_idle.start()
    audit()
    caplog.set_level(logging.DEBUG)
    app = demo_school.app(**_smtp_settings(smtp_idle.port, smtp_username="auditor",
                                           smtp_password=PASSWORD))
    mailer = Mailer(app.settings)
    try:
        report = send_due(app.sessions, mailer, demo_school.now)
        assert (report.sent, len(report.failed)) == ([], 4)
        # The server really was offered the password, and refused it.
        assert smtp_idle.logins[0] == (b"auditor", PASSWORD.encode())
        assert smtp_idle.envelopes == []
        rows = _rows(app)
        for r in rows:
            assert (r.status, r.attempts) == ("pending", 1)
            assert r.last_error is not None and "SMTPAuthenticationError" in r.last_error
            assert "535" in r.last_error
            assert PASSWORD not in r.last_error
        with app.sessions() as s, pytest.raises(NotifyError) as caught:
            mailer.deliver(s.get_one(OutboxMessage, rows[0].id))
    finally:
        app.close()
    exc = caught.value
    for text in (str(exc), repr(exc), "".join(traceback.format_exception(exc)), mailer.target):
        assert PASSWORD not in text
    warnings = [r for r in caplog.records if r.name == "auditor.notify" and r.levelno == logging.WARNING]
    assert len(warnings) == 4
    assert "SMTPAuthenticationError" in warnings[0].getMessage()
    for record in caplog.records:
        assert PASSWORD not in record.getMessage()
    assert PASSWORD not in caplog.text


def test_without_smtp_host_mail_becomes_eml_files_once(demo_school: Any, audit: Any) -> None:
    audit()
    app = demo_school.app()
    outbox = app.settings.outbox_dir
    try:
        report = send_due(app.sessions, Mailer(app.settings), demo_school.now)
        rows = {r.id: r for r in _rows(app)}
        again = send_due(app.sessions, Mailer(app.settings), demo_school.now + timedelta(hours=1))
    finally:
        app.close()
    files_written = sorted(outbox.glob("*.eml"))
    assert sorted(report.sent) == [str(p) for p in files_written]
    assert [p.name for p in files_written] == [f"20261123T090000-digest-{i}.eml" for i in sorted(rows)]
    assert (again.sent, again.failed) == ([], [])
    assert sorted(outbox.iterdir()) == files_written
    recipients = []
    for path in files_written:
        message = _parse(path.read_bytes())
        row = rows[int(path.stem.rsplit("-", 1)[1])]
        assert (message["To"], message["Message-ID"].strip()) == (row.recipient, row.message_id)
        assert message["Subject"].strip() == SUBJECTS[row.recipient]
        assert (row.status, row.delivered_to) == ("sent", str(path))
        assert "Olivia Bennett" not in "".join(_bodies(message).values())
        recipients.append(row.recipient)
    assert sorted(recipients) == sorted([MONITOR, DSL, HEAD, IT])


def test_eml_write_failure_backs_off_like_smtp(demo_school: Any, audit: Any) -> None:
    audit()
    app = demo_school.app()
    app.settings.data_dir.mkdir(parents=True, exist_ok=True)
    app.settings.outbox_dir.write_text("in the way", encoding="utf-8")  # a file where the folder goes
    try:
        report = send_due(app.sessions, Mailer(app.settings), demo_school.now)
        rows = _rows(app)
    finally:
        app.close()
    assert (report.sent, len(report.failed)) == ([], 4)
    for r in rows:
        assert (r.status, r.attempts, r.next_attempt_at) == \
            ("pending", 1, demo_school.now + timedelta(minutes=1))
        assert r.last_error is not None and "FileExistsError" in r.last_error


def test_markup_from_a_platform_is_escaped_in_the_html_mail(demo_school: Any, audit: Any) -> None:
    reply = demo_school.scenario["platforms"]["x"]["users"][0]["replies"][0]
    reply["text"] = "ring me on 07700 900461 <script>alert(1)</script> & <b>x</b>"
    demo_school.load_fakes()
    demo_school.config_text = demo_school.config_text.replace("name: PE on X", "name: PE <i>&</i> games")
    audit()
    app = demo_school.app()
    try:
        send_due(app.sessions, Mailer(app.settings), demo_school.now)
    finally:
        app.close()
    mails = [_parse(p.read_bytes()) for p in app.settings.outbox_dir.glob("*.eml")]
    by_recipient = {m["To"]: m for m in mails}
    bodies = _bodies(by_recipient[MONITOR])
    html, text = bodies["text/html"], bodies["text/plain"]
    assert "<script>" not in html and "<b>x" not in html and "<i>&</i>" not in html
    assert "07700 9\u2022\u2022\u2022\u2022\u2022 &lt;script&gt;alert(1)&lt;/script&gt; " \
           "&amp; &lt;b&gt;x&lt;/b&gt;" in html
    assert "PE &lt;i&gt;&amp;&lt;/i&gt; games" in html
    # Plain text is not HTML: it shows the characters as they are.
    assert "07700 9\u2022\u2022\u2022\u2022\u2022 <script>alert(1)</script> & <b>x</b>" in text
    assert "PE <i>&</i> games" in text


def test_second_audit_with_nothing_new_queues_nothing(demo_school: Any, audit: Any) -> None:
    audit()
    audit()
    app = demo_school.app()
    try:
        with app.sessions.begin() as s:
            assert pack_digests(s, app.config, app.policy, demo_school.now + timedelta(hours=2)) == 0
        with app.sessions() as s:
            assert s.scalar(select(func.count()).select_from(OutboxAlert)) == 12
            assert s.scalar(select(func.count()).select_from(OutboxAlert)
                            .where(OutboxAlert.message_id.is_(None))) == 0
            assert s.scalar(select(func.count()).select_from(OutboxMessage)) == 4
    finally:
        app.close()
