"""What the content rules share: who wrote an item, and one scan of each item for all of them.

Every content rule reads the same detections, so an audit scans each new item once (and reads
each photo once), whichever rules the pack enables.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from auditor import (
    AccountSnapshot,
    AuthorKind,
    ConnectorError,
    ContentItem,
    Detection,
    Media,
    Result,
    RuleContext,
    ScanProfile,
    Severity,
    redact_spans,
)
from rules.detectors.images import UnreadableImageError, find_faces, find_gps, gps_detection, gps_from_exif
from rules.detectors.names import PupilNameDetector
from rules.detectors.text import normalise
from rules.scanner import ContentScanner

__all__ = ["WHO", "MediaScan", "author_kind", "content_results", "media_scan", "named_without_consent",
           "photos", "text_scan"]

#: How a finding names the author, for the monitor reading the alert.
WHO: dict[AuthorKind, str] = {"staff": "the account itself", "pupil": "a pupil or member",
                              "public": "a member of the public"}
_PHOTO_TYPES = frozenset({"photo", "image"})

_lock = threading.Lock()
_scanners: dict[ScanProfile, ContentScanner] = {}


class _SnapshotCache(threading.local):
    """The scans of the snapshot this thread is evaluating: the engine runs every rule on one
    snapshot before it moves on, so one snapshot per thread is all there is to keep."""

    snapshot: AccountSnapshot | None = None
    texts: dict[bool, dict[str, list[Detection]]]
    media: dict[str, MediaScan]

    def of(self, snapshot: AccountSnapshot) -> _SnapshotCache:
        if self.snapshot is not snapshot:
            self.snapshot, self.texts, self.media = snapshot, {}, {}
        return self


_cache = _SnapshotCache()


@dataclass(frozen=True)
class MediaScan:
    """What one photo showed: detections (EXIF a platform returned counts even when the file
    could not be read), and why the file itself could not be read, if it could not."""

    detections: tuple[Detection, ...] = ()
    error: str | None = None


def author_kind(item: ContentItem, ctx: RuleContext) -> AuthorKind:
    """Staff when the account itself or a member of staff wrote it, pupil when the author is on
    the account's roster of members, otherwise the public."""
    author = item.author
    if author.is_account_owner or any(s.uses(ctx.account.platform, author.handle) for s in ctx.school.staff):
        return "staff"
    roster = ctx.account.roster
    if roster is not None and author.handle and author.handle.lstrip("@").casefold() in roster:
        return "pupil"
    return "public"


def scanner_for(ctx: RuleContext, *, flag_first_names: bool = False) -> ContentScanner:
    """The school's scanner, built once per profile (rosters are compiled then)."""
    profile = ScanProfile.for_school(ctx.school, flag_first_names=flag_first_names)
    with _lock:
        scanner = _scanners.get(profile)
        if scanner is None:
            if len(_scanners) > 8:  # a roster changed: drop the old school profiles
                _scanners.clear()
            scanner = _scanners[profile] = ContentScanner(profile)
    return scanner


def text_scan(snapshot: AccountSnapshot, ctx: RuleContext, *,
              flag_first_names: bool = False) -> dict[str, list[Detection]]:
    """Detections by item id, every item scanned once per snapshot."""
    texts = _cache.of(snapshot).texts
    if flag_first_names not in texts:
        scanner = scanner_for(ctx, flag_first_names=flag_first_names)
        found = scanner.scan_texts([(item.text, author_kind(item, ctx)) for item in snapshot.items])
        texts[flag_first_names] = {item.id: list(d) for item, d in zip(snapshot.items, found, strict=True)}
    return texts[flag_first_names]


def named_without_consent(item: ContentItem, ctx: RuleContext) -> list[Detection]:
    """Pupils named in the item's text who have no photo consent."""
    names = next(d for d in scanner_for(ctx).detectors if isinstance(d, PupilNameDetector))
    return [d for d, pupil in names.find_pupils(normalise(item.text)) if not pupil.photo_consent]


def photos(item: ContentItem) -> list[Media]:
    """The item's photos (videos are not read)."""
    return [m for m in item.media if m.type in _PHOTO_TYPES]


def media_scan(snapshot: AccountSnapshot, ctx: RuleContext, media: Media) -> MediaScan:
    """Location and faces in one photo, read once per snapshot; EXIF a platform already
    returned is used without reading the file."""
    scans = _cache.of(snapshot).media
    key = media.url or f"exif:{id(media)}"
    if key not in scans:
        scans[key] = _scan_media(ctx, media)
    return scans[key]


def _scan_media(ctx: RuleContext, media: Media) -> MediaScan:
    known: list[Detection] = []
    if media.exif:
        coordinates = gps_from_exif(media.exif)
        if coordinates is not None:
            known.append(gps_detection(*coordinates))
    if media.url is None:
        return MediaScan(tuple(known), "the platform does not give the photo's file")
    if ctx.media is None:
        return MediaScan(tuple(known), "photos cannot be read in this audit")
    try:
        data = ctx.media(media.url)
        gps = [] if known else find_gps(data)
        return MediaScan((*known, *gps, *find_faces(data)))
    except (ConnectorError, UnreadableImageError) as exc:
        return MediaScan(tuple(known), str(exc))


def content_results(snapshot: AccountSnapshot, ctx: RuleContext, *, kinds: frozenset[str],
                    authors: frozenset[AuthorKind], what: str,
                    escalate: Callable[[ContentItem, list[Detection]], Severity | None] | None = None,
                    flag_first_names: bool = False) -> Iterator[Result]:
    """One result per item written by one of ``authors``: failed with a redacted excerpt when a
    detection of ``kinds`` is in it, passed otherwise."""
    scans = text_scan(snapshot, ctx, flag_first_names=flag_first_names)
    for item in snapshot.items:
        author = author_kind(item, ctx)
        if author not in authors:
            continue
        subject = f"item:{item.id}"
        every = scans.get(item.id, [])
        found = [d for d in every if d.kind in kinds]
        if not found:
            yield Result.passed(subject, f"no {what} found")
            continue
        # Everything any detector found is masked in the excerpt, not only this rule's kinds.
        excerpt = redact_spans(item.text, [(d.start, d.end, d.redacted) for d in every])
        reasons = sorted({d.reason for d in found if d.reason})
        yield Result.failed(
            subject,
            f"{what} in a {item.kind} by {WHO[author]}: {'; '.join(reasons) or len(found)}",
            evidence={"excerpt": excerpt, "found": ", ".join(d.redacted for d in found),
                      "item": item.kind, "author": author},
            url=item.url,
            escalate_to=escalate(item, found) if escalate else None,
        )
