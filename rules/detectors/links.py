"""Links to sites not on the school's list: URLs ("https://...", "www.x.com") and bare domains ("bit.ly/x").

A link with a scheme or "www." may end in any top-level domain; a bare domain ("example.co.uk/
path") only in a curated list of common ones, in lower or upper case, so "e.g.", "Mr.Smith", "3.5"
and "file.txt" are not links; any two-letter country domain counts before a path ("linktr.ee/x").
A scheme defanged ("hxxps://") or a dot bracketed ("example[.]com") is still one. Hosts on
``profile.allow_domains`` (and their subdomains) are fine. A link read aloud ("example dot com slash
prank") counts when it ends in a common top-level domain that is no everyday word. An email address
is not a link. A link asks for review rather than blocking a post, and its redacted form keeps the
scheme and host but masks the path, which can carry personal data (an id, a name, a token).
"""

from __future__ import annotations

import re
from typing import ClassVar

from auditor import MASK, Detection, ScanProfile
from rules.detectors import TextDetector
from rules.detectors.email import WEBMAIL, email_cue_before
from rules.detectors.text import Text

__all__ = ["LinkDetector"]

# Top-level domains a bare domain may end in: the common generic ones, the UK's, and the few
# that link shorteners and chat apps use.
_BARE_TLDS = (
    "com", "net", "org", "uk", "info", "biz", "io", "co", "ly", "gg", "tv", "app", "dev", "xyz", "ai",
    "gl", "gd", "ie", "eu", "us", "ca", "au", "nz", "de", "fr", "es", "nl", "be", "ch", "online", "site",
    "shop", "store", "club", "live", "link", "social", "news", "blog", "website", "page",
    # Google's own domains, which its form and short links use: "forms.gle/x", "goo.gle/x".
    "gle", "goog",
)
# Top-level domains that are everyday words, written after a missing space ("go to.it"): a bare
# domain may end in one only when a path follows ("t.me/name").
_WORD_TLDS = (
    "me", "to", "it", "in", "is", "at", "so", "no", "do", "my", "am", "be",
    # Short-link domains that are also abbreviations ("aka.ms/x", "tinyurl.ws/x", "x.cc/y").
    "ms", "ws", "cc",
)
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
_PATH = r"(?:[/?#][^\s<>\"']*)?"
_URL = re.compile(
    # ("hxxps://", "htxp://": a scheme defanged so the link is not clickable, still a link to follow)
    rf"(?P<scheme>h[tx][tx]ps?://|www\.)(?P<host>(?:{_LABEL}\.)*{_LABEL}\.[A-Za-z]{{2,24}}|(?:{_LABEL}\.)*{_LABEL})"
    rf"(?P<port>:\d{{1,5}})?(?P<path>{_PATH})",
    re.IGNORECASE,
)
# A bare domain: found from its ".tld", whose literal dot keeps the scan fast; the labels
# before it are matched backwards (over the reversed text before the dot).
_BARE_TLD = re.compile(r"\.(?P<tld>[A-Za-z]{2,7})\b(?:(?=(?P<next>[.@-]?[A-Za-z0-9]|/\w)))?")
_TLDS = frozenset(_BARE_TLDS)
_PATH_TLDS = frozenset(_WORD_TLDS)
_HOST_REVERSED = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?\.)*"
                            r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?")
_PATH_AT = re.compile(rf"(?::\d{{1,5}})?(?P<path>{_PATH})")
_LOOKBACK = 128
_TRAILING = ".,;:!?)]}'\"\u2019"
# An "at" just before a domain can make it an email address ("jo [at] x.com", "jo at gmail.com"):
# the email detector reports those.
_AT_BEFORE = re.compile(r"(?:@|[\[({<]\s*at\s*[\])}>])\s*\Z", re.IGNORECASE)
_AT_WORD_BEFORE = re.compile(r"\w\s+at\s+\Z", re.IGNORECASE)
# The local part before a word "at": "gamerboy99 at example.com" after "my email is" is an address.
_LOCAL_AT_BEFORE = re.compile(r"[A-Za-z0-9_%+'.-]{1,64}[^\S\n]+at[^\S\n]+\Z", re.IGNORECASE)
# A link read aloud: "example dot com slash prank", "bbc dot co dot uk". The last label must be a
# top-level domain that is no everyday word (so "dot to dot" and "polka dot tie" stay clean), and the
# first label no little word ("the dot com boom").
_SPOKEN_TLDS = ("com", "net", "org", "uk", "io", "info", "biz", "ie", "us", "ca", "au", "nz", "eu", "tv",
                "ly", "gg", "xyz")
_SPOKEN = re.compile(
    rf"(?<![\w@.])(?P<host>{_LABEL}(?:[ \t]+dot[ \t]+{_LABEL})*?[ \t]+dot[ \t]+(?:{'|'.join(_SPOKEN_TLDS)}))"
    r"(?![\w.@-])(?P<path>(?:[ \t]+slash[ \t]+[\w-]+)*)",
    re.IGNORECASE,
)
_SPOKEN_DOT = re.compile(r"[ \t]+dot[ \t]+", re.IGNORECASE)
# A link defanged, its dots bracketed so it is not clickable: "example[.]com/notes", "x(.)org".
# Still a link to follow; it ends in a common top-level domain.
_FANG = r"(?:\[\.\]|\(\.\))"
_DEFANGED = re.compile(
    rf"(?<![\w@.\[(])(?P<host>(?:{_LABEL}(?:\.|{_FANG}))*{_LABEL}{_FANG}(?:{'|'.join(_BARE_TLDS)}))(?![\w-])"
    rf"(?P<path>{_PATH})",
    re.IGNORECASE,
)
_FANG_DOT = re.compile(_FANG)
_SPOKEN_PATH_WORD = re.compile(r"[\w-]+")
_NOT_HOSTS = frozenset({"the", "a", "an", "this", "that", "one", "each", "every", "big", "little"})
_REASON = "a link to a site not on the school's list"


class LinkDetector(TextDetector):
    """Links whose host is not on the school's allow-list; reads the ``folded`` view."""

    kinds: ClassVar[frozenset[str]] = frozenset({"link"})

    def __init__(self, profile: ScanProfile) -> None:
        super().__init__(profile)
        self.allowed = tuple(sorted({_host_of(domain) for domain in profile.allow_domains} - {""}))

    def find(self, text: Text) -> list[Detection]:
        """Every link in ``text`` to a site that is not allowed."""
        folded = text.folded
        found: list[Detection] = []
        if " dot " in text.lower:
            self._spoken(text, found)
        if "." not in folded and "://" not in folded:
            return found
        # (a bracket first: one character is quicker to look for than two)
        if ("]" in folded and "[." in folded) or (")" in folded and "(." in folded):
            self._defanged(text, found)

        covered: list[tuple[int, int]] = []  # folded spans of URLs, allowed or not
        if "://" in folded or "www." in text.lower:
            for match in _URL.finditer(folded):
                start = match.start()
                if start > 0 and (folded[start - 1].isalnum() or folded[start - 1] in "@.-"):
                    continue
                end = _trim(folded, match.start("path"), match.end())
                self._add(text, found, start, match.start("host"), match.end("host"), match.start("path"),
                          end)
                covered.append((start, end))
        for match in _BARE_TLD.finditer(folded):
            tld, after = match.group("tld"), match.group("next")
            lowered = tld.lower()
            if lowered in _TLDS:
                if after and after[0] != "/":
                    continue  # "example.co" of "example.co.uk", or "gmail.com@"
            elif not after or after[0] != "/" or (
                    lowered not in _PATH_TLDS and not (len(tld) == 2 and tld.islower())):
                continue  # a country's two-letter domain only with a path: "linktr.ee/x", not "Mr.Jo"
            if not (tld.islower() or tld.isupper()):
                continue  # "Fun.Com" after a missing space, not a domain
            if any(s <= match.start() < e for s, e in covered):
                continue
            head = folded[max(0, match.start() - _LOOKBACK):match.start()]
            host = _HOST_REVERSED.match(head[::-1])
            if host is None:
                continue
            start = match.start() - host.end()
            if start > 0 and (folded[start - 1].isalnum() or folded[start - 1] in "@.-_/:"):
                continue  # part of an email address, a URL or a longer word
            if _AT_BEFORE.search(folded, max(0, start - 8), start) or (
                    _AT_WORD_BEFORE.search(folded, max(0, start - 8), start)
                    and (folded[start:match.start()].split(".")[0].lower() in WEBMAIL
                         or self._email_announced(text.lower, folded, start))):
                continue
            path = _PATH_AT.match(folded, match.end("tld"))
            assert path is not None  # it can match the empty string
            end = _trim(folded, path.start("path"), path.end())
            self._add(text, found, start, start, match.end("tld"), path.start("path"), end)
        return found

    def _spoken(self, text: Text, found: list[Detection]) -> None:
        """Links read aloud ("example dot com slash prank"). After an "at" ("jo at example dot com",
        "find me at x dot org") the email detector reads the words as an address, which they are
        far more often than a site."""
        folded = text.folded
        for match in _SPOKEN.finditer(folded):
            start = match.start()
            labels = _SPOKEN_DOT.split(match.group("host").lower())
            if labels[0] in _NOT_HOSTS or _AT_BEFORE.search(folded, max(0, start - 8), start) or \
                    _AT_WORD_BEFORE.search(folded, max(0, start - 8), start):
                continue
            if self._allowed(".".join(labels)):
                continue
            lo, hi = text.span(start, match.end())
            _, host_hi = text.span(start, match.end("host"))
            redacted = text.original[lo:host_hi] + _SPOKEN_PATH_WORD.sub(
                lambda m: m.group(0) if m.group(0).lower() == "slash" else MASK * len(m.group(0)),
                text.original[host_hi:hi])
            found.append(Detection("link", lo, hi, redacted, _REASON, blocks=False))

    def _defanged(self, text: Text, found: list[Detection]) -> None:
        """Links with bracketed dots ("example[.]com/free-notes"), read with their dots restored."""
        folded = text.folded
        for match in _DEFANGED.finditer(folded):
            start = match.start()
            if _AT_BEFORE.search(folded, max(0, start - 8), start):
                continue  # "jo [at] example[.]com": an email address
            if self._allowed(_FANG_DOT.sub(".", match.group("host")).lower()):
                continue
            end = _trim(folded, match.start("path"), match.end())
            lo, hi = text.span(start, end)
            _, host_hi = text.span(start, match.start("path"))
            redacted = text.original[lo:host_hi] + re.sub(r"[^/]", MASK, text.original[host_hi:hi])
            found.append(Detection("link", lo, hi, redacted, _REASON, blocks=False))

    @staticmethod
    def _email_announced(lower: str, folded: str, start: int) -> bool:
        """Whether "name at" before ``start`` follows a word that announces an email ("my email is")."""
        local = _LOCAL_AT_BEFORE.search(folded, max(0, start - 80), start)
        return local is not None and email_cue_before(lower, local.start())

    def _add(self, text: Text, found: list[Detection], start: int, host_start: int, host_end: int,
             path_start: int, end: int) -> None:
        """Report the link at ``[start, end)`` (folded offsets) unless its host is allowed."""
        host = text.folded[host_start:host_end].lower()
        if self._allowed(host):
            return
        lo, hi = text.span(start, end)
        _, host_hi = text.span(start, path_start)  # the scheme, host and port are kept
        kept = text.original[lo:host_hi]
        path = text.original[host_hi:hi]
        redacted = kept + re.sub(r"[^/]", MASK, path)
        found.append(Detection("link", lo, hi, redacted, _REASON, blocks=False))

    def _allowed(self, host: str) -> bool:
        host = host.removeprefix("www.")
        return any(host == domain or host.endswith("." + domain) for domain in self.allowed)


def _host_of(domain: str) -> str:
    """The bare host of an allow-list entry ("https://www.Example.org/x" -> "example.org")."""
    host = domain.strip().lower()
    host = host.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return host.removeprefix("www.").strip(".")


def _trim(folded: str, path_start: int, end: int) -> int:
    """``end`` less the punctuation that ends a sentence rather than a path: "see x.com/a." -> "x.com/a"."""
    while end > path_start and folded[end - 1] in _TRAILING:
        opened = folded.count("(", path_start, end)
        if folded[end - 1] == ")" and opened >= folded.count(")", path_start, end):
            break  # a balanced bracket in the path: "wiki/Tudor_(period)"
        end -= 1
    return end

