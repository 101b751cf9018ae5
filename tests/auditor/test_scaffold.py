"""``auditor connectors new``: the folder it writes is a connector that passes the contract."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_a_new_connector_passes_the_contract_lint_and_types(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["connectors", "new", "padlet", "--display-name", "Padlet", "--root", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert 'padlet = "connectors.padlet:PadletConnector"' in out
    assert (tmp_path / "connectors/padlet/README.md").is_file()
    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                            "--import-mode=importlib", "-W", "error", "tests/connectors/padlet"],
                           cwd=tmp_path, env={"PYTHONPATH": str(tmp_path)}, capture_output=True, text=True,
                           check=False)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "11 passed" in tests.stdout
    lint = subprocess.run([sys.executable, "-m", "ruff", "check", "--config", str(ROOT / "pyproject.toml"),
                           "--extend-ignore", "I001", "connectors", "tests"],
                          cwd=tmp_path, capture_output=True, text=True, check=False)
    assert lint.returncode == 0, lint.stdout
    types = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
                            "--explicit-package-bases", "connectors/padlet"],
                           cwd=tmp_path, env={**os.environ, "MYPYPATH": str(ROOT)}, capture_output=True,
                           text=True, check=False)
    assert types.returncode == 0, types.stdout


def test_names_are_checked_and_nothing_is_overwritten(tmp_path: Path) -> None:
    assert main(["connectors", "new", "Bad-Name", "--root", str(tmp_path)]) == 2
    assert main(["connectors", "new", "padlet", "--root", str(tmp_path)]) == 0
    assert main(["connectors", "new", "padlet", "--root", str(tmp_path)]) == 2
