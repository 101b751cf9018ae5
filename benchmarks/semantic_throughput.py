"""Throughput of the semantic abuse classifier (the ml extra) on one core, and the memory it takes.

Generates posts with ``benchmarks/posts.py`` and scans them in batches twice: with the patterns
alone and with the patterns plus the semantic layer (torch limited to one thread), so the
difference is what the layer costs. Prints posts/s, ms/post, the sentences in the posts and how
many of them the gate let the model read, the abuse it added and the process's peak RSS before
and after the model is loaded.

Run: ``python benchmarks/semantic_throughput.py [--posts 2000] [--batch 256] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Sequence
from itertools import islice
from typing import Any

from posts import ALLOW_DOMAINS, SCHOOL_NAMES, make_posts, make_roster

from auditor import AuthorKind, ScanProfile
from rules.detectors import semantic
from rules.scanner import ContentScanner


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _scan(scanner: ContentScanner, posts: Sequence[tuple[str, AuthorKind]], batch: int) -> tuple[float, int]:
    """Seconds to scan ``posts`` in batches of ``batch``, and the semantic detections made."""
    began = time.perf_counter()
    added = 0
    for at in range(0, len(posts), batch):
        for found in scanner.scan_texts(posts[at:at + batch]):
            added += sum("semantic classifier" in d.reason for d in found)
    return time.perf_counter() - began, added


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print (or emit JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not semantic.available():
        print("the ml extra is not installed: run `make install-ml`", file=sys.stderr)
        return 2

    roster = make_roster()
    profile = ScanProfile(pupils=roster, school_names=SCHOOL_NAMES, allow_domains=ALLOW_DOMAINS)
    posts = [(p.text, p.author) for p in islice(make_posts(args.posts, roster=roster), args.posts)]
    sentences = sum(len(semantic.sentence_spans(text)) for text, _ in posts)

    patterns = ContentScanner(ScanProfile(pupils=roster, school_names=SCHOOL_NAMES,
                                          allow_domains=ALLOW_DOMAINS, semantic_classifier=False))
    _scan(patterns, posts[:200], args.batch)  # warm-up: lexicons, the profanity model
    rss_patterns = _rss_mib()
    seconds_patterns, _ = _scan(patterns, posts, args.batch)

    scanner = ContentScanner(profile)
    assert scanner.semantic is not None
    scanner.semantic = semantic.SemanticAbuseClassifier(threads=1, pupils=roster)  # one core
    _scan(scanner, posts[:64], args.batch)
    rss_model = _rss_mib()
    seconds_both, added = _scan(scanner, posts, args.batch)
    rss_end = _rss_mib()
    found = patterns.scan_texts(posts)
    read = sum(len(scanner.semantic.sentences(text, f)) for (text, _), f in zip(posts, found, strict=True))

    layer = max(seconds_both - seconds_patterns, 1e-9)
    result: dict[str, Any] = {
        "posts": len(posts), "batch": args.batch, "sentences": sentences, "sentences_read": read,
        "torch_threads": 1,
        "cpus": os.cpu_count(),
        "patterns_posts_per_s": round(len(posts) / seconds_patterns, 1),
        "with_semantic_posts_per_s": round(len(posts) / seconds_both, 1),
        "with_semantic_ms_per_post": round(1000 * seconds_both / len(posts), 3),
        "semantic_layer_ms_per_post": round(1000 * layer / len(posts), 3),
        "semantic_layer_posts_per_s": round(len(posts) / layer, 1),
        "semantic_detections": added,
        "rss_mib_patterns": round(rss_patterns, 1),
        "rss_mib_with_model": round(rss_model, 1),
        "rss_mib_end": round(rss_end, 1),
    }
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(f"{len(posts)} posts ({sentences} sentences, {read} read by the model), batches of {args.batch}, "
          "torch on 1 thread")
    print(f"patterns alone:        {result['patterns_posts_per_s']:>9.1f} posts/s")
    print(f"patterns + semantic:   {result['with_semantic_posts_per_s']:>9.1f} posts/s  "
          f"({result['with_semantic_ms_per_post']:.2f} ms/post)")
    print(f"the semantic layer:    {result['semantic_layer_posts_per_s']:>9.1f} posts/s  "
          f"({result['semantic_layer_ms_per_post']:.2f} ms/post), {added} detections added")
    print(f"peak RSS (MiB):        {rss_patterns:.0f} patterns, {rss_model:.0f} with the model, "
          f"{rss_end:.0f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
