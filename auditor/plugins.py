"""Finds connectors and rules through entry points, built-in ones exactly like third-party ones."""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from importlib.resources import files
from importlib.resources.abc import Traversable
from types import ModuleType
from typing import Any

from auditor.connector import Connector
from auditor.detection import AuthorKind, Detection, Scanner, ScanProfile
from auditor.errors import RegistryError
from auditor.rule import Rule

__all__ = ["CONNECTOR_GROUP", "RULE_GROUP", "SCANNER_GROUP", "Registry", "load_registry", "load_scanner"]

log = logging.getLogger(__name__)
CONNECTOR_GROUP = "auditor.connectors"
RULE_GROUP = "auditor.rules"
SCANNER_GROUP = "auditor.scanners"


@dataclass(frozen=True)
class Registry:
    """Everything the plugins provide: connectors by platform, rules by id, policy packs by name."""

    connectors: dict[str, type[Connector[Any]]]
    rules: dict[str, Rule]
    packs: dict[str, Traversable]


def load_registry() -> Registry:
    """Load every installed plugin; a broken or clashing plugin is a RegistryError."""
    connectors: dict[str, type[Connector[Any]]] = {}
    for ep in entry_points(group=CONNECTOR_GROUP):
        cls = _load(ep)
        if not (isinstance(cls, type) and issubclass(cls, Connector)):
            raise RegistryError(f"entry point {ep.name} = {ep.value} is not a Connector class")
        if getattr(cls, "platform", None) != ep.name:
            raise RegistryError(f"entry point {ep.name} = {ep.value} declares platform "
                                f"{getattr(cls, 'platform', None)!r}; the names must match")
        if ep.name in connectors and connectors[ep.name] is not cls:
            raise RegistryError(f"two connectors claim platform {ep.name!r}")
        connectors[ep.name] = cls
    rules: dict[str, Rule] = {}
    packs: dict[str, Traversable] = {}
    for ep in entry_points(group=RULE_GROUP):
        module = _load(ep)
        if not isinstance(module, ModuleType):
            raise RegistryError(f"entry point {ep.name} = {ep.value} must name a module or package")
        for found in _rules_in(module):
            other = rules.get(found.id)
            if other is not None and other is not found:
                raise RegistryError(f"two rules share the id {found.id!r}")
            rules[found.id] = found
        packs.update(_packs_in(module))
    return Registry(connectors=connectors, rules=rules, packs=packs)


def load_scanner(profile: ScanProfile) -> Scanner:
    """Every installed content scanner, built for ``profile``, behind one Scanner."""
    scanners: list[Scanner] = []
    for ep in sorted(entry_points(group=SCANNER_GROUP), key=lambda e: e.name):
        factory = _load(ep)
        if not callable(factory):
            raise RegistryError(f"entry point {ep.name} = {ep.value} is not callable")
        scanner = factory(profile)
        if not all(callable(getattr(scanner, m, None)) for m in ("scan_text", "scan_texts", "scan_image")):
            raise RegistryError(f"entry point {ep.name} = {ep.value} did not build a Scanner "
                                "(scan_text, scan_texts, scan_image)")
        scanners.append(scanner)
    if not scanners:
        raise RegistryError(f"no content scanner is installed (entry point group {SCANNER_GROUP})")
    return scanners[0] if len(scanners) == 1 else _ScannerChain(scanners)


class _ScannerChain:
    """Several installed scanners run one after another, their detections merged by position."""

    def __init__(self, scanners: Sequence[Scanner]) -> None:
        self.scanners = scanners

    def scan_text(self, text: str, author: AuthorKind = "public") -> list[Detection]:
        return self.scan_texts([(text, author)])[0]

    def scan_texts(self, texts: Iterable[tuple[str, AuthorKind]]) -> list[list[Detection]]:
        batch = list(texts)
        merged: list[list[Detection]] = [[] for _ in batch]
        for scanner in self.scanners:
            for found, extra in zip(merged, scanner.scan_texts(batch), strict=True):
                found.extend(extra)
        for found in merged:
            found.sort(key=lambda d: (d.start, d.end, d.kind))
        return merged

    def scan_image(self, data: bytes, caption: str = "", author: AuthorKind = "staff") -> list[Detection]:
        return [d for scanner in self.scanners for d in scanner.scan_image(data, caption, author)]


def _load(ep: EntryPoint) -> object:
    try:
        return ep.load()
    except (ImportError, AttributeError) as exc:
        raise RegistryError(f"plugin {ep.group}:{ep.name} ({ep.value}) failed to load: {exc}") \
            from exc


def _rules_in(module: ModuleType) -> list[Rule]:
    modules = [module]
    if hasattr(module, "__path__"):
        for info in pkgutil.walk_packages(module.__path__, module.__name__ + "."):
            modules.append(importlib.import_module(info.name))
    found: dict[str, Rule] = {}
    for mod in modules:
        for value in vars(mod).values():
            if isinstance(value, Rule):
                found[value.id] = value
    return list(found.values())


def _packs_in(module: ModuleType) -> dict[str, Traversable]:
    if not hasattr(module, "__path__"):
        return {}
    folder = files(module.__name__) / "packs"
    if not folder.is_dir():
        return {}
    return {item.name.removesuffix(".yaml"): item for item in folder.iterdir()
            if item.name.endswith(".yaml")}
