"""Image detectors: EXIF GPS read from headers only, platform EXIF mappings, and faces in photos."""

from __future__ import annotations

import io
import json
import struct
import threading
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageFile

from auditor import Detection
from connectors.flickr.mapping import exif_from
from rules.detectors.images import (
    UnreadableImageError,
    count_faces,
    find_faces,
    find_gps,
    gps_detection,
    gps_from_exif,
)

IMAGES = Path(__file__).parent / "images"
FLICKR_FIXTURES = Path(__file__).parents[3] / "connectors" / "flickr" / "fixtures"

GPS_REASON = "the photo's EXIF records where it was taken"
FACE_REASON = "faces in a photo: check every pupil shown has photo consent"

# A point in central London, 51.5237 N, 0.1585 W, as a camera writes it (degrees, minutes, seconds).
LONDON: dict[int, Any] = {1: "N", 2: (51.0, 31.0, 25.32), 3: "W", 4: (0.0, 9.0, 30.6)}


def photo(gps: dict[int, Any] | None = None, size: tuple[int, int] = (16, 16), fmt: str = "JPEG") -> bytes:
    """A small image, with an EXIF GPS IFD holding ``gps`` when given."""
    exif = Image.Exif()
    exif[0x010F] = "Camera"  # Make: an EXIF block is there either way
    if gps is not None:
        exif[0x8825] = gps
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, fmt, exif=exif)
    return out.getvalue()


def claim_size(jpeg: bytes, width: int, height: int) -> bytes:
    """The JPEG with its frame header (SOF0) rewritten to claim ``width`` x ``height`` pixels."""
    pos = 2
    while pos < len(jpeg):
        marker, length = jpeg[pos + 1], struct.unpack(">H", jpeg[pos + 2:pos + 4])[0]
        if marker == 0xC0:
            return jpeg[:pos + 5] + struct.pack(">HH", height, width) + jpeg[pos + 9:]
        pos += 2 + length
    raise AssertionError("no SOF0 segment")


def never_decode(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any decoding of pixels by Pillow fail the test."""
    def refuse(self: Image.Image) -> None:
        raise AssertionError("pixels were decoded")
    monkeypatch.setattr(Image.Image, "load", refuse)
    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)


# --- GPS in image files ---------------------------------------------------------------------

def test_gps_found_with_coarse_location_only() -> None:
    assert find_gps(photo(LONDON)) == [
        Detection(kind="gps", start=0, end=0, redacted="GPS 51.5•°N, 0.1•°W", reason=GPS_REASON)]


def test_gps_redaction_never_holds_full_precision() -> None:
    (found,) = find_gps(photo(LONDON))
    for secret in ("51.52", "51.53", "0.15", "0.16", "25.32", "30.6"):
        assert secret not in found.redacted


def test_gps_southern_and_eastern_hemispheres() -> None:
    sydney = {1: "S", 2: (33.0, 51.0, 24.48), 3: "E", 4: (151.0, 12.0, 55.08)}
    assert [d.redacted for d in find_gps(photo(sydney))] == ["GPS 33.8•°S, 151.2•°E"]


def test_gps_is_truncated_not_rounded() -> None:
    # 51.99 would round to 52.0; truncated it stays in the area it is in.
    assert gps_detection(51.99, -0.96).redacted == "GPS 51.9•°N, 0.9•°W"
    assert gps_detection(-0.04, 0.04).redacted == "GPS 0.0•°S, 0.0•°E"


def test_no_exif_and_exif_without_gps_are_not_findings() -> None:
    out = io.BytesIO()
    Image.new("RGB", (16, 16)).save(out, "JPEG")
    assert find_gps(out.getvalue()) == []
    assert find_gps(photo(None)) == []


def test_gps_ifd_without_coordinates_is_not_a_finding() -> None:
    # Phones write the version, datum and a void status when they have no fix.
    assert find_gps(photo({0: b"\x02\x02\x00\x00", 9: "V", 18: "WGS-84"})) == []
    assert find_gps(photo({1: "N", 2: (51.0, 31.0, 25.32)})) == []  # latitude only


def test_gps_at_zero_zero_is_a_camera_without_a_fix() -> None:
    assert find_gps(photo({1: "N", 2: (0.0, 0.0, 0.0), 3: "E", 4: (0.0, 0.0, 0.0)})) == []


def test_gps_in_png_is_read_without_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    data = photo(LONDON, fmt="PNG")
    never_decode(monkeypatch)
    assert [d.redacted for d in find_gps(data)] == ["GPS 51.5•°N, 0.1•°W"]


def test_png_without_exif_is_not_decoded_to_look_for_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pillow's PNG getexif decodes the whole image when no eXIf chunk precedes the pixel data.
    out = io.BytesIO()
    Image.new("RGB", (16, 16)).save(out, "PNG")
    never_decode(monkeypatch)
    assert find_gps(out.getvalue()) == []


def test_huge_image_gps_read_from_header_without_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    data = claim_size(photo(LONDON), 8000, 8000)
    assert Image.open(io.BytesIO(data)).size == (8000, 8000)
    never_decode(monkeypatch)
    tracemalloc.start()
    try:
        found = find_gps(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [d.redacted for d in found] == ["GPS 51.5•°N, 0.1•°W"]
    assert peak < 1_000_000  # decoded, the pixels alone would take 192 MB


@pytest.mark.parametrize("data", [
    b"",
    b"this is not an image",
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",  # a JPEG cut off inside its first segment
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 30,
])
def test_malformed_bytes_are_unreadable(data: bytes) -> None:
    with pytest.raises(UnreadableImageError):
        find_gps(data)
    with pytest.raises(UnreadableImageError):
        find_faces(data)


def test_unreadable_image_error_is_a_value_error_with_a_message() -> None:
    with pytest.raises(ValueError, match="not a readable image"):
        find_gps(b"this is not an image")


def test_image_claiming_more_pixels_than_any_photo_is_refused() -> None:
    data = claim_size(photo(LONDON), 20000, 20000)
    with pytest.raises(UnreadableImageError, match="too large"):
        find_gps(data)
    with pytest.raises(UnreadableImageError, match="too large"):
        find_faces(data)


# --- GPS in EXIF mappings from platforms ----------------------------------------------------

def flickr_exif(name: str) -> dict[str, str]:
    return exif_from(json.loads((FLICKR_FIXTURES / name).read_text()))


def test_flickr_fixture_exif() -> None:
    position = gps_from_exif(flickr_exif("exif.json"))
    assert position == pytest.approx((51.5237, -0.1585))
    assert position is not None
    assert gps_detection(*position).redacted == "GPS 51.5•°N, 0.1•°W"


def test_flickr_fixture_without_exif() -> None:
    assert gps_from_exif(flickr_exif("exif_none.json")) is None


@pytest.mark.parametrize("exif", [
    # Flickr's clean form: the hemisphere written in the value, refs as words.
    {"GPSLatitude": "51 deg 31' 25.32\" N", "GPSLatitudeRef": "North",
     "GPSLongitude": "0 deg 9' 30.60\" W", "GPSLongitudeRef": "West"},
    # Its raw form: no hemisphere in the value.
    {"GPSLatitude": "51 deg 31' 25.32\"", "GPSLatitudeRef": "North",
     "GPSLongitude": "0 deg 9' 30.60\"", "GPSLongitudeRef": "West"},
    # Single-letter refs; or none, the hemisphere in the value.
    {"GPSLatitude": "51 deg 31' 25.32\"", "GPSLatitudeRef": "N",
     "GPSLongitude": "0 deg 9' 30.60\"", "GPSLongitudeRef": "W"},
    {"GPSLatitude": "51 deg 31' 25.32\" N", "GPSLongitude": "0 deg 9' 30.60\" W"},
    {"GPSLatitude": "51°31'25.32\"N", "GPSLongitude": "0°9'30.6\"W"},
    # Decimal degrees: numbers, strings, signed or with refs; tuples of numbers.
    {"GPSLatitude": 51.5237, "GPSLongitude": -0.1585},
    {"GPSLatitude": "51.5237", "GPSLongitude": "-0.1585"},
    {"GPSLatitude": "51.5237", "GPSLatitudeRef": "N", "GPSLongitude": "0.1585", "GPSLongitudeRef": "W"},
    {"GPSLatitude": (51, 31, 25.32), "GPSLatitudeRef": "N", "GPSLongitude": (0, 9, 30.6),
     "GPSLongitudeRef": "W"},
])
def test_exif_mapping_forms(exif: dict[str, Any]) -> None:
    assert gps_from_exif(exif) == pytest.approx((51.5237, -0.1585), abs=1e-4)


def test_exif_mapping_ref_sets_the_sign() -> None:
    assert gps_from_exif({"GPSLatitude": "33.8568", "GPSLatitudeRef": "South",
                          "GPSLongitude": "151.2153", "GPSLongitudeRef": "East"}) == (-33.8568, 151.2153)
    assert gps_from_exif({"GPSLatitude": "-0 deg 30' 0\"", "GPSLongitude": "10"}) == (-0.5, 10.0)


@pytest.mark.parametrize("exif", [
    {},
    {"Make": "Canon", "Camera": "Canon EOS 200D"},
    {"GPSLatitude": "51 deg 31' 25.32\" N"},  # no longitude
    {"GPSLatitude": "somewhere nice", "GPSLongitude": "0 deg 9' 30.60\" W"},
    {"GPSLatitude": "51 deg 75' 0\" N", "GPSLongitude": "0 deg 9' 30.60\" W"},  # 75 minutes
    {"GPSLatitude": "95.0", "GPSLongitude": "0.5"},  # past the pole
    {"GPSLatitude": (float("nan"), 0, 0), "GPSLongitude": (0, 9, 30.6)},  # a 0/0 rational
    {"GPSLatitude": "0", "GPSLongitude": "0"},
    {"GPSLatitude": True, "GPSLongitude": True},
])
def test_exif_mappings_without_a_position(exif: dict[str, Any]) -> None:
    assert gps_from_exif(exif) is None


# --- Faces ----------------------------------------------------------------------------------

def image_bytes(name: str) -> bytes:
    return (IMAGES / name).read_bytes()


def reencoded(name: str, fmt: str, scale: float = 1.0, orientation: int | None = None) -> bytes:
    """A test image resized and saved again, optionally stored rotated with an EXIF orientation."""
    image = Image.open(IMAGES / name).convert("RGB")
    image = image.resize((round(image.width * scale), round(image.height * scale)))
    exif = Image.Exif()
    if orientation == 6:  # stored turned a quarter anticlockwise; viewers turn it back
        image = image.transpose(Image.Transpose.ROTATE_90)
        exif[0x0112] = 6
    out = io.BytesIO()
    image.save(out, fmt, exif=exif)
    return out.getvalue()


def test_face_found_in_astronaut() -> None:
    assert find_faces(image_bytes("astronaut.jpg")) == [
        Detection(kind="face", start=0, end=0, redacted="1 face", reason=FACE_REASON, blocks=False)]


@pytest.mark.parametrize("name", ["coffee.jpg", "rocket.jpg", "chelsea.jpg"])
def test_no_face_in_photos_without_people(name: str) -> None:
    # The cat is a hard negative: a face, but not a person's.
    assert find_faces(image_bytes(name)) == []


def test_faces_found_at_other_sizes_and_formats() -> None:
    assert count_faces(reencoded("astronaut.jpg", "JPEG", scale=3.0)) == 1  # 9 MP, reduced decode
    assert count_faces(reencoded("astronaut.jpg", "PNG", scale=0.5)) == 1


def test_faces_found_in_a_photo_stored_rotated() -> None:
    assert count_faces(reencoded("astronaut.jpg", "JPEG", orientation=6)) == 1


def test_several_faces_are_counted() -> None:
    face = Image.open(IMAGES / "astronaut.jpg").convert("RGB").resize((400, 400))
    group = Image.new("RGB", (1200, 450), "grey")
    for i in range(3):
        group.paste(face, (i * 400, 25))
    out = io.BytesIO()
    group.save(out, "JPEG", quality=90)
    assert [d.redacted for d in find_faces(out.getvalue())] == ["3 faces"]


def test_faces_counted_from_many_threads_at_once() -> None:
    data = image_bytes("astronaut.jpg")
    counts: list[int] = []
    lock = threading.Lock()

    def work() -> None:
        for _ in range(2):
            found = count_faces(data)
            with lock:
                counts.append(found)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counts == [1] * 8
