"""Reads a monitor's dated attestation of an account's settings and members from a YAML file.

For what no API shows: Facebook Groups (Meta removed the Groups API in 2024), WhatsApp or class
messaging groups, a platform whose API access is not set up yet. The same rules run on it as on
any connector; ``attestation.attestation.current`` fails when the attestation is older than the
account's monitoring interval.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from auditor import (
    AccountRef,
    AccountSnapshot,
    Capability,
    Connector,
    ConnectorConfig,
    Member,
    PlatformResponseError,
    PlatformUnavailableError,
    Settings,
)

PLATFORM = "attestation"


class AttestationConfig(ConnectorConfig):
    """``connection:`` of an attested account: the file and what the account really is."""

    file: Path
    #: The real platform, for people: "Facebook Group", "WhatsApp group".
    kind: str

    @field_validator("file")
    @classmethod
    def _relative_to_config(cls, value: Path, info: ValidationInfo) -> Path:
        base = (info.context or {}).get("base_dir")
        return value if value.is_absolute() or base is None else Path(base) / value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AttestedMember(_Strict):
    handle: str
    role: Literal["owner", "admin", "editor", "member", "follower"] = "member"


class AttestedSettings(_Strict):
    visibility: Literal["public", "members", "private", "unlisted"] | None = None
    join_policy: Literal["open", "request", "invite", "closed"] | None = None
    discoverable: bool | None = None
    comments: Literal["everyone", "members", "moderated", "off"] | None = None
    location_tagging: bool | None = None


class Attestation(_Strict):
    """The attestation file a monitor fills in."""

    attested_by: str
    attested_on: date
    settings: AttestedSettings = Field(default_factory=AttestedSettings)
    member_count: int | None = Field(default=None, ge=0)
    members: list[AttestedMember] | None = None
    admins: list[AttestedMember] | None = None
    notes: str | None = None


class AttestationConnector(Connector[AttestationConfig]):
    """An account whose settings and members a named monitor attests by hand."""

    platform = PLATFORM
    display_name = "Manual attestation"
    capabilities = frozenset({Capability.SETTINGS, Capability.MEMBERS})
    config_model = AttestationConfig
    limitations = (
        "Content is not read: posts and comments on an attested account are not checked.",
        "The settings are as the monitor recorded them on the attestation date, not as they are now.",
        "Members are checked only when the attestation lists them; a count alone checks the limit.",
    )

    def check_credentials(self, account: AccountRef) -> None:
        """There are no credentials: the file must be readable and valid."""
        self._read()

    def fetch(self, account: AccountRef, cursor: Mapping[str, Any] | None) -> AccountSnapshot:
        """The attested settings and members, as a snapshot."""
        att = self._read()
        admins = tuple(Member(id=a.handle, handle=a.handle, role=a.role) for a in att.admins) \
            if att.admins is not None else None
        settings = Settings(**att.settings.model_dump(), admins=admins, raw={
            "attested_by": att.attested_by, "attested_on": att.attested_on.isoformat(),
            "kind": self.config.kind, "notes": att.notes or ""})
        members = tuple(Member(id=m.handle, handle=m.handle, role=m.role) for m in att.members) \
            if att.members is not None else None
        # An attestation that gives a count but no list does not observe members: the roster
        # rule says it cannot check them, and nothing failed to be read.
        observed = self.capabilities if members is not None else frozenset({Capability.SETTINGS})
        count = att.member_count if att.member_count is not None else \
            (len(members) if members is not None else None)
        return AccountSnapshot(account=account, fetched_at=datetime.now(UTC), capabilities=observed,
                               settings=settings, members=members, member_count=count, cursor=None)

    def _read(self) -> Attestation:
        path = self.config.file
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise PlatformResponseError(PLATFORM, f"{path.name}: the attestation file is missing") from None
        except OSError as exc:
            raise PlatformUnavailableError(PLATFORM, f"{path.name}: {exc.strerror}") from None
        except yaml.YAMLError as exc:
            raise PlatformResponseError(PLATFORM, f"{path.name}: not valid YAML ({exc})") from None
        try:
            return Attestation.model_validate(data)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"]) or "the file"
            raise PlatformResponseError(PLATFORM, f"{path.name}: {where}: {err['msg']}") from None
