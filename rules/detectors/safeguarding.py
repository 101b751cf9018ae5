"""Contact risk: someone asking a child to meet, keep a secret, go private or send photos.

These are the grooming patterns the policy warns of ("never arrange to meet anyone alone"): a
request to meet alone or be picked up, questions about where a child lives or whether they are
home alone, a move to a private chat, a secret to keep or messages to delete, a request for
photos. Every finding is critical: it goes to the designated safeguarding lead. School notices
that share the words ("meet the teacher evening", "send your photos of the trip to the office",
"secret santa", "message the office") do not match: each pattern needs its person ("me", "you",
"your mum") where the notice has none. A request to a child is made in the second person, so a
bare "don't tell anyone" (a pupil about their own news) needs more ("...about us", "...we talk",
"..., ok?") before it counts, and "follow me on TikTok" (a public profile, not a private chat) does not.
Past the fixed phrases, the patterns follow the shapes a request takes in any wording: somewhere
out of sight ("meet up somewhere quiet"), the child alone ("bring no one", "be friends, just us"),
what the two share kept hidden ("don't mention our chats", "without your mum knowing", "no need
to tell Mum and Dad"), and pictures of a child in kit or pyjamas, or with their address.
Whose request it is the scanner decides (``BREACH_FOR``): an adult's, not one pupil's to another.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

from auditor import Detection, ScanProfile, mask_words
from rules.detectors import TextDetector
from rules.detectors.lexicon import CONDUCT_GATE
from rules.detectors.text import Text

__all__ = ["ContactRiskDetector"]

_A = "['\u2019]?"
_YOU = r"(?:you|u)"
_YOUR = r"(?:your|ur)"
_PARENT = r"(?:mum|mom|mam|mummy|mommy|dad|daddy|parents|family|teachers?|nan|gran)"
# The people at home a child would ask first (not teachers: "no need to ask your teacher" is help).
_HOME = r"(?:mum|mom|mam|mummy|mommy|dad|daddy|parents|family|nan|gran|carers?)"
_APPS = (r"(?:snap(?:chat)?|insta(?:gram)?|whats\s*app|tik\s*tok|kik|discord|facebook|fb|telegram|wickr|"
         r"wechat|signal|viber|skype|messenger)")
# Apps where a chat is out of sight (not public feeds such as TikTok or Instagram).
_PRIVATE_APPS = (r"(?:snap(?:chat)?|whats\s*app|kik|discord|telegram|wickr|wechat|signal|viber|messenger|"
                 r"dms?|private\s+(?:chat|messages?))")
# Apps a child is asked about to move a chat out of sight: their chats vanish or stay unseen.
_HIDDEN_APPS = r"(?:snap(?:chat)?|kik|discord|telegram|wickr)"
_DONT = rf"(?:don{_A}t|do\s+not|dont)"
# "your parents won't see", "your mum never needs to know"
_NOT_KNOW_NEGS = ("will not", "never", *(f"{word}{a}t" for word in ("won", "can", "doesn", "wouldn", "don")
                                        for a in ("'", "\u2019", "")))
_NOT_KNOW_NEG = "|".join(n.replace(" ", r"\s+") for n in _NOT_KNOW_NEGS)
_NOT_KNOW_VERBS = ("see", "know", "find", "need", "check", "have to")
_WHATS_YOUR = tuple(f"{w} {y}" for w in ("what's", "what\u2019s", "whats", "what is") for y in ("your", "ur"))
# What a photo "of your ..." shows when it is of the child in private: "a photo of your bedroom".
_PRIVATE_PLACE = (r"(?:body|bedroom|room|bed|legs|feet|face|outfit|pjs|pyjamas|pajamas|swimsuit|"
                  r"swimming\s+costume|leotard)(?![a-z])")
_MEDIA = r"(?:pic|pics|picture|pictures|photo|photos|selfie|selfies|nudes?|vid|vids|video|videos|snap|snaps)"
# Parents named with or without "your", one or two of them: "Mum and Dad", "your mum or your dad".
_HOMES = rf"(?:{_YOUR}\s+)?{_HOME}(?:\s+(?:and|or|&|n)\s+(?:{_YOUR}\s+)?{_HOME})?"
# What an adult and a child share that a groomer wants kept hidden: their chats, their friendship.
_OUR_TALK = (r"our\s+(?:little\s+|private\s+|secret\s+|late\s+night\s+)?(?:chats?|messages?|msgs?|texts?|"
             r"talks?|convos?|conversations?|dms?|calls?|facetimes?|friendship|meet\s*-?\s*ups?|time\s+together)")
# Where no one else will be: "somewhere quiet", "somewhere no one can see us".
_SECLUDED = (r"(?:somewhere|some\s+where|someplace|some\s+place)\s+(?:more\s+|really\s+|nice\s+and\s+)?"
             r"(?:quiet(?:er)?|private|secret|hidden|out\s+of\s+the\s+way|"
             r"(?:no\s*(?:one|body)|nobody)\s+(?:can|will|would)\s+(?:see|find|bother|hear))(?![a-z])(?!\s+than)")

# category: (pattern, reason, gate keywords), in order of precedence.
_RULES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "meet_alone": (
        rf"come\s+(?:on\s+{_YOUR}\s+own|alone|by\s+{_YOUR}self)|"
        # "come to the park on your own", "come down the skatepark alone": a place, then alone
        rf"come\s+(?:(?:down|over|up|round|along|out)\s+)?(?:to\s+)?(?:the|my)\s+(?:[a-z'-]+\s+){{0,5}}?"
        rf"(?:on\s+{_YOUR}\s+own|alone|by\s+{_YOUR}self)|"
        rf"(?:meet|see)\s+me\s+(?:[a-z']+\s+){{0,6}}?(?:alone|on\s+{_YOUR}\s+own|by\s+{_YOUR}self)|"
        # "just wait by the back gate on your own", "come to 9 Heron Way on your own": told where
        # to be, then to be there alone
        rf"(?:wait|come|stay|walk|hang\s+(?:about|around|back)|be)\s+(?:[a-z0-9',]+\s+){{1,6}}?"
        rf"(?:on\s+{_YOUR}\s+own|by\s+{_YOUR}self)|"
        rf"don{_A}t\s+bring\s+(?:anyone|anybody|{_YOUR}\s+{_PARENT}|{_YOUR}\s+friends?)|"
        # "bring no one", "bring nobody with you": told to come unaccompanied
        r"bring\s+(?:no\s*(?:one|body)|nobody)(?!\s+else\s+(?:but|than|except))|"
        # "we should meet up somewhere quiet", "hang out somewhere no one can see": a meeting out of sight
        rf"(?:meet|see\s+(?:me|{_YOU})|hang\s+out|get\s+together)(?:\s+(?:up|me|{_YOU}))?\s+{_SECLUDED}|"
        # "message me and we can be friends, just us": contact offered to the child alone
        rf"(?:message|msg|text|dm|meet|hang\s+out|be\s+friends|play|call|facetime|chat|talk)"
        rf"(?![a-z])[^.!?\n]{{0,40}}?(?:just|only)\s+(?:us|us\s+two|the\s+two\s+of\s+us|me\s+and\s+{_YOU})"
        rf"(?![a-z])(?!\s+(?:and|&|with|in\s+the\s+(?:class|group|team))(?![a-z]))|"
        r"just\s+(?:the\s+)?(?:two|2)\s+of\s+us|"
        # "just you, no friends", "just you and me"
        rf"just\s+{_YOU}(?:\s+and\s+me)?(?:\s*,\s*|\s+)(?:and\s+)?no\s+(?:friends|mates|parents|adults|"
        rf"grown\s*-?ups|one\s+else|mum|dad)|just\s+(?:{_YOU}\s+and\s+me|me\s+and\s+{_YOU})(?![a-z])"
        rf"(?!\s+(?:and|&|with)(?![a-z]))|"
        # "meet at the rec on Saturday, no parents": a meeting the adults are kept from (not "no
        # parents needed", a notice about who has to come)
        rf"(?:meet|come|hang\s+out|see\s+{_YOU})(?![a-z])[^.!?\n]{{0,50}}?(?:,|-|\u2013)\s*(?:and\s+)?no\s+"
        rf"(?:parents|mums?|dads?|adults|grown\s*-?\s*ups)(?=\s*(?:[.;!?)]|$|x+(?![a-z])|,\s*(?:they|it|ok|okay)"
        rf"(?![a-z])))",
        "asking to meet alone",
        ("alone", "on your own", "on ur own", "by yourself", "by urself", "bring", "of us", "just you",
         "just u", "just us", "only us", "just me", "only me", "no parents", "no mum", "no dad", "no adults",
         "no grown", "somewhere", "some where", "someplace", "some place")),
    "meet": (
        # not "can any parent meet me at the gate": adults asked
        r"(?<!parent\s)(?<!parents\s)(?<!mums\s)(?<!dads\s)(?<!adult\s)(?<!anyone\s)(?<!anybody\s)"
        r"meet\s+me\s+(?:at|in|by|behind|outside|near|round|after|tonight|later|somewhere)(?:\s+the)?"
        r"(?:\s+[a-z]+)?|"
        # "wanna meet?", "we could meet up", "shall we meet tonight": a proposal with no errand after it
        rf"(?:wanna|want\s+to|we\s+(?:could|can|should)|shall\s+we|let{_A}s|(?:do|would)\s+{_YOU}\s+"
        rf"(?:wanna|want\s+to|like\s+to))\s+meet(?:\s+up)?(?=\s*(?:[^\w\s]|$|x+(?![a-z])|sometime|"
        rf"tonight|later|after\s+school|this\s+weekend|soon|irl|in\s+person))",
        "asking to meet in person",
        ("meet me", "wanna meet", "want to meet", "could meet", "can meet", "should meet", "we meet",
         "lets meet", "let's meet", "let\u2019s meet", "like to meet")),
    "visit": (
        # "come to my house after school", "come round mine"
        r"come\s+(?:(?:round|over|back)\s+)?(?:to\s+)?(?:my\s+(?:house|flat|place|home|bedroom|room|car)"
        r"(?!\s+(?:town|team|ground))|mine)(?:\s+after\s+school|\s+tonight|\s+later)?|"
        # "I can give you private lessons", "free coaching at my flat"
        rf"(?:give|offer)\s+{_YOU}\s+(?:some\s+)?(?:private|free|extra|special)\s+(?:lessons?|tuition|coaching|"
        r"training|sessions?)(?:\s+(?:at|in|round)\s+my\s+(?:house|flat|place|home|car))?|"
        # "one-to-ones in my car": time alone with the child, somewhere of the writer's
        r"(?:(?:private|free|extra|special)\s+(?:lessons?|tuition|coaching|training|sessions?)|"
        r"one\s*-?\s*(?:to|on)\s*-?\s*ones?)\s+(?:at|in|round)"
        r"\s+my\s+(?:house|flat|place|home|car|van)",
        "asking to meet in person",
        ("my house", "my flat", "my place", "my home", "my bedroom", "my room", "my car", "round mine",
         "over mine", "to mine", "back mine", "give you", "give u", "offer you", "offer u", "my van")),
    "home_alone": (
        rf"are\s+{_YOU}\s+(?:home\s+)?alone|{_YOU}\s+home\s+alone|"
        rf"(?:are|is)\s+{_YOUR}\s+{_PARENT}\s+(?:home|in|out|away|there|around)(?![a-z])|"
        rf"(?:when|what\s+time)\s+(?:are|do|will|does)\s+{_YOUR}\s+{_PARENT}\s+(?:go\s+out|leave|get\s+home|come\s+home|"
        r"go\s+to|get\s+back|finish)|"
        # "I'll call you when your parents are out": contact timed for when no adult is there
        rf"when\s+{_YOUR}\s+{_HOME}(?:{_A}s|{_A}re)?\s+(?:(?:are|is|r|have|has|{_A}re|{_A}s)\s+)?(?:out|away|asleep|gone\s+out|"
        rf"gone\s+to\s+bed|in\s+bed|not\s+(?:home|in|there|around|looking|watching)|at\s+work)(?![a-z])|"
        rf"is\s+any(?:one|body)\s+(?:else\s+)?(?:home|in|there|with\s+{_YOU})(?![a-z])",
        "asking whether a child is alone",
        ("alone", "are your", "are ur", "is your", "is ur", "when are", "when do", "when will", "when does",
         "when your", "when ur", "what time",
         *(f"any{w} {n}" for w in ("one", "body") for n in ("home", "else", "in", "there", "with")))),
    "pickup": (
        rf"(?:i{_A}ll|i\s+will|i\s+can|i\s+could|let\s+me|i{_A}m\s+going\s+to)\s+(?:come\s+and\s+)?"
        rf"(?:pick\s+{_YOU}\s+up|collect\s+{_YOU}|drive\s+{_YOU}|take\s+{_YOU}\s+home)"
        r"(?:\s+(?:after|from)\s+school)?|get\s+in\s+(?:my|the)\s+car",
        "offering to pick a child up",
        (*(f"{v} {y}" for v in ("pick", "collect", "drive") for y in ("you", "u")), "take you home",
         "take u home", "get in my car", "get in the car")),
    "details": (
        rf"what{_A}s\s+{_YOUR}\s+(?:home\s+)?(?:address|postcode|phone\s+number|number|mobile)|"
        rf"what\s+is\s+{_YOUR}\s+(?:home\s+)?(?:address|postcode|phone\s+number|mobile\s+number)|"
        rf"where\s+do\s+{_YOU}\s+live|what\s+(?:school|street|road)\s+(?:do|are)\s+{_YOU}\s+"
        rf"(?:go\s+to|at|live\s+on|on|in)|(?:give|send|tell)\s+me\s+{_YOUR}\s+(?:address|number|postcode)|"
        # "reply with a photo and your address": what the child looks like and where to find them
        rf"{_MEDIA}\s+(?:and|&|\+|n|with)\s+{_YOUR}\s+(?:home\s+)?(?:address|postcode)|"
        rf"{_YOUR}\s+(?:home\s+)?(?:address|postcode)\s+(?:and|&|\+|n|with)\s+(?:a\s+|an\s+|some\s+)?{_MEDIA}",
        "asking for a child's personal details",
        (*_WHATS_YOUR, "where do you", "where do u", "what school", "what street", "what road", "me your",
         "me ur", "address", "postcode")),
    "secret": (
        # "dont show ur parents": hiding the chat; not a surprise kept a while ("don't show mum the card yet")
        rf"{_DONT}\s+show\s+(?:(?:it|this|that|them|these)\s+to\s+)?(?:{_YOUR}\s+)?{_PARENT}(?![a-z])"
        rf"(?![^.!?\n]{{0,40}}(?<![a-z])(?:surprise|present|presents|card|gift|cake|yet|till|until|before)(?![a-z]))|"
        rf"{_DONT}\s+(?:tell|mention\s+(?:it|this|that|us|me|anything)\s+to|say\s+(?:anything\s+)?to)\s+"
        rf"(?:{_YOUR}\s+{_PARENT}|{_PARENT})|"
        # A bare "dont tell anyone" is often a pupil about their own news; a request says what not to tell.
        rf"{_DONT}\s+(?:tell|mention\s+(?:it|this|that)\s+to)\s+(?:anyone|anybody|nobody|no\s*one|them)"
        rf"(?:\s+about\s+(?:us|me|this|our)|\s+(?:that\s+)?(?:we|i)\s+(?:talk|talked|chat|chatted|met|meet|"
        rf"speak|spoke|message|messaged|text|texted|sent|said)|\s+what\s+(?:we|i)|"
        rf"(?=\s*,?\s*(?:ok|okay|yeah|right|promise|x+)(?![a-z])))|"
        rf"{_YOUR}\s+{_PARENT}\s+(?:{_NOT_KNOW_NEG})\s+"
        rf"(?:(?:ever|even|needs?\s+to|has\s+to|have\s+to)\s+)?(?:see|know|find\s+out|check)|"
        r"(?:our|a)\s+(?:little|special)\s+secret|"
        r"our\s+secret(?=\s*(?:[.,!?)]|$|ok|okay|yeah|right|x))|"
        rf"keep\s+(?:this|it|that)\s+(?:a\s+secret(?!\s+from\s+(?:the\s+)?(?:kids|children|pupils|class|little\s+ones))|secret|between\s+(?:us|{_YOU}\s+and\s+me|me\s+and\s+{_YOU})|"
        rf"to\s+{_YOUR}self|(?:quiet\s+|hidden\s+|secret\s+)?from\s+{_HOMES})|(?:just|this\s+is|it{_A}s)\s+between\s+(?:us|{_YOU}\s+and\s+me|me\s+and\s+{_YOU})|"
        r"no\s*(?:one|body)\s+(?:needs|has)\s+to\s+know|"
        # "don't worry your mum about it", "no need to bother your dad with this": the parents kept out
        rf"(?:{_DONT}|no\s+need\s+to)\s+(?:worry|bother|trouble)\s+{_HOMES}\s+(?:about|with)\s+(?:it|this|that|us)|"
        # "..., I won't tell": the writer promising to keep the child's secret (not "I won't tell you
        # the ending": the promise ends the clause)
        rf"i(?:\s+(?:won{_A}t|wont|will\s+not|will\s+never)|{_A}ll\s+never|\s+ll\s+never)\s+tell"
        rf"(?:\s+(?:anyone|anybody|a\s+soul|{_HOMES}))?(?=\s*(?:[.,;!?)]|$|x+(?![a-z])|promise))|"
        # a promise asked for ("promise you won't tell?"); a request reported ("...and not tell my mum")
        rf"promise\s+(?:(?:{_YOU}|me)\s+)?(?:{_YOU}\s+)?(?:won{_A}t|wont|will\s+not|not\s+to|(?:ll|{_A}ll)\s+not)\s+"
        rf"(?:tell|say|mention)(?!\s+(?:(?:anyone|anybody|them|the\s+others)\s+)?(?:the\s+)?"
        rf"(?:ending|answer|answers|score|spoilers?|surprise|plot)(?![a-z]))|"
        rf"(?:and|but|&|n)\s+not\s+(?:to\s+)?tell\s+(?:my|{_YOUR})\s+{_HOME}|"
        # "text me, don't use your mum's phone": contact kept off the devices the parents see
        rf"(?:{_DONT}|never)\s+use\s+{_YOUR}\s+{_HOME}{_A}s?\s+(?:phone|mobile|ipad|tablet|laptop|computer|"
        rf"account|email|e-mail|number)(?![a-z])(?!\s+(?:charger|charging|case|cover|cable|lead|plug|screen|stand|"
        rf"bill|contract|data)(?![a-z]))|"
        # "don't mention our chats to anyone", "never tell your dad about our messages": what the adult
        # and the child share, kept hidden (not "don't share our photos", a school's own request)
        rf"(?:{_DONT}|never)\s+(?:ever\s+)?(?:tell|mention|say\s+(?:anything|a\s+word)|talk|speak)\s+"
        rf"(?:(?:to|with)\s+)?(?:(?:anyone|anybody|no\s*one|{_HOMES}|{_YOUR}\s+{_PARENT}|{_PARENT})\s+)?"
        rf"(?:about\s+)?(?:{_OUR_TALK}|what\s+we\s+(?:talk|talked|chat|chatted|say|said|text|texted|message|do|did)"
        rf"(?:\s+about)?)|"
        rf"keep\s+{_OUR_TALK}\s+(?:a\s+secret|secret|quiet|private|hidden|between\s+us|to\s+{_YOUR}self)|"
        # "without your mum knowing": contact hidden from the people at home
        rf"without\s+{_HOMES}\s+(?:knowing|finding\s+out|seeing|noticing)|"
        # "your parents wouldn't understand": the adults cast as outsiders to the friendship
        rf"(?:{_YOUR}\s+{_PARENT}|grown\s*-?\s*ups|adults|other\s+people)\s+(?:wouldn{_A}t|won{_A}t|wont|wouldnt|"
        rf"would\s+never|will\s+never|(?:don{_A}t|dont|do\s+not)\s+(?:ever\s+)?)\s*understand(?:\s+(?:us|this|it))?"
        rf"(?=\s*(?:[.,;!?)]|$|x+(?![a-z])))|"
        # "just don't mention it to anyone": "just" makes a bare "don't tell anyone" a request to
        # keep quiet; news kept for a while is not ("just don't tell anyone yet, it's a surprise")
        rf"just\s+{_DONT}\s+(?:tell|mention\s+(?:it|this|that|anything)\s+to)\s+(?:anyone|anybody|no\s*one)"
        r"(?!\s+(?:yet|till|until|til|before|at\s+school)(?![a-z]))|"
        # "no need to ask your mum", "you don't have to tell your dad first": leaving a parent out;
        # not "no need to ask your parents for money" (a request of the parents themselves)
        rf"(?:no\s+need|(?:{_YOU}\s+)?{_DONT}\s+(?:need|have)|{_YOU}\s+(?:needn{_A}t|need\s+not))\s+to\s+"
        # not "no need to ask your teacher" (who can help); "no need to tell your teacher" hides it
        rf"(?:(?:ask|tell|check\s+with)\s+{_HOMES}|tell\s+{_YOUR}\s+(?:teachers?|form\s+tutor|tutor|coach))"
        rf"(?=\s*(?:[.,;!?)\-\u2013\u2014]|$|first|about\s+(?:it|this|us|me)|(?:ok|okay|x+)(?![a-z])))",
        "asking to keep a secret",
        ("don't tell", "don\u2019t tell", "dont tell", "do not tell", "don't show", "don\u2019t show",
         "dont show", "do not show", "secret", "between us", "between you",
         "between me", "don't mention", "don\u2019t mention", "dont mention", "do not mention", "don't say",
         "don\u2019t say", "dont say", "do not say",
         *(f"{n} {v}" for n in _NOT_KNOW_NEGS for v in _NOT_KNOW_VERBS),
         *(f"{n} {v}" for n in ("no one", "noone", "nobody", "no body") for v in ("needs", "has")),
         "to ask your", "to ask ur", "to tell your", "to tell ur", "check with your", "check with ur",
         "promise", "not tell", "not to tell", "quiet from", "hidden from", "secret from", "it from",
         "this from", "that from", "worry your", "worry ur",
         "bother your", "bother ur", "trouble your", "trouble ur", "won't tell", "won\u2019t tell",
         "wont tell", "will not tell", "never tell", "never mention", "never say", "never talk",
         "never speak", "don't use", "don\u2019t use", "dont use", "do not use", "never use", "don't talk",
         "don\u2019t talk", "dont talk", "do not talk", "don't speak",
         "don\u2019t speak", "dont speak", "do not speak", "keep our", "without", "understand",
         *(f"to {v} {h}" for v in ("ask", "tell") for h in ("mum", "mom", "mam", "dad", "parents", "family",
                                                            "nan", "gran", "carer")))),
    "delete": (
        r"delete\s+(?:this|these|the|my|our|that|your|ur|all\s+(?:the|my|our))\s+(?:message|messages|msg|msgs|"
        r"chat|chats|convo|conversation|dm|dms|text|texts)|delete\s+(?:it|this)\s+after\s+(?:reading|you\s+read)|"
        # "delete this once you've seen it": a message meant to leave no trace once read
        rf"delete\s+(?:it|this|that)\s+(?:(?:when|once|as\s+soon\s+as|after)\s+{_YOU}(?:{_A}ve|\s+have|ve)?|"
        rf"after)\s+(?:read|seen|reading|looked\s+at)(?![a-z])",
        "asking to delete messages", ("delete",)),
    "private": (
        rf"add\s+me\s+on\s+{_APPS}|(?:find|look\s+for|search\s+for|chat\s+to|talk\s+to|msg|message|text)\s+me\s+"
        rf"on\s+{_PRIVATE_APPS}|(?:my|me)\s+{_APPS}\s+is|(?:dm|pm|inbox|direct\s+message|private\s+message)"
        rf"\s+me|message\s+me\s+(?:privately|in\s+private|directly|on\s+{_APPS})|"
        # "email me privately", "text me in private", "ring me on my personal number"
        rf"(?:email|e-mail|text|txt|msg|call|ring|phone|contact|write\s+to)\s+me\s+(?:privately|in\s+private|"
        rf"secretly|on\s+my\s+(?:personal|private|own)\s+(?:number|phone|mobile|email|e-mail|account))|"
        rf"(?:chat|chatting|chattin|talk|talking|talkin)\s+(?:in\s+)?private(?:ly)?|"
        # "wanna chat on discord?", "let's carry on talking on kik": a move proposed, to an app out of sight
        rf"(?:wanna|want\s+to|shall\s+we|let{_A}s|we\s+(?:can|could|should)|can\s+we)\s+(?:keep\s+|carry\s+on\s+)?"
        rf"(?:chat|chatting|talk|talking|message|messaging|msg|text|texting)\s+(?:on|over|in)\s+{_PRIVATE_APPS}"
        rf"(?!\s+groups?)|"
        # "do u have kik or snap?": the child asked which hidden-chat app they are on (not WhatsApp or
        # Messenger, which one parent asks another about: "do you have WhatsApp? join the class group")
        rf"(?:do|have)\s+{_YOU}\s+(?:have|got|use)\s+{_HIDDEN_APPS}(?:\s+(?:or|and|/)\s+{_PRIVATE_APPS})?"
        rf"(?=\s*(?:[^\w\s]|$))|"
        # "wanna chat somewhere more private?", "talk somewhere quieter, just us"
        rf"(?:chat|talk|speak|message|go)\s+(?:somewhere|some\s+where|someplace|elsewhere)\s+(?:more\s+)?"
        rf"(?:private|quiet(?:er)?|secret|no\s*one\s+(?:can\s+see|will\s+see|sees))|"
        # "send me videos of your routines to my private account", "send them to my inbox, just for me"
        rf"send\s+(?:[^\s.,;:!?]+\s+){{0,5}}?to\s+my\s+(?:(?:private|personal|secret)\s+(?:account|email|e-mail|"
        rf"inbox|number|phone|mobile|dms?|page|insta(?:gram)?|snap(?:chat)?)|(?:inbox|dms?)\s*,?\s*(?:just|only)\s+"
        rf"for\s+me)|"
        # "switch to telegram, it's more private"
        # "let's move this chat to WhatsApp", "take it to snap", "carry on on kik"
        rf"(?:switch|swap|move|go\s+over|come\s+over|take|carry\s+on|continue)\s+"
        rf"(?:(?:this|the|our|it|us|things)(?:\s+(?:chat|convo|conversation|talk|msgs?|messages))?\s+)?"
        rf"(?:over\s+)?(?:to|on|onto)\s+(?:the\s+|a\s+|our\s+)?{_PRIVATE_APPS}(?!\s+groups?)"
        rf"(?:\s*,?\s*(?:it{_A}s|its|it\s+is)\s+(?:more\s+private|safer)(?:\s+there)?)?|"
        # "move this convo to insta": a conversation moved is moved to the app's private messages,
        # whichever app it is
        rf"(?:switch|swap|move|take|carry\s+on|continue)\s+(?:this|the|our)\s+(?:chat|convo|conversation|"
        rf"talk|msgs?|messages)\s+(?:over\s+)?(?:to|on|onto)\s+{_APPS}|"
        rf"(?:what{_A}s|what\s+is|give\s+me|send\s+me)\s+{_YOUR}\s+{_APPS}",
        "asking to move to a private chat",
        ("add me on", "my snap", "me snap", "my insta", "me insta", "my whats", "my kik", "my discord",
         "my tik", "my telegram", "dm me", "pm me", "inbox me", "direct message me", "private", "message me",
         "switch", "swap", "move to", "convo to", "this chat", "our chat", "the chat", "conversation to",
         "messages to", "msgs to", "convo over", "talk over to", "move over", "over to", "secretly",
         "my personal", "my private",
         *(f"{v} {w}" for v in ("chat", "talk", "speak", "message", "go")
           for w in ("somewhere", "some where", "someplace", "elsewhere")), "my inbox", "my dm",
         "own number", "own phone", "own mobile", "own email", "wanna chat", "wanna talk", "want to chat",
         "want to talk", "shall we", "let's", "let\u2019s", "lets", "we can", "we could", "we should",
         "can we",
         *(f"{d} {y} {h}" for d in ("do", "have") for y in ("you", "u") for h in ("have", "got", "use")),
         "to whats", "to snap", "to kik", "to discord", "to telegram", "to wickr", "to wechat", "to signal",
         "to viber", "to messenger", "on whats", "on snap", "on kik", "on telegram", "on discord",
         "on signal", "on wickr", "on viber", "on wechat", "onto whats", "onto snap",
         *_WHATS_YOUR, "give me your", "give me ur", "send me your", "send me ur")),
    "photos": (
        # ("whatsapp me some photos", "dm me a pic": any way of sending them to the writer)
        rf"(?:(?:send|whatsapp|snap|dm|pm|text|txt|message|msg)\s+me\s+(?:a\s+few\s+(?:more\s+)?|a\s+couple\s+(?:of\s+|more\s+)?|a\s+|an\s+|some\s+|more\s+|"
        rf"another\s+|\d{{1,2}}\s+|{_YOUR}\s+)?{_MEDIA}"
        rf"(?:\s+of\s+(?:{_YOU}|{_YOUR}self|{_YOUR}\s+{_PRIVATE_PLACE}))?(?!\s+of\s)|"
        # "can you send more photos?": a second-person request with nothing (no project, no office) after it
        rf"(?:can|could|will|would)\s+{_YOU}\s+send\s+(?:me\s+)?(?:a|an|some|more|another|{_YOUR})\s+{_MEDIA}"
        rf"(?=\s*(?:[^\w\s]|$|x+(?![a-z])|of\s+(?:{_YOU}|{_YOUR}self)|for\s+me|just|private))|"
        # "send a selfie": a selfie is of the child (a class asks "send us a selfie with your book")
        # ("ping me a selfie", "dm me a selfie": any way of sending it to the writer)
        rf"(?:send(?:\s+me)?|(?:ping|dm|pm|msg|message|text|txt|snap|whatsapp)\s+me)\s+"
        rf"(?:a\s+|another\s+|more\s+|some\s+|{_YOUR}\s+)?selfies?(?!\s+(?:to|with|for)\s)|"
        # "send me pics of your dancing, only me tho": pictures asked for the writer's eyes alone
        rf"send\s+me\s+(?:a\s+|an\s+|some\s+|more\s+|{_YOUR}\s+)?{_MEDIA}(?![a-z])[^.!?\n]{{0,50}}?"
        rf"(?:just|only)\s+(?:for\s+|to\s+)?me(?![a-z])(?!\s+(?:and|&|or)(?![a-z]))|"
        # "you look so grown up in your profile pic, send me more": more of the photo just named
        rf"{_MEDIA}[^.!?\n]{{0,40}}?send\s+me\s+more(?=\s*(?:[^\w\s]|$|x+(?![a-z])|pls|plz|please)))"
        # "... private ones, just for me"
        r"(?:[\s?!,.]+(?:(?:private|special|secret)\s+ones|(?:just|only)\s+for\s+me))*|send\s+nudes|"
        # "send pics x", "send sum pix pls": texted, with nothing after to say what of (or "of you")
        rf"send\s+(?:(?:me|us)\s+)?(?:(?:some|sum|more|a\s+few|ur|your)\s+)?(?:pics|pix|picz|pic|vids|vid)"
        rf"(?=\s*(?:[^\w\s]|$|x+(?![a-z])|pls|plz|please|babe|hun|now|tonight|of\s+(?:{_YOU}|{_YOUR}self)(?![a-z])))|"
        rf"{_MEDIA}\s+of\s+(?:{_YOU}|{_YOUR}self)\s+(?:in|without|wearing)|what\s+are\s+{_YOU}\s+wearing|"
        # "send me a pic of him in his kit": another child's picture asked for, in what shows the body
        rf"send\s+me\s+(?:a\s+|an\s+|some\s+|more\s+)?{_MEDIA}\s+of\s+(?:him|her|them)(?:self|selves)?\s+"
        rf"(?:in|wearing)\s+(?:(?:his|her|their|a|the)\s+)?(?:[a-z]+\s+)?(?:kit|shorts|swimsuit|swimming\s+(?:costume|trunks)|"
        rf"trunks|leotard|pjs|pyjamas|pajamas|underwear|pants|towel|bed|bath)(?![a-z])|"
        rf"show\s+me\s+{_YOUR}\s+(?:body|bum|boobs|chest)|turn\s+{_YOUR}\s+(?:camera|cam|webcam)\s+on",
        "asking for photos",
        ("send me", "send nudes", "selfie", "send pic", "send pix", "send vid",
         *(f"{w} {m}" for w in ("some", "sum", "more", "few", "ur", "your", "me", "us")
           for m in ("pic", "pix", "vid")), "you send", "u send",
         "of you", "of u", "of yourself", "of urself", "you wearing", "u wearing",
         "show me your", "show me ur", "turn your", "turn ur",
         *(f"{v} me" for v in ("ping", "dm", "pm", "msg", "message", "text", "txt", "snap", "whatsapp")))),
}

_PATTERNS = {category: re.compile(rf"(?<![a-z])(?:{source})(?![a-z])")
             for category, (source, _, _) in _RULES.items()}


# The words between two phrases of one request: a short stretch with no sentence's end.
_SAME_REQUEST = re.compile(r"[^.!?\n]{0,40}")

_PREFIX = "contact:"
for _category, (_, _, _keywords) in _RULES.items():
    CONDUCT_GATE.add(_PREFIX + _category, _keywords)
_ORDER = {category: rank for rank, category in enumerate(_RULES)}


class ContactRiskDetector(TextDetector):
    """Requests to meet, keep secrets, go private or send photos (``contact_risk``, critical)."""

    kinds: ClassVar[frozenset[str]] = frozenset({"contact_risk"})

    def __init__(self, profile: ScanProfile) -> None:
        super().__init__(profile)

    def find(self, text: Text) -> list[Detection]:
        """Every contact-risk phrase in ``text``; a phrase counts once, under its first category."""
        return self._find(text, CONDUCT_GATE.categories(text.lower))

    def find_many(self, texts: Sequence[Text]) -> list[list[Detection]]:
        """:meth:`find` for each text, the keyword gate shared with the other conduct detectors."""
        return [self._find(text, gated) if gated else []
                for text, gated in zip(texts, CONDUCT_GATE.categories_many(texts), strict=True)]

    @staticmethod
    def _find(text: Text, gated: set[str]) -> list[Detection]:
        categories = {c.removeprefix(_PREFIX) for c in gated if c.startswith(_PREFIX)}
        if not categories:
            return []
        hits: list[tuple[int, int, str]] = []  # (start, end, reason) in ``text.original``
        taken: list[tuple[int, int]] = []
        for category in sorted(categories, key=_ORDER.__getitem__):
            for match in _PATTERNS[category].finditer(text.lower):
                start, end = match.span()
                if any(start < t_end and t_start < end for t_start, t_end in taken):
                    continue
                taken.append((start, end))
                hits.append((*text.span(start, end), _RULES[category][1]))
        hits.sort()
        # One request is one finding: phrases of the same sentence ("let's talk somewhere your parents
        # can't see, have u got kik?") are reported together, with each phrase's reason.
        merged: list[tuple[int, int, str]] = []
        for start, end, reason in hits:
            if merged and _SAME_REQUEST.fullmatch(text.original, merged[-1][1], start):
                m_start, m_end, m_reason = merged[-1]
                reasons = m_reason if reason in m_reason.split("; ") else f"{m_reason}; {reason}"
                merged[-1] = (m_start, max(end, m_end), reasons)
            else:
                merged.append((start, end, reason))
        return [Detection("contact_risk", start, end, mask_words(text.original[start:end]), reason,
                          critical=True) for start, end, reason in merged]
