"""The school's configuration, ``auditor.yaml``: people, accounts and their authorisation records.

Secrets are never written in the file: ``{$env: NAME}`` is replaced by the
environment variable's value, as a ``SecretStr``, when the file is loaded.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from auditor.connector import Connector, ConnectorConfig
from auditor.context import AccountProfile, Authorisation, Pupil, SchoolProfile, StaffMember
from auditor.detection import canonical_contact
from auditor.yamlsource import YamlDocument, load_yaml

__all__ = ["AccountConfig", "ExceptionConfig", "Person", "SchoolConfig", "load_config", "load_school",
           "read_pupil_roster"]

Role = Literal["headteacher", "deputy_head", "dsl", "monitor", "it", "staff", "governor"]
Key = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
#: A host name such as ``millbrook.sch.uk``: no scheme, no path, lower case.
Domain = Annotated[str, Field(pattern=r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
                              max_length=253)]


def _public_contact(value: str) -> str:
    canonical = canonical_contact(value)
    if canonical is None:
        raise ValueError(f"{value!r} is neither a phone number nor an email address")
    return canonical


#: A phone number or email address, kept in canonical form (E.164, or lower case).
PublicContact = Annotated[str, AfterValidator(_public_contact)]
_DURATION = re.compile(r"^(\d+)\s*(m|h|d)$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class School(_Strict):
    """The school itself."""

    name: str
    slug: Key | None = None
    timezone: str = "Europe/London"
    #: CSV with first_name,last_name[,photo_consent]: pupils whose full names must not be posted.
    pupil_roster: Path | None = None
    #: When the weekly summary is built and sent, as a crontab line in the school's time zone.
    summary_schedule: str = "30 7 * * mon"
    #: Nicknames and abbreviations of the school, which pupils must not post either.
    also_known_as: list[str] = Field(default_factory=list)
    #: Sites that posts may link to without a review, e.g. the school's own and gov.uk.
    link_allow_list: list[Domain] = Field(default_factory=list)
    #: Use the semantic abuse classifier (the ``ml`` extra) when it is installed; false keeps
    #: abuse detection to the word patterns.
    semantic_classifier: bool = True
    #: The school's own published contacts, its office phone numbers and email addresses:
    #: posting them is no breach, so they are not flagged as personal details.
    public_contacts: list[PublicContact] = Field(default_factory=list)


class Person(_Strict):
    """A member of staff (or governor) the auditor knows by a short key."""

    name: str
    email: EmailStr | None = None
    roles: list[Role] = Field(default_factory=lambda: list[Role](["staff"]))
    #: Platform handles this person uses, e.g. ``{x: [BradfieldHead]}``.
    handles: dict[str, list[str]] = Field(default_factory=dict)
    left_on: date | None = None


class AuthorisationConfig(_Strict):
    """The Headteacher's authorisation of an account, as filed."""

    purpose: str
    approved_by: Key
    approved_on: date
    notes: str | None = None


class Schedule(_Strict):
    """How often an account is audited: ``every: 6h`` or ``cron: "0 8 * * mon-fri"``."""

    every: str | None = None
    cron: str | None = None

    @field_validator("every")
    @classmethod
    def _duration(cls, value: str | None) -> str | None:
        if value is not None and not _DURATION.match(value.strip()):
            raise ValueError("write a duration such as 30m, 6h or 1d")
        return value

    @model_validator(mode="after")
    def _one_of(self) -> Schedule:
        if (self.every is None) == (self.cron is None):
            raise ValueError("give exactly one of every or cron")
        if self.cron is not None:
            from apscheduler.triggers.cron import CronTrigger

            try:
                CronTrigger.from_crontab(self.cron)
            except ValueError as exc:
                raise ValueError(f"not a crontab line: {exc}") from None
        return self

    @property
    def seconds(self) -> int | None:
        """The interval in seconds, for ``every``."""
        if self.every is None:
            return None
        match = _DURATION.match(self.every.strip())
        assert match
        return int(match.group(1)) * {"m": 60, "h": 3600, "d": 86400}[match.group(2)]

    def longest_gap(self, tz: str) -> timedelta:
        """The longest time between two runs (for cron: over the next fortnight of runs)."""
        if self.seconds is not None:
            return timedelta(seconds=self.seconds)
        from apscheduler.triggers.cron import CronTrigger

        trigger = CronTrigger.from_crontab(self.cron or "", timezone=tz)
        previous = datetime.now(ZoneInfo(tz))
        gaps: list[timedelta] = []
        for _ in range(30):
            following: datetime | None = trigger.get_next_fire_time(None, previous + timedelta(seconds=1))
            if following is None:
                break
            gaps.append(following - previous)
            previous = following
        return max(gaps[1:] or gaps or [timedelta(days=1)])

    def describe(self) -> str:
        """How the schedule reads to people."""
        return f"every {self.every}" if self.every else f"cron {self.cron}"


class Membership(_Strict):
    """Who the account is meant for."""

    limit: int | None = Field(default=None, ge=0)
    #: CSV with a ``handle`` column: the intended members.
    roster: Path | None = None


class AccountConfig(_Strict):
    """One approved account: platform, where to find it, and who answers for it."""

    name: str
    platform: Key
    handle: str | None = None
    external_id: str | None = None
    base_url: str | None = None
    enabled: bool = True
    authorisation: AuthorisationConfig | None = None
    monitor: Key | None = None
    deputy: Key | None = None
    monitoring: Schedule = Field(default_factory=lambda: Schedule(every="6h"))
    membership: Membership = Field(default_factory=Membership)
    connection: dict[str, Any] = Field(default_factory=dict)


class ExceptionConfig(_Strict):
    """An approved exception: mutes one rule on one account (or one subject) until it expires."""

    rule: str
    account: Key
    subject: str | None = None
    reason: str
    approved_by: Key
    expires: date


class PolicyChoice(_Strict):
    """Which policy pack applies: a built-in name or a path to a pack file."""

    pack: str = "default"


class SchoolConfigModel(_Strict):
    """The whole of auditor.yaml, before cross-references are checked."""

    school: School
    people: dict[Key, Person]
    accounts: dict[Key, AccountConfig] = Field(default_factory=dict)
    policy: PolicyChoice = Field(default_factory=PolicyChoice)
    exceptions: list[ExceptionConfig] = Field(default_factory=list)


class SchoolConfig:
    """A validated auditor.yaml, with each account's connection settings checked by its connector."""

    def __init__(self, model: SchoolConfigModel, source: Path,
                 connections: Mapping[str, ConnectorConfig], rosters: Mapping[str, frozenset[str]],
                 pupils: tuple[Pupil, ...]) -> None:
        self.model = model
        self.source = source
        self.connections = dict(connections)
        self._rosters = dict(rosters)
        self.pupils = pupils

    @property
    def school(self) -> School:
        """The school section."""
        return self.model.school

    @property
    def people(self) -> dict[str, Person]:
        """People by key."""
        return self.model.people

    @property
    def accounts(self) -> dict[str, AccountConfig]:
        """Accounts by key, enabled or not."""
        return self.model.accounts

    @property
    def slug(self) -> str:
        """A short stable name for the school, used in fingerprints."""
        return self.school.slug or re.sub(r"[^a-z0-9]+", "-", self.school.name.lower()).strip("-")

    def people_with_role(self, role: str) -> list[tuple[str, Person]]:
        """Current people holding ``role``."""
        return [(k, p) for k, p in self.people.items() if role in p.roles and p.left_on is None]

    def school_profile(self, today: date) -> SchoolProfile:
        """The school as the rules see it."""
        staff = tuple(
            StaffMember(
                key=key, name=p.name, roles=frozenset(p.roles),
                handles={plat: frozenset(h.lstrip("@").casefold() for h in hs)
                         for plat, hs in p.handles.items()},
                current=p.left_on is None or p.left_on > today,
            )
            for key, p in self.people.items()
        )
        return SchoolProfile(name=self.school.name, staff=staff, pupils=self.pupils,
                             also_known_as=tuple(self.school.also_known_as),
                             link_allow_list=tuple(self.school.link_allow_list),
                             semantic_classifier=self.school.semantic_classifier,
                             public_contacts=tuple(self.school.public_contacts))

    def account_profile(self, key: str) -> AccountProfile:
        """An account's record as the rules see it."""
        acc = self.accounts[key]
        auth = None
        if acc.authorisation is not None:
            auth = Authorisation(purpose=acc.authorisation.purpose,
                                 approved_by=acc.authorisation.approved_by,
                                 approved_on=acc.authorisation.approved_on,
                                 monitoring=acc.monitoring.describe())
        return AccountProfile(id=key, platform=acc.platform, name=acc.name, authorisation=auth,
                              monitor=acc.monitor, deputy=acc.deputy,
                              member_limit=acc.membership.limit, roster=self._rosters.get(key),
                              monitoring_interval=acc.monitoring.longest_gap(self.school.timezone))


def load_config(path: Path, connectors: Mapping[str, type[Connector[Any]]],
                environ: Mapping[str, str]) -> SchoolConfig:
    """Load and check ``path``; any problem is one ConfigError naming the file, line and key."""
    doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        raise doc.error("the file must be a mapping with school, people and accounts")
    resolved = _resolve_env(doc, doc.data, (), environ)
    try:
        model = SchoolConfigModel.model_validate(resolved)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise doc.error(_message(err), [p for p in err["loc"] if isinstance(p, str | int)]) \
            from None
    _check_references(doc, model)
    base = path.parent
    connections: dict[str, ConnectorConfig] = {}
    rosters: dict[str, frozenset[str]] = {}
    for key, acc in model.accounts.items():
        cls = connectors.get(acc.platform)
        if cls is None:
            known = ", ".join(sorted(connectors)) or "none"
            raise doc.error(f"no connector for platform {acc.platform!r} (installed: {known})",
                            ["accounts", key, "platform"])
        try:
            # Paths in a connection (an attestation file, say) are relative to auditor.yaml.
            connections[key] = cls.config_model.model_validate(acc.connection,
                                                               context={"base_dir": base})
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = ["accounts", key, "connection", *[p for p in err["loc"] if isinstance(p, str | int)]]
            raise doc.error(_message(err), loc) from None
        if acc.membership.roster is not None:
            rosters[key] = _read_handles(doc, base / acc.membership.roster,
                                         ["accounts", key, "membership", "roster"])
    pupils: tuple[Pupil, ...] = ()
    if model.school.pupil_roster is not None:
        pupils = _read_pupils(doc, base / model.school.pupil_roster)
    return SchoolConfig(model, path, connections, rosters, pupils)


def load_school(path: Path) -> SchoolProfile:
    """Only the ``school`` section of ``path`` (names, roster, link allow-list), for the content
    checks staff run on their own machines: no account, secret or person needs to be set."""
    doc = load_yaml(path)
    section = doc.data.get("school") if isinstance(doc.data, dict) else None
    if not isinstance(section, dict):
        raise doc.error("required key is missing", ["school"])
    try:
        school = School.model_validate(section)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise doc.error(_message(err), ["school", *[p for p in err["loc"] if isinstance(p, str | int)]]) \
            from None
    pupils = _read_pupils(doc, path.parent / school.pupil_roster) if school.pupil_roster else ()
    return SchoolProfile(name=school.name, pupils=pupils, also_known_as=tuple(school.also_known_as),
                         link_allow_list=tuple(school.link_allow_list),
                         semantic_classifier=school.semantic_classifier,
                         public_contacts=tuple(school.public_contacts))


def read_pupil_roster(path: Path) -> tuple[Pupil, ...]:
    """Pupils from a CSV with first_name,last_name[,photo_consent]; errors name the file."""
    return _read_pupils(YamlDocument(str(path), None, None), path, ())


def _message(err: Mapping[str, Any]) -> str:
    if err["type"] == "extra_forbidden":
        return "unknown key (check the spelling)"
    if err["type"] == "missing":
        return "required key is missing"
    return str(err["msg"])


def _resolve_env(doc: YamlDocument, value: Any, path: tuple[str | int, ...],
                 environ: Mapping[str, str]) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$env"}:
            name = value["$env"]
            if not isinstance(name, str) or not name:
                raise doc.error("$env must name an environment variable", path)
            if name not in environ or environ[name] == "":
                raise doc.error(f"environment variable {name} is not set", path)
            return SecretStr(environ[name])
        return {k: _resolve_env(doc, v, (*path, str(k)), environ) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve_env(doc, v, (*path, i), environ) for i, v in enumerate(value)]
    return value


def _check_references(doc: YamlDocument, model: SchoolConfigModel) -> None:
    people = model.people
    if not any("headteacher" in p.roles for p in people.values()):
        raise doc.error("no person has the headteacher role: the weekly summary needs one",
                        ["people"])
    for key, person in people.items():
        if person.left_on is None and ("headteacher" in person.roles or "monitor" in person.roles) \
                and person.email is None:
            raise doc.error("an email address is needed for a headteacher or monitor",
                            ["people", key, "email"])
    for key, acc in model.accounts.items():
        for field in ("monitor", "deputy"):
            ref = getattr(acc, field)
            if ref is not None and ref not in people:
                raise doc.error(f"{ref!r} is not a key under people", ["accounts", key, field])
        if acc.authorisation is not None and acc.authorisation.approved_by not in people:
            raise doc.error(f"{acc.authorisation.approved_by!r} is not a key under people",
                            ["accounts", key, "authorisation", "approved_by"])
    for i, exc in enumerate(model.exceptions):
        if exc.account not in model.accounts:
            raise doc.error(f"{exc.account!r} is not a key under accounts",
                            ["exceptions", i, "account"])
        if exc.approved_by not in people:
            raise doc.error(f"{exc.approved_by!r} is not a key under people",
                            ["exceptions", i, "approved_by"])


def _read_csv(doc: YamlDocument, path: Path, loc: list[str | int],
              required: tuple[str, ...]) -> list[dict[str, str]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            fields = [f.strip().lower() for f in reader.fieldnames or []]
            missing = [c for c in required if c not in fields]
            if missing:
                raise doc.error(f"{path.name} has no column {', '.join(missing)}", loc)
            return [{(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
                    for row in reader]
    except OSError as exc:
        raise doc.error(f"cannot read {path}: {exc.strerror}", loc) from None


def _read_handles(doc: YamlDocument, path: Path, loc: list[str | int]) -> frozenset[str]:
    rows = _read_csv(doc, path, loc, ("handle",))
    return frozenset(r["handle"].lstrip("@").casefold() for r in rows if r["handle"])


def _read_pupils(doc: YamlDocument, path: Path,
                 loc: Sequence[str | int] = ("school", "pupil_roster")) -> tuple[Pupil, ...]:
    rows = _read_csv(doc, path, list(loc), ("first_name", "last_name"))
    return tuple(
        Pupil(first_name=r["first_name"], last_name=r["last_name"],
              photo_consent=r.get("photo_consent", "").lower() in {"y", "yes", "true", "1"})
        for r in rows if r["first_name"] and r["last_name"]
    )
