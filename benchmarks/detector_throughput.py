"""How fast the text detectors scan posts on one core, beside presidio-analyzer's pattern recognizers.

Streams generated school posts (benchmarks/posts.py) through ``rules.scanner.ContentScanner`` in
batches, timing the scan only (a batch is generated, then its scan is timed, in CPU time of this
process pinned to one core, so that other work on the machine does not count), and reports posts/s,
detections per kind and memory (RSS after 10 % and 100 % of the posts: it must stay flat).
``--profile`` times normalisation and each detector's ``find_many`` on their own over the same
batches. The same posts then go through presidio-analyzer's predefined pattern recognizers,
called directly (no spaCy model, no AnalyzerEngine), when the ``bench`` extra is installed.

Run: python benchmarks/detector_throughput.py [--posts N] [--batch N] [--seed N] [--profile]
     [--json results.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from posts import ALLOW_DOMAINS, SCHOOL_NAMES, Post, make_posts, make_roster

if TYPE_CHECKING:
    from auditor import AuthorKind

__all__ = ["main"]

T = TypeVar("T")
_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
_WARMUP_POSTS = 2000
TARGET_POSTS_PER_S = 20_000


def pin_to_one_core() -> int:
    """Run on the first allowed CPU with single-threaded maths libraries; the CPU's number."""
    # Must happen before numpy or scikit-learn is imported: their thread pools read these once.
    for var in _THREAD_VARS:
        os.environ[var] = "1"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def rss_mib() -> float:
    """The resident set size now, in MiB (the peak where /proc is missing)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:
        return peak_rss_mib()
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mib() -> float:
    """The peak resident set size of this process, in MiB."""
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024 if sys.platform != "darwin" else kib / 2**20


def batches(posts: Iterator[Post], size: int) -> Iterator[list[Post]]:
    """``posts`` in lists of ``size``, generated only when asked for."""
    while batch := list(islice(posts, size)):
        yield batch


@dataclass
class Timer:
    """CPU seconds spent and things found by one stage (the scanner, a detector, a recognizer)."""

    #: CPU time of this process: on a shared machine another process may take the core for a
    #: while, which would count against wall-clock time but is no cost of the code measured.
    seconds: float = 0.0
    wall: float = 0.0
    found: int = 0

    def time(self, work: Callable[[], T]) -> T:
        """Run ``work``, adding its CPU and wall-clock time to this timer."""
        cpu, wall = time.process_time(), time.perf_counter()
        out = work()
        self.seconds += time.process_time() - cpu
        self.wall += time.perf_counter() - wall
        return out

    def us_per_post(self, posts: int) -> float:
        """Mean microseconds per post."""
        return self.seconds / posts * 1e6 if posts else 0.0


@dataclass
class Results:
    """Everything one run measured."""

    posts: int = 0
    chars: int = 0
    non_ascii: int = 0
    scanner_build_s: float = 0.0
    scan: Timer = field(default_factory=Timer)
    kinds: Counter[str] = field(default_factory=Counter)
    posts_flagged: int = 0
    #: Planted category ("none" for an innocent post) -> detection kinds found in those posts.
    by_planted: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    planted: Counter[str] = field(default_factory=Counter)
    normalise: Timer = field(default_factory=Timer)
    detectors: dict[str, Timer] = field(default_factory=dict)
    presidio: dict[str, Timer] = field(default_factory=dict)
    presidio_entities: Counter[str] = field(default_factory=Counter)
    rss: dict[str, float] = field(default_factory=dict)


# --------------------------------------------------------------------------- presidio


Analyze = Callable[[str], list[Any]]


def presidio_recognizers() -> tuple[str, dict[str, Analyze]] | None:
    """presidio's version and its pattern recognizers for English and the UK; None if not installed."""
    try:
        from importlib.metadata import version

        import tldextract
        from presidio_analyzer import predefined_recognizers as pr
    except ImportError:
        return None
    # EmailRecognizer checks domains with tldextract, which downloads the public-suffix list on
    # first use; the snapshot it ships keeps the run offline and its timing free of the network.
    tldextract.extract = tldextract.TLDExtract(suffix_list_urls=())
    recognizers: list[Any] = [
        pr.EmailRecognizer(), pr.PhoneRecognizer(supported_regions=("GB",)), pr.UrlRecognizer(),
        pr.IpRecognizer(), pr.CreditCardRecognizer(), pr.IbanRecognizer(), pr.DateRecognizer(),
    ]
    # The UK ones this version ships (the set has grown over releases).
    for name in ("UkNinoRecognizer", "UkPostcodeRecognizer", "NhsRecognizer", "UkPassportRecognizer",
                 "UkDrivingLicenceRecognizer", "UkVehicleRegistrationRecognizer"):
        if hasattr(pr, name):
            recognizers.append(getattr(pr, name)())

    def bind(recognizer: Any) -> Analyze:
        entities = recognizer.supported_entities
        return lambda text: recognizer.analyze(text, entities=entities, nlp_artifacts=None)

    return version("presidio-analyzer"), {type(r).__name__: bind(r) for r in recognizers}


# --------------------------------------------------------------------------- the run


def run(args: argparse.Namespace, cpu: int) -> tuple[Results, dict[str, Any]]:
    """Stream the posts through the scanner (and presidio); the measurements and run facts."""
    facts: dict[str, Any] = {"cpu": cpu, "python": platform.python_version(), "posts": args.posts,
                             "batch": args.batch, "seed": args.seed}
    roster = make_roster(args.seed)
    scanner: Any = None
    build_s = 0.0
    try:
        from auditor import ScanProfile
        from rules.detectors.text import normalise
        from rules.scanner import ContentScanner
    except ImportError as exc:
        facts["scanner_error"] = f"{type(exc).__name__}: {exc}"
    else:
        start = time.perf_counter()
        scanner = ContentScanner(ScanProfile(pupils=roster, school_names=SCHOOL_NAMES,
                                             allow_domains=ALLOW_DOMAINS))
        build_s = time.perf_counter() - start
    presidio = None if args.no_presidio else presidio_recognizers()
    if presidio is not None:
        facts["presidio_version"] = presidio[0]
    elif not args.no_presidio:
        facts["presidio_error"] = "presidio-analyzer is not installed (pip install -e '.[bench]')"

    def new_results() -> Results:
        return Results(
            scanner_build_s=build_s,
            detectors={type(d).__name__: Timer() for d in scanner.detectors} if scanner else {},
            presidio={name: Timer() for name in presidio[1]} if presidio else {},
        )

    def scan(batch: Sequence[Post], results: Results) -> None:
        items: list[tuple[str, AuthorKind]] = [(p.text, p.author) for p in batch]
        texts = [p.text for p in batch]
        if scanner is not None:
            found = results.scan.time(lambda: scanner.scan_texts(items))
            for post, detections in zip(batch, found, strict=True):
                kinds = [d.kind for d in detections]
                results.scan.found += len(kinds)
                results.kinds.update(kinds)
                results.posts_flagged += bool(kinds)
                results.by_planted[post.planted or "none"].update(kinds)
            if args.profile:
                normalised = results.normalise.time(lambda: [normalise(t) for t in texts])
                for detector in scanner.detectors:
                    timer = results.detectors[type(detector).__name__]
                    per_text = timer.time(lambda d=detector: d.find_many(normalised))
                    timer.found += sum(map(len, per_text))
        if presidio is not None:
            for name, analyze in presidio[1].items():
                timer = results.presidio[name]
                per_text = timer.time(lambda a=analyze: [a(t) for t in texts])
                timer.found += sum(map(len, per_text))
                results.presidio_entities.update(r.entity_type for hits in per_text for r in hits)

    # Warm up (caches, lazy imports, the classifier's first call) on posts the run does not see.
    for batch in batches(make_posts(_WARMUP_POSTS, args.seed + 1, roster), args.batch):
        scan(batch, new_results())
    results = new_results()
    results.rss["start"] = rss_mib()
    tenth = max(1, args.posts // 10)
    for batch in batches(make_posts(args.posts, args.seed, roster), args.batch):
        scan(batch, results)
        before = results.posts
        results.posts += len(batch)
        results.chars += sum(len(p.text) for p in batch)
        results.non_ascii += sum(not p.text.isascii() for p in batch)
        results.planted.update(p.planted or "none" for p in batch)
        if before < tenth <= results.posts:
            results.rss["10%"] = rss_mib()
    results.rss["100%"] = rss_mib()
    results.rss["peak"] = peak_rss_mib()
    return results, facts


# --------------------------------------------------------------------------- reporting


def _rate(timer: Timer, posts: int) -> float:
    return posts / timer.seconds if timer.seconds else 0.0


def to_json(results: Results, facts: dict[str, Any]) -> dict[str, Any]:
    """The run as plain data."""
    n = results.posts

    def stage(timer: Timer) -> dict[str, Any]:
        return {"cpu_seconds": round(timer.seconds, 4), "wall_seconds": round(timer.wall, 4),
                "us_per_post": round(timer.us_per_post(n), 2), "found": timer.found}

    out: dict[str, Any] = {
        "run": {**facts, "mean_chars": round(results.chars / n, 1) if n else 0,
                "non_ascii_share": round(results.non_ascii / n, 3) if n else 0,
                "planted": dict(results.planted.most_common())},
        "memory_mib": {k: round(v, 1) for k, v in results.rss.items()},
    }
    if "scanner_error" not in facts:
        out["scanner"] = {
            **stage(results.scan), "posts_per_s": round(_rate(results.scan, n)),
            "wall_posts_per_s": round(n / results.scan.wall) if results.scan.wall else 0,
            "target_posts_per_s": TARGET_POSTS_PER_S, "build_s": round(results.scanner_build_s, 3),
            "posts_flagged": results.posts_flagged, "detections": dict(results.kinds.most_common()),
            "by_planted": {k: dict(v.most_common()) for k, v in sorted(results.by_planted.items())},
        }
        if results.normalise.seconds:
            out["profile"] = {"normalise": stage(results.normalise),
                              "detectors": {k: stage(v) for k, v in results.detectors.items()}}
    if results.presidio:
        total = Timer(sum(t.seconds for t in results.presidio.values()),
                      sum(t.wall for t in results.presidio.values()),
                      sum(t.found for t in results.presidio.values()))
        out["presidio"] = {**stage(total), "posts_per_s": round(_rate(total, n)),
                           "entities": dict(results.presidio_entities.most_common()),
                           "recognizers": {k: stage(v) for k, v in results.presidio.items()}}
    return out


def print_report(data: dict[str, Any]) -> None:
    """A small table of the run for a person."""
    run = data["run"]
    print(f"{run['posts']:,} posts (mean {run['mean_chars']} chars, {run['non_ascii_share']:.0%} non-ASCII), "
          f"batch {run['batch']}, seed {run['seed']}, pinned to CPU {run['cpu']}, Python {run['python']}")
    row = "  {:<34}{:>12}{:>12}{:>10}"
    if "scanner" in data:
        s = data["scanner"]
        verdict = "meets" if s["posts_per_s"] >= s["target_posts_per_s"] else "BELOW"
        print(f"\nContentScanner (built in {s['build_s']} s): {s['posts_per_s']:,} posts/s, "
              f"{s['us_per_post']} us/post of CPU ({verdict} the {s['target_posts_per_s']:,} posts/s target; "
              f"{s['wall_posts_per_s']:,} posts/s by the wall clock)")
        print(f"  {s['posts_flagged']:,} posts flagged; detections: "
              + ", ".join(f"{k} {v:,}" for k, v in s["detections"].items()))
        print("  planted -> found: " + "; ".join(
            f"{k}: " + (", ".join(f"{kk} {vv}" for kk, vv in list(v.items())[:4]) or "-")
            for k, v in s["by_planted"].items()))
    else:
        print(f"\nContentScanner: not importable ({run['scanner_error']})")
    if "profile" in data:
        p = data["profile"]
        print("\nPer stage (each timed alone over the same batches):")
        print(row.format("stage", "us/post", "posts/s", "found"))
        stages = {"normalise": p["normalise"], **p["detectors"]}
        for name, st in sorted(stages.items(), key=lambda kv: -kv[1]["us_per_post"]):
            rate = f"{1e6 / st['us_per_post']:,.0f}" if st["us_per_post"] else "-"
            print(row.format(name, st["us_per_post"], rate, st["found"] if name != "normalise" else ""))
        total = p["normalise"]["us_per_post"] + sum(d["us_per_post"] for d in p["detectors"].values())
        print(row.format("sum", round(total, 2), f"{1e6 / total:,.0f}" if total else "-", ""))
    if "presidio" in data:
        pr = data["presidio"]
        print(f"\npresidio-analyzer {run['presidio_version']} pattern recognizers (no NLP model): "
              f"{pr['posts_per_s']:,} posts/s, {pr['us_per_post']} us/post")
        print(row.format("recognizer", "us/post", "posts/s", "found"))
        for name, st in sorted(pr["recognizers"].items(), key=lambda kv: -kv[1]["us_per_post"]):
            rate = f"{1e6 / st['us_per_post']:,.0f}" if st["us_per_post"] else "-"
            print(row.format(name, st["us_per_post"], rate, st["found"]))
    elif "presidio_error" in run:
        print(f"\npresidio: skipped, {run['presidio_error']}")
    mem = data["memory_mib"]
    print(f"\nMemory (RSS, MiB): {mem['start']:.1f} after warm-up, {mem.get('10%', 0):.1f} after 10 %, "
          f"{mem['100%']:.1f} after 100 % of the posts; peak {mem['peak']:.1f}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; 0 on success, 1 when the scanner could not be imported."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--posts", type=int, default=100_000, help="posts to scan (default 100000)")
    parser.add_argument("--batch", type=int, default=1000, help="posts per scan_texts call")
    parser.add_argument("--seed", type=int, default=0, help="seed of the post generator and roster")
    parser.add_argument("--profile", action="store_true",
                        help="also time normalisation and each detector on its own")
    parser.add_argument("--no-presidio", action="store_true", help="skip the presidio comparison")
    parser.add_argument("--json", metavar="PATH", help="write the results as JSON here ('-' for stdout)")
    args = parser.parse_args(argv)
    if args.posts < 1 or args.batch < 1:
        parser.error("--posts and --batch must be positive")
    cpu = pin_to_one_core()
    results, facts = run(args, cpu)
    data = to_json(results, facts)
    if args.json == "-":
        print(json.dumps(data, indent=2))
    else:
        print_report(data)
        if args.json:
            Path(args.json).write_text(json.dumps(data, indent=2) + "\n")
    return 1 if "scanner_error" in facts else 0


if __name__ == "__main__":
    sys.exit(main())
