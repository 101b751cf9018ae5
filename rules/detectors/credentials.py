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
# (the longer forms first: "was reset to X" is not "was" and the word "reset")
_IS = (r"(?:(?:has\s+|have\s+|has\s+been\s+|have\s+been\s+|was\s+|were\s+|been\s+|got\s+|is\s+being\s+)?"
       r"(?:changed|reset|set|updated)\s+to|is|was|is\s+now|is\s+still|still|will\s+be)")
# "is the same as last year: owls", "is as before - owls": a password said to be unchanged, then named.
_UNCHANGED = (r"(?:is|was)\s+(?:still\s+)?(?:the\s+same\s+as\s+(?:[^\s.,;:!?]+\s+){0,3}?[^\s.,;:!?]+|"
              r"as\s+(?:before|usual|always|ever)|unchanged|the\s+usual(?:\s+one)?)\s*[:=-]\s*")
_SEP = (rf"(?P<sep>\s*[:=]\s*|\s+{_UNCHANGED}|\s+(?:{_IS}|for\s+today\s+is)\s+|{_A}?s\s+|\s+-\s+|"
        # "password for the class blog is owls2026", "pw for my account is x": what it unlocks, then "is"
        rf"\s+(?:for|to|on|of|at|in)\s+(?:[^\s.,;:!?]+\s+){{1,5}}?(?:{_UNCHANGED}|{_IS}\s+)|"
        # "changed the password? It's now Cakes4All!": a question answered
        rf"\s*[?.!]\s*(?:it{_A}s|its|it\s+is)\s+(?:now\s+)?|\s+)")
# A secret read out digit by digit ("passcode is 7 7 1 2") is taken whole.
_SHARED = r"(?P<secret>\d(?:[ -]\d){3,7}(?![ -]?\d)|[^\s,;]{3,64})"
_USER_LABEL = r"(?:user\s*name|user\s*id|user|login|log-in|log\s+in(?:\s+details)?|account)"
_USER = r"(?P<user>[a-z0-9._@-]{2,40})"
# What a code or PIN unlocks, then "is": "code for the PTA cupboard is", "PIN for the lunch account is".
_FOR_IS = rf"(?:\s+(?:for|to|of|on|at|in)\s+(?:[^\s.,;:!?]+\s+){{1,6}}?{_IS}\s+)"
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
    # ("my login is freyaw_11 and the pass is bluecat": "the" or "my" before the second label)
    rf"(?<![a-z]){_USER_LABEL}\s*(?:is\s+|[:=]\s*|\s)\s*{_USER}\s*(?:,|and|&|/|;)?\s*"
    rf"(?:(?:the|my|your|his|her|their|our)\s+)?(?:{_PW_WORD}|pass)(?![a-z]){_SEP}{_SHARED}",
    # "my login is sarah.h / Millie2015": a user name and a password after a slash (perhaps after
    # whom it is for: "login for the new clerk: sarah.h / Millie2015")
    rf"(?<![a-z]){_USER_LABEL}\s*(?:is\s+|[:=]\s*|{_FOR_COLON}|\s)\s*{_USER}\s*/\s*(?P<pair>[^\s,;]{{3,64}})",
    # "log in with jsmith / Sunshine1", "log on as 4C and the password tiger", "logs in as cover2
    # with Autumn24" (after "with" only what looks made up, checked in _is_secret)
    rf"(?<![a-z])logs?\s*(?:in|on)\s+(?:with|as|using)\s+{_USER}\s*"
    # ("log in as mustangfm with the password X": the password's label is tried before a bare "with")
    rf"(?:/|(?:,|and|&|with|using)\s*(?:(?:the|my|your|a)\s+)?(?:{_PW_WORD}|pass)(?![a-z]){_SEP}|"
    rf"(?P<with>\s(?:with|using)\s+))"
    rf"\s*{_SHARED}",
    # "log in with pta.millbrook": a made-up user name to log in with (checked in _is_secret)
    r"(?<![a-z])logs?\s*-?\s*(?:in|on)\s+(?:with|as|using)\s+(?:the\s+(?:user\s*name|login)\s+)?"
    r"(?P<handle>[a-z0-9][a-z0-9._-]{1,38}[a-z0-9])(?![^\s,;!?]|[.,;!?][a-z0-9])",
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
    # digits in groups ("5521 7780 1942") are taken whole, so none is left unmasked
    r"(?P<code>\d{3,5}(?: \d{3,5}){1,3}(?! ?\d)|[0-9a-z](?:[0-9a-z]|-(?=[0-9a-z])){3,15})(?![^\s.,;!?])",
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
# What each of _PATTERNS (in the same order) cannot match without. The patterns are dear (each tries
# its alternations at every character), and a post the gate let in (for "code", or "log" in "Logan")
# holds the words of one or two of them at most, so the rest are not run at all.
_LOG_IN = r"log\s*-?\s*in"
_LABEL_NEEDLE = re.compile(rf"user|account|{_LOG_IN}")
_LOG_NEEDLE = re.compile(r"logs?\s*-?\s*(?:in|on)")
_CODE_NEEDLE = re.compile("code")
_NEEDLES = (_LABEL_NEEDLE, _LABEL_NEEDLE, _LOG_NEEDLE, _LOG_NEEDLE, _CODE_NEEDLE, _CODE_NEEDLE, _CODE_NEEDLE,
            _CODE_NEEDLE, re.compile("pin"), re.compile(rf"user|{_LOG_IN}"),
            re.compile(r"pa?s{1,2}(?:w|owrd)|pass|p/?w"))
_GATED_PATTERNS = tuple(zip(_PATTERNS, _NEEDLES, strict=True))
# What the general rule (_GENERAL, _GENERAL_REVERSE, _DERIVED below) cannot match without: one of
# their nouns, or the part of it that is always written.
_ANY_NOUN = re.compile(rf"pa?s{{1,2}}(?:w|owrd)|pass|p/?w|pin|user|account|gamer|{_LOG_IN}|roblox|minecraft|"
                       r"fortnite|xbox|psn|playstation|discord|steam|epic|nintendo|code|comb|key|door|gate|"
                       r"alarm|cupboard|lock")

# ---- The general rule, for wordings the patterns above do not name: a credential noun, a short
# link to what it is ("is", ":", "=", "for the side gate this term is", "? oh wait it's"), and a
# token shaped like a secret (digits, spaced or dashed digits, an O for a 0, letters mixed with
# digits or symbols, dash-grouped codes, a quoted word). The noun decides what shape counts: after
# "password" a quoted word does; after "door" or "alarm" only digits do; after "code" or "key" a
# year does not ("the school code 2026 list").
_GENERAL_NOUN = (
    r"(?<![a-z])(?:"
    r"(?P<pw>pa?s{1,2}(?:w(?:[ao]r|ro|[aor])?d|owrd)s?|pass\s*word|pwd|pw|p/w|pass\s*code|pass\s*key|"
    r"pin(?:\s+(?:number|code|no\.?))?)|"
    r"(?P<user>user\s*name|user\s*id|account\s+name|gamer\s*tag|log\s*-?\s*in(?:\s+(?:name|id|details))?|"
    # an account in a game or app, named for the game: "my roblox is ruby_gamer2015"
    r"(?:my|his|her|their|your|ur)\s+(?:roblox|minecraft|fortnite|xbox|psn|playstation|discord|steam|epic|"
    r"nintendo)(?!\s+(?:user\s*name|user\s*id|log\s*-?\s*in|gamer\s*tag|account\s+name))(?:\s+(?:name|id|tag|account))?)|"
    r"(?P<code>(?:(?!(?:the|a|an|my|our|your|his|her|their|this|that)\s)(?P<what>[a-z]+)\s+)?(?:code|combination|combo)|key\s*safe|(?:wi-?fi\s+)?key)|"
    r"(?P<lock>door|gate|alarm|cupboard|locker|padlock|keypad|(?:phone\s+|screen\s+|bike\s+|i-?pad\s+)?lock))"
    r"(?![a-z])")
# Words before "code" that make it no secret: a postal or dialling code, a dress code, a voucher.
_PUBLIC_CODES = frozenset({
    "post", "area", "phone", "dialling", "dialing", "country", "zip", "sort", "dress", "discount", "promo",
    "promotional", "voucher", "coupon", "gift", "qr", "bar", "tracking", "booking", "order", "reference",
    "ref", "course", "tax", "colour", "color", "morse", "source", "cheat", "error", "status", "highway",
    "product", "referral", "offer", "ticket", "sale", "shipping", "delivery",
})
# A shop's words around a code make it a discount to type at the checkout, not a secret: "Great deals
# on school shoes here ... use code SCHOOL10", "20% off at checkout with code AUTUMN5".
_SHOP_WORDS = re.compile(r"(?<![a-z])(?:deals?|bargains?|discount(?:ed|s)?|\d+\s*%\s*off|sale|checkout|"
                         r"offers?|promo|vouchers?|coupons?)(?![a-z])")
_SHOP_REACH = 60
# Between the noun and its secret: up to six words of what it is for, then the link.
_GENERAL_LINK = (
    rf"(?:(?P<mid>(?:\s+[^\s.,;:!?]+){{0,6}}?)"
    rf"(?P<link>\s*[:=]\s*|\s+-\s+|{_A}s\s+|"
    r"\s+(?:is|was|are|is\s+now|is\s+still|still|was\s+changed\s+to|has\s+changed\s+to|"
    r"has\s+been\s+changed\s+to|will\s+be|now|"
    r"(?:goes\s+off|opens|unlocks|switches\s+off|turns\s+off|comes\s+off)\s+with)\s+(?:now\s+)?|"
    # a question answered, or a clause after: "... ipads?? oh wait its 1 1 0 8", "on the router, it's X"
    # (or whose it was: "Dojo parent code? Ours was HJK29P"), perhaps hedged: "... box? I think it's
    # 4471", "code again? it was something like QWV-88L" (a guess at a secret still gives it away)
    rf"\s*[?!.,]+\s*(?:(?:oh|wait|yeah|yes|ok|okay|actually|nvm|lol|i\s+think|i\s+believe|pretty\s+sure|"
    rf"i{_A}?m\s+sure)[\s,]+){{0,3}}(?:it{_A}?s|it\s+is|it\s+was|"
    r"(?:ours|mine|theirs|his|hers)\s+(?:is|was|is\s+still))\s+(?:now\s+|(?:something\s+)?like\s+)?|"
    # what it is, then the digits themselves: "PIN is her birthday, 1-9-4-8"
    r"\s+(?:is|was)\s+(?:[^\s.,;:!?]+\s+){0,3}?[^\s.,;:!?]+\s*[,:]\s*(?=\d)"
    # then how to use it: "invite code now: type MUSTANG-1187", "code - enter 4471"
    r")(?:(?:type|enter|use|put\s+in|key\s+in|tap\s+in|press|punch\s+in)\s+)?|(?P<bare>\s+))")
# The token's shape is checked again in :meth:`CredentialDetector._general_secret`; here it only
# has to be one that could be a secret, so a plain word lets the pattern look further along.
_GENERAL_SHAPE = (
    r"(?P<tok>['\"\u2018\u201c](?P<quoted>[^'\"\u2018\u2019\u201c\u201d\s]{3,30})['\"\u2019\u201d]|"
                  r"\d(?:[ -]\d){2,7}(?![ -]?\d)|\d{3,5}(?:[ -]\d{3,5}){1,3}(?![ -]?\d)|"
                  r"(?=[^\s,;]*[0-9_!@#$%&*])[^\s,;]{3,40}|[a-z0-9]{2,6}(?:-[a-z0-9]{2,6}){1,3})")
_GENERAL = re.compile(_GENERAL_NOUN + _GENERAL_LINK + _GENERAL_SHAPE)
_MAYBE_TOKEN = re.compile(r"[0-9_!@#$%&*\"\u201c\u2018]|(?<!\w)'")
# The reverse order: "4471 is the side gate code", "use 2580 to open the gate".
_GENERAL_REVERSE = re.compile(
    r"(?<![^\s(\"'])(?P<tok>\d(?:[ -]\d){2,7}|\d{3,8}|(?=[a-z0-9!@#$%&*_-]*\d)(?=[a-z0-9!@#$%&*_-]*[a-z])"
    r"[a-z0-9][a-z0-9!@#$%&*_-]{3,30})"
    r"(?:\s+(?:is|was|=)\s+(?:the|my|our|your|his|her|their)|"
    r"\s+(?:to\s+(?:open|unlock|get\s+into|get\s+in|switch\s+off|turn\s+off)|for|on|at)\s+(?:the|my|our|your))"
    r"(?P<mid>(?:\s+[^\s.,;:!?]+){0,3}?)\s+"
    r"(?P<noun>(?:wi-?fi\s+)?(?:password|passcode|pin|code|combination|key\s*safe|keypad|door|gate|alarm|padlock|"
    r"locker|login|log-in|username))(?![a-z])")
_REVERSE_VERB = re.compile(
    rf"(?:use|enter|type|press|punch\s+in|key\s+in|tap\s+in|put\s+in|it{_A}?s|its|is)\s+\Z")
# Talk about secrets that shares none: advice, examples, resets, guesses.
_ADVICE_BEFORE = re.compile(
    # (not a word inside a host name: "play.example.net:25565 password is x" gives no example)
    rf"(?<![a-z])(?<![a-z]\.)(?:(?:never|don{_A}?t|dont|do\s+not|shouldn{_A}?t|should\s+not|avoid)\s+(?:ever\s+)?"
    r"(?:use|make|choose|pick|set|have|using|making|choosing|picking|setting)|"
    r"forgot|forgotten|forget|reset|resetting|example|e\.g|such\s+as|guess|guessed|weak|strong|easy|"
    r"common|popular|worst|fake|unlike|hint)(?![a-z])(?!\.[a-z]{2,}\b)")
_ADVICE_BETWEEN = re.compile(
    r"(?<![a-z])(?:not|never|like|such\s+as|e\.g|example|should|must|need|needs|at\s+least|contain|"
    r"include|includes|have|has|be|guess|common|popular|worst|weakest|strongest|easiest|obvious|wrong|"
    r"isn|wasn|aren|weren|doesn|didn|same|different)(?![a-z])")
# What a number is when it is no secret: a time, a price, a quantity ("40 seconds", "2 inches").
_UNIT_AFTER = re.compile(
    r"\s*(?:am|pm|p|%|o{_A}?clock|pence|quid|pounds?|characters?|chars?|digits?|letters?|numbers?|words?|"
    r"symbols?|mins?|minutes?|hrs?|hours?|seconds?|secs?|days?|weeks?|months?|years?|times?|people|"
    r"children|pupils|kids|adults|pages?|lines?|points?|metres?|meters?|miles?|yards?|feet|inches|cm|mm|"
    r"kg|steps|places|seats|spaces|tickets|copies|th|st|nd|rd)(?![a-z])".replace("{_A}", _A))
_PRICE_BEFORE = re.compile(r"[£$€#]\s*\Z|(?:no|number|room|rm|year|yr|class|page|p|bus|route|gate|flat|"
                           r"unit|house|platform|table|ext|extension|urn|order|ticket|ref)\.?\s+\Z")
_DIGITS = re.compile(r"[0-9o](?:[ -]?[0-9o])+")
_YEAR = re.compile(r"(?:19|20)\d\d")
_UNIT_TOKEN = re.compile(r"\d+(?:st|nd|rd|th|am|pm|p|kg|g|km|cm|mm|ml|m|l|s|mph|k|x|yrs?|mins?|hrs?|ft|in|"
                         r"min|hr|pc|v|mb|gb)|(?:y|yr|year|class|room|rm|p|no|u|under)-?\d+[a-z]?")
_MIXED = re.compile(r"(?=[^\s]*\d)(?=[^\s]*[a-z])[a-z0-9][a-z0-9!@#$%&*_.+-]*[a-z0-9!#$%&*]")
_SYMBOLISED = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[_!@#$%&*][A-Za-z0-9]+|[a-z][A-Z][A-Za-z0-9]*)[!#$%&*]?")
_DASH_GROUPS = re.compile(r"[A-Z0-9]{2,6}(?:-[A-Z0-9]{2,6}){1,3}")
# "the password is the same but with a 7 on the end", "is my dog's name and 12": a secret told by
# what it is built from, which gives it away as surely as writing it out.
_DERIVED = re.compile(
    rf"(?<![a-z])(?:{_PW_WORD})\s+(?:is|was|'s)\s+(?P<tok>(?:the\s+same(?:\s+as\s+[^\s.,;]+(?:\s+[^\s.,;]+)?)?|"
    r"(?:my|his|her|your|our|the)\s+(?:[a-z']+\s+){0,2}?(?:name|birthday|surname|dog|cat|pet|team)[a-z']*"
    r"(?:\s+name)?)"
    r"\s+(?:but\s+)?(?:with|plus|then|followed\s+by|and)\s+(?:an?\s+|the\s+number\s+)?"
    r"(?:\d+|[!@#$%&*?]|(?:one|two|three|four|five|six|seven|eight|nine)(?![a-z]))"
    r"(?:\s+(?:on|at)\s+the\s+(?:end|start|front|beginning))?|"
    # "my passcode is the same backwards": a number just given, turned round
    r"the\s+same(?:\s+as\s+[^\s.,;]+(?:\s+[^\s.,;]+)?)?\s+(?:but\s+)?(?:backwards?|reversed|in\s+reverse|"
    r"the\s+other\s+way\s+round))")

# Every pattern starts with one of these words, and most posts hold none (see lexicon.KeywordGate).
_KEY = "credential:label"
CONDUCT_GATE.add(_KEY, ["pass", "pasw", "psw", "pssw", "p/w", "pw", "pwd", "pin", "log", "code", "user",
                        "key", "combination", "combo", "account name", "gamertag", "gamer tag"])
CONDUCT_GATE.add(_KEY, ["lock"], whole=True)  # "my bike lock is 5O92"; not "locked", "lockdown"
CONDUCT_GATE.add(_KEY, [f"{p} {g}" for p in ("my", "ma", "his", "her", "their", "your", "ur")
                        for g in ("roblox", "minecraft", "fortnite", "xbox", "psn", "playstation", "discord",
                                  "steam", "epic", "nintendo")])
# A lock's name alone ("the staffroom door is 1-9-9-5") opens only the general rule, and only when
# the post holds three digits together: "meet at the school gate at 3:15" is most posts with a gate.
_LOCK_KEY = "credential:lock"
CONDUCT_GATE.add(_LOCK_KEY, ["door", "gate", "alarm", "cupboard", "locker", "padlock", "keypad"])
_THREE_DIGITS = re.compile(r"\d[ -]?\d[ -]?\d")
_LOCK_WORD = re.compile(r"(?<![a-z])(?:door|gate|alarm|cupboard|locker|padlock|keypad)(?![a-z])")

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
# A user name to log in with holds a dot, an underscore or a digit between letters.
_HANDLE = re.compile(r"(?=[a-z0-9._-]*[a-z])[a-z0-9]+(?:[._-]?[a-z0-9]+)*(?:[._][a-z0-9]+|[0-9])[a-z0-9]*")
# A user name told after its label, perhaps with what it is for: "login 4 mathletics is evie.s",
# "my fortnite is xXFinnyXx". The name must look made up (see :meth:`CredentialDetector._user_told`).
_USER_TOLD = re.compile(
    r"(?<![a-z])(?:(?:(?:my|ma|his|her|their|your|ur|the|our)\s+)?(?:user\s*name|user\s*id|gamer\s*tag|"
    r"log\s*-?\s*in(?:\s+(?:name|id))?)|(?:my|ma|his|her|their|your|ur)\s+(?:roblox|minecraft|fortnite|xbox|"
    r"psn|playstation|discord|steam|epic|nintendo)(?:\s+(?:name|id|tag|account))?)"
    r"(?:\s+(?:for|4|on|to)\s+(?:[^\s.,;:!?]+\s+){0,2}?[^\s.,;:!?]+)?(?:\s+is\s+|\s*[:=]\s*)"
    r"(?P<tok>[a-z0-9][a-z0-9._-]{2,30}[a-z0-9])(?![^\s,;!?]|[.,;!?][a-z0-9])")
_USER_TOLD_NEEDLE = re.compile(r"user|gamer|log\s*-?\s*in|roblox|minecraft|fortnite|xbox|psn|playstation|"
                               r"discord|steam|epic|nintendo")
# A gamer tag's case: lower then upper at least twice ("xXFinnyXx"), where a brand has it once ("iPad").
_CASE_SWITCH = re.compile(r"[a-z][A-Z]")
_SITE_END = re.compile(r"\.(?:com|co|uk|org|net|gov|sch|ac|io|app|me|info|pdf|docx?|jpe?g|png|html?)"
                       r"(?:\.|\Z)")
# The advice window ends where a bracket or a line closes: "(e.g. MKhan26) and the class PIN 4321".
_WINDOW_STOP = re.compile(r"[)\n]")


def _advice_before(low: str, start: int) -> bool:
    """Whether advice ("never use", "e.g.", "forgot") comes in the 30 characters before ``start``,
    within the same bracket and line: an example closed by ")" does not make what follows one."""
    lo = max(0, start - 30)
    stops = [m.end() for m in _WINDOW_STOP.finditer(low, lo, start)]
    return _ADVICE_BEFORE.search(low, stops[-1] if stops else lo, start) is not None


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
        results = [self._find(text, _KEY in gated) if _KEY in gated or _LOCK_KEY in gated else []
                   for text, gated in zip(texts, CONDUCT_GATE.categories_many(texts), strict=True)]
        for i, view in enumerate(spaced_views(texts)):
            if view is not None:
                gated = CONDUCT_GATE.categories(view.lower)
                if _KEY in gated or _LOCK_KEY in gated:
                    results[i] = merge_spaced(results[i], self._find(view, _KEY in gated))
        return results

    def _find(self, text: Text, labelled: bool = True) -> list[Detection]:
        """The detections in ``text``; with ``labelled`` false (the post names a lock but no
        password, PIN, code or log-in) only the general rule's, and only near three digits."""
        low = text.lower
        found: list[Detection] = []
        taken: list[tuple[int, int]] = []
        if not labelled:
            if _THREE_DIGITS.search(text.folded):
                plain = text.folded.lower()
                plain = plain if len(plain) == len(low) else low
                for lock in _LOCK_WORD.finditer(plain):  # only the words around each lock's name
                    lo, hi = max(0, lock.start() - 40), lock.end() + 90
                    if _THREE_DIGITS.search(plain, lo, hi):
                        self._general(text, plain, found, taken, lo, hi)
            return found
        patterns = [pattern for pattern, needle in _GATED_PATTERNS if needle.search(low)]
        for match in (m for pattern in patterns for m in pattern.finditer(low)):
            if any(match.start() < t_end and t_start < match.end() for t_start, t_end in taken):
                continue
            groups = match.groupdict()
            group = next(g for g in ("secret", "code", "pin", "mixed", "pair", "login", "handle")
                         if groups.get(g) is not None)
            s_start, s_end = match.span(group)
            secret = text.folded[s_start:s_end]
            if group in ("secret", "pair"):  # quotes and full stops around a password are not part of it
                stripped = secret.rstrip(_TRAILING)
                s_end -= len(secret) - len(stripped)
                secret = stripped.lstrip("\"'(")
                s_start += len(stripped) - len(secret)
            if (group == "secret" and not (groups.get("sep") or "").strip()
                    and _TALKED_ABOUT.search(low, max(0, match.start() - 20), match.start())):
                continue  # "forgot my password AGAIN": a password talked about, not shared
            if _advice_before(low, match.start()):
                continue  # "never make your PIN 1234": advice, with an example
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
        if _USER_TOLD_NEEDLE.search(low):
            self._user_told(text, found, taken)
        # The general rule needs a token with a digit, a symbol or a quote, which most posts with
        # "gate" or "key" in them lack; and it reads the text without leetspeak folded: its tokens are
        # the digits ("O4O7" would read "oaot").
        if _MAYBE_TOKEN.search(text.folded):
            plain = text.folded.lower()
            plain = plain if len(plain) == len(low) else low
            if _ANY_NOUN.search(plain):  # "Logan" let the post through the gate, but names no secret
                self._general(text, plain, found, taken)
        found.sort(key=lambda d: (d.start, d.end))
        return found

    def _general(self, text: Text, low: str, found: list[Detection], taken: list[tuple[int, int]],
                 lo: int = 0, hi: int | None = None) -> None:
        """The general rule (a credential noun linked to a secret-shaped token, either way round,
        or a password told by what it is built from) where the named patterns found nothing.
        ``low`` is the lower-case view with digits left as digits; only ``low[lo:hi]`` is read."""
        hi = len(low) if hi is None else min(hi, len(low))
        hits: list[tuple[int, int, int, int, bool]] = []  # (start, end, secret start, secret end, whole)
        for match in _GENERAL.finditer(low, lo, hi):
            cls = next(g for g in ("pw", "user", "code", "lock") if match.group(g) is not None)
            if cls == "code" and _LOCK_WORD.search(match.group("mid") or ""):
                cls = "lock"  # "the code for the year 6 door is 1984": a lock's code may read as a year
            if match.group("what") in _PUBLIC_CODES or _ADVICE_BETWEEN.search(match.group("mid") or ""):
                continue
            if cls == "code" and _SHOP_WORDS.search(low, max(0, match.start() - _SHOP_REACH),
                                                    min(len(low), match.end() + _SHOP_REACH)):
                continue
            t_start, t_end = match.span("tok")
            if match.group("quoted") is not None:
                t_start, t_end = match.span("quoted")
            else:
                t_end -= len(low[t_start:t_end]) - len(low[t_start:t_end].rstrip(".:)!?'\"\u2019\u201d"))
            whole = self._general_secret(text, low, t_start, t_end, cls, bare=match.group("bare") is not None,
                                         quoted=match.group("quoted") is not None)
            advice = _advice_before(low, match.start())
            if whole is not None and not advice:
                hits.append((match.start(), t_end, t_start, t_end, whole))
        for match in _GENERAL_REVERSE.finditer(low, lo, hi):
            t_start, t_end = match.span("tok")
            before = low[max(0, t_start - 30):t_start]
            if (_ADVICE_BEFORE.search(before) or _ADVICE_BETWEEN.search(match.group("mid"))
                    or (not low[t_end:t_end + 5].lstrip().startswith(("is", "was", "="))
                        and not _REVERSE_VERB.search(before))):
                continue
            whole = self._general_secret(text, low, t_start, t_end, "code", bare=False, quoted=False)
            if whole is not None:
                hits.append((t_start, match.end(), t_start, t_end, whole))
        for match in _DERIVED.finditer(low, lo, hi):
            hits.append((match.start(), match.end(), *match.span("tok"), False))
        for start, end, s_start, s_end, whole in hits:
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append((start, end))
            found.append(self._detection(text, start, end, [(s_start, s_end)], whole=whole))

    @staticmethod
    def _user_told(text: Text, found: list[Detection], taken: list[tuple[int, int]]) -> None:
        """User names told after their label ("my roblox is ...") that the patterns left: a made-up
        handle (a dot, an underscore or a digit between letters) or a gamer tag's mixed case, not
        a word ("my login is broken") nor a brand ("my xbox is iPad")."""
        low = text.lower
        aligned = len(text.folded) == len(low)
        plain = text.folded.lower() if aligned else low  # digits as digits: "login 4 mathletics"
        for match in _USER_TOLD.finditer(plain):
            start, (t_start, t_end) = match.start(), match.span("tok")
            token = match.group("tok")
            made_up = _HANDLE.fullmatch(token) is not None and not _SITE_END.search(token)
            cased = text.folded[t_start:t_end] if aligned else ""
            if not (made_up or len(_CASE_SWITCH.findall(cased)) >= 2):
                continue
            if _advice_before(low, start) or any(start < e and s < t_end for s, e in taken):
                continue
            taken.append((start, t_end))
            found.append(CredentialDetector._detection(text, start, t_end, [(t_start, t_end)], whole=False))

    @staticmethod
    def _general_secret(text: Text, low: str, start: int, end: int, cls: str, *, bare: bool,
                        quoted: bool) -> bool | None:
        """Whether the token at ``start:end`` is shaped like a secret for a noun of class ``cls``
        ("pw", "user", "code", "lock"): None when it is not, else whether it is masked whole
        (a number is; a word keeps its first letter)."""
        token, cased = low[start:end], text.folded[start:end]
        if len(token) < 3:
            return None
        if quoted:  # "the class password is 'rockstar'": a quoted word is the password itself
            return False if cls == "pw" and token not in _NOT_SECRET and token not in _VERDICTS else None
        if _DIGITS.fullmatch(token):
            digits = token.replace(" ", "").replace("-", "")
            # at least three digits, two of them real ("O4O7" has an O for each 0)
            if (len(digits) < 3 or sum(c.isdigit() for c in digits) < 2 or cls == "user"
                    or (bare and cls != "pw")):
                return None
            if len(digits) > 8 and (cls == "lock" or digits[0] == "0" or digits.startswith("44")):
                return None  # a phone number, not a code
            if (cls == "code" and _YEAR.fullmatch(digits) and digits == token) or (
                    digits[0] == "0" and len(digits) >= 7):
                return None
            if _UNIT_AFTER.match(low, end) or _PRICE_BEFORE.search(low, max(0, start - 12), start):
                return None
            return True
        if cls == "lock" or _UNIT_TOKEN.fullmatch(token) or "@" in token or token.startswith(("http", "www")):
            return None
        if len(token) >= 4 and _MIXED.fullmatch(token):
            return True
        if _SYMBOLISED.fullmatch(cased) or (
                _DASH_GROUPS.fullmatch(cased) and any(c.isupper() for c in cased)):
            return False
        return None

    @staticmethod
    def _is_secret(secret: str, group: str, groups: dict[str, str | None]) -> bool:
        if group == "pin":
            return True
        if group in ("mixed", "login"):
            return True
        if group == "handle":  # made up ("pta.millbrook", "y6_oak"), not a site, a file or an email
            return _HANDLE.fullmatch(secret.lower()) is not None and not _SITE_END.search(secret.lower())
        if group == "pair" or groups.get("with") is not None:
            return _LOOKS_SECRET.search(secret) is not None  # after a user name and a slash or "with",
            # only what looks made up
        if group == "code":
            return any(c.isdigit() for c in secret) or _WORD_DIGITS.fullmatch(secret.lower()) is not None
        if len(secret) < 3 or secret.lower() in _NOT_SECRET or set(secret) <= {"*", MASK, "."}:
            return False
        sep = (groups.get("sep") or groups.get("colon") or "").strip()
        if sep.endswith((":", "=", "-")) or groups.get("user") is not None:
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
                and 3 <= len(word) <= 20 and word.isalpha() and word not in _NOT_SECRET
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
