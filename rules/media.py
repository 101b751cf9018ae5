"""Rules on photos: no location in them, and faces reviewed against photo consent."""

from __future__ import annotations

from collections.abc import Iterator

from auditor import AccountSnapshot, Capability, Result, RuleContext, Severity, rule
from rules.findings import WHO, author_kind, media_scan, named_without_consent, photos


@rule("any.media.no_location", title="Photos do not reveal where they were taken",
      severity=Severity.HIGH, needs={Capability.CONTENT},
      remediation="Remove the photo and post a copy with its location stripped; turn off location "
                  "tagging on the device or app that posted it.")
def no_location(snapshot: AccountSnapshot, ctx: RuleContext) -> Iterator[Result]:
    """A photo's EXIF GPS tags or a post's coordinates pin down a child's home, route or school:
    personal information pupils must never give out."""
    for item in snapshot.items:
        pictures = photos(item)
        if not pictures:
            continue
        subject = f"item:{item.id}"
        where = item.location
        if where is not None and where.latitude is not None and where.longitude is not None:
            yield Result.failed(subject, f"a {item.kind} by {WHO[author_kind(item, ctx)]} is tagged with "
                                "coordinates", evidence={"item": item.kind, "location": "coordinates"},
                                url=item.url)
            continue
        scans = [media_scan(snapshot, ctx, m) for m in pictures]
        gps = [d for s in scans for d in s.detections if d.kind == "gps"]
        if gps:
            yield Result.failed(subject, f"{_a_photo(item.kind)} by {WHO[author_kind(item, ctx)]} "
                                f"records where it was taken", url=item.url,
                                evidence={"item": item.kind, "found": ", ".join(d.redacted for d in gps)})
        elif errors := [s.error for s in scans if s.error]:
            yield Result.could_not_check(subject, f"photo not read: {errors[0]}")
        else:
            yield Result.passed(subject, "no location in the photos")


@rule("any.media.faces_have_consent", title="Photos of faces are checked against photo consent",
      severity=Severity.MEDIUM, needs={Capability.CONTENT},
      remediation="Check that every pupil shown has photo consent; if not, remove the photo or "
                  "blur the face.")
def faces_have_consent(snapshot: AccountSnapshot, ctx: RuleContext) -> Iterator[Result]:
    """Photos of pupils go online only with their parents' consent: a photo with faces is listed
    for the monitor to check, and is critical when its text names a pupil who has no consent."""
    for item in snapshot.items:
        pictures = photos(item)
        if not pictures:
            continue
        subject = f"item:{item.id}"
        scans = [media_scan(snapshot, ctx, m) for m in pictures]
        faces = [d for s in scans for d in s.detections if d.kind == "face"]
        if faces:
            unconsented = named_without_consent(item, ctx)
            yield Result.failed(
                subject, f"{_a_photo(item.kind)} shows faces"
                + (" and names a pupil without photo consent" if unconsented else ""),
                evidence={"item": item.kind, "found": ", ".join(d.redacted for d in faces)
                          + "".join(f"; named: {d.redacted}" for d in unconsented)},
                url=item.url, escalate_to=Severity.CRITICAL if unconsented else None)
        elif errors := [s.error for s in scans if s.error]:
            yield Result.could_not_check(subject, f"photo not read: {errors[0]}")
        else:
            yield Result.passed(subject, "no faces in the photos")


def _a_photo(kind: str) -> str:
    return "a photo" if kind == "photo" else f"a photo in a {kind}"
