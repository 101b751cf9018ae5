"""Curated word lists for the conduct detectors, regexes that see through obfuscated spellings,
and a keyword gate that tells in one C-speed pass which patterns are worth running.

A lexicon is a ``.txt`` file in ``rules/detectors/lexicons/``: one entry per line, ``#`` starts a
comment. An entry ending in ``~`` also matches its common inflections ("bastard~" matches
"bastards"); an entry with spaces matches the words with any run of spaces between them.

Python's regex engine tries a pattern at every position of a text, which costs tens of
microseconds for a long alternation over a 200-character post. :class:`KeywordGate` (an
Aho-Corasick automaton) finds the few keywords a pattern cannot match without, so most posts
never reach the patterns at all. The conduct detectors share one gate, :data:`CONDUCT_GATE`,
and the scanner hands each of them the same batch, so the batch is scanned once for all three.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources

import ahocorasick

from rules.detectors.text import Text

__all__ = [
    "CONDUCT_GATE", "INFLECTIONS", "KeywordGate", "load_lexicon", "spellings", "tolerant_pattern",
    "trie_pattern",
]

_ENDINGS = ("s", "es", "ed", "er", "ers", "ing", "in", "y", "ies", "head", "heads", "face")
#: Endings an entry marked ``~`` may take: "idiots", "fucked", "fucker", "fuckers", "fucking", "shitty".
INFLECTIONS = "(?:" + "|".join(_ENDINGS) + ")?"


@cache
def load_lexicon(name: str) -> tuple[str, ...]:
    """The entries of ``lexicons/<name>.txt``, lower-cased, comments and blank lines dropped."""
    source = resources.files("rules.detectors").joinpath("lexicons", f"{name}.txt")
    entries = []
    for line in source.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip().lower()
        if entry:
            entries.append(entry)
    return tuple(entries)


def _atoms(word: str) -> list[str]:
    """The word as regex atoms that allow a letter to be repeated ("shiiiit"); a doubled letter
    must stay at least doubled, so "ass" never matches "as"."""
    atoms: list[str] = []
    for run in re.finditer(r"(.)\1*", word):
        ch, n = run.group(1), len(run.group(0))
        if ch == " ":
            atoms.append(r"\s+")
        elif ch.isalpha():
            atoms.append(f"{ch}+" if n == 1 else f"{ch}{{{n},}}")
        else:
            atoms.append(re.escape(run.group(0)))
    return atoms


def tolerant_pattern(entry: str) -> str:
    """A regex (without boundaries) for one lexicon entry, tolerant to repeated letters."""
    word, inflects = (entry[:-1], True) if entry.endswith("~") else (entry, False)
    return "".join(_atoms(word)) + (INFLECTIONS if inflects else "")


def trie_pattern(entries: tuple[str, ...]) -> str:
    """One regex alternation (without boundaries) for all ``entries``, shared prefixes merged so
    the regex engine dispatches on the first letter instead of trying every entry in turn."""
    trie: _Trie = {}
    for entry in entries:
        word, inflects = (entry[:-1], True) if entry.endswith("~") else (entry, False)
        node = trie
        for atom in _atoms(word):
            node = node.setdefault(atom, {})
        node["" if not inflects else INFLECTIONS] = {}
    return _render(trie)


_Trie = dict[str, "_Trie"]


def _render(node: _Trie) -> str:
    branches = [atom + (_render(child) if child else "") for atom, child in node.items()]
    # Longer branches first, so "fucking" is tried before "fuck" and its endings.
    branches.sort(key=lambda b: (b in ("", INFLECTIONS), -len(b), b))
    if len(branches) == 1:
        return branches[0] if branches[0] else ""
    if "" in branches:
        others = [b for b in branches if b]
        return "(?:" + "|".join(others) + ")?"
    return "(?:" + "|".join(branches) + ")"


def spellings(entries: Iterable[str]) -> set[str]:
    """Every exact spelling of ``entries``: the word, and its inflections for entries marked ``~``."""
    out: set[str] = set()
    for entry in entries:
        word = entry.rstrip("~")
        out.add(word)
        if entry.endswith("~"):
            out.update(word + ending for ending in _ENDINGS)
    return out


class KeywordGate:
    """Which categories have a keyword in a text: one Aho-Corasick pass, then a check per hit.

    A keyword counts where it starts a word ("kill" in "kill yourself", not in "skill"), unless it
    was added with ``anywhere=True`` (a run of three letters, a masking character); one added with
    ``whole=True`` counts only as a whole word ("rat", not "rather"; "hit", not "hither").
    """

    def __init__(self) -> None:
        # keyword: (categories at a word start, categories as a whole word, counts anywhere)
        self._keys: dict[str, tuple[set[str], set[str], bool]] = {}
        self._automaton: ahocorasick.Automaton | None = None
        # The last batch asked about, by the identity of its texts (held, so no id is reused).
        self._batch: tuple[list[Text], tuple[int, ...], list[set[str]]] | None = None

    def add(self, category: str, keywords: Iterable[str], *, anywhere: bool = False,
            whole: bool = False) -> None:
        """Let each of ``keywords`` open ``category``."""
        for key in keywords:
            starts, wholes, was_anywhere = self._keys.get(key, (set(), set(), False))
            (wholes if whole else starts).add(category)
            self._keys[key] = (starts, wholes, was_anywhere or anywhere)
        self._automaton = None
        self._batch = None

    def _built(self) -> ahocorasick.Automaton:
        if self._automaton is None:
            automaton = ahocorasick.Automaton()
            for key, (starts, wholes, anywhere) in self._keys.items():
                automaton.add_word(key, (len(key), frozenset(starts), frozenset(wholes), anywhere))
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def categories(self, text: str) -> set[str]:
        """The categories whose keywords ``text`` holds (empty for almost every innocent post)."""
        found: set[str] = set()
        for end, (length, starts, wholes, anywhere) in self._built().iter(text):
            start = end - length + 1
            if anywhere or start == 0 or not text[start - 1].isalpha():
                found |= starts
                if wholes and (end + 1 == len(text) or not text[end + 1].isalpha()):
                    found |= wholes
        return found

    def categories_many(self, texts: Sequence[Text]) -> list[set[str]]:
        """:meth:`categories` of each text's lower view; asked again about the same batch (the same
        text objects), it answers from memory, so detectors sharing the gate scan a batch once."""
        ids = tuple(map(id, texts))
        if self._batch is not None and self._batch[1] == ids:
            return self._batch[2]
        found = [self.categories(text.lower) for text in texts]
        self._batch = (list(texts), ids, found)
        return found


#: The gate the abuse, credential and contact-risk detectors share; each adds its own keywords
#: under categories named "<detector>:<category>".
CONDUCT_GATE = KeywordGate()
