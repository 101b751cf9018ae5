"""Plugins from other distributions are found exactly like the built-in ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.cli import main
from auditor.errors import RegistryError
from auditor.plugins import load_registry

CONNECTOR = '''
from auditor import Capability, Connector


class PadletConnector(Connector):
    """A connector shipped by someone else."""

    platform = "padlet"
    display_name = "Padlet (third party)"
    capabilities = frozenset({Capability.SETTINGS})
    limitations = ("Comments are not read.",)

    def check_credentials(self, account):
        pass

    def fetch(self, account, cursor):
        raise NotImplementedError
'''


def _distribution(root: Path, name: str, entry_points: str, module: str, code: str) -> None:
    """A distribution as pip installs one: its module and its .dist-info with entry points."""
    (root / f"{module}.py").write_text(code, encoding="utf-8")
    info = root / f"{name}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")


def test_a_connector_from_another_distribution_is_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    _distribution(tmp_path, "auditor_padlet",
                  "[auditor.connectors]\npadlet = padlet_plugin:PadletConnector\n",
                  "padlet_plugin", CONNECTOR)
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = load_registry()
    assert registry.connectors["padlet"].display_name == "Padlet (third party)"
    assert {"x", "wordpress"} <= set(registry.connectors)
    assert main(["connectors", "list"]) == 0
    out = capsys.readouterr().out
    assert "padlet" in out and "Padlet (third party)" in out and "cannot check: Comments are not read." in out


def test_a_clashing_or_misnamed_plugin_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _distribution(tmp_path, "auditor_bad", "[auditor.connectors]\nnotpadlet = bad_plugin:PadletConnector\n",
                  "bad_plugin", CONNECTOR)
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(RegistryError, match="names must match"):
        load_registry()


def test_a_broken_plugin_names_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _distribution(tmp_path, "auditor_broken", "[auditor.rules]\nbroken = broken_rules\n",
                  "broken_rules", "import no_such_module_here\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(RegistryError, match=r"auditor\.rules:broken"):
        load_registry()
