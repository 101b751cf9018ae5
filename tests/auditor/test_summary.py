"""The Headteacher's weekly summary on each database: weeks, clause counts, findings, report and email."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import markupsafe
import pytest
from sqlalchemy import select

from auditor.errors import ConfigError
from auditor.models import OutboxMessage
from auditor.summary import Summary, build_summary, parse_week, queue_summary, write_summary

LONDON = ZoneInfo("Europe/London")
SCHOOL = "Millbrook CE Primary School"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
#: Per clause after the first audit: (compliant, breach, unchecked, not_applicable, percent).
#: year6-x breaches private, membership and pupil data; X shows no admins (access unchecked).
#: pe-x has no authorisation and its content and followers cannot be read.
#: year6-blog cannot say whether joining is by invitation, and shows a phone number.
FIRST_AUDIT = {
    "authorisation": (2, 1, 0, 0, 67),
    "monitoring": (2, 1, 0, 0, 67),
    "private": (1, 1, 1, 0, 33),
    "membership": (1, 1, 1, 0, 33),
    "access": (1, 0, 2, 0, 33),
    "staff-contact-details": (2, 0, 1, 0, 67),
    "conduct": (2, 0, 1, 0, 67),
    "pupil-personal-information": (0, 2, 1, 0, 0),
    "school-identity": (2, 0, 1, 0, 67),
    "meeting-safely": (2, 0, 1, 0, 67),
    "links": (2, 0, 1, 0, 67),
}


def _clauses(summary: Summary) -> dict[str, tuple[Any, ...]]:
    return {c["clause"].id: (c["compliant"], c["breach"], c["unchecked"], c["not_applicable"], c["percent"])
            for c in summary.clauses}


def _summary(school: Any, week: str | None = "2026-W48") -> Summary:
    app = school.app()
    try:
        return build_summary(app, week)
    finally:
        app.close()


def test_parse_week_gives_london_monday_to_monday_in_utc() -> None:
    assert parse_week("2026-W47", NOW, LONDON) == (
        "2026-W47", datetime(2026, 11, 16, 0, 0, tzinfo=UTC), datetime(2026, 11, 23, 0, 0, tzinfo=UTC))
    # In summer London midnight is 23:00 UTC the day before.
    assert parse_week("2026-W27", NOW, LONDON) == (
        "2026-W27", datetime(2026, 6, 28, 23, 0, tzinfo=UTC), datetime(2026, 7, 5, 23, 0, tzinfo=UTC))
    # The week the clocks go forward is an hour short.
    _, start, end = parse_week("2026-W13", NOW, LONDON)
    assert (start, end) == (datetime(2026, 3, 23, 0, 0, tzinfo=UTC), datetime(2026, 3, 29, 23, 0, tzinfo=UTC))
    assert parse_week(" 2026-W53 ", NOW, LONDON)[0] == "2026-W53"


@pytest.mark.parametrize("label", ["2026-47", "2026-W4", "W47-2026", "2026-w47", "2027-W53", "2026-W00", ""])
def test_parse_week_rejects_a_bad_label(label: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_week(label, NOW, LONDON)
    assert caught.value.key == "--week"


@pytest.mark.parametrize(("now", "week"), [
    (NOW, "2026-W47"),                                          # Monday morning: last week
    (datetime(2026, 11, 29, 23, 30, tzinfo=UTC), "2026-W47"),   # Sunday night: W48 is not over
    (datetime(2026, 11, 30, 0, 0, tzinfo=UTC), "2026-W48"),     # ...until Monday midnight
    (datetime(2026, 11, 22, 23, 59, tzinfo=UTC), "2026-W46"),
    (datetime(2027, 1, 4, 0, 0, tzinfo=UTC), "2026-W53"),       # across the year end
])
def test_parse_week_defaults_to_the_last_complete_week(now: datetime, week: str) -> None:
    label, start, end = parse_week(None, now, LONDON)
    assert label == week
    assert end - start == timedelta(days=7)
    assert end <= now and start.astimezone(LONDON).weekday() == 0


def test_summary_after_the_first_audit(demo_school: Any, audit: Any) -> None:
    audit()
    s = _summary(demo_school)
    assert (s.school, s.week, s.start, s.end, s.generated) == (
        SCHOOL, "2026-W48", datetime(2026, 11, 23, tzinfo=UTC), datetime(2026, 11, 30, tzinfo=UTC), NOW)
    assert _clauses(s) == FIRST_AUDIT
    assert [c["clause"].id for c in s.clauses] == list(FIRST_AUDIT)  # in the pack's order
    assert s.by_severity == {"critical": 0, "high": 7, "medium": 1, "low": 0, "info": 0}
    assert s.open_total == 8
    assert s.by_account == [
        {"account": "PE on X", "critical": 0, "high": 1, "medium": 1, "low": 0, "info": 0},
        {"account": "Year 6 class blog", "critical": 0, "high": 1, "medium": 0, "low": 0, "info": 0},
        {"account": "Year 6 on X", "critical": 0, "high": 5, "medium": 0, "low": 0, "info": 0},
    ]
    assert len(s.new) == 8
    assert sorted((f.account.key, f.rule_id) for f in s.new) == sorted([
        ("year6-x", "any.settings.private"), ("year6-x", "any.settings.invite_only"),
        ("year6-x", "any.members.on_roster"), ("year6-x", "any.content.no_pupil_full_names"),
        ("year6-x", "any.content.no_personal_details"), ("pe-x", "any.account.authorised"),
        ("pe-x", "any.audit.observed"), ("year6-blog", "any.content.no_personal_details")])
    assert s.resolved == []
    assert [u["account"] for u in s.unchecked] == ["PE on X"]
    assert "followers: not authorised" in s.unchecked[0]["reason"]
    assert "tweets: not authorised" in s.unchecked[0]["reason"]
    assert s.unauthorised == ["PE on X"]


def test_nothing_counts_for_a_week_without_audits(demo_school: Any, audit: Any) -> None:
    audit()
    s = _summary(demo_school, "2026-W47")
    assert (s.new, s.resolved) == ([], [])
    assert {k: v[:4] for k, v in _clauses(s).items()} == {k: (0, 0, 3, 0) for k in FIRST_AUDIT}
    assert [u["account"] for u in s.unchecked] == ["Year 6 on X", "PE on X", "Year 6 class blog"]
    assert {u["reason"] for u in s.unchecked} == {"not audited this week"}
    # By default the summary is of the last complete week: W47 on the demo's Monday.
    assert _summary(demo_school, None).week == "2026-W47"


def test_oldest_open_findings_come_first(demo_school: Any, audit: Any) -> None:
    audit("year6-blog")
    demo_school.now += timedelta(hours=1)
    audit("year6-x")
    demo_school.now += timedelta(hours=1)
    audit("pe-x")
    s = _summary(demo_school)
    assert [f.first_seen for f in s.oldest_open] == [NOW] + [NOW + timedelta(hours=1)] * 4
    assert (s.oldest_open[0].account.key, s.oldest_open[0].rule_id) == ("year6-blog",
                                                                        "any.content.no_personal_details")
    assert {f.account.key for f in s.oldest_open[1:]} == {"year6-x"}
    assert [f.first_seen for f in s.new] == sorted(f.first_seen for f in s.new)
    assert [f.account.key for f in s.new][-2:] == ["pe-x", "pe-x"]


def test_a_fixed_breach_is_listed_as_resolved(demo_school: Any, audit: Any) -> None:
    audit()
    user = demo_school.scenario["platforms"]["x"]["users"][0]
    user["followers"] = [f for f in user["followers"] if f["username"] != "stranger_watcher99"]
    demo_school.load_fakes()
    demo_school.now += timedelta(hours=6)
    assert audit("year6-x").changes.resolved == 1
    s = _summary(demo_school)
    assert [(f.account.key, f.rule_id, f.subject, f.status) for f in s.resolved] == [
        ("year6-x", "any.members.on_roster", "member:1500000000000000199", "resolved")]
    assert s.open_total == 7 and len(s.new) == 8
    expected = dict(FIRST_AUDIT, membership=(2, 0, 1, 0, 67))
    # Clauses judged on content only, with no new item on year6-x and no open finding: the
    # re-audit had nothing new to judge there, so the first audit's verdict (compliant) is
    # carried, rather than the clause turning "not applicable" after a quiet week.
    for clause in ("staff-contact-details", "conduct", "school-identity", "meeting-safely", "links"):
        assert expected[clause] == (2, 0, 1, 0, 67)
    # The re-audit saw no new posts, but the pupil's name and the phone number are still up:
    # year6-x stays in breach of the pupil-data clause.
    assert _clauses(s) == expected
    assert _summary(demo_school, "2026-W47").resolved == []


def test_write_summary_is_a_standalone_html_report(demo_school: Any, audit: Any) -> None:
    audit()
    app = demo_school.app()
    try:
        summary = build_summary(app, "2026-W48")
        path = write_summary(app, summary)
    finally:
        app.close()
    assert path == app.settings.reports_dir / "summary-2026-W48.html"
    page = path.read_text("utf-8")
    assert page.startswith("<!doctype html>")
    assert f"<title>Weekly social-media audit 2026-W48 — {SCHOOL}</title>" in page
    for clause in app.policy.clauses:
        assert str(markupsafe.escape(clause.title)) in page
    assert not re.search(r"<link\b|<script\b|@import|\bsrc\s*=|url\(", page, re.IGNORECASE)
    assert not re.search(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}/", page, re.IGNORECASE)
    assert "Olivia Bennett" not in page and "07700 900" not in page
    assert "<li><strong>PE on X</strong>: " in page
    assert "<li>PE on X</li>" in page


def test_names_are_escaped_in_the_report(demo_school: Any, audit: Any) -> None:
    demo_school.config_text = demo_school.config_text.replace("name: PE on X", "name: PE <i>&</i> games")
    audit()
    app = demo_school.app()
    try:
        page = write_summary(app, build_summary(app, "2026-W48")).read_text("utf-8")
    finally:
        app.close()
    assert "<i>" not in page
    assert "<li>PE &lt;i&gt;&amp;&lt;/i&gt; games</li>" in page


def test_queue_summary_queues_one_message_per_headteacher(demo_school: Any, audit: Any) -> None:
    audit()
    app = demo_school.app()
    try:
        assert queue_summary(app, build_summary(app, "2026-W48")) == 1
        with app.sessions() as s:
            rows = s.scalars(select(OutboxMessage).where(OutboxMessage.kind == "summary")).all()
            assert [(m.recipient, m.subject, m.status, m.next_attempt_at) for m in rows] == [
                ("head@millbrook.example",
                 f"[{SCHOOL}] Weekly social-media audit 2026-W48: 8 open findings", "pending", NOW)]
            text, page = rows[0].body_text, rows[0].body_html
    finally:
        app.close()
    assert "Open findings: 8 | high: 7 | medium: 1" in text
    assert "- Private and by invitation only: 1 compliant, 1 in breach, 1 could not be checked (33%)" in text
    assert "New this week: 8    Resolved this week: 0" in text
    assert SCHOOL in page and "<h2>Compliance by policy clause</h2>" in page


def test_the_week_is_shown_by_its_local_days() -> None:
    tz = ZoneInfo("Europe/London")
    label, start, end = parse_week("2026-W27", datetime(2026, 7, 1, tzinfo=UTC), tz)
    summary = Summary(school="S", week=label, start=start, end=end, generated=start)
    # In summer time the week starts at 23:00 UTC on the Sunday before; people see Monday to Sunday.
    assert start.day == 28 and (summary.first_day, summary.last_day) == (date(2026, 6, 29), date(2026, 7, 5))
