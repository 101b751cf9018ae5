"""Swearing, bullying, harassment, threats and discriminatory or defamatory remarks.

Two kinds: ``profanity`` (a swear word, wherever it is) and ``abuse`` (language aimed at a
person or a group: insults, exclusion, threats, telling someone to harm themselves, slurs,
generalisations about a group, accusations, derogatory remarks about staff and parents,
embarrassing pictures of a named person). Threats need no word of violence ("she'll regret it",
"hope someone slashes your tyres"), and "piss off" alone is swearing, not abuse.
Curated lexicons (``lexicons/*.txt``) and patterns do most of the work on the lower-case view,
where leetspeak is already folded. Most patterns need a target ("you're so ugly", "Mrs X is
useless", "the caretaker is a pervert", "immigrants are ruining ..."); an insult needs none when
a second insulting word makes it one ("fat loser"), and swear words that only ever name a
person ("twat", "wanker") are abuse wherever they stand. A 1 inside a word is read both as "i"
("k1ll") and as "l" ("ug1y").

alt-profanity-check's classifier judges the open cases the lexicons do not know: a second
person insult with an unlisted word ("you're such a coward"). It is a bag of words that knows
swear words and a few insults, not who they are aimed at ("Mr X is a creep" scores 0.02,
"homework is so stupid" 0.99), so it judges only phrases whose target the patterns have found.
Over a whole batch it would cost about 35 µs a post (its scikit-learn call also has a fixed cost
of about 10 ms), more than the whole scanner's budget, so it is gated: only the phrases the
cheap patterns mark as open cases (a few in a thousand posts) are scored, in one call per batch
from :meth:`AbuseDetector.find_many`, by :class:`ProfanityScorer`, which computes the package's
own model without scikit-learn's per-call overhead.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar

from auditor import MASK, Detection, ScanProfile, mask_words
from rules.detectors import TextDetector
from rules.detectors.abuse_patterns import (
    CATEGORIES,
    GLUED_INSULT,
    HARM_VERBS,
    INSULT_FORMS,
    INSULT_NOUN_END,
    KIN_GROUPS,
    MASK_CHARS,
    MASKED_WORD,
    NOT_NAMES,
    PATTERNS,
    PEOPLE,
    PRECEDENCE,
    PROFANITY,
    PROFANITY_FORMS,
    PROFANITY_START,
    SPACED_LETTERS,
    WHO,
)
from rules.detectors.lexicon import CONDUCT_GATE, KeywordGate, load_lexicon, spellings
from rules.detectors.spacing import merge_spaced, spaced_views
from rules.detectors.text import Text

__all__ = ["CLASSIFIER_THRESHOLD", "AbuseDetector", "ProfanityScorer"]

#: The classifier's probability above which an open "you're a ..." insult counts as abuse.
CLASSIFIER_THRESHOLD = 0.75


def _mask_profanity(word: str) -> str:
    return word[:1] + MASK * (len(word) - 1)


def _mask_phrase(phrase: str) -> str:
    """mask_words, and the symbols inside a word too ("b@stard" -> "b••••••", "you're" -> "y•••••")."""
    return _INSIDE_WORD.sub(MASK, mask_words(phrase))


class ProfanityScorer:
    """alt-profanity-check's ``predict_prob``, computed from its own fitted model without the
    per-call overhead of scikit-learn (about 10 ms a call, whatever the batch size).

    The model is a TF-IDF vectoriser (words of two or more letters, English stop words dropped,
    l2-normalised) and a linear SVM calibrated by sigmoids over five folds; the probability is
    the mean of the five calibrated scores. Tests check it against ``predict_prob``.
    """

    def __init__(self) -> None:
        import numpy as np
        from profanity_check import profanity_check as upstream

        vectoriser, model = upstream.vectorizer, upstream.model
        self._np = np
        self._token = re.compile(vectoriser.token_pattern)
        self._stop = frozenset(vectoriser.get_stop_words())
        self._vocabulary: dict[str, int] = dict(vectoriser.vocabulary_)
        self._idf = np.asarray(vectoriser.idf_, dtype=float)
        folds = model.calibrated_classifiers_
        self._coef = np.vstack([fold.estimator.coef_[0] for fold in folds])  # folds x words
        self._intercept = np.array([fold.estimator.intercept_[0] for fold in folds])
        self._a = np.array([fold.calibrators[0].a_ for fold in folds])
        self._b = np.array([fold.calibrators[0].b_ for fold in folds])

    def __call__(self, texts: list[str]) -> list[float]:
        """The probability that each text is offensive, as ``predict_prob`` gives it."""
        np = self._np
        scores = []
        for text in texts:
            counts: dict[int, int] = {}
            for word in self._token.findall(text.lower()):
                index = self._vocabulary.get(word)
                if index is not None and word not in self._stop:
                    counts[index] = counts.get(index, 0) + 1
            decision = self._intercept
            if counts:
                indices = np.fromiter(counts, dtype=np.intp)
                weights = np.fromiter(counts.values(), dtype=float) * self._idf[indices]
                weights /= np.sqrt(weights @ weights)
                decision = self._coef[:, indices] @ weights + self._intercept
            scores.append(float(np.mean(1.0 / (1.0 + np.exp(self._a * decision + self._b)))))
        return scores


_INSIDE_WORD = re.compile(r"(?<=\S)[^\s\u2022]")


class _Prefixed:
    """Adds keywords to the shared gate under "abuse:<category>"."""

    def __init__(self, gate: KeywordGate, prefix: str) -> None:
        self.gate, self.prefix = gate, prefix

    def add(self, category: str, keywords: Iterable[str], *, anywhere: bool = False,
            whole: bool = False) -> None:
        self.gate.add(self.prefix + category, keywords, anywhere=anywhere, whole=whole)


def _add_keywords(gate: _Prefixed) -> None:
    """Keywords without which a category's pattern cannot match (see lexicon.KeywordGate)."""
    swears = spellings(load_lexicon("profanity"))
    # "ass" starts "assembly" and "assessment": as a keyword it must be a whole word, or most
    # school posts would pass the gate.
    short = {w for w in swears if w.startswith("ass") and w.replace("ass", "", 1) in ("", "es")}
    gate.add("profanity", swears - short)
    gate.add("profanity", short, whole=True)
    # A swear word with one letter doubled ("fuuck"); three of a letter ("shiiit") anywhere.
    gate.add("profanity", {w[:i] + w[i] + w[i:] for w in swears - short for i in range(len(w))})
    # Not "www" (links) nor "ooo" ("sooo proud"): no swear word is written with those stretched.
    gate.add("profanity", (c * 3 for c in set("".join(swears)) - set("wo")), anywhere=True)
    gate.add("profanity", ["*", *(f"!{c}" for c in string.ascii_lowercase),
                           *(f"{c}#" for c in string.ascii_lowercase)], anywhere=True)
    gate.add("profanity", {sep.join(w[:3]) for w in swears for sep in " .-_"})
    nouns, adjectives = spellings(load_lexicon("insults")), spellings(load_lexicon("insult_adjectives"))
    accusations = spellings(load_lexicon("accusations"))
    staff_insults = spellings(load_lexicon("staff_insults"))
    you_are = ("you're", "you\u2019re", "youre", "you are", "you r", "u r", "u're", "u\u2019re", "u are",
               "ur", "yr", "your")
    targets = ("you", "u", "ya", "him", "her")
    gate.add("harm", [
        "kill your", "kill ur", "kill ya", "kill yer", "kys", "neck your", "neck ur", "hang your", "hang ur",
        "end your", "end ur", "unalive", "off your", "off ur", "top your", "top ur", "bleach", "go die",
        "go and die", "just die", "jump off", "you die", "u die", "should die", "should just die",
        "drop dead", "were dead", "was dead", "would miss", "care if", "better without",
        "better off without", "not exist", "disappear",
    ])
    verbs = ("batter", "kill", "stab", "punch", "hit", "deck", "smack", "slap", "kick", "murder", "shank",
             "knife", "shoot", "strangle", "jump", "bottle", "drown", "hurt", "end")
    gate.add("threat", [f"{v} {t}" for v in verbs for t in targets])
    gate.add("threat", ["beat you", "beat u", "smash your", "smash ur", "you after school", "u after school",
                        "your back", "ur back", "yo back", "where you live", "where u live", "wait till i",
                        "wait until i", "wait til i", "s coming", "dead", "regret it", "regret this",
                        "regret that", "be sorry", "pay for this", "pay for that",
                        *(f"make {t} {w}" for t in ("you", "u", "him", "her", "them")
                          for w in ("pay", "regret", "sorry")),
                        "gonna get it", "going to get it", "gunna get it", "hope you get", "hope u get",
                        "hope he gets", "hope she gets", "hope they get", "getting it",
                        *(f"regret {w}" for w in ("ever", "coming", "showing", "turning", "snitching",
                                                  "grassing", "telling", "crossing", "messing", "talking"))])
    gate.add("incite", ["egg", "key", "brick", "trash", "torch", "vandalise", "vandalize", "smash",
                        "graffiti", "firebomb", "burn down"], whole=True)
    gate.add("incite", [f"hope {w}" for w in ("someone", "somebody", "some one", "your", "ur", "his", "her",
                                              "their")])
    gate.add("threat", ["tomoz", "2mor", "2mrw", "2moz", "tmoro"])
    beaten = ("battered", "beaten", "jumped", "decked", "punched", "kicked", "done", "stabbed", "knifed",
              "leathered", "merked", "bodied")
    gate.add("threat", [*(f"{g} {w}" for g in ("get", "getting") for w in beaten),
                        "sort that", "sort this", "sort him out", "sort her out"])
    gate.add("exclude", [f"{n} want" for n in ("don't", "don\u2019t", "dont", "do not")])
    gate.add("outcast", ["not in our", "not in the", "not in this", "not in my", "not part of", "voted"])
    gate.add("exclude", ["no 1", "no1", "nobody", "no one", "noone", "no body", "hate", "with us",
                         "no friends", "no mates", "nomates", "not welcome", "not wanted", "get off our",
                         "get off my", "get out of our", "get out of my"])
    gate.add("outcast", ["no friends", "no mates", "not invited", "never invited", "not coming to",
                         "not coming with", "never coming to", "never coming with",
                         *(f"{c} without" for c in ("chat", "gc", "group", "party", "sleepover", "club")),
                         "forever", "for good", "permanently", "never come back"])
    gate.add("slur", spellings(load_lexicon("slurs")))
    gate.add("gay", ["gay"])
    # "send them all back where they came from"; "too many <group>" passes on the group's word
    gate.add("discrim", ["go back", "where they came", "where they come", "where they belong",
                         "their own countr", "their countr"])
    gate.add("discrim", [*spellings(load_lexicon("abuse_groups")),
                         *(f"{a} {p}" for a in load_lexicon("abuse_group_adjectives") for p in PEOPLE),
                         *(f"{g} {v}" for g in ("girls", "boys", "women", "men", "females", "males")
                           for v in ("are", "r", "can't", "can\u2019t", "cant", "cannot", "can not",
                                     "shouldn't", "shouldn\u2019t", "shouldnt", "should not"))], whole=True)
    swearing = ("bastard", "fucking", "fuckin", "fking", "fkn", "effing", "bloody", "shit", "crap")
    gate.add("staff", [*staff_insults, *adjectives, *swearing, "sacked", "fired", "struck off", "locked up",
                       "ashamed", "shouldn't be", "shouldn\u2019t be", "shouldnt be", "should not be",
                       "should never be"])
    gate.add("staff", nouns, whole=True)  # "idiot of a teacher"; whole, so "sketch" is not "sket"
    # a verdict with its article apart from its noun ("an absolute disgrace", "a real joke")
    bare = [w.split(" ", 1)[1] for w in staff_insults if w.split(" ", 1)[0] in ("a", "an")]
    gate.add("staff", bare, whole=True)
    gate.add("parent", bare, whole=True)
    gate.add("school", ["run by", "a joke", "a disgrace", "a dump", "shithole", "shit", "rubbish", "useless",
                        "pathetic", "hopeless"])
    # Whole words where the lexicon spells every form a pattern takes: "prat" is not "practice".
    gate.add("parent", [*nouns, *adjectives, *accusations, *staff_insults], whole=True)
    gate.add("parent", ["yo mama"])
    gate.add("accuse", [*accusations, *HARM_VERBS.split("|")], whole=True)
    gate.add("insult", [*nouns, *adjectives, "deaf", "blind"], whole=True)
    gate.add("insult", ["little shit"])  # "you little shit", "ya fkn little shits"
    # "ur shit at football", "you're crap at maths" (see abuse_patterns._BAD_AT)
    gate.add("insult", [f"{w} at " for w in ("shit", "shite", "crap", "trash", "garbage", "pants", "rubbish",
                                              "useless", "hopeless", "terrible", "awful")])
    gate.add("named", [*nouns, *adjectives], whole=True)
    gate.add("animal", load_lexicon("abuse_animals"), whole=True)
    gate.add("smell", ["smell", "smelt", "stink", "stank", "reek"])
    gate.add("epithet", [*adjectives, "total", "utter", "absolute", "complete", "ginger", "specky", "speccy",
                         "spotty", "skinny", "lanky", "goofy"], whole=True)
    gate.add("epithet", ["excuse for", "excuse of"])
    gate.add("expose", [*(f"{w} {m}" for w in ("embarrassing", "humiliating", "cringe", "cringey", "cringy",
                                                "naked", "nude", "leaked", "ugly")
                          for m in ("pic", "pix", "photo", "picture", "vid", "video", "snap", "screenshot"))])
    gate.add("epithet", [f"{n} {g}" for n in nouns for g in KIN_GROUPS], whole=True)
    gate.add("aimed", ["fuck", "fuk", "fck", "piss", "sod", "screw", "f off", "eat shit", "suck my"])
    gate.add("aimed", spellings(load_lexicon("abuse_person_swears")), whole=True)
    gate.add("open", [f"{y} {w} " for y in you_are for w in ("a", "an", "so", "such")])
    gate.add("menace", ["know which way", "know what way", "know what route",
                        "know what", "watch what happens", "last day", "which house", "what house",
                        "which door", "which flat", "which car", "which street", "which road",
                        *(f"{g} {w}" for g in ("gonna", "going to", "gunna")
                          for w in ("regret", "be sorry", "really regret", "so regret", "pay for"))])
    gate.add("exclude", ["agreed", "agree not", "decided not", "decided never", "promised not", "voted not",
                         "swore not", "without", "sit with us", "sits with us", "play with us",
                         "plays with us", "comes with us", "come with us", "joins us", "join us",
                         "sit near us", "sit next to us",
                         *(f"{n} {v}" for n in ("don't", "don\u2019t", "dont", "do not", "never")
                           for v in ("sit", "talk", "play", "hang", "stand", "pick", "choose", "touch",
                                     "go near", "invite", "add"))])
    gate.add("ridicule", [*(f"{v} like" for v in ("look", "looks", "walk", "walks", "talk", "talks", "sound",
                                                   "sounds", "run", "runs", "eat", "eats", "laugh", "laughs",
                                                   "waddle", "waddles")),
                          "mother could", "wonky eye", "boss eye", "goggly eye", "even afford", "the bin",
                          "a bin", "the bins", "live in a", "lives in a", "living in a", "prison", "jail",
                          "the nick", "left cos", "left coz", "left cuz", "left because", "arrested", "wets",
                          "ugliest",
                          "fattest", "smelliest", "dumbest", "stupidest", "thickest", "weirdest", "poorest",
                          "hairiest", "spottiest", "most annoying", "most pathetic", "deaf", "blind",
                          "disabled", "autistic", "dyslexic", "special needs", "cripple", "leg brace",
                          "wheelchair", "hearing aid", "crutches", "stammer", "stutter", "lisp",
                          "walking frame", "glasses"])
    # the eye-roll, unamused and upside-down faces that undercut praise
    gate.add("mock", ["\U0001f644", "\U0001f612", "\U0001f643"], anywhere=True)
    gate.add("mock", ["genius", "einstein", "clever clogs", "brainbox", "being less", "be less", "try being",
                      "try to be", "trying to be", "cereal", "cracker", "lucky bag", "kinder egg", "alive",
                      "breathing", "born", "go cry", "go and cry", "you little", "u little", "ya little",
                      "piece of work"])
    gate.add("rumour", ["helping him", "helping her", "helping them", "stealing", "nicking", "pinching",
                        "pocketing", "fiddling", "skimming", "too closely", "too much", "too long",
                        "a record", "a criminal record", "a police record", "keep your", "keep ur",
                        "keep yr"])
    gate.add("discrim", ["go home", "go back home"])
    # The structural categories: each keyword is a word the structure cannot be written without.
    gate.add("exclude", ["sit next", "sit near", "sit by", "talk to", "be near", "be around", "work with",
                         "hang with", "hang out with", "partner up", "pair up", "be friends"])
    gate.add("pileon", ["unfollow", "unfriend", "ignore", "block", "blank", "mute", "exclude", "report",
                        "spam", "roast", "leave out", "freeze out", "cut off", "stop talking",
                        "stop speaking", "stop playing", "pretend she", "pretend he", "pretend they",
                        "picked last", "away from", "clear of", "tag someone", "tag somebody", "tag some1",
                        "tag a friend", "tag a mate", "tag a m8",
                        *(f"go {p} {w}" for p in ("to", "on") for w in ("his", "her", "their")),
                        *(f"even {w}" for w in ("in", "on", "at", "here", "there", "allowed", "playing",
                                                "picked", "invited", "running", "coming"))], whole=True)
    gate.add("slander", ["sacked", "fired", "struck off", "suspended", "kicked out", "dismissed", "arrested",
                         "investigated", "banned", "let go", "sleeping with", "slept with", "sleeps with",
                         "shagging", "shags",
                         "affair", "fiddles", "fiddled", "steals", "stole", "nicks", "nicked", "pinches",
                         "pinched", "pockets", "pocketed", "skims", "skimmed", "embezzle", "copies", "copied",
                         "cheats", "cheated", "sorry for", "sorry 4", "friends with", "mates with", "pet",
                         "bribed", "paid", "pays", "buys", "bought", "buying", "knows the", "related to",
                         "pity", "show off"], whole=True)
    # someone's favourite ("the teacher's favourite"), not "our favourite trip": most posts have one
    gate.add("slander", ["s favourite", "s fave", "\u2019s favourite", "\u2019s fave"], anywhere=True)
    kin = ("mum", "dad", "mam", "parent", "parents", "wife", "husband", "partner", "brother", "sister",
           "uncle", "aunt", "auntie", "cousin")
    gate.add("slander", [f"{k}{v}" for k in kin for v in ("'s", "\u2019s", " is", " are", " was")],
             whole=True)
    gate.add("menace", ["watch himself", "watch herself", "watch themselves",
                        *(f"or {e}{w}" for e in ("", "else ") for w in ("ill", "i'll", "i\u2019ll", "i will",
                                                                     "we'll", "we\u2019ll", "we will"))])
    gate.add("consequence", ["one piece", "what happens", "what will happen", "see how", "be waiting"])
    negations = ("doesn't", "doesn\u2019t", "doesnt", "does not", "don't", "don\u2019t", "dont", "do not",
                 "never", "didn't", "didn\u2019t", "didnt")
    theirs = ("voice", "face", "laugh", "singing", "drawing", "dancing", "glasses", "teeth", "nose", "ears",
              "clothes", "shoes", "trainers", "handwriting", "accent", "family", "art", "writing", "breath",
              "body", "legs", "head", "house", "outfit", "feet", "skin", "smile", "team", "video", "vid")
    bodies = ("fat", "ugly", "smelly", "stinky", "minging", "hairy", "spotty", "specky", "speccy", "chubby",
              "porky", "tubby", "fatty")
    quoted = ("special", "different", "clever", "gifted", "normal", "sporty", "poorly", "ill", "sick",
              "tired")
    gate.add("taunt", [
        *(f"{v} like" for v in ("look", "looks", "talk", "talks", "sound", "sounds", "walk", "walks",
                                "dresses", "run", "runs")),
        "never had", "never seen", "never been", "not had", "not seen", "state of", "is that why",
        "that's why", "that\u2019s why", "thats why", "no wonder", "four eye", "four-eye", "laughing at",
        "laughed at", "laugh at", "laughs at", "talent", "could do", "better than", "better job than",
        "imagine being", "imagine having", "imagine looking", "imagine smelling", "imagine living", "rubbish",
        "trash", "garbage", "crap", "pants", "terrible", "awful", "a joke",
        *(f"{d} {w}" for d in ("did ur", "did your", "did his", "did her")
          for w in ("baby", "little", "lil", "toddler", "brother", "sister", "cousin", "dog", "cat",
                    "hamster")),
        *(f"{q}{w}" for q in ("'", '"', "\u2018", "\u201c") for w in quoted),
        *(f"{b} {o}" for b in bodies for o in ("one", "kid", "boy", "girl", "lad", "lass", "child")),
        *(f"{n} {v}" for n in negations
          for v in ("want", "love", "like", "care", "even want", "even love", "even like", "really want",
                    "really love", "really like")),
        *(f"{p} {t}" for p in ("ur", "your", "yr", "his", "her", "their") for t in theirs)], whole=True)
    gate.add("taunt", [f"{p} never" for p in ("pls", "please", "plz", "plez")] +
             [f"{p} don't ever" for p in ("pls", "please", "plz")] + ["dont ever", "do not ever"])
    gate.add("bigotry", ["load of", "loads of", "horde", "swarm of", "flood of", "influx of", "busload of",
                         "boatload of", "coachload of", "speak english", "learn english", "the language",
                         "lock up", "lock away", "hide your", "hide ur", "lock your", "lock ur",
                         "people like", "folk like", "types like", "the likes of",
                         *(f"{a} {k}" for a in ("our", "right") for k in ("sort", "kind", "type"))])
    gate.add("bigotry", [f"{s} like" for s in ("children", "kids", "women", "men", "girls", "boys",
                                                "families", "parents")], whole=True)
    gate.add("bigotry", [f"even {v}" for v in ("speak", "talk", "say", "read", "write", "spell",
                                                "understand")])
    # "if ur muslim u cant come": not "send" (SEND, special needs), which a school writes "send you"
    gate.add("discrim", [f"{a} {t}" for a in load_lexicon("abuse_group_adjectives")
                         if a not in ("sen", "send") for t in ("u", "you", "then", "he", "she", "they")],
             whole=True)
    gate.add("staff", [f"{s} {v}" for s in ("teachers", "tas", "governors", "dinner ladies",
                                            "teaching assistants") for v in ("are", "r")], whole=True)
    gate.add("insult", ["grass", "grasser", "nark", "narc", "telltale", "tell tale", "tattle tale",
                        "tattletale", "dobber"], whole=True)
    gate.add("scorn", [f"like {t}" for t in ("you", "u", "ya", "him", "her", "them")], whole=True)
    gate.add("scorn", ["spoilt", "spoiled", "stuck up", "stuck-up", "snobby", "snotty", "jumped up",
                       "jumped-up", "lot of them", "lot of em", "all of them", "all of em", "one of them",
                       "lot of you", "all of you",
                       *(f"{k} {v}" for k in ("family", "families", "household", "clan")
                         for v in ("are", "is", "r", "were", "was")),
                       *(f"whole {w}" for w in ("family", "lot", "household", "class", "street", "estate",
                                                "clan", "tribe"))])


_DONKEY = frozenset({"ass", "asses"})
# Places whose names read as swearing, written with a capital ("Stayed near Twatt on Orkney").
_PLACES = frozenset({"twatt", "shitterton", "crapstone", "bitchfield"})
_DETERMINER_BEFORE = re.compile(r"(?<![a-z])(?:my|your|ur|our|his|her|their|the|this|that|a|an)[^\S\n]+\Z")
_PREFIX = "abuse:"
# An insult for someone unnamed and unknown ("some arsehole parked across my drive") is swearing
# about a stranger, not a remark aimed at a person anyone can identify.
_UNNAMED_BEFORE = re.compile(r"(?<![a-z])(?:some|some\s+random|a\s+random|some\s+absolute)\s+\Z")
_UNNAMED_CATEGORIES = frozenset({"aimed", "epithet", "insult"})
# An insult made the adjective of a deed ("a proper twat move", "what a loser move") is swearing
# about what was done, not a name for whoever did it.
_DEED_AFTER = re.compile(r"\s+(?:move|moves|behaviour|driving|parking|tackle|challenge|decision|call|"
                         r"thing\s+to\s+(?:do|say))(?![a-z])")
# A state someone is not in yet ("the witch feeds Hansel until he's fat enough to eat") is no verdict.
_NOT_YET_BEFORE = re.compile(r"(?<![a-z])(?:until|till|til|once)\s+\Z")
_NOT_YET_CATEGORIES = frozenset({"insult", "named"})
# A remark quoted as an example ("what to do if someone says 'nobody likes you'"): reported, not said.
_REPORTED_BEFORE = re.compile(r"(?<![a-z])(?:says?|said|saying|writes?|wrote|posts?|posted|messages?|"
                              r"such\s+as|e\.g\.?|like)\s*[:,]?\s*['\"\u2018\u201c]\s*\Z")
# Words for a person by role or kind, which a remark's target may be after "the" or "that".
# Staff have patterns of their own; only an insult noun, or an animal a demeaning word makes one,
# makes a remark on these an insult ("the referee was incompetent" judges a game; "the PTA chair
# is a useless cow" calls a person a name).
_PERSON_NOUNS = frozenset({
    "ref", "referee", "umpire", "linesman", "lineswoman", "manager", "goalie", "keeper", "player",
    "captain", "driver", "bloke", "guy", "lad", "man", "woman", "lady", "girl", "boy", "kid", "child",
    "neighbour", "landlord", "landlady", "parent", "mum", "dad", "mother", "father", "cleaner",
    "nurse", "doctor", "cashier", "owner", "volunteer",
    "chair", "chairman", "chairwoman", "treasurer", "secretary", "vicar",
})
# A child called a name is the child someone points at or names ("that kid is feral", "the Lee
# boy is disgusting"), which a word for a child after "the" or "a" alone is not.
_CHILD_NOUNS = frozenset({"kid", "child", "boy", "girl", "lad", "lass"})
_WORD_BEFORE = re.compile(r"([a-z][a-z'\u2019-]*)\s+\Z")
_DETERMINERS = frozenset({"the", "a", "an", "my", "your", "ur", "our", "his", "her", "their", "this", "every",
                          "each", "any", "some", "one", "no"})
# Groups that capture a name after a determiner the pattern requires ("that Bloggs family").
_DETERMINED = frozenset({"who_k"})
_add_keywords(_Prefixed(CONDUCT_GATE, _PREFIX))


class AbuseDetector(TextDetector):
    """Swearing (``profanity``) and bullying, threats, slurs and derogatory remarks (``abuse``)."""

    kinds: ClassVar[frozenset[str]] = frozenset({"abuse", "profanity"})

    def __init__(self, profile: ScanProfile) -> None:
        super().__init__(profile)
        self._first_names = frozenset(p.first_name.lower() for p in profile.pupils)
        self._classify: Callable[[list[str]], Sequence[float]] | None = None

    def _classifier(self) -> Callable[[list[str]], Sequence[float]]:
        # Loaded on first use, not at import: unpickling the model takes a moment and most
        # batches never need it.
        if self._classify is None:
            self._classify = ProfanityScorer()
        return self._classify

    def find(self, text: Text) -> list[Detection]:
        """Every profanity and abuse detection in ``text``."""
        return self.find_many([text])[0]

    def find_many(self, texts: Sequence[Text]) -> list[list[Detection]]:
        """:meth:`find` for each text, with one classifier call for the whole batch; words spelt
        out letter by letter ("s t u p i d") are read closed up as well, where "u r a l o s e r",
        spelt out with no wider gap between its words, closes up to one word ("uraloser")."""
        results = self._find_many(texts)
        spaced = [(i, view) for i, view in enumerate(spaced_views(texts)) if view is not None]
        if spaced:
            for (i, view), extra in zip(spaced, self._find_many([view for _, view in spaced]), strict=True):
                extra.extend(self._detection(view, *m.span(), "insult")
                             for m in GLUED_INSULT.finditer(view.lower))
                results[i] = merge_spaced(results[i], extra, texts[i])
        return [_join_back_references(found, text) if len(found) > 1 else found
                for found, text in zip(results, texts, strict=True)]

    def _find_many(self, texts: Sequence[Text]) -> list[list[Detection]]:
        results: list[list[Detection]] = []
        pending: list[tuple[int, str, int, int]] = []  # (text index, phrase, start, end) of open cases
        for i, (text, gated) in enumerate(zip(texts, CONDUCT_GATE.categories_many(texts), strict=True)):
            alt = None
            if "1" in text.folded and text.folded.count("1") != text.lower.count("1"):
                # The lower view read a 1 touching a letter as "i" ("k1ll"); it may stand for "l" ("ug1y").
                alt = _ones_as_l(text)
            if not gated and alt is None:  # almost every post
                results.append([])
                continue
            found: list[Detection] = []
            taken: list[tuple[int, int]] = []  # spans of the lower view that already have a category
            self._scan(i, text, text.lower, _ours(gated), found, taken, pending)
            if alt is not None:
                self._scan(i, text, alt, _ours(CONDUCT_GATE.categories(alt)), found, taken, pending)
            results.append(found)
        if pending:
            pending = sorted(set(pending))
            phrases = [phrase for _, phrase, _, _ in pending]
            for (i, _, start, end), score in zip(pending, self._classifier()(phrases), strict=True):
                if score >= CLASSIFIER_THRESHOLD:
                    results[i].append(self._detection(texts[i], start, end, "open"))
        for found in results:
            found.sort(key=lambda d: (d.start, d.end, d.kind))
        return results

    def _scan(self, i: int, text: Text, low: str, categories: set[str], found: list[Detection],
              taken: list[tuple[int, int]], pending: list[tuple[int, str, int, int]]) -> None:
        """Add to ``found`` what the gated ``categories``' patterns find in ``low`` (a lower view of
        ``text``) outside ``taken``; queue open cases in ``pending`` for the classifier."""
        if not categories:
            return
        if "profanity" in categories:
            found.extend(d for d in self._profanity(text, low) if d not in found)
            if "*" in low or "#" in low or "!" in low:
                # "Jack is such a sl*g": the patterns read the masked word spelt out.
                low = _unmask(low)
                categories = categories | _ours(CONDUCT_GATE.categories(low))
        for category in sorted(categories - {"profanity"}, key=PRECEDENCE.__getitem__):
            for match in PATTERNS[category].finditer(low):
                start, end = match.span()
                if any(start < t_end and t_start < end for t_start, t_end in taken):
                    continue
                if (category in _UNNAMED_CATEGORIES
                        and (_UNNAMED_BEFORE.search(low, max(0, start - 20), start)
                             or _DEED_AFTER.match(low, end))) or (
                        _REPORTED_BEFORE.search(low, max(0, start - 20), start)) or (
                        category in _NOT_YET_CATEGORIES
                        and _NOT_YET_BEFORE.search(low, max(0, start - 8), start)):
                    continue
                if category == "open":
                    pending.append((i, low[start:end], start, end))
                elif self._targets_person(text, match, category):
                    taken.append((start, end))
                    found.append(self._detection(text, start, end, category))

    def _targets_person(self, text: Text, match: re.Match[str], category: str) -> bool:
        """Whether a named target is a person ("Jack is so fat", not "Homework is so stupid")."""
        group = next((g for g in WHO[category] if match.group(g) is not None), None)
        if group is None:
            return True
        who = match.group(group)
        # "he", "she", and a title or a role ("Mrs Holt", "the caretaker") name a person.
        if who in ("he", "she", "they", "you", "u", "ya") or " " in who:
            return True
        if who in NOT_NAMES:
            return False
        if who in _PERSON_NOUNS and (category == "animal" or INSULT_NOUN_END.search(match.group(0))):
            return True  # "that ref was a bastard": a word that can only mean a person, called a name
        if who in self._first_names:
            return True
        at = match.start(group)
        before = _WORD_BEFORE.search(text.lower, max(0, at - 24), at)
        if before is not None and before.group(1) in self._first_names:
            return True  # a surname after a pupil's first name, however it is typed ("ethan wright")
        if who in _CHILD_NOUNS and self._child_named(text, match.start(group)):
            return True
        # After "my", "the", "this" a word is a thing, however it is written ("MY UNIFORM IS SO UGLY"),
        # unless the pattern itself put it there ("that Bloggs family").
        if group not in _DETERMINED and _DETERMINER_BEFORE.search(text.lower, max(0, at - 8), at):
            return False
        # A name is written with a capital letter; the folded view keeps case.
        return text.folded[match.start(group)].isupper()

    @staticmethod
    def _child_named(text: Text, at: int) -> bool:
        """Whether the child word at ``at`` is one child pointed at or named ("that kid", "that Jack
        Smith kid"), not any child ("the kid in the story")."""
        before = _WORD_BEFORE.search(text.lower, max(0, at - 24), at)
        if before is None:
            return False
        word = before.group(1)
        return word == "that" or (word not in _DETERMINERS and text.folded[before.start(1)].isupper())

    @staticmethod
    def _detection(text: Text, start: int, end: int, category: str) -> Detection:
        reason, critical = CATEGORIES[category]
        o_start, o_end = text.span(start, end)
        return Detection("abuse", o_start, o_end, _mask_phrase(text.original[o_start:o_end]), reason,
                         critical=critical)

    @staticmethod
    def _profanity(text: Text, low: str) -> list[Detection]:
        # "the ass that carried Mary" is a donkey; "his ass", "an ass" are not.
        spans = [m.span() for m in PROFANITY.finditer(low)
                 if not (m.group(0) in _DONKEY and low.endswith("the ", 0, m.start()))
                 and not (m.group(0) in _PLACES and text.folded[m.start()].isupper())]
        if "*" in low or "#" in low or "!" in low:
            spans.extend(_masked_profanity(low))
        if " " in low or "." in low:
            spans.extend(_spaced_profanity(low))
        found = []
        for start, end in sorted(set(spans)):
            o_start, o_end = text.span(start, end)
            found.append(Detection("profanity", o_start, o_end,
                                   _mask_profanity(text.original[o_start:o_end]), "swearing"))
        return found


# A remark that points back at the person the remark before it named ("The caretaker is a pervert,
# keep your kids away from him"; "People like her shouldn't have kids. Look at the state of them").
_BACK_REFERENCE = re.compile(r"(?<![a-z])(?:him|her|them)\W*\Z")
_BACK_REFERENCE_GAP = 40


def _join_back_references(found: list[Detection], text: Text) -> list[Detection]:
    """``found`` with each abuse detection that ends pointing back by "him", "her" or "them" at the
    abuse detection just before it (no more than a short sentence between) joined to that one: one
    remark about one person is one finding, whose words a reviewer reads together."""
    joined: list[Detection] = []
    for detection in found:
        before = next((d for d in reversed(joined) if d.kind == "abuse"), None)
        if (detection.kind == "abuse" and before is not None and before.end <= detection.start
                and detection.start - before.end <= _BACK_REFERENCE_GAP
                and "\n" not in text.original[before.end:detection.start]
                and _BACK_REFERENCE.search(text.original[detection.start:detection.end].lower())):
            joined.remove(before)
            joined.append(Detection("abuse", before.start, detection.end,
                                    _mask_phrase(text.original[before.start:detection.end]), before.reason,
                                    critical=before.critical or detection.critical))
        else:
            joined.append(detection)
    joined.sort(key=lambda d: (d.start, d.end, d.kind))
    return joined


def _ours(gated: set[str]) -> set[str]:
    """The abuse categories among a gate's answer, without their prefix."""
    return {c.removeprefix(_PREFIX) for c in gated if c.startswith(_PREFIX)}


def _ones_as_l(text: Text) -> str | None:
    """``text.lower`` with each 1 after a letter ("ug1y", "sma11"), which it reads as "i", read as
    "l" instead; None if there is none. "1st", "11am" and "Year 1" never stand for an "l"."""
    folded, low = text.folded, text.lower
    ones: list[int] = []
    at = folded.find("1")
    while at != -1:  # str.find: C speed, and few posts have a 1 at all
        if at and (folded[at - 1].isalpha() or (ones and ones[-1] == at - 1)) and low[at] == "i":
            ones.append(at)
        at = folded.find("1", at + 1)
    if not ones:
        return None
    chars = list(low)
    for position in ones:
        chars[position] = "l"
    return "".join(chars)


def _unmasked(word: str, forms: dict[int, tuple[str, ...]]) -> str | None:
    """The first of ``forms`` that a masked word ("f*ck", "sh!t") could spell, if any."""
    shape = re.compile(MASK_CHARS.sub("[a-z]", word))
    return next((form for form in forms.get(len(word), ()) if shape.fullmatch(form)), None)


def _masked_words(low: str) -> list[tuple[int, str]]:
    """Start and text of each word with masked letters; an exclamation mark after one is punctuation."""
    words = []
    for match in MASKED_WORD.finditer(low):
        word = match.group(0).rstrip("!")
        if MASK_CHARS.search(word):
            words.append((match.start(), word))
    return words


def _masked_profanity(low: str) -> list[tuple[int, int]]:
    """Spans of words with masked letters ("f*ck", "sh!t", "sl*g") that spell a swear word or an insult."""
    return [(start, start + len(word)) for start, word in _masked_words(low)
            # A masked insult ("sl*g") is one its writer treats as a swear word.
            if _unmasked(word, PROFANITY_FORMS) or _unmasked(word, INSULT_FORMS)]


def _unmask(low: str) -> str:
    """``low`` with each masked word that spells an insult spelt out ("sl*g" -> "slag"); same length."""
    out = low
    for start, word in _masked_words(low):
        form = _unmasked(word, INSULT_FORMS)
        if form is not None:
            out = out[:start] + form + out[start + len(form):]
    return out


def _spaced_profanity(low: str) -> list[tuple[int, int]]:
    """Spans of swear words spelt out letter by letter ("f u c k", "s.h.i.t")."""
    spans = []
    for match in SPACED_LETTERS.finditer(low):
        letters = match.group(0)[::2]
        for i in range(len(letters) - 3):
            hit = PROFANITY_START.match(letters, i)
            if hit and hit.end() - i >= 4:
                start = match.start() + 2 * i
                spans.append((start, match.start() + 2 * hit.end() - 1))
                break
    return spans

