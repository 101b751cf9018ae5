"""The rule contract: the ``@rule`` decorator, severities, statuses and results."""

from __future__ import annotations

import enum
import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from auditor.context import RuleContext
from auditor.snapshot import AccountSnapshot, Capability

__all__ = ["Result", "Rule", "RuleFunction", "Severity", "Status", "rule"]


class Severity(enum.StrEnum):
    """How serious a failed rule is; ordered from ``info`` to ``critical``."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """0 for info up to 4 for critical, for sorting."""
        return list(Severity).index(self)


class Status(enum.StrEnum):
    """The outcome of one rule on one subject."""

    PASS = "pass"  # noqa: S105  (a status, not a password)
    FAIL = "fail"
    #: Could not check: a capability was missing, the platform failed, or the rule crashed.
    ERROR = "error"
    MUTED = "muted"
    NOT_APPLICABLE = "not_applicable"
    #: Not judged again: the platform says what the rule reads has not changed since the last
    #: audit, so that audit's verdict and findings stand (see ``AccountSnapshot.unchanged``).
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Result:
    """What a rule says about one subject (the account, a member, an item)."""

    status: Status
    subject: str
    message: str
    #: Already redacted: the engine stores and sends this as it is.
    evidence: Mapping[str, str] = field(default_factory=dict)
    url: str | None = None
    #: Raises this one finding above the pack's severity for the rule (never lowers it).
    escalate_to: Severity | None = None

    @classmethod
    def passed(cls, subject: str, message: str) -> Result:
        """A pass for ``subject``."""
        return cls(Status.PASS, subject, message)

    @classmethod
    def failed(cls, subject: str, message: str, *, evidence: Mapping[str, str] | None = None,
               url: str | None = None, escalate_to: Severity | None = None) -> Result:
        """A failure for ``subject``, with redacted evidence."""
        return cls(Status.FAIL, subject, message, evidence or {}, url, escalate_to)

    @classmethod
    def could_not_check(cls, subject: str, reason: str) -> Result:
        """An error: the rule could not decide, which never counts as a pass."""
        return cls(Status.ERROR, subject, reason)

    @classmethod
    def not_applicable(cls, subject: str, reason: str) -> Result:
        """The rule does not apply to this account."""
        return cls(Status.NOT_APPLICABLE, subject, reason)


RuleFunction = Callable[[AccountSnapshot, RuleContext], Iterable[Result]]


@dataclass(frozen=True)
class Rule:
    """A registered rule: its metadata and the function that evaluates it."""

    id: str
    title: str
    severity: Severity
    needs: frozenset[Capability]
    remediation: str
    rationale: str
    func: RuleFunction
    params: Mapping[str, Any] = field(default_factory=dict)
    platforms: frozenset[str] | None = None

    @property
    def incremental(self) -> bool:
        """True when the rule sees only new items, so silence is not proof of a fix."""
        return bool(self.needs & {Capability.CONTENT, Capability.MEDIA})

    def applies_to(self, platform: str) -> bool:
        """True when the rule is meant for accounts on ``platform``."""
        return self.platforms is None or platform in self.platforms

    def __call__(self, snapshot: AccountSnapshot, ctx: RuleContext) -> Iterable[Result]:
        return self.func(snapshot, ctx)


def rule(rule_id: str, *, title: str, severity: Severity, remediation: str,
         needs: Iterable[Capability] = (), params: Mapping[str, Any] | None = None,
         platforms: Iterable[str] | None = None) -> Callable[[RuleFunction], Rule]:
    """Register a function as a rule; its docstring is the rationale shown to people.

    Ids read ``<platform|any>.<area>.<expected_state>`` and are stable database keys.
    ``params`` are the defaults a policy pack may override.
    """
    parts = rule_id.split(".")
    if len(parts) != 3 or not all(parts):
        raise ValueError(f"rule id {rule_id!r} must read <platform|any>.<area>.<expected_state>")

    def register(func: RuleFunction) -> Rule:
        doc = inspect.getdoc(func)
        if not doc:
            raise ValueError(f"rule {rule_id} needs a docstring: it is the rationale people read")
        return Rule(
            id=rule_id, title=title, severity=Severity(severity), needs=frozenset(needs),
            remediation=remediation, rationale=doc, func=func, params=dict(params or {}),
            platforms=frozenset(platforms) if platforms is not None else None,
        )

    return register
