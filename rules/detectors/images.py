"""Image detectors: where a photo was taken (its EXIF GPS) and whether faces show in it.

GPS is read from the file's header with Pillow, which opens images lazily: the pixels are never
decoded, so a 50-megapixel photo costs what a thumbnail does. The same reading applies to the
EXIF a platform returns as a mapping (Flickr's ``getExif``), through :func:`gps_from_exif`.

Faces are found with OpenCV's frontal-face Haar cascade on a greyscale copy whose long side is
at most :data:`MAX_SIDE` pixels (JPEGs are decoded straight at a reduced scale). Each candidate
is confirmed by a second, stricter cascade on its crop, which removes the face-like textures
(craters, cells, coins, coffee froth) that a lone cascade reports in ordinary photos. A face is
a point for review, never a block: staff check that every pupil shown has photo consent.

Threads: a ``CascadeClassifier`` keeps scratch buffers between calls, so one instance must not
be used by two threads at once (opencv/opencv#4287); each thread loads its own pair, lazily,
once. OpenCV's own thread pool is set to one thread: audits already run one account per worker
thread, and nested pools on top of those would oversubscribe the cores and make a photo's time
depend on what the other accounts are doing.
"""

from __future__ import annotations

import io
import math
import re
import threading
from collections.abc import Mapping, Sequence
from typing import Any, Final

import cv2
import numpy as np
from cv2.typing import MatLike
from PIL import Image, UnidentifiedImageError

from auditor import MASK, Detection

__all__ = [
    "MAX_PIXELS",
    "MAX_SIDE",
    "UnreadableImageError",
    "count_faces",
    "find_faces",
    "find_gps",
    "gps_detection",
    "gps_from_exif",
]


class UnreadableImageError(ValueError):
    """The bytes given are not an image this scanner can read (or it is far too large)."""


# --- GPS ------------------------------------------------------------------------------------

_GPS_IFD: Final = 0x8825
_LAT_REF, _LAT, _LON_REF, _LON = 1, 2, 3, 4

_GPS_REASON: Final = "the photo's EXIF records where it was taken"

# "51 deg 31' 25.32\" N" (Flickr's clean form), "51 deg 31' 25.32\"" (its raw form),
# "51°31'25.32\"N", "51.5237 N", "-0.1585": degrees, then optional minutes, seconds, hemisphere.
_DMS = re.compile(
    r"""\s*(?P<deg>[+-]?\d+(?:\.\d+)?)\s*(?:deg\b|°)?
        (?:\s*(?P<min>\d+(?:\.\d+)?)\s*['\u2032]
           (?:\s*(?P<sec>\d+(?:\.\d+)?)\s*(?:"|\u2033|'')?)?)?
        \s*(?P<ref>north|south|east|west|[NSEW])?\s*""",
    re.IGNORECASE | re.VERBOSE,
)
_NEGATIVE_REFS: Final = frozenset({"s", "w", "south", "west"})
_POSITIVE_REFS: Final = frozenset({"n", "e", "north", "east"})


def gps_detection(lat: float, lon: float) -> Detection:
    """The ``gps`` detection for a photo taken at ``lat``, ``lon``, naming the place only coarsely."""
    return Detection(kind="gps", start=0, end=0, redacted=f"GPS {_coarse(lat, 'N', 'S')}, "
                     f"{_coarse(lon, 'E', 'W')}", reason=_GPS_REASON)


def _coarse(value: float, positive: str, negative: str) -> str:
    # One decimal of a degree is about 11 km: enough for staff to recognise the area, too little
    # to find a home or the school gate. Truncated, not rounded, so no digit says more than that.
    tenths = math.floor(abs(value) * 10)
    return f"{tenths // 10}.{tenths % 10}{MASK}°{negative if value < 0 else positive}"


def find_gps(data: bytes) -> list[Detection]:
    """A ``gps`` detection when the image's EXIF records where it was taken; pixels are not decoded."""
    with _open(data) as image:
        # Image.getexif of the base class reads only what the header parse collected. PNG's own
        # getexif decodes the whole image to look for an eXIf chunk after the pixel data; the
        # PNG specification places eXIf before IDAT, where the header parse finds it.
        try:
            gps = Image.Image.getexif(image).get_ifd(_GPS_IFD)
        except (OSError, SyntaxError, ValueError, TypeError, IndexError) as exc:
            raise UnreadableImageError(f"the image's EXIF cannot be read: {exc}") from None
    position = _position(_exif_coordinate(gps.get(_LAT), gps.get(_LAT_REF)),
                         _exif_coordinate(gps.get(_LON), gps.get(_LON_REF)))
    return [] if position is None else [gps_detection(*position)]


def gps_from_exif(exif: Mapping[str, Any]) -> tuple[float, float] | None:
    """Latitude and longitude from EXIF as a platform returns it (``GPSLatitude`` and friends)."""
    return _position(_exif_coordinate(exif.get("GPSLatitude"), exif.get("GPSLatitudeRef")),
                     _exif_coordinate(exif.get("GPSLongitude"), exif.get("GPSLongitudeRef")))


def _position(lat: float | None, lon: float | None) -> tuple[float, float] | None:
    if lat is None or lon is None or abs(lat) > 90 or abs(lon) > 180:
        return None
    # Cameras without a fix write zeros; the Gulf of Guinea is not where a school photo is taken.
    if lat == 0 and lon == 0:
        return None
    return lat, lon


def _exif_coordinate(value: Any, ref: Any) -> float | None:
    """Signed degrees from a coordinate (rationals, numbers or text) and its hemisphere."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    ref_text = ref.decode("ascii", "replace") if isinstance(ref, bytes) else ref
    written_ref = None
    if isinstance(value, str):
        match = _DMS.fullmatch(value)
        if match is None:
            return None
        parts: list[float] = [float(match["deg"])]
        parts += [float(p) for p in (match["min"], match["sec"]) if p is not None]
        written_ref = match["ref"]
    elif isinstance(value, Sequence):
        try:
            parts = [float(p) for p in value]
        except (TypeError, ValueError, ZeroDivisionError):
            return None
        if not 1 <= len(parts) <= 3:
            return None
    else:
        try:
            parts = [float(value)]
        except (TypeError, ValueError, ZeroDivisionError):
            return None
    # A rational with a zero denominator reads as NaN; minutes or seconds past 60 are garbage.
    if not all(math.isfinite(p) for p in parts) or any(not 0 <= p < 60 for p in parts[1:]):
        return None
    degrees = abs(parts[0]) + sum(p / 60.0**i for i, p in enumerate(parts[1:], start=1))
    hemisphere = (ref_text if isinstance(ref_text, str) and ref_text.strip() else written_ref) or ""
    hemisphere = hemisphere.strip().lower()
    if hemisphere in _NEGATIVE_REFS:
        return -degrees
    if hemisphere in _POSITIVE_REFS:
        return degrees
    return -degrees if parts[0] < 0 or str(value).lstrip().startswith("-") else degrees


# --- Reading images -------------------------------------------------------------------------

#: Images claiming more pixels than this are refused: no camera photo is that large, and a
#: decompression bomb is.
MAX_PIXELS: Final = 100_000_000


def _open(data: bytes) -> Image.Image:
    """The image's header, parsed lazily (no pixels decoded), or :class:`UnreadableImageError`."""
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise UnreadableImageError(f"the image is too large to read: {exc}") from None
    except UnidentifiedImageError:
        raise UnreadableImageError(f"not a readable image ({len(data)} bytes of an unknown format)") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise UnreadableImageError(f"the image's header cannot be read: {exc}") from None
    if image.width * image.height > MAX_PIXELS:
        size = f"{image.width}x{image.height}"
        image.close()
        raise UnreadableImageError(f"the image claims {size} pixels, more than any photo scanned")
    return image


# --- Faces ----------------------------------------------------------------------------------

#: Faces are looked for on a copy whose long side is at most this many pixels. The cascade's
#: time grows with the pixels; the price is that faces under 3% of the photo's long side (the
#: back row of a wide group photo) are missed.
MAX_SIDE: Final = 800
# The cascade's window is 24 pixels, 3% of the reduced long side. At scale steps of 1.1 and four
# neighbours it finds faces of about that size; coarser steps (1.2) or more neighbours lose faces
# under 40 pixels, and fewer neighbours let texture through.
_MIN_FACE: Final = 24
_SCALE_FACTOR: Final = 1.1
_MIN_NEIGHBOURS: Final = 4
# The confirming cascade (alt2: fewer false alarms, fewer finds) looks at each candidate with a
# margin of a quarter of its size, enlarged to at least this many pixels, and must see the face
# at six neighbouring positions: three let a shuttle on a plain background pass as a face.
_CONFIRM_SIDE: Final = 72
_CONFIRM_SCALE_FACTOR: Final = 1.1
_CONFIRM_NEIGHBOURS: Final = 6

# Decoding flags for a JPEG read at 1/2, 1/4 and 1/8 of its size.
_REDUCED: Final = ((2, cv2.IMREAD_REDUCED_GRAYSCALE_2), (4, cv2.IMREAD_REDUCED_GRAYSCALE_4),
                   (8, cv2.IMREAD_REDUCED_GRAYSCALE_8))

_FACE_REASON: Final = "faces in a photo: check every pupil shown has photo consent"

_cascades = threading.local()


def _classifiers() -> tuple[cv2.CascadeClassifier, cv2.CascadeClassifier]:
    """This thread's face and confirming cascades, loaded on first use."""
    pair: tuple[cv2.CascadeClassifier, cv2.CascadeClassifier] | None = getattr(_cascades, "pair", None)
    if pair is None:
        cv2.setNumThreads(1)  # process-wide and idempotent: see the module's docstring
        pair = (_load("haarcascade_frontalface_default.xml"), _load("haarcascade_frontalface_alt2.xml"))
        _cascades.pair = pair
    return pair


def _load(name: str) -> cv2.CascadeClassifier:
    classifier = cv2.CascadeClassifier(cv2.data.haarcascades + name)  # type: ignore[attr-defined]
    if classifier.empty():
        # The cascades ship inside opencv-python; a missing one is a broken install, not a photo.
        raise RuntimeError(f"OpenCV's {name} cannot be loaded")
    return classifier


def _greyscale(data: bytes) -> MatLike:
    """The image as greyscale, upright (EXIF orientation applied), long side at most MAX_SIDE."""
    with _open(data) as image:
        long_side = max(image.size)
    # A JPEG decodes directly at 1/2, 1/4 or 1/8 scale: much faster, and a 48-megapixel photo
    # never exists in memory at full size. Other formats are decoded whole, then reduced.
    flag = cv2.IMREAD_GRAYSCALE
    for factor, reduced in _REDUCED:
        if long_side / factor >= MAX_SIDE:
            flag = reduced
    grey = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), flag)
    if grey is None or grey.size == 0:
        raise UnreadableImageError("the image's pixels cannot be decoded")
    height, width = grey.shape[:2]
    scale = MAX_SIDE / max(height, width)
    if scale < 1:
        grey = cv2.resize(grey, (max(1, round(width * scale)), max(1, round(height * scale))),
                          interpolation=cv2.INTER_AREA)
    return grey


def count_faces(data: bytes) -> int:
    """How many frontal faces the photo shows (0 for none)."""
    detect, confirm = _classifiers()
    grey = cv2.equalizeHist(_greyscale(data))
    candidates = detect.detectMultiScale(grey, scaleFactor=_SCALE_FACTOR, minNeighbors=_MIN_NEIGHBOURS,
                                         minSize=(_MIN_FACE, _MIN_FACE))
    return sum(_confirmed(confirm, grey, (int(x), int(y), int(w), int(h))) for x, y, w, h in candidates)


def _confirmed(confirm: cv2.CascadeClassifier, grey: MatLike,
               box: tuple[int, int, int, int]) -> bool:
    """Whether the confirming cascade also sees a face filling the candidate's box."""
    x, y, w, h = box
    margin = w // 4
    crop = grey[max(0, y - margin):y + h + margin, max(0, x - margin):x + w + margin]
    if crop.shape[0] < _CONFIRM_SIDE:
        side = _CONFIRM_SIDE / crop.shape[0]
        crop = cv2.resize(crop, (round(crop.shape[1] * side), _CONFIRM_SIDE), interpolation=cv2.INTER_LINEAR)
    # The face must fill most of the crop: a small "face" in a corner of it is another texture.
    least = crop.shape[0] // 2
    found = confirm.detectMultiScale(crop, scaleFactor=_CONFIRM_SCALE_FACTOR,
                                     minNeighbors=_CONFIRM_NEIGHBOURS, minSize=(least, least))
    return len(found) > 0


def find_faces(data: bytes) -> list[Detection]:
    """A ``face`` detection (for review, not blocking) when the photo shows one or more faces."""
    faces = count_faces(data)
    if not faces:
        return []
    return [Detection(kind="face", start=0, end=0, redacted=f"{faces} face{'s' if faces > 1 else ''}",
                      reason=_FACE_REASON, blocks=False)]
