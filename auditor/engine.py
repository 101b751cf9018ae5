"""The rules engine: runs the policy's rules on one snapshot and returns one outcome per (rule, subject)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from auditor.config import ExceptionConfig
from auditor.context import RuleContext
from auditor.policy import Policy, PolicyRule
from auditor.rule import Result, Severity, Status
from auditor.snapshot import AccountRef, AccountSnapshot, Capability

__all__ = ["Outcome", "empty_snapshot", "evaluate"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """A rule's result on one subject of one account, with the policy's view of it."""

    account_id: str
    platform: str
    rule_id: str
    title: str
    clause_id: str
    clause_title: str
    severity: Severity
    status: Status
    subject: str
    message: str
    remediation: str
    incremental: bool
    notify: tuple[str, ...]
    evidence: dict[str, str] = field(default_factory=dict)
    url: str | None = None

    def as_json(self) -> dict[str, object]:
        """The outcome as printed by ``auditor audit --json``."""
        return {
            "rule_id": self.rule_id, "account_id": self.account_id, "platform": self.platform,
            "status": str(self.status), "severity": str(self.severity), "subject": self.subject,
            "message": self.message, "clause": self.clause_id, "title": self.title,
            "evidence": self.evidence, "url": self.url,
        }


def evaluate(snapshot: AccountSnapshot, policy: Policy, ctx: RuleContext,
             exceptions: Sequence[ExceptionConfig] = ()) -> list[Outcome]:
    """Run every rule of ``policy`` that applies to the snapshot's platform.

    A rule whose capabilities were not observed is reported as ``error`` (could not
    check) without being called; one that reads a capability the platform says is unchanged
    since the last audit is reported as ``unchanged`` without being called; a rule that
    crashes is reported as ``error`` and the others still run; an approved, unexpired
    exception turns a failure into ``muted``.
    """
    outcomes: list[Outcome] = []
    for prule in policy.for_platform(snapshot.account.platform):
        rule_ctx = replace(ctx, params=prule.params)
        for result in _run(prule, snapshot, rule_ctx):
            outcomes.append(_outcome(snapshot, prule, _muted(result, prule, ctx, exceptions)))
    return outcomes


def _run(prule: PolicyRule, snapshot: AccountSnapshot, ctx: RuleContext) -> Iterable[Result]:
    carried = [cap for cap in sorted(prule.rule.needs) if snapshot.carried(cap)]
    unseen = [cap for cap in sorted(prule.rule.needs)
              if not snapshot.observed(cap) and cap not in carried]
    if unseen:
        return [Result.could_not_check("account", _why_unseen(snapshot, unseen))]
    if carried:
        why = "; ".join(f"{cap}: {snapshot.unchanged[cap]}" for cap in carried)
        return [Result(Status.UNCHANGED, "account",
                       f"not judged again, unchanged since the last audit ({why})")]
    try:
        return list(prule.rule(snapshot, ctx))
    except Exception as exc:  # one crashing rule must not stop the others
        log.exception("rule %s crashed on account %s", prule.rule.id, snapshot.account.id)
        return [Result.could_not_check("account", f"the rule failed: {type(exc).__name__}")]


def _why_unseen(snapshot: AccountSnapshot, caps: list[Capability]) -> str:
    reasons = []
    for cap in caps:
        if cap not in snapshot.capabilities:
            reasons.append(f"the {snapshot.account.platform} connector cannot observe {cap}")
        else:
            reasons.append(f"{cap} could not be read: {snapshot.missing[cap]}")
    return "; ".join(reasons)


def _muted(result: Result, prule: PolicyRule, ctx: RuleContext,
           exceptions: Sequence[ExceptionConfig]) -> Result:
    if result.status is not Status.FAIL:
        return result
    today = ctx.now.date()
    for exc in exceptions:
        if exc.rule == prule.rule.id and exc.account == ctx.account.id \
                and exc.subject in (None, result.subject) and exc.expires >= today:
            return replace(result, status=Status.MUTED,
                           message=f"{result.message} (muted until {exc.expires}: {exc.reason}; "
                                   f"approved by {exc.approved_by})")
    return result


def _outcome(snapshot: AccountSnapshot, prule: PolicyRule, result: Result) -> Outcome:
    return Outcome(
        account_id=snapshot.account.id, platform=snapshot.account.platform,
        rule_id=prule.rule.id, title=prule.rule.title, clause_id=prule.clause.id,
        clause_title=prule.clause.title, status=result.status,
        severity=max(prule.severity, result.escalate_to or prule.severity, key=lambda s: s.rank),
        subject=result.subject, message=result.message, remediation=prule.rule.remediation,
        incremental=prule.rule.incremental, notify=prule.notify,
        evidence=dict(result.evidence), url=result.url,
    )


def empty_snapshot(account: AccountRef, capabilities: frozenset[Capability], now: datetime,
                   reason: str) -> AccountSnapshot:
    """A snapshot that observed nothing, for an account whose fetch failed."""
    return AccountSnapshot(account=account, fetched_at=now, capabilities=capabilities,
                           missing={cap: reason for cap in capabilities})
