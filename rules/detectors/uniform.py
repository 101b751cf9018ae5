"""School uniform and badges: in a pupil's writing they tell a stranger which school to find them at.

Besides ``uniform.txt``: a garment with the badge on ("jumper with the badge"; a logo only on a PE
or school garment, since brands have logos too), what is on "our" jumpers, badges for a role
("house captain badge"), and the ties "we" have to wear. A phrase spelt out letter by letter
("s c h o o l  u n i f o r m") is read closed up, as the other word detectors read it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

import ahocorasick

from auditor import Detection, ScanProfile
from rules.detectors import TextDetector
from rules.detectors.names import load_words, word_view
from rules.detectors.school import SchoolNameDetector
from rules.detectors.spacing import merge_spaced, spaced_views
from rules.detectors.text import Text

__all__ = ["UniformDetector"]

_UNIFORM = "school uniform or badge, which shows where a pupil goes to school"

# Garments and bags that carry a school's badge (their plurals too), and the words for a badge.
_GARMENTS = ("blazer", "jumper", "sweatshirt", "sweater", "cardigan", "cardi", "hoodie", "hoody", "polo",
             "shirt", "top", "fleece", "jacket", "coat", "tie", "cap", "hat", "scarf", "scarves", "bag",
             "bookbag", "rucksack", "backpack", "kit", "tracksuit", "uniform", "pinafore", "dress", "skirt",
             "trousers", "shorts", "sock", "bib",
             # as pupils type them: "jumpa", "cardie"
             "jumpa", "jumpah", "cardie", "cardy", "sweatie", "trackie", "trackies")
_BADGES = ("logo", "badge", "crest", "emblem", "badj", "bage", "badg", "bagde")
_S = r"[^\S\n]+"
_GARMENT = (r"(?:polo" + _S + r"shirt|t-?[^\S\n]?shirt|book" + _S + "bag|hoodies|" + "|".join(_GARMENTS)
            + r")(?:s|es)?(?![a-z]|-[a-z])")  # not "hat-trick"
# Words before a garment that make it the school's own kind: "PE tops", "house ties".
_KIND = r"(?:pe|p\.e\.|sports?|house|leavers['\u2019]?|new|old|summer|winter|official)"
# What a badge may be on, worn or carried by the writer or a friend: "the crest on our jumpers".
# ("a star of the week badge for my jumper": one to sew on it; not a swimming or scout badge)
_BADGE_ON = re.compile(r"(?<![a-z])(?<!swimming )(?<!scout )(?<!scouts )(?<!brownie )(?<!brownies )(?<!cub )"
                       r"(?<!cubs )(?<!guide )(?<!guides )(?<!beaver )(?<!beavers )"
                       r"(?:badge|crest|emblem)s?" + _S + r"(?:on|for)" + _S
                       + r"(?:my|our|his|her|their|your)" + _S + r"(?:(?:school|new|old|pe|house)" + _S
                       + r")?" + _GARMENT)
# A tie is school uniform when it is the writer's own ("my tie", "our house ties") or put on
# ("wearing a tie"); not a tie-dye shirt, a bow tie, or a cup tie against another team.
_TIE = re.compile(
    r"(?<![a-z])(?:my|our|ur|your|yr|his|her|their|"
    r"(?:wear(?:s|ing)?|wore|worn|put(?:ting)?" + _S + r"on|do(?:ing)?" + _S + r"up)"
    + _S + r"(?:a|the|my|our))" + _S
    # "our house-colour ties", "my stripy school tie": a word or two saying which tie
    + r"(?:(?:school|house|new|clip[\s-]?on|striped|stripy|stripey|[a-z]+[\s-]colou?r(?:ed)?)" + _S
    + r"){0,2}ties?(?![a-z])"
    r"(?![\s-]*(?:dye|dyed|die|break|breaker|against|with|vs|versus|v|match|game|replay)(?![a-z]))")
# After the school's name: one of its garments ("MCEP PE tops") or its badge ("the MCEP logo").
# Without a word such as "PE" before it, "tops", "ties", "bags", "caps" and "dress up" are sports
# talk and dressing-up days ("Millbrook Primary tops the table", "MCEP bags a win"), not clothes.
_AFTER_NAME = re.compile(
    r"(?:['\u2019]s?)?" + _S + r"(?:" + _KIND + _S + _GARMENT + r"|(logo|badge|crest|emblem)s?(?![a-z])"
    # "... tie is the ugliest": a tie spoken of is a garment, not a drawn match
    r"|(?!(?:tops?|ties?|bags|caps)(?![a-z])(?!" + _S + r"(?:is|are|was|were|looks?)(?![a-z]))|dress" + _S
    + r"(?:up|down))" + _GARMENT + ")")
# Before "the school logo" or "the MCEP badge": the garment it is on ("hoodies with the ... logo").
_GARMENT_WITH = re.compile(r"(?<![a-z])(?:" + _KIND + _S + r")?" + _GARMENT + _S
                           + r"(?:with|showing|that has|that have)" + _S + r"(?:the|a|our|my|an)" + _S + r"$")
# The writer's own garment with the badge on: "our sweatshirts with the logo", "my jumper with the crest
# on"; not a brand's or a band's ("my hoodie with the logo of my favourite band").
# "with" as typed: "w the badge", "w/ the logo", "wiv the crest"
_WITH = r"(?:with|w/?|wiv|wid|wit|showing|that has|that have|that's got|thats got)"
_OWN_WITH_BADGE = re.compile(r"(?<![a-z])(?:my|our|his|her|their|your)" + _S + r"(?:" + _KIND + _S + r")?"
                             + _GARMENT + _S + _WITH + _S + r"(?:the|a|our)"
                             + _S + r"(?:logo|badge|crest|emblem)s?(?![a-z])(?!" + _S + r"of(?![a-z]))")
# A logo is a brand's as often as a school's: on the writer's garment only with a word such as "PE"
# or "school" before it ("the logo on our PE tops", "logo on my school jumper").
_LOGO_ON = re.compile(r"(?<![a-z])logos?" + _S + r"on" + _S + r"(?:my|our|his|her|their|your|ur|the)" + _S
                      + r"(?:school|skool|pe|p\.e\.|house|sports?|leavers['\u2019]?)" + _S + _GARMENT)
# "school" (as written or texted: "skool", "skl") before a garment: "my school cardi", "skool jumpa";
# not "school bag" or "school trip", which anyone may have.
_SCHOOL_WORD = r"(?:school|skool|skl|scool|schl|skewl)"
# Matched backwards from a garment word the automaton found, so posts without one cost nothing.
_SCHOOL_BEFORE = re.compile(r"(?<![a-z])" + _SCHOOL_WORD + _S + r"(?:" + _KIND + _S + r")?\Z")
_NOT_UNIFORM_GARMENTS = frozenset({"bag", "bags", "bookbag", "bookbags", "rucksack", "rucksacks", "backpack",
                                   "backpacks", "kit", "kits"})
# A tie worn with a garment of the writer's uniform: "my blazer and tie", "in my jumper n tie".
_GARMENT_AND_TIE = re.compile(r"(?<![a-z])(?:my|our|his|her|their|your)" + _S + r"(?:" + _KIND + _S + r")?"
                              r"(?:blazer|jumper|jumpa|cardigan|cardi|cardie|sweatshirt)s?" + _S
                              + r"(?:and|&|n|\+|with)" + _S + r"(?:(?:a|my|our|the)" + _S + r")?"
                              r"(ties?)(?![a-z])")
# A garment with the badge on, whoever's it is: "jumper with the badge", "school jumper with the crest
# on it", "new kit has the logo", "the jumper and the bag both have the crest". A logo is a brand's as
# often (see _LOGO_ON): only on a garment of a kind such as "PE" or "school", on a uniform's jumper
# named by its colour ("the green sweatshirt with the logo"), or after "the" on a kit. A named badge
# that is not a school's ("with the scout badge") is left out.
_COLOURS = (r"(?:red|navy|blue|royal" + _S + r"blue|sky" + _S + r"blue|green|bottle" + _S
            + r"green|grey|gray|maroon|burgundy|purple|black|white|yellow|gold)")
_ANY_WITH_BADGE = re.compile(
    r"(?<![a-z])(?:(?P<kind>(?:school|skool|pe|p\.e\.|house|sports?)" + _S + r")|"
    r"(?P<colour>" + _COLOURS + _S + r"(?=(?:jumper|jumpa|sweatshirt|cardigan|cardi|cardie|polo|blazer)s?"
    r"(?![a-z]))))?" + _GARMENT
    + _S + r"(?:(?:both|all)" + _S + r")?(?:with|w/?|wiv|has|have|has" + _S + r"got|that" + _S + r"has|thats"
    + _S + r"got)" + _S
    + r"(?:the|our)" + _S + r"(?!(?:scout|scouts|brownie|brownies|cub|cubs|guide|guides|beaver|beavers|"
    r"swimming|nike|adidas|puma|club|band|brand)(?![a-z]))(?:[a-z]+" + _S + r")?"
    r"(?P<badge>badge|crest|emblem|logo)s?(?![a-z])(?!" + _S + r"of(?![a-z]))")
# Made to wear it: "who else has to wear the grey skirt and white polo", "have to wear school shoes
# AND a tie"; the garment (and one named with it) is uniform. An adult's ("my dad has to wear a
# tie for work") is left out by _ADULT_BEFORE and _ADULT_AFTER.
_MUST_WEAR = re.compile(
    # who is made to: the writer, their friends, the reader (not "in Victorian times they had to wear")
    r"(?<![a-z])(?:(?:i|we|u|you|ya|who" + _S + r"else|everyone|every1)" + _S
    + r"(?:(?:still|now|all|even)" + _S + r")?(?:ha(?:ve|s|d)" + _S + r"to|got" + _S
    + r"to|gotta|need" + _S + r"to|needs" + _S + r"to|must|"
    r"made" + _S + r"to|forced" + _S + r"to)|make" + _S + r"(?:us|me|u|you))" + _S + r"wear" + _S
    + r"(?:[a-z]+" + _S + r"){0,4}?(?P<garment>" + _GARMENT + r"(?:" + _S + r"(?:and|&|n|\+)" + _S
    + r"(?:[a-z]+" + _S + r"){0,2}?" + _GARMENT + r")?)")
# What is on a garment of the writer's, or of a kind such as "sports": "sports kit with the mustang
# on it", "our new football kit has the horse logo on the front"; not mud or paint.
_EMBLEM_ON = re.compile(
    # "my football socks n shorts have ...": up to three words before the garment, a second garment too
    r"(?<![a-z])(?:(?:our|my|ur|your|his|her|their)" + _S + r"(?:[a-z]+" + _S + r"){0,3}?|"
    + _KIND + _S + r")"
    r"(?P<worn>" + _GARMENT + _S + r"(?:with|w/?|wiv|has|have|has" + _S + r"got|that" + _S + r"has)" + _S
    + r"(?:the|a|our)"
    + _S + r"(?!(?:mud|paint|stain|stains|food|dirt|grass|water|juice|ink|glue|sick|blood|label|labels|"
    r"number|numbers|name|names)(?![a-z]))(?:[a-z]+" + _S + r")?[a-z]+)" + _S + r"on(?:" + _S
    + r"(?:it|them|the" + _S + r"(?:front|back|chest|sleeve|pocket|arm)))?(?![a-z])")
# What _MUST_WEAR cannot match without.
_WEAR_LINK = re.compile(r"(?:to|must|gotta|make us|make me|make u|make you) wear ")
# What _EMBLEM_ON cannot match without, far cheaper to look for than the whole pattern.
_EMBLEM_LINK = re.compile(r" (?:with|w/?|wiv|has|have|got) (?:the|a|our) ")
# _EMBLEM_ON's tail, from the link to "on": "with the horse on". Most posts with a link ("we have a
# lovely", "with the class") have no "on" two words after it, and this needs no garment before the
# link, so it costs less than the whole pattern's backtracking over the words before a garment.
_EMBLEM_TAIL = re.compile(r"(?:with|w/?|wiv|has|have|has" + _S + r"got|that" + _S + r"has)" + _S
                          + r"(?:the|a|our)" + _S + r"(?:[a-z]+" + _S + r")?[a-z]+" + _S + r"on(?![a-z])")
# A badge with something on it, as a pupil describes theirs: "a badj with a horse on".
_BADGE_WITH = re.compile(r"(?<![a-z])(?<!swimming )(?<!scout )(?<!brownie )(?<!cub )(?<!guide )"
                         r"(?P<worn>(?:badge|badj|bage|badg|bagde|crest|emblem)s?" + _S + r"(?:with|w/?|wiv)"
                         + _S + r"(?:a|an|the)" + _S + r"(?:[a-z]+" + _S + r")?[a-z]+)" + _S + r"on(?![a-z])")
# A badge said to be sewn into the garment: "the badge is stitched on", "our crests are embroidered";
# not a swimming or scout badge, sewn on for an award.
_BADGE_SEWN = re.compile(r"(?<![a-z])(?<!swimming )(?<!scout )(?<!scouts )(?<!brownie )(?<!cub )"
                         r"(?<!guide )(?<!beaver )(?:badge|badj|crest|emblem)s?" + _S
                         + r"(?:is|are|was|were|(?:has|have)" + _S + r"been|gets?|got)" + _S + r"(?:all" + _S
                         + r"|now" + _S + r")?(?:stitched|embroidered|sewn|sewed|woven)(?![a-z])")
_KIT_HAS = re.compile(r"kits?" + _S + r"(?:has|have)" + _S + r"the" + _S + r"logo")
# What is on "our" jumpers is the school's: "the mustang on our jumper"; not mud or paint.
_ON_OUR = re.compile(r"(?<![a-z])(?:the|a)" + _S + r"(?!(?:mud|paint|stain|stains|food|dirt|grass|water|"
                     r"juice|ink|glue|sick|blood|label|labels)(?![a-z]))[a-z]+" + _S + r"on" + _S
                     + r"(?P<own>our" + _S + r"(?:(?:school|pe|house)" + _S + r")?(?:jumper|jumpa|blazer|"
                     r"sweatshirt|cardigan|cardi|cardie|polo|tie|top|hoodie)s?)(?![a-z])")
# Ties "we" were given: "we got new ties with stripes on them".
_WE_GOT_TIES = re.compile(r"(?<![a-z])(?:we|i)" + _S + r"(?:got|get|have|had|are" + _S + r"getting|r" + _S
                          + r"getting|just" + _S + r"got)" + _S + r"(?:(?:new|house|school|clip[\s-]?on|"
                          r"striped|stripy)" + _S + r")+ties?(?![a-z])")
# A tie that an adult wears (for work, to a wedding) is no pupil's uniform: "my dad has to wear a tie".
_ADULT_BEFORE = re.compile(r"(?<![a-z])(?:dad|daddy|mum|mummy|grandad|grandpa|granddad|uncle|auntie|aunt|"
                           r"brother|nan|grandma|step\s*dad|step\s*mum|teacher|sir)(?:['\u2019]s)?" + _S
                           + r"(?:[a-z']+" + _S + r"){0,3}\Z")
_ADULT_AFTER = re.compile(_S + r"(?:for|to|at)" + _S + r"(?:(?:a|an|the|my|his|her|their)" + _S + r")?"
                          r"(?:work|weddings?|church|office|interviews?|funerals?|job)(?![a-z])")
# A garment said to come from school or be for it: "my grey skirt from school".
_SCHOOL_AFTER = re.compile(_S + r"(?:from|for)" + _S + r"(?:school|skool|skl|scool|schl|skewl)(?![a-z])")
_NOT_SCHOOL_AFTER = frozenset({"coat", "coats", "jacket", "jackets", "hat", "hats", "scarf", "scarves",
                               "fleece", "fleeces", "cap", "caps"})
# The writer's garment with the school's name on it: "our football shirts have Millbrook Primary School on".
_GARMENT_HAS = re.compile(r"(?<![a-z])(?:my|our|his|her|their|your|ur)" + _S + r"(?:[a-z]+" + _S + r")?"
                          + _GARMENT + _S + r"(?:have|has|say|says|with|that" + _S + r"(?:say|says|have|has))"
                          + _S + r"(?:the" + _S + r")?\Z")
# Ties that "we" have to wear: "why do we have to wear ties", "they make us wear ties".
_WE_WEAR_TIES = re.compile(r"(?<![a-z])(?:we|us)" + _S + r"(?:(?:have|got|need)" + _S + r"to" + _S
                           + r"|must" + _S + r"|gotta" + _S + r"|(?:still|all|now)" + _S + r")?"
                           r"(?P<wear>wear" + _S + r"(?:our" + _S + r")?ties?)(?![a-z]|[\s-]*dye)")
_SCHOOL_BADGE = re.compile(r"(?<![a-z])school" + _S + r"(?:logo|badge|crest|emblem)")
# After "tie" in the word view: what makes it a garment spoken of.
_TIE_SPOKEN_OF = ("is ", "are ", "was ", "were ", "look")
_LOOK_BACK = 40
# How far before a garment to look for the last word of the school's name, a possessive and a kind.
_NAME_REACH = 40
_KIND_WORDS = frozenset({"pe", "p", "e", "sport", "sports", "house", "leavers", "new", "old", "summer",
                         "winter", "official"})


# "uniform" as pupils mistype it: letters swapped, dropped, doubled or a key away.
_UNIFORM_TYPOS = ("unifrom", "uniforom", "unifom", "unifrm", "uniforn", "unifomr", "unform", "uinform",
                  "uniofrm", "unifirm", "uniformm", "uniiform", "unirorm", "yuniform")


class _Phrase(NamedTuple):
    size: int
    role: int  # a sum of the roles below


# What a lexicon phrase or a word does: report itself, cancel what it overlaps, or send the text
# to the patterns that need it (a garment to the school's name, a badge or a tie to their own).
_REPORT, _CANCEL, _GARMENT_WORD, _BADGE_WORD, _TIE_WORD = 1, 2, 4, 8, 16
_TRIGGERS = ((_GARMENT_WORD, _GARMENTS), (_BADGE_WORD, _BADGES), (_TIE_WORD, ("tie",)))


def _plural(phrase: str) -> str | None:
    """The plural of a phrase's last word, or ``None`` when it already ends in s."""
    if phrase.endswith("s"):
        return None
    if phrase.endswith(("x", "ch", "sh")):
        return phrase + "es"
    if phrase.endswith("y") and phrase[-2:-1] not in "aeiou":
        return phrase[:-1] + "ies"
    return phrase + "s"


class UniformDetector(TextDetector):
    """School uniform and badges: from ``uniform.txt``, the writer's ("my tie"), the school's ("MCEP tops").

    A garment is the writer's when owned or put on ("our ties", "wearing a tie", "the crest on my
    jumper") and the school's when its name or badge is next to it ("hoodies with the MCEP logo").
    """

    kinds = frozenset({"uniform"})

    def __init__(self, profile: ScanProfile) -> None:
        super().__init__(profile)
        self._school = SchoolNameDetector(profile)
        roles: dict[str, int] = {}
        for trigger, words in _TRIGGERS:
            for word in words:
                for form in (word, _plural(word)):
                    if form:
                        roles[form] = trigger
        for line in load_words("uniform.txt"):
            role = _CANCEL if line.startswith("!") else _REPORT
            written = word_view(line.lstrip("!").lower()).strip()
            # "leavers' hoodie" is "leavers  hoodie" in the word view; "leavers hoodie" too.
            phrases = {written, " ".join(written.split())}
            if "uniform" in written:  # "my unifrom", "new uniforn": the word as it is often mistyped
                phrases |= {p.replace("uniform", typo) for p in phrases for typo in _UNIFORM_TYPOS}
            for phrase in phrases:
                for form in (phrase, _plural(phrase)):
                    if form:  # a phrase that is also a trigger word ("blazer") keeps both roles
                        roles[form] = roles.get(form, 0) | role
        automaton = ahocorasick.Automaton()
        for form, role in roles.items():
            automaton.add_word(f" {form} ", _Phrase(len(form), role))
        automaton.make_automaton()
        self._automaton = automaton

    def _after_name(self, view: str, start: int) -> bool:
        """True when the word that ends at ``view[start]`` (skipping a possessive "s" and a word such
        as "PE") may end the school's name: "MCEP PE tops", "Millbrook Primary's logo"."""
        end = start
        for _ in range(3):
            begin = view.rfind(" ", 0, end)
            word = view[begin + 1:end]
            if word and word != "s" and word not in _KIND_WORDS:
                return word in self._school.last_words
            end = begin
        return False

    def _context(self, text: Text, triggers: int, named: bool) -> list[tuple[int, int]]:
        """Spans of ``text.lower`` where a garment or badge is the writer's, or the school's."""
        low = text.lower
        spans = [m.span() for m in _TIE.finditer(low)
                 if not _ADULT_BEFORE.search(low, max(0, m.start() - 30), m.start())
                 and not _ADULT_AFTER.match(low, m.end())] if triggers & _TIE_WORD else []
        if triggers & _TIE_WORD:
            spans += [m.span() for m in _WE_GOT_TIES.finditer(low)]
            spans += [m.span(1) for m in _GARMENT_AND_TIE.finditer(low)]
            spans += [m.span("wear") for m in _WE_WEAR_TIES.finditer(low)]
        if triggers & _GARMENT_WORD and " on our " in low:
            spans += [m.span("own") for m in _ON_OUR.finditer(low)]
        badges = []
        if triggers & _BADGE_WORD:
            spans += [m.span() for m in _BADGE_ON.finditer(low)]
            spans += [m.span() for m in _OWN_WITH_BADGE.finditer(low)]
            spans += [m.span() for m in _LOGO_ON.finditer(low)]
            spans += [m.span("worn") for m in _BADGE_WITH.finditer(low)]
            spans += [m.span() for m in _BADGE_SEWN.finditer(low)]
            for m in _ANY_WITH_BADGE.finditer(low):
                logo = m.group("badge") == "logo"
                # a logo only on a garment of the school's kind, or after "the" on a kit
                if not logo or m.group("kind") or m.group("colour") or _KIT_HAS.match(low, m.start()):
                    spans.append(m.span())
            badges = [m.span() for m in _SCHOOL_BADGE.finditer(low)]
        has = triggers & _GARMENT_WORD and (" ha" in low or " say" in low or " with " in low)
        for start, end in self._school.spans(text) if named or has else ():
            after = _AFTER_NAME.match(low, end) if named else None
            if after is not None:
                (badges if after.group(1) else spans).append((start, after.end()))
            own = _GARMENT_HAS.search(low, max(0, start - _LOOK_BACK), start) if has else None
            if own is not None:
                spans.append((own.start(), end))
        for start, end in badges:  # on a garment just before? "hoodies with the MCEP logo"
            before = _GARMENT_WITH.search(low, max(0, start - _LOOK_BACK), start)
            spans.append((start if before is None else before.start(), end))
        return spans

    def find_many(self, texts: Sequence[Text]) -> list[list[Detection]]:
        """:meth:`find` for each text; a phrase spelt out letter by letter ("s c h o o l  t i e")
        is read closed up too."""
        results = [self.find(text) for text in texts]
        for i, view in enumerate(spaced_views(texts)):
            if view is not None:
                results[i] = merge_spaced(results[i], self.find(view))
        return results

    def find(self, text: Text) -> list[Detection]:
        """Every uniform mention in ``text`` that no cancelling phrase overlaps."""
        low = text.lower
        view = word_view(low)
        spans = []
        cancelled = []
        triggers = 0
        named = False
        for end, (size, role) in self._automaton.iter(view):  # most texts have no hit
            start = end - size - 1  # in ``lower``; ``end`` is the space after the phrase in the view
            triggers |= role
            if role & _REPORT:
                spans.append((start, end - 1))
            if role & _CANCEL:
                cancelled.append((start, end - 1))
            # "my school cardi", "skool jumpa"; never a bag or a kit ("book bags", "PE kit": the
            # commonest hits), so those skip the regexes
            if role & _GARMENT_WORD and (garment := low[start:end - 1]) not in _NOT_UNIFORM_GARMENTS:
                school = _SCHOOL_BEFORE.search(low, max(0, start - 20), start)
                if school is not None:
                    spans.append((school.start(), end - 1))
                elif garment not in _NOT_SCHOOL_AFTER:
                    after = _SCHOOL_AFTER.match(low, end - 1)
                    if after is not None:
                        spans.append((start, after.end()))
            # A garment or badge may be the school's only when its name is just before; a tie only
            # when it is spoken of ("Millbrook Primary tie is the ugliest"), not a drawn match.
            if not named and (role & (_GARMENT_WORD | _BADGE_WORD) or (
                    role & _TIE_WORD and view.startswith(_TIE_SPOKEN_OF, end + 1))):
                named = self._after_name(view, start)
        on_our = triggers & _GARMENT_WORD and " on our " in low  # "the mustang on our jumper"
        # "our football shirts have Millbrook Primary School on": the school's name after the garment
        has = triggers & _GARMENT_WORD and (" ha" in low or " say" in low or " with " in low)
        if named or triggers & (_BADGE_WORD | _TIE_WORD) or on_our or has:
            spans += self._context(text, triggers, named)
        if triggers & (_GARMENT_WORD | _TIE_WORD) and " wear " in low and _WEAR_LINK.search(low):
            spans += [m.span("garment") for m in _MUST_WEAR.finditer(low)
                      if not _ADULT_BEFORE.search(low, max(0, m.start() - 30), m.start())
                      and not _ADULT_AFTER.match(low, m.end())]
        if (triggers & _GARMENT_WORD and " on" in low and _EMBLEM_LINK.search(low)
                and _EMBLEM_TAIL.search(low)):
            spans += [m.span("worn") for m in _EMBLEM_ON.finditer(low)]  # "sports kit with the mustang on it"
        if not spans:
            return []
        if cancelled:
            spans = [(start, end) for start, end in spans
                     if not any(s < end and start < e for s, e in cancelled)]
        # Overlapping mentions make one ("the MCEP badge" and "badge on my jumper").
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        found = []
        for start, end in merged:
            o_start, o_end = text.span(start, end)
            found.append(Detection("uniform", o_start, o_end, text.original[o_start:o_end], _UNIFORM))
        return found
