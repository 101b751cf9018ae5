"""The connector base: change signals that let a repeat audit skip what has not changed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from auditor import FULL_READ_EVERY, AccountRef, AccountSnapshot, Capability, ChangeSignals

NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)
MEMBERS = Capability.MEMBERS


def _stored(signals: ChangeSignals) -> dict[str, object]:
    cursor = {"since_id": "9", **signals.cursor()}
    return json.loads(json.dumps(cursor))  # what the database gives back


def test_a_matching_recent_signal_is_unchanged_and_keeps_its_read_time() -> None:
    first = ChangeSignals(None, NOW)
    assert not first.unchanged(MEMBERS, "12/0")  # nothing recorded yet: read in full
    first.read(MEMBERS, "12/0")
    later = NOW + timedelta(hours=3)
    second = ChangeSignals(_stored(first), later)
    assert second.unchanged(MEMBERS, "12/0")
    # Carrying does not refresh the time of the full read: the day's full read still comes.
    assert second.cursor() == {"signals": {"members": {"signal": "12/0", "read_at": NOW.isoformat()}}}


@pytest.mark.parametrize("signal, age", [("13/0", timedelta(hours=1)), ("12/0", FULL_READ_EVERY),
                                         ("12/0", -timedelta(minutes=5))])
def test_a_changed_old_or_future_signal_means_a_full_read(signal: str, age: timedelta) -> None:
    first = ChangeSignals(None, NOW)
    first.read(MEMBERS, "12/0")
    again = ChangeSignals(_stored(first), NOW + age)
    assert not again.unchanged(MEMBERS, signal)
    assert again.cursor() == {}  # not read yet either: a failed read leaves nothing to trust


@pytest.mark.parametrize("cursor", [None, {}, {"signals": "x"}, {"signals": {"members": "x"}},
                                    {"signals": {"members": {"signal": "12/0", "read_at": "soon"}}},
                                    {"signals": {"members": {"signal": "12/0",
                                                             "read_at": "2026-11-24T08:00:00"}}}])
def test_unreadable_cursors_mean_a_full_read(cursor: dict[str, object] | None) -> None:
    assert not ChangeSignals(cursor, NOW).unchanged(MEMBERS, "12/0")


def test_a_time_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone"):
        ChangeSignals(None, datetime(2026, 11, 24, 9))


def test_a_snapshot_cannot_carry_what_it_lacks_or_missed() -> None:
    ref = AccountRef(id="a", platform="x")
    caps = frozenset({Capability.SETTINGS, MEMBERS})
    snap = AccountSnapshot(account=ref, fetched_at=NOW, capabilities=caps,
                           unchanged={MEMBERS: "count unchanged"})
    assert snap.carried(MEMBERS) and not snap.observed(MEMBERS) and snap.observed(Capability.SETTINGS)
    with pytest.raises(ValueError, match="both missing and unchanged"):
        AccountSnapshot(account=ref, fetched_at=NOW, capabilities=caps,
                        missing={MEMBERS: "403"}, unchanged={MEMBERS: "count unchanged"})
    with pytest.raises(ValueError, match="lacks"):
        AccountSnapshot(account=ref, fetched_at=NOW, capabilities=caps,
                        unchanged={Capability.CONTENT: "nothing new"})
