"""``auditor connectors new NAME``: a working connector folder to start a new platform from."""

from __future__ import annotations

import re
from pathlib import Path

from auditor.errors import ConfigError
from auditor.notify import templates

__all__ = ["new_connector"]

FILES = {
    "__init__.py.j2": "connectors/{name}/__init__.py",
    "connector.py.j2": "connectors/{name}/connector.py",
    "fake.py.j2": "connectors/{name}/fake.py",
    "README.md.j2": "connectors/{name}/README.md",
    "test_contract.py.j2": "tests/connectors/{name}/test_{name}_contract.py",
}


def new_connector(name: str, root: Path, display_name: str | None = None) -> list[Path]:
    """Write the connector, its fake, README and contract test under ``root``; returns the files."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise ConfigError("a platform name is lower-case letters, digits and _", key="NAME")
    folder = root / "connectors" / name
    if folder.exists():
        raise ConfigError(f"{folder} exists already", key="NAME")
    context = {"name": name, "cls": "".join(p.title() for p in name.split("_")),
               "display": display_name or name.replace("_", " ").title()}
    env = templates()
    written = []
    for template, target in FILES.items():
        path = root / target.format(name=name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(env.get_template(f"scaffold/{template}").render(context) + "\n",
                        encoding="utf-8")
        written.append(path)
    (folder / "fixtures").mkdir(exist_ok=True)
    return written
