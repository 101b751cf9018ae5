"""Passwords, PINs, door codes and log-in details shared in a post.

The policy says never to share log-in details or passwords. A label ("password", "pw", "PIN",
"login", "door code") followed by something that reads as a secret is a finding; talk about
passwords that shares none ("forgot my password", "passwords must be 8 characters", "what is
the password?") is not. After a colon or an equals sign any word is taken as the secret; after
"is" or nothing at all, only one that looks like a password (a digit, a symbol, or a capital
letter inside it), so "the password is case sensitive" stays quiet. A label may be misspelt
("pasword", "passwd", "p/w"), lose its apostrophe ("passwords sausage1"), name what it is for
("the password for the class blog is owls2026") or be answered ("password? It's now Cakes4All!").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

from auditor import MASK, Detection, ScanProfile
from rules.detectors import TextDetector
from rules.detectors.lexicon import CONDUCT_GATE
from rules.detectors.spacing import merge_spaced, spaced_views
from rules.detectors.text import Text

__all__ = ["CredentialDetector"]

_REASON = "a password or log-in shared in a post"
_A = "['\u2019]"
# "password" and its common misspellings ("pasword", "passwrd", "paswd", "passowrd"), "pass word",
# "pwd", "pw", "p/w", "passcode".
_PW_WORD = r"(?:pa?s{1,2}(?:w(?:[ao]r|ro|[aor])?d|owrd)|pass\s+word|pwd|pw|p/w|passcode|pass\s+code)"
_QUALIFIER = (r"(?:(?:wi-?fi|network|email|e-mail|account|login|log-in|school|computer|ipad|laptop|admin|"
              r"portal|teams|zoom|google|microsoft|office|my|the|our|your|his|her|new)\s+)*")
_IS = r"(?:is|was|is\s+now|will\s+be|has\s+changed\s+to|changed\s+to)"
_SEP = (rf"(?P<sep>\s*[:=]\s*|\s+(?:{_IS}|for\s+today\s+is)\s+|{_A}?s\s+|\s+-\s+|"
        # "password for the class blog is owls2026", "pw for my account is x": what it unlocks, then "is"
        rf"\s+(?:for|to|on|of|at|in)\s+(?:[^\s.,;:!?]+\s+){{1,5}}?{_IS}\s+|"
        # "changed the password? It's now Cakes4All!": a question answered
        rf"\s*[?.!]\s*(?:it{_A}s|its|it\s+is)\s+(?:now\s+)?|\s+)")
# A secret read out digit by digit ("passcode is 7 7 1 2") is taken whole.
_SHARED = r"(?P<secret>\d(?:[ -]\d){3,7}(?![ -]?\d)|[^\s,;]{3,64})"
_USER_LABEL = r"(?:user\s*name|user\s*id|user|login|log-in|log\s+in(?:\s+details)?|account)"
_USER = r"(?P<user>[a-z0-9._@-]{2,40})"
# What a code or PIN unlocks, then "is": "code for the PTA cupboard is", "PIN for the lunch account is".
_FOR_IS = rf"(?:\s+(?:for|to|of|on)\s+(?:[^\s.,;:!?]+\s+){{1,6}}?{_IS}\s+)"
# A code to get in somewhere: "the code to get into the app is 8812", "code to unlock the iPads is".
_UNLOCK = r"(?:get\s+(?:in|into|onto)|access|unlock|open|log\s*(?:in|on)(?:\s+to)?|sign\s+in(?:\s+to)?)"
_DOOR = (r"(?:door|gate|alarm|keypad|entry|key\s*safe|safe|locker|access|building|front\s+door|side\s+gate|"
         r"staff\s*room|office|"
         # what unlocks a device or a lock: "ipad code", "padlock code", "combination code"
         r"i-?pad|tablet|laptop|chromebook|padlock|bike\s+lock|combination|"
         # what unlocks a phone or tablet: "lock screen code", "phone unlock code" (not "phone code",
         # a dialling code)
         r"lock\s*-?\s*screen|screen\s*-?\s*lock|(?:phone|ipad|tablet|laptop)\s+unlock|unlock)")
# Digits typed one at a time: "1 2 3 4", "4-8-2-1" (a PIN or lock code read out), or written as
# words: "four four two one", "one-two-three-four".
_DIGIT_WORD = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
_SPACED_DIGITS = (rf"(?:\d(?:[ -]\d){{3,7}}(?![ -]?\d)|{_DIGIT_WORD}(?:(?:\s*,?\s+|-){_DIGIT_WORD}){{3,7}}"
                  rf"(?![a-z]|[ -]+{_DIGIT_WORD}(?![a-z])))")
# Apps a class joins with a code: "Class Dojo code for new parents: ABX-7QK-22", "Seesaw code".
_CLASS_APPS = (r"(?:class\s*dojo|dojo|seesaw|google\s+classroom|classroom|teams|tapestry|purple\s*mash|"
               r"tt\s*rock\s*stars|sumdog|spelling\s+shed|maths\s+shed|education\s+city|mathletics|"
               r"reading\s+eggs|padlet|kahoot)")
# What a code unlocks, then a colon: "code for new parents in Willow class: ABX-7QK-22".
_FOR_COLON = r"(?:\s+(?:for|to|of|on)\s+(?:[^\s.,;:!?]+\s+){0,6}?[^\s.,;:!?]+\s*[:=]\s*)"
# A user name on its own, when it looks made up ("y6oak", "sarah.h", "jsmith01"), not "broken".
_MADE_UP_USER = r"(?P<login>(?=[a-z0-9._@-]*[0-9._@])[a-z0-9][a-z0-9._@-]{1,39})"
# Before "my password" when it is talked about, not shared: "forgot my password AGAIN".
_TALKED_ABOUT = re.compile(r"(?:forgot|forgotten|forget|forgets|reset|resets|resetting|lost|remember|"
                           r"remembered)\s+\Z")

# In order of precedence: a later match that overlaps an earlier one is dropped.
_PATTERNS = [re.compile(source) for source in (
    # "username jsmith password hunter2", "my login is jsmith pw Sunshine1", "user: jsmith, pass: x1"
    rf"(?<![a-z]){_USER_LABEL}\s*(?:is\s+|[:=]\s*|\s)\s*{_USER}\s*(?:,|and|&|/|;)?\s*"
    rf"(?:{_PW_WORD}|pass)(?![a-z]){_SEP}{_SHARED}",
    # "my login is sarah.h / Millie2015": a user name and a password after a slash
    rf"(?<![a-z]){_USER_LABEL}\s*(?:is\s+|[:=]\s*|\s)\s*{_USER}\s*/\s*(?P<pair>[^\s,;]{{3,64}})",
    # "log in with jsmith / Sunshine1", "log on as 4C and the password tiger"
    rf"(?<![a-z])log\s*(?:in|on)\s+(?:with|as|using)\s+{_USER}\s*"
    rf"(?:/|(?:,|and|&)\s*(?:(?:the|my|your|a)\s+)?(?:{_PW_WORD}|pass)(?![a-z]){_SEP})\s*{_SHARED}",
    # "the door code is 1234", "the code for the gate is 4821#"
    rf"(?<![a-z])(?:{_DOOR}\s+code|(?:the\s+)?code\s+(?:for|to|of)\s+the\s+{_DOOR})"
    rf"(?:{_FOR_IS}|\s*(?:(?:is|was)\s+|[:=-]\s*|\s)\s*)(?P<code>{_SPACED_DIGITS}|[0-9a-z#*]{{3,10}})"
    r"(?![^\s.,;!?])",
    # "the code to get into the reading app is 4471-QX": a code said to let someone in
    rf"(?<![a-z])code\s+to\s+{_UNLOCK}\s+(?:[^\s.,;:!?]+\s+){{0,6}}?{_IS}\s+"
    r"(?P<code>[0-9a-z](?:[0-9a-z#*]|-(?=[0-9a-z])){3,15})(?![^\s.,;!?])",
    # "the class code is ABCD-1234", "join code: 7QK2-PL": a code that lets someone into a class or app
    rf"(?<![a-z])(?:class|join|joining|invite|invitation|login|log-in|access|enrolment|group|school|app|"
    rf"{_CLASS_APPS})\s+code"
    rf"(?:{_FOR_IS}|{_FOR_COLON}|\s*(?:(?:is|was)\s+|[:=-]\s*))"
    r"(?P<code>[0-9a-z](?:[0-9a-z]|-(?=[0-9a-z])){3,15})(?![^\s.,;!?])",
    # "with school code MB7Q2", "class code 7QK2PL": no "is", so the code must mix letters and digits
    r"(?<![a-z])(?:class|join|joining|invite|login|school|app)\s+code\s+"
    r"(?P<mixed>(?=[0-9a-z-]*[0-9])(?=[0-9a-z-]*[a-z])[0-9a-z](?:[0-9a-z]|-(?=[0-9a-z])){3,15})(?![^\s.,;!?])",
    # "PIN is 4821", "pin: 4821", "my pin's 4821", "the PIN for the lunch account is 4821"
    rf"(?<![a-z])pin(?:\s+(?:number|code))?(?:{_FOR_IS}|{_A}s\s+|\s*(?:(?:is|was)\s+|[:=-]\s*|\s)\s*)"
    rf"(?P<pin>{_SPACED_DIGITS}|\d{{4,8}})(?!\d)",
    # "the class login is y6oak", "my username is sarah.h": a user name shared on its own
    rf"(?<![a-z])(?:(?:the|my|our|your|his|her|class|school|kids?{_A}?|child{_A}?s)\s+)+"
    rf"(?:login|log-in|user\s*name|user\s*id)\s*(?:is\s+|[:=]\s*){_MADE_UP_USER}(?![^\s.,;!?])",
    # "password: Tiger123!", "the wifi password is millbrook2026", "pass = Abc123"
    rf"(?<![a-z]){_QUALIFIER}(?:{_PW_WORD}(?=s?(?![a-z])){_SEP}|pass(?P<colon>\s*[:=]\s*|"
    # "pass is bluebell77": a bare "pass" and "is" only before a word that ends in digits (not "50p",
    # checked on the folded view: the lower one reads "77" as "tt")
    rf"\s+(?:is|was)\s+(?=[a-z]{{3,}}))){_SHARED}",
)]

# Every pattern starts with one of these words, and most posts hold none (see lexicon.KeywordGate).
_KEY = "credential:label"
CONDUCT_GATE.add(_KEY, ["pass", "pasw", "psw", "p/w", "pw", "pwd", "pin", "log", "code", "user"])

# Words that follow "password:" without being one ("Password: reset it on the portal").
_NOT_LABELLED_WORDS = """
the your my a an our their his her its this that it is was be reset change changed forgotten forgot
required protected please see ask click use enter type none n/a tbc same new old must should will
can cannot can't needs need has have and or if when not never only strong weak secure
you letters letter details slips cards sheets reminders on in at
"""
_NOT_SECRET = frozenset(_NOT_LABELLED_WORDS.split())
# Words that follow "username" without being one ("Username and password letters go home").
_NOT_USER = frozenset({"and", "or", "&", "is", "are", "was", "for", "the", "your", "my", "our", "their",
                       "his", "her", "details", "letters", "will", "go"})
# Words that say what a password is like rather than what it is ("the password is wrong.").
_VERDICT_WORDS = """
wrong incorrect correct right secret private long short easy hard simple weak strong safe unsafe different
same ok okay fine rubbish invalid blank empty obvious random unique personal confidential important
needed mandatory there here gone lost bad good great useless silly ridiculous stupid confusing too also now
still mine yours hers ours theirs what
"""
_VERDICTS = frozenset(_VERDICT_WORDS.split())
# Endings of words that describe rather than name: "expired", "changing", "sensitive", "useless".
_DESCRIBING = ("ed", "ing", "ly", "ive", "ful", "ous", "able", "ible", "less")
# After a plain word: the clause ends (punctuation, an emoji, the end of the post).
_WORD_DIGITS = re.compile(_SPACED_DIGITS)
_CLAUSE_END = re.compile(r"[^\S\n]*(?:[.!?,;)\n]|[^\x00-\x7f]|\Z)")
_SPACED_SECRET = re.compile(r"\d(?:[ -]\d)+")
_WORD_THEN_DIGITS = re.compile(r"[A-Za-z]{3,}[A-Za-z0-9]*[0-9]+[^\s]*")
_LOOKS_SECRET = re.compile(r"\d|[^\w\s]|(?<=\w)[A-Z]")
_TRAILING = ".,;:)\"'?"


def _mask_secret(secret: str, whole: bool = False) -> str:
    """First character kept, the rest bulleted; a number or code is bulleted whole (each digit counts)."""
    if whole or secret.isdigit():
        return MASK * len(secret)
    return secret[:1] + MASK * (len(secret) - 1)


class CredentialDetector(TextDetector):
    """Passwords, PINs, door codes and username/password pairs shared in prose (``credential``)."""

    kinds: ClassVar[frozenset[str]] = frozenset({"credential"})

    def __init__(self, profile: ScanProfile) -> None:
        super().__init__(profile)

    def find(self, text: Text) -> list[Detection]:
        """Every shared secret in ``text``, the span from its label to its end."""
        return self.find_many([text])[0]

    def find_many(self, texts: Sequence[Text]) -> list[list[Detection]]:
        """:meth:`find` for each text, the keyword gate shared with the other conduct detectors; a
        label or secret spelt out letter by letter ("p w is l e m o n 1 2") is read closed up too."""
        results = [self._find(text) if _KEY in gated else []
                   for text, gated in zip(texts, CONDUCT_GATE.categories_many(texts), strict=True)]
        for i, view in enumerate(spaced_views(texts)):
            if view is not None and _KEY in CONDUCT_GATE.categories(view.lower):
                results[i] = merge_spaced(results[i], self._find(view))
        return results

    def _find(self, text: Text) -> list[Detection]:
        low = text.lower
        found: list[Detection] = []
        taken: list[tuple[int, int]] = []
        for match in (m for pattern in _PATTERNS for m in pattern.finditer(low)):
            if any(match.start() < t_end and t_start < match.end() for t_start, t_end in taken):
                continue
            groups = match.groupdict()
            group = next(g for g in ("secret", "code", "pin", "mixed", "pair", "login")
                         if groups.get(g) is not None)
            s_start, s_end = match.span(group)
            secret = text.folded[s_start:s_end]
            if group == "secret":  # quotes and full stops around a password are not part of it
                stripped = secret.rstrip(_TRAILING)
                s_end -= len(secret) - len(stripped)
                secret = stripped.lstrip("\"'(")
                s_start += len(stripped) - len(secret)
            if (group == "secret" and not (groups.get("sep") or "").strip()
                    and _TALKED_ABOUT.search(low, max(0, match.start() - 20), match.start())):
                continue  # "forgot my password AGAIN": a password talked about, not shared
            stripped = secret
            bare_pass = (groups.get("colon") or ":").strip() in ("is", "was")
            if bare_pass and not _WORD_THEN_DIGITS.fullmatch(secret):
                continue
            shared = (self._is_secret(stripped, group, groups)
                      or self._plain_secret(low, stripped, s_end, groups))
            if not shared or (groups.get("user") or "") in _NOT_USER:
                continue
            whole = group != "secret" or _SPACED_SECRET.fullmatch(stripped) is not None
            spans = [(s_start, s_end)]
            if groups.get("user") is not None:
                spans.insert(0, match.span("user"))
            taken.append(match.span())
            found.append(self._detection(text, match.start(), s_end, spans, whole=whole))
        found.sort(key=lambda d: (d.start, d.end))
        return found

    @staticmethod
    def _is_secret(secret: str, group: str, groups: dict[str, str | None]) -> bool:
        if group == "pin":
            return True
        if group in ("mixed", "login"):
            return True
        if group == "pair":  # after a user name and a slash, only what looks made up
            return _LOOKS_SECRET.search(secret) is not None
        if group == "code":
            return any(c.isdigit() for c in secret) or _WORD_DIGITS.fullmatch(secret.lower()) is not None
        if len(secret) < 3 or secret.lower() in _NOT_SECRET or set(secret) <= {"*", MASK, "."}:
            return False
        sep = (groups.get("sep") or groups.get("colon") or "").strip()
        if sep in (":", "=") or groups.get("user") is not None:
            return True  # a label and a colon: whatever follows is the secret
        # Without a colon, a word only counts when it looks made up: "again!" is a word and a full stop.
        return _LOOKS_SECRET.search(secret.rstrip("!")) is not None

    @staticmethod
    def _plain_secret(low: str, secret: str, end: int, groups: dict[str, str | None]) -> bool:
        """Whether a plain word after "password is" ends the clause and names, not describes, it:
        "my password is skittles!" shares one, "the password is wrong" and "is expired" do not."""
        word = secret.lower().rstrip("!")
        sep = (groups.get("sep") or "").split()
        return (groups.get("secret") is not None and sep[:1] in (["is"], ["was"]) and len(sep) == 1
                and 4 <= len(word) <= 20 and word.isalpha() and word not in _NOT_SECRET
                and word not in _VERDICTS and not word.endswith(_DESCRIBING)
                and _CLAUSE_END.match(low, end) is not None)

    @staticmethod
    def _detection(text: Text, start: int, end: int, secrets: list[tuple[int, int]], *,
                   whole: bool) -> Detection:
        """The span from label to secret; redacted keeps the label and masks each secret part."""
        o_start, o_end = text.span(start, end)
        pieces, pos = [], o_start
        for s_start, s_end in secrets:
            a, b = text.span(s_start, s_end)
            pieces.append(text.original[pos:a])
            pieces.append(_mask_secret(text.original[a:b], whole and (a, b) == text.span(*secrets[-1])))
            pos = b
        pieces.append(text.original[pos:o_end])
        return Detection("credential", o_start, o_end, "".join(pieces), _REASON)
