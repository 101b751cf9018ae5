"""Plugins from other distributions are found exactly like the built-in ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.cli import main
from auditor.detection import ScanProfile
from auditor.errors import RegistryError
from auditor.plugins import load_registry, load_scanner

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


SCANNER = '''
from auditor import Detection


class ShoutScanner:
    def __init__(self, profile):
        self.profile = profile

    def scan_text(self, text, author="public"):
        return self.scan_texts([(text, author)])[0]

    def scan_texts(self, texts):
        return [[Detection("shouting", 0, len(t), "•", "all capitals")] if t.isupper() else []
                for t, _ in texts]

    def scan_image(self, data, caption="", author="staff"):
        return []
'''


def test_a_scanner_from_another_distribution_runs_beside_the_builtin(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _distribution(tmp_path, "auditor_shout", "[auditor.scanners]\nshout = shout_plugin:ShoutScanner\n",
                  "shout_plugin", SCANNER)
    monkeypatch.syspath_prepend(str(tmp_path))
    scanner = load_scanner(ScanProfile())
    (found,) = scanner.scan_texts([("RING 07700 900123", "public")])
    assert sorted(d.kind for d in found) == ["phone", "shouting"]
    assert scanner.scan_text("quiet words") == []


def test_a_scanner_entry_point_that_builds_no_scanner_is_refused(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    _distribution(tmp_path, "auditor_notscanner", "[auditor.scanners]\nnot = not_scanner:NOT_A_SCANNER\n",
                  "not_scanner", "def NOT_A_SCANNER(profile):\n    return 42\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(RegistryError, match="did not build a Scanner"):
        load_scanner(ScanProfile())
