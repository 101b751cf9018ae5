"""Email addresses, plain ("jo@example.sch.uk") or obfuscated ("jo at gmail dot com", "jo [at] x [dot] uk").

The search starts from each "@" and each "at" written as a word or in brackets (C-speed scans),
then matches the domain after it and the local part before it. A plain address needs an "@" and
real dots; any other form needs its last label to be a common top-level domain, so "meet at 3 at
the gate" and "look at this dot to dot" stay innocent. A handle ("@millbrook") has no local part
and is not an address.
"""

from __future__ import annotations

import re
from typing import ClassVar

from auditor import Detection, mask_email
from rules.detectors import TextDetector
from rules.detectors.text import Text

__all__ = ["WEBMAIL", "EmailDetector", "email_cue_before"]

# "at" as a word or in brackets, searched in the lower view: the literal prefix keeps it fast.
_AT_WORD = re.compile(r"at(?<=[ \t\[({<]at)(?=[ \t\])}>])")
# The whole separator around an "@" or an "at" (spaces and brackets), matched at its start.
_OPEN = re.compile(r"[ \t]*(?:[\[({<][ \t]*)?\Z")
_CLOSE = re.compile(r"[ \t]*(?:[\])}>][ \t]*)?")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
_DOT = r"(?:[ \t]*\.[ \t]*|[ \t]*[\[({<][ \t]*dot[ \t]*[\])}>][ \t]*|[ \t]+dot[ \t]+)"
_DOMAIN = re.compile(rf"{_LABEL}(?:{_DOT}{_LABEL})*{_DOT}[A-Za-z]{{2,24}}\b", re.IGNORECASE)
_DOT_SPLIT = re.compile(_DOT, re.IGNORECASE)
# The local part, matched backwards from the "at" over the reversed text before it.
_LOCAL_REVERSED = re.compile(r"[A-Za-z0-9_%+'-][A-Za-z0-9_%+'.-]{0,63}")
_LOOKBACK = 64
# Words that announce an address just before it: "my email is jo at example.com", "e-mail: jo at x.org".
# With one, a word "at" before real dots is an address at any domain, not only a webmail one.
_EMAIL_CUE = re.compile(r"(?<![a-z])(?:e-?mail|email\s+address|e-?mail\s+addy|addy)(?:\s+(?:is|was))?"
                        r"[^\S\n]*[:=\-]?[^\S\n]*\Z")
_CUE_REACH = 32


def email_cue_before(lower: str, start: int) -> bool:
    """Whether the words just before ``start`` of a text's lower view announce an email address."""
    return _EMAIL_CUE.search(lower, max(0, start - _CUE_REACH), start) is not None

#: Webmail providers (a domain's first label): "jo at gmail.com" is an address, "see it at
#: millbrook.sch.uk" is a site.
WEBMAIL = frozenset({
    "gmail", "googlemail", "hotmail", "outlook", "live", "msn", "yahoo", "icloud", "me", "mac", "aol",
    "btinternet", "sky", "virginmedia", "talktalk", "ntlworld", "protonmail", "proton", "gmx", "mail",
})

# Top-level domains an obfuscated address may end in; a plain one may end in any. Kept short
# on purpose: "to", "it", "me" and "in" are everyday words.
_OBFUSCATED_TLDS = frozenset({
    "com", "net", "org", "uk", "edu", "gov", "info", "biz", "io", "ie", "us", "ca", "au", "nz", "de",
    "fr", "es", "nl", "eu",
})


class EmailDetector(TextDetector):
    """Email addresses, plain or obfuscated; reads the ``folded`` view."""

    kinds: ClassVar[frozenset[str]] = frozenset({"email"})

    def find(self, text: Text) -> list[Detection]:
        """Every email address in ``text``."""
        folded = text.folded
        ats: list[tuple[int, int]] = []  # where each "@" or "at" word is, in the folded view
        if "@" in folded:
            pos = folded.find("@")
            while pos != -1:
                ats.append((pos, pos + 1))
                pos = folded.find("@", pos + 1)
        ats.extend(m.span() for m in _AT_WORD.finditer(text.lower))
        if not ats:
            return []
        ats.sort()
        found: list[Detection] = []
        resume = 0
        for at_start, at_end in ats:
            if at_start < resume:
                continue
            hit = _address(text, at_start, at_end)
            if hit is not None:
                found.append(hit[0])
                resume = hit[1]
        return found


def _address(text: Text, at_start: int, at_end: int) -> tuple[Detection, int] | None:
    """The address around the "at" at ``[at_start, at_end)``, and its end in the folded view."""
    folded = text.folded
    close = _CLOSE.match(folded, at_end)
    assert close is not None  # it can match the empty string
    domain = _DOMAIN.match(folded, close.end())  # most "at"s fail here: "at 3pm", "at the gate"
    if domain is None:
        return None
    opened = _OPEN.search(folded, max(0, at_start - 8), at_start)
    assert opened is not None
    symbol = folded[at_start] == "@"
    bracketed = opened.group(0).strip() != ""
    if bracketed != (close.group(0).strip() != ""):
        return None  # "(at" without ")"
    if not symbol and not bracketed and (not opened.group(0) or not close.group(0)):
        return None  # "at" glued to a word
    local_end = opened.start()
    local = _LOCAL_REVERSED.match(folded[max(0, local_end - _LOOKBACK):local_end][::-1])
    if local is None:
        return None  # "@handle": no local part
    start = local_end - local.end()
    if start > 0 and (folded[start - 1].isalnum() or folded[start - 1] in "@."):
        return None  # the local part runs on past the look-back: not an address we can read
    local_part = folded[start:local_end].rstrip(".")
    # The pattern is greedy ("gmail.com. The" reads as three labels): take the longest run of
    # labels that ends in a top-level domain.
    spaced = bool(opened.group(0) or close.group(0))
    labels: list[str] = []
    ends: list[int] = []
    plain_upto: list[bool] = []  # whether every separator so far is a bare "."
    pos, plain_so_far = domain.start(), True
    end = domain.end()
    for sep in _DOT_SPLIT.finditer(folded, domain.start(), domain.end()):
        if sep.group(0)[0] == "." and sep.group(0) != ".":
            end = sep.start()  # "at 3.15pm. www.example.com": a full stop and a space end a sentence
            break
        labels.append(folded[pos:sep.start()].lower())
        ends.append(sep.start())
        plain_upto.append(plain_so_far)
        plain_so_far = plain_so_far and sep.group(0) == "."
        pos = sep.end()
    labels.append(folded[pos:end].lower())
    ends.append(end)
    plain_upto.append(plain_so_far)
    if "www" in labels:
        return None  # a web address
    for last in range(len(labels) - 1, 0, -1):
        tld = labels[last]
        plain = symbol and not spaced and plain_upto[last]
        if plain and tld.isalpha() and len(tld) >= 2:
            break
        if not plain and tld in _OBFUSCATED_TLDS and (
                not plain_upto[last] or symbol or bracketed or labels[0] in WEBMAIL
                or email_cue_before(text.lower, start)):
            break  # a word "at" before real dots is a site unless it names a webmail or "email" came first
    else:
        return None
    end = ends[last]
    if folded.startswith("@", end):
        return None
    labels = labels[:last + 1]
    lo, hi = text.span(start, end)
    redacted = mask_email(f"{local_part}@{'.'.join(labels)}")
    reason = "an email address" if plain else "an email address (obfuscated)"
    return Detection("email", lo, hi, redacted, reason), end
