"""How long the image detectors take: EXIF GPS from small and large photos, faces in 1 and 12 MP photos.

Each case is timed on one core (the process is pinned to it where the system allows; OpenCV runs
one thread, as the detectors set it), once to warm up and then --runs times; the table shows the
median CPU time (the cost) and the median wall-clock time (the cost plus any wait for the core).
The photos are the test images, re-encoded at the sizes named.

Run: .venv/bin/python benchmarks/image_detectors.py  (or with --runs N)
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PIL import Image

from rules.detectors.images import MAX_SIDE, find_faces, find_gps

IMAGES = Path(__file__).resolve().parents[1] / "tests" / "rules" / "detectors" / "images"

# Somewhere in central London, as a camera writes it.
GPS: dict[int, Any] = {1: "N", 2: (51.0, 31.0, 25.32), 3: "W", 4: (0.0, 9.0, 30.6)}


def encoded(name: str, size: tuple[int, int], gps: bool = False) -> bytes:
    """A test image resized to ``size`` and saved as a JPEG (quality 85), with GPS when asked."""
    exif = Image.Exif()
    if gps:
        exif[0x8825] = GPS
    out = io.BytesIO()
    Image.open(IMAGES / name).convert("RGB").resize(size).save(out, "JPEG", quality=85, exif=exif)
    return out.getvalue()


def timed(call: Callable[[], object], runs: int) -> tuple[float, float, object]:
    """Median CPU and wall-clock milliseconds of ``runs`` calls, after one warm-up, and its result.

    CPU time is what the call costs; wall time also counts waiting for a core other processes hold.
    """
    result = call()
    cpu, wall = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        call()
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return statistics.median(cpu), statistics.median(wall), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per case (default 15)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    small = encoded("astronaut.jpg", (1024, 1024), gps=True)
    large = encoded("coffee.jpg", (6000, 4000), gps=True)
    cases: list[tuple[str, bytes, Callable[[bytes], object]]] = [
        ("find_gps, 1 MP photo with GPS", small, find_gps),
        ("find_gps, 24 MP photo with GPS", large, find_gps),
        ("find_faces, 1 MP photo, 1 face", encoded("astronaut.jpg", (1024, 1024)), find_faces),
        ("find_faces, 1 MP photo, no face", encoded("coffee.jpg", (1224, 816)), find_faces),
        ("find_faces, 12 MP photo, 1 face", encoded("astronaut.jpg", (4000, 3000)), find_faces),
    ]
    print(f"{args.runs} runs per case, one core; faces looked for at {MAX_SIDE} px on the long side\n")
    print(f"{'case':<34} {'file':>9} {'CPU':>10} {'wall':>10}  found")
    for label, data, detector in cases:
        cpu, wall, found = timed(partial(detector, data), args.runs)
        summary = ", ".join(d.redacted for d in found) if isinstance(found, list) else ""
        print(f"{label:<34} {len(data) // 1024:>6} KB {cpu:>7.1f} ms {wall:>7.1f} ms  {summary or '-'}")


if __name__ == "__main__":
    main()
