"""YAML loading that remembers where every key came from, for errors that name file, line and key."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from auditor.errors import ConfigError

__all__ = ["YamlDocument", "format_loc", "load_yaml"]


class YamlDocument:
    """A parsed YAML file plus the line of each key path."""

    def __init__(self, source: str, data: Any, node: yaml.Node | None) -> None:
        self.source = source
        self.data = data
        self._node = node

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """The 1-based line where ``path`` (or its nearest existing parent) is written."""
        node = self._node
        line = node.start_mark.line + 1 if node is not None else None
        for part in path:
            if isinstance(node, yaml.MappingNode):
                found = next(((k, v) for k, v in node.value if k.value == str(part)), None)
                if found is None:
                    break
                line = found[0].start_mark.line + 1
                node = found[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) \
                    and part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                break
        return line

    def error(self, message: str, path: Sequence[str | int] = ()) -> ConfigError:
        """A ConfigError pointing at ``path`` in this file."""
        return ConfigError(message, source=self.source, key=format_loc(path) or None,
                           line=self.line_of(path))


def format_loc(path: Sequence[str | int]) -> str:
    """``('accounts', 'y6', 'roster', 0)`` as ``accounts.y6.roster[0]``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so the schema checks them and names the key."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path, *, text: str | None = None) -> YamlDocument:
    """Parse ``path``; a syntax error becomes a ConfigError naming the file and line."""
    source = str(path)
    try:
        raw = path.read_text(encoding="utf-8") if text is None else text
    except FileNotFoundError:
        raise ConfigError("file not found", source=source) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", source=source) from None
    try:
        node = yaml.compose(raw, Loader=_Loader)
        data = yaml.load(raw, Loader=_Loader)  # noqa: S506  (_Loader is a SafeLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ConfigError(f"invalid YAML: {exc.problem}", source=source, line=line) from None
    return YamlDocument(source, data, node)
