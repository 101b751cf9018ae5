"""The scenario readers every sandbox fake shares: mappings, ids and times, each naming its key."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from auditor import ConfigError, scenario_digits, scenario_mapping, scenario_time


def test_a_mapping_of_allowed_keys_is_returned_as_it_is() -> None:
    data = {"id": 1, "name": "Year 6"}
    assert scenario_mapping(data, {"id", "name", "posts"}, "pages[0]") is data
    assert scenario_mapping({}, (), "x") == {}


@pytest.mark.parametrize("data", [None, ["id"], "id: 1", 7])
def test_what_is_no_mapping_is_refused_at_its_path(data: Any) -> None:
    with pytest.raises(ConfigError, match="expected a mapping") as caught:
        scenario_mapping(data, {"id"}, "pages[0]")
    assert caught.value.key == "pages[0]"


def test_an_unknown_key_is_named_with_the_keys_allowed() -> None:
    with pytest.raises(ConfigError) as caught:
        scenario_mapping({"id": 1, "colour": "red", "size": 2}, iter(["name", "id"]), "pages[0]")
    assert caught.value.key == "pages[0].colour"
    assert caught.value.detail == "unknown key (allowed: id, name)"


def test_a_key_that_is_no_string_is_unknown_too() -> None:
    with pytest.raises(ConfigError) as caught:
        scenario_mapping({1: "one", "id": 2}, {"1", "id"}, "x")
    assert caught.value.key == "x.1"


@pytest.mark.parametrize(("value", "text"), [(1460323737035677698, "1460323737035677698"),
                                             ("0042", "0042"), (0, "0")])
def test_ids_in_digits_are_text(value: Any, text: str) -> None:
    assert scenario_digits(value, "users[0].id") == text


@pytest.mark.parametrize("value", [None, True, False, -5, 1.0, "", "12a", " 12", "１２", "²", ["1"]])
def test_anything_but_digits_is_no_id(value: Any) -> None:
    with pytest.raises(ConfigError, match="expected an id in digits") as caught:
        scenario_digits(value, "users[0].id")
    assert caught.value.key == "users[0].id"


NINE = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("value", "expected"), [
    ("2026-11-20T09:00:00Z", NINE),
    ("2026-11-20T10:00:00+01:00", NINE),
    ("2026-11-20T09:00:00", NINE),
    ("2026-11-20 09:00", NINE),
    ("2026-11-20", NINE.replace(hour=0)),
    (datetime(2026, 11, 20, 9, 0), NINE),
    (datetime(2026, 11, 20, 4, 0, tzinfo=timezone(timedelta(hours=-5))), NINE),
    (date(2026, 11, 20), NINE.replace(hour=0)),
])
def test_times_are_aware_utc_and_naive_means_utc(value: Any, expected: datetime) -> None:
    when = scenario_time(value, "posts[0].created_at")
    assert when == expected
    assert when.tzinfo is UTC


@pytest.mark.parametrize("value", [None, "soon", "", "2026-13-01T00:00:00Z", 1700000000, ["2026"]])
def test_what_is_no_time_is_refused_at_its_path(value: Any) -> None:
    with pytest.raises(ConfigError, match="expected an ISO 8601 time") as caught:
        scenario_time(value, "posts[0].created_at")
    assert caught.value.key == "posts[0].created_at"


def test_a_time_zone_may_be_required() -> None:
    assert scenario_time("2026-11-20T10:00:00+01:00", "t", zone_required=True) == NINE
    for naive in ("2026-11-20T09:00:00", datetime(2026, 11, 20, 9, 0), date(2026, 11, 20)):
        with pytest.raises(ConfigError, match="with its zone") as caught:
            scenario_time(naive, "posts[0].created_at", zone_required=True)
        assert caught.value.key == "posts[0].created_at"
