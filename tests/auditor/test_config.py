"""auditor.yaml: strict keys, $env secrets, cross-references, and errors naming file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from auditor.config import load_config
from auditor.errors import ConfigError
from auditor.plugins import Registry

EXAMPLE = (Path(__file__).parents[2] / "auditor" / "example.yaml").read_text("utf-8")
ENV = {"X_BEARER_TOKEN": "x-secret-value", "WP_APP_PASSWORD_YEAR6": "wp secret value"}


def _load(tmp_path: Path, registry: Registry, text: str, env: dict[str, str] | None = None) -> object:
    path = tmp_path / "auditor.yaml"
    path.write_text(text, encoding="utf-8")
    return load_config(path, registry.connectors, ENV if env is None else env)


def _error(tmp_path: Path, registry: Registry, text: str,
           env: dict[str, str] | None = None) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, registry, text, env)
    return info.value


def test_the_example_loads_with_secrets_as_secretstr(tmp_path: Path, registry: Registry) -> None:
    config = _load(tmp_path, registry, EXAMPLE)
    conn = config.connections["year6-x"]  # type: ignore[attr-defined]
    assert isinstance(conn.bearer_token, SecretStr)
    assert conn.bearer_token.get_secret_value() == "x-secret-value"
    assert "x-secret-value" not in repr(conn) and "x-secret-value" not in str(conn)
    profile = config.account_profile("year6-x")  # type: ignore[attr-defined]
    assert profile.member_limit == 60 and profile.authorisation.approved_by == "head"


@pytest.mark.parametrize(("change", "key", "words"), [
    (("    monitor: monitor1 ", "    monitr: monitor1 "),
     "accounts.year6-x.monitr", "unknown key"),
    (("monitor: monitor1 ", "monitor: nobody "),
     "accounts.year6-x.monitor", "'nobody' is not a key under people"),
    (("platform: x ", "platform: myspace "), "accounts.year6-x.platform", "no connector for platform"),
    (("monitoring: {every: 6h}", "monitoring: {every: often}"), "accounts.year6-x.monitoring.every",
     "duration"),
    (("      bearer_token: {$env: X_BEARER_TOKEN}",
      "      bearer_token: {$env: X_BEARER_TOKEN}\n      tokn: 1"),
     "accounts.year6-x.connection.tokn", "unknown key"),
    (("roles: [headteacher]", "roles: [staff]"), "people", "headteacher"),
    (("approved_on: 2026-09-01\n    monitor: monitor1 ", "approved_on: 2026-13-45\n    monitor: monitor1 "),
     "accounts.year6-x.authorisation.approved_on", "date"),
])
def test_errors_name_the_file_line_and_key(tmp_path: Path, registry: Registry,
                                           change: tuple[str, str], key: str, words: str) -> None:
    assert change[0] in EXAMPLE, change[0]
    err = _error(tmp_path, registry, EXAMPLE.replace(change[0], change[1], 1))
    assert err.key == key
    assert words in err.detail
    assert str(err).startswith(f"{tmp_path / 'auditor.yaml'}:{err.line}: {key}: ")
    assert err.line is not None and err.line > 1


def test_missing_env_names_the_variable_not_a_value(tmp_path: Path, registry: Registry) -> None:
    err = _error(tmp_path, registry, EXAMPLE, env={"X_BEARER_TOKEN": "x-secret-value"})
    assert err.key == "accounts.year6-blog.connection.application_password"
    assert "WP_APP_PASSWORD_YEAR6 is not set" in str(err)
    assert "x-secret-value" not in str(err)


def test_a_wrong_value_in_a_secret_field_is_not_echoed(tmp_path: Path, registry: Registry) -> None:
    text = EXAMPLE.replace("site_url: https://year6.example.sch.uk",
                           "site_url: {$env: WP_APP_PASSWORD_YEAR6}")
    err = _error(tmp_path, registry, text)
    assert "wp secret value" not in str(err)


def test_yaml_syntax_error_names_the_line(tmp_path: Path, registry: Registry) -> None:
    err = _error(tmp_path, registry, "school:\n  name: [unclosed\npeople: {}\n")
    assert err.line == 3 and "invalid YAML" in str(err)


def test_missing_file_and_roster(tmp_path: Path, registry: Registry) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.yaml", registry.connectors, ENV)
    text = EXAMPLE.replace("# roster: year6-x-followers.csv", "roster: missing.csv")
    err = _error(tmp_path, registry, text)
    assert err.key == "accounts.year6-x.membership.roster" and "cannot read" in str(err)


def test_rosters_are_read(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "f.csv").write_text("handle,who\n@Parent_One,parent\nparent_two,\n", encoding="utf-8")
    (tmp_path / "p.csv").write_text("first_name,last_name,photo_consent\nAmy,Lee,yes\nBen,Ode,no\n", "utf-8")
    text = EXAMPLE.replace("# roster: year6-x-followers.csv", "roster: f.csv") \
        .replace("# pupil_roster: pupils.csv", "pupil_roster: p.csv")
    config = _load(tmp_path, registry, text)
    assert config.account_profile("year6-x").roster == frozenset({"parent_one", "parent_two"})  # type: ignore[attr-defined]
    assert [(p.first_name, p.photo_consent) for p in config.pupils] == [("Amy", True), ("Ben", False)]  # type: ignore[attr-defined]
