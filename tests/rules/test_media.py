"""Photo rules: location in EXIF or coordinates, faces against consent, unreadable photos."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image

from auditor import (
    AccountProfile,
    AccountRef,
    AccountSnapshot,
    Author,
    Capability,
    ContentItem,
    Location,
    Media,
    PlatformUnavailableError,
    Pupil,
    RuleContext,
    SchoolProfile,
    Severity,
    Status,
)
from rules.media import faces_have_consent, no_location

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
IMAGES = Path(__file__).parent / "detectors" / "images"


def gps_jpeg() -> bytes:
    image = Image.new("RGB", (64, 64), "white")
    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "N", 2: (53.0, 48.0, 0.0), 3: "W", 4: (1.0, 33.0, 0.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def plain_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 64), "white").save(out, "JPEG")
    return out.getvalue()


FILES = {"https://cdn.example/gps.jpg": gps_jpeg(), "https://cdn.example/plain.jpg": plain_jpeg()}


def reader(url: str) -> bytes:
    if url not in FILES:
        raise PlatformUnavailableError("wordpress", "cannot fetch: HTTP 404")
    return FILES[url]


def ctx() -> RuleContext:
    school = SchoolProfile(name="S", pupils=(Pupil("Olivia", "Bennett"), Pupil("Amelia", "Wright", True)))
    return RuleContext(account=AccountProfile(id="a", platform="wordpress", name="A"), school=school,
                       now=NOW, media=reader)


def photo_item(item_id: str, url: str | None, text: str = "A day out", **kw: object) -> ContentItem:
    return ContentItem(id=item_id, kind="post", author=Author(is_account_owner=True), text=text,
                       created_at=NOW, media=(Media(url=url, type="photo"),), **kw)  # type: ignore[arg-type]


def snap(*items: ContentItem) -> AccountSnapshot:
    return AccountSnapshot(account=AccountRef(id="a", platform="wordpress"), fetched_at=NOW,
                           capabilities=frozenset(Capability), items=items)


def test_location_from_exif_file_platform_exif_and_coordinates() -> None:
    flickr_exif = Media(url=None, type="photo", exif={"GPSLatitude": "53 deg 48' 0.00\" N",
                                                      "GPSLongitude": "1 deg 33' 0.00\" W"})
    s = snap(photo_item("1", "https://cdn.example/gps.jpg"),
             photo_item("2", "https://cdn.example/plain.jpg"),
             photo_item("3", "https://cdn.example/missing.jpg"),
             photo_item("4", "https://cdn.example/plain.jpg", location=Location(51.5, -0.17)),
             ContentItem(id="5", kind="photo", author=Author(), text="", created_at=NOW,
                         media=(flickr_exif,)),
             ContentItem(id="6", kind="post", author=Author(), text="no photo", created_at=NOW))
    results = {r.subject: r for r in no_location(s, ctx())}
    assert {k: r.status for k, r in results.items()} == {
        "item:1": Status.FAIL, "item:2": Status.PASS, "item:3": Status.ERROR, "item:4": Status.FAIL,
        "item:5": Status.FAIL}
    assert "53.80" not in results["item:1"].evidence["found"]  # coarse, never the exact spot
    assert "404" in results["item:3"].message
    # The platform's EXIF settled the location, but nobody looked at the faces in that photo.
    faces = {r.subject: r.status for r in faces_have_consent(s, ctx())}
    assert faces["item:5"] is Status.ERROR


def test_faces_need_a_review_and_an_unconsented_name_is_critical() -> None:
    FILES["https://cdn.example/face.jpg"] = (IMAGES / "astronaut.jpg").read_bytes()
    s = snap(photo_item("1", "https://cdn.example/face.jpg", "Amelia Wright on stage"),
             photo_item("2", "https://cdn.example/face.jpg", "Olivia Bennett on stage"),
             photo_item("3", "https://cdn.example/plain.jpg"),
             photo_item("4", None))
    results = {r.subject: r for r in faces_have_consent(s, ctx())}
    assert {k: (r.status, r.escalate_to) for k, r in results.items()} == {
        "item:1": (Status.FAIL, None), "item:2": (Status.FAIL, Severity.CRITICAL),
        "item:3": (Status.PASS, None), "item:4": (Status.ERROR, None)}
    assert "Bennett" not in results["item:2"].evidence["found"]


def test_without_a_media_reader_photos_cannot_be_checked() -> None:
    plain = RuleContext(account=ctx().account, school=ctx().school, now=NOW)
    (result,) = no_location(snap(photo_item("1", "https://cdn.example/gps.jpg")), plain)
    assert result.status is Status.ERROR
