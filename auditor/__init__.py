"""The auditor's public contract: what connectors and rules may import."""

from auditor.connector import Connector, ConnectorConfig
from auditor.context import (
    AccountProfile,
    Authorisation,
    MediaReader,
    Pupil,
    RuleContext,
    SchoolProfile,
    StaffMember,
)
from auditor.detection import AUTHOR_KINDS, AuthorKind, Detection, Scanner, ScanProfile
from auditor.errors import (
    AuditorError,
    AuthError,
    ConfigError,
    ConnectorError,
    NotifyError,
    PlatformResponseError,
    PlatformUnavailableError,
    RateLimitedError,
    RegistryError,
    RuleError,
)
from auditor.fake import (
    FakePlatform,
    json_response,
    scenario_digits,
    scenario_mapping,
    scenario_time,
)
from auditor.http import RewriteHostAdapter, parse_retry_after, utc_from_epoch
from auditor.redaction import MASK, mask_digits, mask_email, mask_words, redact_spans
from auditor.rule import Result, Rule, Severity, Status, rule
from auditor.snapshot import (
    AccountRef,
    AccountSnapshot,
    Author,
    Capability,
    ContentItem,
    Location,
    Media,
    Member,
    Settings,
)

__version__ = "0.1.0"

__all__ = [
    "AUTHOR_KINDS",
    "MASK",
    "AccountProfile",
    "AccountRef",
    "AccountSnapshot",
    "AuditorError",
    "AuthError",
    "Author",
    "AuthorKind",
    "Authorisation",
    "Capability",
    "ConfigError",
    "Connector",
    "ConnectorConfig",
    "ConnectorError",
    "ContentItem",
    "Detection",
    "FakePlatform",
    "Location",
    "Media",
    "MediaReader",
    "Member",
    "NotifyError",
    "PlatformResponseError",
    "PlatformUnavailableError",
    "Pupil",
    "RateLimitedError",
    "RegistryError",
    "Result",
    "RewriteHostAdapter",
    "Rule",
    "RuleContext",
    "RuleError",
    "ScanProfile",
    "Scanner",
    "SchoolProfile",
    "Settings",
    "Severity",
    "StaffMember",
    "Status",
    "__version__",
    "json_response",
    "mask_digits",
    "mask_email",
    "mask_words",
    "parse_retry_after",
    "redact_spans",
    "rule",
    "scenario_digits",
    "scenario_mapping",
    "scenario_time",
    "utc_from_epoch",
]
