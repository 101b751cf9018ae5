"""The abuse detector's vocabulary and compiled abuse and profanity patterns."""

from __future__ import annotations

import re

from rules.detectors.lexicon import load_lexicon, spellings, trie_pattern

__all__ = [
    "CATEGORIES",
    "GLUED_INSULT",
    "HARM_VERBS",
    "INSULT_FORMS",
    "INSULT_NOUN_END",
    "KIN_GROUPS",
    "MASKED_WORD",
    "MASK_CHARS",
    "NOT_NAMES",
    "PATTERNS",
    "PEOPLE",
    "PRECEDENCE",
    "PROFANITY",
    "PROFANITY_FORMS",
    "PROFANITY_START",
    "SPACED_LETTERS",
    "WHO",
]

_A = "['\u2019]"  # an apostrophe, straight or curly (NFKC keeps the curly one)


def _words(name: str) -> str:
    return trie_pattern(load_lexicon(name))


_PROFANITY_WORDS = _words("profanity")
_NOUN = _words("insults")
_ADJ = _words("insult_adjectives")
_ACCUSATION = _words("accusations")
_STAFF_INSULT_ENTRIES = load_lexicon("staff_insults")
_SLUR = _words("slurs")
_PERSON_SWEAR = _words("abuse_person_swears")
_ANIMAL = _words("abuse_animals")
_SMELL = _words("abuse_smells")
_GROUP_NOUN = _words("abuse_groups")
_GROUP_ADJ = _words("abuse_group_adjectives")
_END = r"(?![a-z]|-[a-z])"  # a whole word: "thick-skinned" is not "thick"

# Profanity as written, or spelt out with one separator between letters ("f u c k", "s.h.i.t").
# A compound a swear word opens is still swearing ("a piss-up", "shit-faced"), so unlike _END a
# hyphen may follow: no swear word opens an innocent compound the way "thick" opens "thick-skinned".
PROFANITY = re.compile(rf"(?<![a-z])(?:{_PROFANITY_WORDS})(?![a-z])")
PROFANITY_START = re.compile(_PROFANITY_WORDS)
SPACED_LETTERS = re.compile(r"(?<![a-z])[a-z](?:[ ._-][a-z]){3,}(?![a-z])")
# A word with letters masked by *, # or ! ("f*ck", "sh!t", "f***ing"); "#hashtag" starts with #.
MASKED_WORD = re.compile(r"(?<![a-z*#!])[a-z][a-z*#!]*[*#!][a-z*#!]*")
MASK_CHARS = re.compile(r"[*#!]")


def _by_length(*lexicons: str) -> dict[int, tuple[str, ...]]:
    """Every spelling of the lexicons' words (inflections spelt out), by length, in the lexicons'
    order: a masked word reads as the first that fits, so "sh*t" is "shit", listed before "shat"."""
    by_length: dict[int, list[str]] = {}
    forms = (form for name in lexicons for entry in load_lexicon(name) for form in sorted(spellings([entry])))
    for form in dict.fromkeys(forms):
        by_length.setdefault(len(form), []).append(form)
    return {n: tuple(forms) for n, forms in by_length.items()}


PROFANITY_FORMS = _by_length("profanity")
# What a masked word ("sl*g", "id**t") may stand for in an insult, so the abuse patterns see it.
INSULT_FORMS = _by_length("profanity", "insults", "insult_adjectives", "slurs", "accusations",
                           "abuse_person_swears")

# Targets and fillers.
_YOU_ARE = (rf"(?:you{_A}?re|you\s+are|you\s+r|u\s+r|u{_A}re|u\s+are|ur|yr|your(?=\s+(?:so|such|a|an)\s))")
_YOU = r"(?:you|u|ya)"
# "nobody", as typed: "no one", "noone", "no body", "no 1".
_NOBODY = r"(?:nobody|no\s*one|no\s+body|no\s*1)"
# Telling someone to go away, before a name they are called ("shut up loser").
_DISMISS = (r"(?:shut\s+up|shut\s+it|get\s+lost|go\s+away|jog\s+on|do\s+one|sod\s+off|buzz\s+off|bog\s+off|"
            r"keep\s+walking|move\s+along|bye+)")
#: A household or a family's children, called by one insult ("tramp family").
KIN_GROUPS = ("family", "families", "kids", "household", "lot")
# Words that intensify an insult ("you're such a fat ...", "a fucking snake"); insulting adjectives too.
_SWEARING = r"(?:fucking|fuckin|fking|fkn|effing|bloody)"
# A verdict on staff or a parent; one that takes an article ("a joke", "an embarrassment") takes
# it with any article and with swearing or an intensifier inside ("an absolute disgrace", "a
# f***ing joke", the masked word spelt out before the patterns see it).
_ARTICLED = tuple(e.split(" ", 1)[1] for e in _STAFF_INSULT_ENTRIES if e.split(" ", 1)[0] in ("a", "an"))
_BARE = tuple(e for e in _STAFF_INSULT_ENTRIES if e.split(" ", 1)[0] not in ("a", "an"))
_STAFF_INSULT = (rf"(?:an?\s+(?:(?:{_SWEARING}|absolute|total|complete|utter|right|proper|real|massive)\s+)"
                 rf"{{0,2}}(?:{trie_pattern(_ARTICLED)})|{trie_pattern(_BARE)})")
_FILL = (rf"(?:(?:so|such|a|an|really|very|well|proper|totally|absolutely|completely|literally|just|"
         rf"actually|honestly|always|still|the|biggest|most|massive|big|total|absolute|complete|utter|"
         rf"little|sooo+|{_SWEARING}|{_ADJ})\s+){{0,4}}")
_NOUN_FILL = (rf"(?:(?:little|absolute|total|complete|utter|massive|big|horrible|nasty|vile|evil|dirty|"
              rf"filthy|sneaky|lying|{_SWEARING}|{_ADJ})\s+){{0,3}}")
# What makes an animal an insult ("a lying little snake", "you fat pig"): a word that demeans.
_ANIMAL_MOD = (rf"(?:{_ADJ}|{_SWEARING}|lying|sneaky|dirty|filthy|slimy|two-faced|nasty|horrible|evil|vile|"
               r"greedy|lazy|stinking|mangy|snide|backstabbing)")
_AN_ANIMAL = rf"(?:(?:little|old|big)\s+)*{_ANIMAL_MOD}\s+(?:(?:little|old|big|{_ANIMAL_MOD})\s+)*{_ANIMAL}"
# One who tells on others ("she's a grass"): only an insult when a person is called one.
_INFORMER = r"(?:grass|grasser|nark|narc|telltale|tell\s*tale|tattle\s*tale|dobber)"
# How someone looks, which insults only before an insult noun ("ginger freak", "specky git"):
# "she is ginger", "a ginger cat" are nobody's business.
_LOOKS = r"(?:ginger|specky|speccy|spotty|skinny|lanky|goofy)"
_PERSON = (r"(?:woman|women|man|men|boy|boys|girl|girls|lady|ladies|kid|kids|child|children|person|"
           r"people|thing|creature)")
_WILL = (rf"(?:{_A}?ll|\s+will|\s+shall|{_A}?m\s+(?:going\s+to|gonna|gunna)|\s+am\s+(?:going\s+to|gonna)|"
         rf"{_A}?re\s+(?:going\s+to|gonna)|\s+are\s+(?:going\s+to|gonna)|\s+(?:gonna|gunna))")
# Beaten, as a threat says it ("ur gonna get battered on friday").
_BEATEN = (r"(?:battered|beaten\s+up|jumped|decked|punched|kicked\s+in|done\s+in|stabbed|knifed|leathered|"
           r"merked|bodied)")
# "tomorrow" as texted: "tmrw", "2moro", "2morrow", "tomoz".
_TOMORROW = r"(?:tomorrow|tomorow|tmrw|tmr|tmoro|2mor+o+w?|2mrw|2moz|tomoz)"
# When a threat is to be carried out: "after school", "tmrw", "at break".
_WHEN = rf"(?:after\s+school|{_TOMORROW}|tonight|at\s+(?:break|lunch|home\s*time))"
_SELF = r"(?:your\s*self|yourself|urself|ur\s+self|yaself|yerself)"
_TITLE = r"(?:mr|mrs|miss|ms|mx|dr|sir|mister)\.?\s+[a-z][a-z'-]+"
# Adults known by their role at school, and where they work ("the teachers here").
_STAFF_NOUN = (r"(?:teachers?|head|headteacher|head\s+teacher|headmaster|headmistress|deputy(?:\s+head)?|"
               r"senco|staff|governors?|caretaker|receptionist|office\s+staff|form\s+tutor|tutor|ta|"
               r"teaching\s+assistants?|dinner\s+lad(?:y|ies)|lunchtime\s+supervisors?|coach|bus\s+driver|"
               r"lollipop\s+(?:lady|man)|school\s+nurse|cook)")
# A role that names one person, opening a sentence with no article ("Head teacher is a liar").
_BARE_STAFF = (r"(?=[hdcs])(?:^|(?<=[.!?]\s)|(?<=\n))"
               r"(?:head\s*teacher|headmaster|headmistress|deputy\s+head|caretaker|senco)")
# Which class or subject an adult has: "that Year 3 teacher", "the PE teacher", "the supply teacher".
_STAFF_OF = (r"(?:class|(?:year|yr)\s*[0-9]{1,2}|reception|nursery|pe|p\.e\.|maths|math|english|science|"
             r"music|"
             r"art|french|spanish|drama|history|geography|ict|computing|re|supply|new|old|football|netball|"
             r"swimming|sports?)\s+")
_STAFF = (rf"(?:{_TITLE}|{_BARE_STAFF}|"
          rf"(?:the|that|this|our|your|ur|his|her|their|my)\s+(?:{_STAFF_OF})?{_STAFF_NOUN}"
          rf"(?:\s+(?:here|there|at\s+(?:this|that|the|our|my|your)\s+school|in\s+(?:this|that)\s+school|"
          # which class they work in: "the TA in class 2", "the teacher in year 4", "the tutor for 9X"
          rf"(?:in|from|for|of)\s+(?:class|year|yr|form|reception|nursery|room)(?:\s+[0-9][0-9a-z]?|\s+[a-z])?"
          rf"(?![a-z0-9])|with\s+the\s+[a-z]+))?)")
# A name a member of staff is called: any insult noun ("the caretaker is a creep"), as "an idiot"
# and "a moron" among the verdicts are.
_STAFF_NAME = rf"an?\s+{_NOUN_FILL}{_NOUN}"
# A call for the dismissal of the one just judged, by "he" or "she" a sentence on ("That teacher is
# useless. ... she should be sacked"): one remark about one person, read together as one finding.
_DISMISSAL_AFTER = (r"(?:(?![a-z])[^\n]{0,80}?(?<![a-z])(?:he|she|they)\s+"
                    r"(?:should|needs\s+to|ought\s+to)\s+be\s+(?:sacked|fired|struck\s+off)(?:\s+and\s+(?:sacked|fired|struck\s+off))?)?")
_SCHOOL = r"(?:the|this|that|our|ur|your|my)\s+school"
_PARENT = (r"(?:your|ur|yer|yo|his|her|their)\s+(?:mum|mom|mam|mummy|mother|dad|daddy|father|parents|"
           r"nan|nana|gran|granny|grandma|step\s*-?\s*(?:mum|dad))")
_KIN = (r"(?:your|ur|yer|his|her|their)\s+(?:kid|kids|child|children|son|sons|daughter|daughters|boy|girl|"
        r"brother|sister|family|lot)")
# "is" as texted too ("Jack iz a freak").
_IS = rf"(?:\s+(?:is|iz|are|was|were)|{_A}s)"
# A group of people by a protected characteristic ("immigrants", "disabled kids", "travellers' kids").
PEOPLE = ("people", "kids", "children", "pupils", "students", "families", "parents", "lot", "folk", "boys",
           "girls", "men", "women")
_GROUP = (rf"(?:{_GROUP_ADJ}\s+(?:{'|'.join(PEOPLE)})|"
          rf"{_GROUP_NOUN}(?:{_A}s?\s+(?:kids|children|families|lot))?)")
_GENDER = r"(?:girls|boys|women|men|females|males)"
# What an adult is accused of doing to children ("Mrs X hits the kids"); not "beats" (at chess).
HARM_VERBS = ("hits|smacks|slaps|punches|kicks|shakes|hurts|abuses|bullies|molests|grooms|touches|hit|"
               "smacked|slapped|punched|kicked|shook|hurt|abused|bullied|molested|groomed|touched")
# What a generalisation says a group is ("refugees are all criminals").
_ILL = (rf"(?:{_ADJ}|{_ACCUSATION}|rubbish|hopeless|weak|inferior|lazy|scroungers|terrorists|scum|dirty|"
        r"animals|vermin|parasites|a\s+problem|a\s+burden|a\s+drain)")

# Said to be unfit to be near children ("shouldn't be allowed anywhere near kids").
_UNFIT = (rf"(?:shouldn{_A}?t|should\s+not|should\s+never|mustn{_A}?t|must\s+not)\s+be\s+(?:allowed|let)\s+"
          r"(?:(?:anywhere|any\s*where|within\s+a\s+mile\s+of)\s+)?"
          r"(?:near|around|to\s+work\s+(?:with|around)|to\s+teach|to\s+look\s+after|to\s+coach)\s+"
          r"(?:kids|children|pupils|students|young\s+people|our\s+(?:kids|children))")
# Bad at something, said to someone's face: "ur sh*t at football", "you're crap at maths".
_BAD_AT = (r"(?:shit|shite|crap|trash|garbage|pants|rubbish|dogshit|dog\s+shit|useless|hopeless|terrible|"
           r"awful)")

# What is someone's, and smells of them ("his whole house stinks of curry", "ruby's lunchbox").
_BELONGING = (rf"(?:(?:his|her|their|ur|your|yr|[a-z]+{_A}s)\s+(?:whole\s+)?(?:house|home|flat|lunch|"
              r"lunchbox|lunch\s+box|packed\s+lunch|coat|bag|clothes|breath|jumper|hair|uniform|car))")
# Where a person may be told to "go back to" (see the discrim pattern).
_COUNTRY = (r"(?:india|pakistan|bangladesh|poland|romania|bulgaria|lithuania|latvia|albania|africa|nigeria|"
            r"somalia|ghana|kenya|jamaica|china|syria|iraq|iran|afghanistan|turkey|ukraine|russia|morocco|"
            r"eritrea|sudan|ethiopia|mexico|the\s+jungle|your\s+own\s+country|ur\s+own\s+country)")

# ---- Structures rather than phrases: a remark is abuse by its shape (a crowd urged against a
# person, a reason that makes an achievement undeserved, a consequence held over someone, a
# person compared with a thing, a judgement of what is theirs), whatever its words.
# A crowd urged to turn on one person ("everyone unfollow X", "let's all ignore her").
_CROWD = (rf"(?:everyone|every[1il]|evry[1il]|everybody|every\s+one|lets\s+all|let{_A}s\s+all|"
          rf"we\s+should\s+all|we{_A}?re\s+all\s+(?:gonna|going\s+to)|all\s+of\s+(?:you|u)|y{_A}?all|guys)")
_SHUN = (r"(?:unfollow|unfriend|ignore|block|blank|mute|exclude|report|spam|roast|leave\s+out|freeze\s+out|"
         r"cut\s+off|stop\s+talking\s+to|stop\s+speaking\s+to|stop\s+playing\s+with)")
_PAGE = r"(?:page|profile|account|channel|insta|tiktok|story|stories|posts?|comments|dms)"
# What someone has that may be judged ("ur voice", "his drawing"): not hair, which is thick
# without insult; not a parent or a sibling, whom the insult and parent patterns judge.
_THEIRS = (r"(?:voice|face|laugh|singing|drawing|drawings|dancing|glasses|teeth|nose|ears|clothes|shoes|"
           r"trainers|handwriting|accent|family|art|writing|breath|body|legs|head|house|outfit|feet|skin|"
           r"smile|team|videos?|vids?)")
_JUDGED = (rf"(?:{_ADJ}|annoying|cringe|cringey|cringy|embarrassing|rubbish|tragic|weird|a\s+joke|horrible|"
           rf"hideous|trash|garbage|{_NOUN})")
# A thing a person is said to look or sound like: "looks like a toilet brush", "talks like a robot".
_THING = (r"(?:toilet\s+brush|bog\s+brush|loo\s+brush|mop|scarecrow|potato|tomato|beetroot|tramp|zombie|"
          r"robot|skeleton|lamp\s*post|bin\s+bag|bin|troll|ogre|goblin|gremlin|sack\s+of\s+potatoes|"
          r"burst\s+sofa|melted\s+candle|dog{_A}s\s+dinner|garden\s+gnome|gnome|pineapple|broom|bush)").replace(
              "{_A}", _A)
# A reason that makes what someone has undeserved: pity, favouritism, who they know or sleep with.
_FAVOUR = (r"(?:feels?\s+sorry|felt\s+sorry|buys|bought|buying|sorry\s+for|sleeping\s+with|slept\s+with|"
           r"shagging|(?:best\s+)?friends?\s+"
           r"with|mates\s+with|(?:teacher{_A}?s\s+)?pet|[a-z]+{_A}s\s+(?:favourite|fave)|bribed|paid|pays|knows\s+the|related\s+to|"
           r"pity|(?:mum|dad|mam|parents?|wife|husband|partner|brother|sister|uncle|aunt|auntie|cousin)(?:{_A}s|\s+is|\s+are|\s+was)\s+(?:a|the|on\s+the|in\s+the|friends|mates)"
           r"\s*(?:governor|teacher|head|pta|coach|chair|deputy|with)?)").replace("{_A}", _A)
# What a member of staff or a parent is falsely said to have been dismissed for.
_MISCONDUCT = (r"(?:hitting|hurting|abusing|stealing|drinking|touching|assaulting|grooming|smacking|slapping|"
               r"bullying|shouting\s+at|being\s+drunk|drugs|theft|fraud|fiddling|nicking)")
_MONEY = (r"(?:(?:the|our|school|pta|charity|trip|dinner|lunch|club|raffle|fete|tuck\s+shop|class|"
          r"uniform|swimming)\s+)*(?:money|funds|cash|donations|takings|float|kitty)")
# Who a person may be said to sleep with for a job: a role, not a teddy.
_ROLE = (rf"(?:{_STAFF_NOUN}|chair(?:\s+of\s+(?:the\s+)?governors)?|boss|husband|wife|partner|governors?|"
         r"inspector|vicar|mayor)")
# Looks that make "the ... one" a taunt: "the fat one", "that smelly kid".
_BODY = r"(?:fat|ugly|smelly|stinky|minging|hairy|spotty|specky|speccy|chubby|porky|tubby|fatty)"

# One pattern per category, named by its first group, in order of precedence: where two match
# the same words, the first one listed is kept. Reasons and flags are in CATEGORIES below.
_SOURCES = [
    # Telling someone to harm themselves.
    rf"(?P<harm>kill\s+{_SELF}|kys|(?:neck|hang|end|unalive|off|top)\s+{_SELF}|drink\s+bleach|"
    rf"(?:go|just)\s+(?:and\s+)?(?:die|jump\s+off\s+a\s+(?:bridge|cliff|building))|"
    rf"(?:hope|wish)\s+{_YOU}\s+(?:die|get\s+cancer|were\s+dead|was\s+dead|drop\s+dead)|"
    rf"{_YOU}\s+should\s+(?:just\s+)?(?:die|not\s+exist|disappear)|drop\s+dead(?!\s+gorgeous)|"
    rf"{_NOBODY}\s+would\s+(?:miss|care\s+if)\s+{_YOU}|"
    rf"(?:the\s+)?world\s+would\s+be\s+better\s+(?:off\s+)?without\s+{_YOU})",
    # Threats of violence.
    rf"(?P<threat>(?:(?:i|we){_WILL}|we(?:{_A}?re|\s+are)?\s+all\s+(?:going\s+to|gonna|gunna)|we\s+(?:will|shall)\s+all|"
    rf"imma|ima|ill|im\s+(?:going\s+to|gonna))\s+(?:so\s+|fucking\s+|proper\s+)?"
    rf"(?:(?:batter|kill|stab|punch|hit|deck|smack|slap|kick|murder|shank|knife|shoot|strangle|jump|"
    rf"bottle|drown|hurt|end)\s+(?:you|u|ya|him|her)(?!\s+(?:out|off|at)(?![a-z]))|"
    rf"beat\s+{_YOU}\s+up|smash\s+(?:your|ur)\s+(?:face|head)|(?:get|find|see)\s+{_YOU}\s+after\s+school)|"
    rf"watch\s+(?:your|ur|yo)\s+back|i\s+know\s+where\s+{_YOU}\s+live|"
    rf"wait\s+(?:till|until|til)\s+i\s+(?:get|see)\s+{_YOU}|"
    rf"{_YOU}{_A}?(?:ll|\s+will)\s+get\s+what{_A}?s\s+coming|"
    # Veiled threats with no word of violence: "she'll regret it", "you'll be sorry", "I'll make
    # you pay"; not a friendly "you'll regret it if you miss the disco".
    rf"(?:{_YOU}|he|she|they){_A}?(?:ll|\s+will)\s+(?:really\s+|so\s+)?(?:regret\s+(?:it|this|that)|be\s+sorry|"
    # ... or regret an act that crossed the speaker: "you'll regret coming in tomorrow"
    rf"regret\s+(?:ever\s+)?(?:coming\s+(?:in|back|near|here|round|to\s+school)|showing\s+(?:up|(?:ur|your)\s+face)|"
    rf"turning\s+up|snitching|grassing|telling\s+(?:on|miss|sir|the\s+teacher|anyone)|crossing\s+me|"
    rf"messing\s+with\s+(?:me|us)|talking\s+to\s+(?:me|him|her))|"
    rf"pay\s+for\s+(?:this|that))(?![a-z]|\s+(?:if|when|unless|to|for|about)(?![a-z]))|"
    rf"(?:i|we){_WILL}\s+make\s+(?:{_YOU}|him|her|them)\s+(?:pay|regret\s+(?:it|this|that)|sorry)(?=\s*(?:[!.,]|$))|"
    rf"(?:{_YOU}(?:{_A}?re|\s+are|\s+r)|ur)\s+(?:gonna|going\s+to|gunna)\s+get\s+(?:it\s+{_WHEN}|{_BEATEN}\s+"
    rf"(?:{_WHEN}|on\s+[a-z]+day))(?![a-z])"
    # ... but not a beating in a game: "ur gonna get battered on saturday by the U10s"
    rf"(?![^.!?\n]{{0,30}}(?<![a-z])(?:by|match|game|final|league|cup)(?![a-z]))|"
    # The same of another ("he's getting battered on friday"), and what an adult says they will do:
    # "I'll come down there and sort that boy out myself".
    rf"(?:he|she|they)(?:{_A}?s|{_A}?re|\s+is|\s+are)\s+(?:gonna\s+get|going\s+to\s+get|gunna\s+get|getting)\s+{_BEATEN}\s+"
    rf"(?:{_WHEN}|on\s+[a-z]+day)(?![a-z])"
    rf"(?![^.!?\n]{{0,30}}(?<![a-z])(?:by|match|game|final|league|cup)(?![a-z]))|"
    rf"(?:i|we){_WILL}\s+(?:(?:come|go|get)\s+(?:down|up|round|over|in)\s+(?:there|here)\s+and\s+)?(?:personally\s+)?"
    rf"sort\s+(?:(?:that|this)\s+(?:boy|girl|kid|lad|lass|child|teacher|woman|man|bloke|family)\s+out|"
    rf"(?:him|her)\s+out\s+(?:myself|meself|personally))(?!\s+(?:with|a|an|some|for)(?![a-z]))|"
    # A provocation and what follows it: "if he says one more word to me he's getting it"; not a
    # reward ("if she tidies her room again she's getting it").
    rf"if\s+(?:{_YOU}|he|she|they)\s+(?:says?|said|does|do|did|touch(?:es)?|talks?|looks?|calls?|messages?|texts?|"
    rf"comes?|tries|try|speaks?|laughs?|push(?:es)?|starts?|mentions?|tells?|snitch(?:es)?|grass(?:es)?)\s+"
    rf"(?:[a-z'\u2019]+\s+){{0,5}}?(?:one\s+more\s+(?:thing|time|word)|again)"
    rf"(?:\s+[a-z'\u2019]+){{0,3}}?[\s,]+(?:he|she|{_YOU}|they|ur)(?:{_A}?s|{_A}?re|\s+is|\s+are|\s+r)?\s+"
    rf"(?:getting|gonna\s+get|going\s+to\s+get|gunna\s+get)\s+it(?![a-z])|"
    # Wishing violence on someone: "hope you get run over", "hope he gets battered".
    rf"hope\s+(?:{_YOU}|he|she|they)\s+gets?\s+(?:run\s+over|hit\s+by\s+a\s+(?:car|bus|train|lorry)|beaten\s+up|"
    rf"stabbed|jumped|battered|smacked|punched|knifed)(?![a-z])|"
    rf"{_YOU}(?:{_A}?re|r|\s+are|\s+r)?\s+(?:so\s+)?dead(?:\s+meat|\s+(?:{_TOMORROW}|tonight|2nite|"
    rf"after\s+school|at\s+(?:break|lunch|home\s*time)|on\s+[a-z]+day|next\s+time|when\s+i|if\s+i)|"
    rf"(?=\s*(?:[!.]|$))))",
    # Veiled threats: a consequence held over someone with no word of violence.
    rf"(?P<menace>if\s+{_YOU}\s+know\s+what{_A}?s\s+good\s+for\s+{_YOU}|{_YOU}\s+know\s+what\s+for|"
    # Warned to mind themselves: "She wants to watch herself."; not "... watch herself on video".
    rf"(?:he|she|they)\s+(?:wants?|needs?|had\s+better|{_A}d\s+better|better)\s+(?:to\s+)?watch\s+"
    rf"(?:himself|herself|themselves)(?=\s*(?:[.!]|$))|"
    # A demand with a threat to expose: "give me ur lunch money or ill tell everyone ur secret".
    rf"(?:(?:give|gimme|bring|pay|send)\s+(?:me|us)|hand\s+over)\s+[^.!?\n]{{1,40}}?\s+or\s+(?:else\s+)?(?:i|we){_WILL}\s+"
    rf"(?:tell|show|post|send|share|spread|leak)\s+(?:everyone|every1|everybody|the\s+whole\s+(?:class|school|year)|"
    rf"(?:ur|your|his|her)\s+(?:mum|dad|secret|pics?|photos?|videos?)|(?:it|that|the\s+(?:pic|photo|video|vid))\s+to)|"
    rf"watch\s+what\s+happens\s+(?:to\s+(?:your|ur|yo)|if\s+{_YOU}\s+(?:tell|snitch|grass|say\s+anything|"
    rf"go\s+to\s+(?:miss|sir|the\s+teacher)))|"
    rf"(?:enjoy|it{_A}?s|this\s+is)\s+(?:your|ur)\s+last\s+day\s+(?:of\s+(?:having|being|walking|breathing)|alive)|"
    rf"i\s+know\s+(?:which|what)\s+(?:house|door|flat|car|street|road|bus\s+stop)\s+(?:is\s+)?(?:yours|urs|ur|u\s+live)|"
    # Knowing someone's way home or their hours: "we know which way you walk home".
    rf"(?:i|we)\s+(?:all\s+)?know\s+(?:which\s+way|what\s+way|what\s+route|what\s+time)\s+{_YOU}\s+"
    rf"(?:go|walk|leave|get\s+the\s+bus|finish)(?:\s+home)?(?=\s*(?:[.!🙂😉😈😏]|$))|"
    rf"(?:{_YOU}(?:{_A}?re|\s+are|\s+r)?|ur|he{_A}?s|she{_A}?s)\s+(?:gonna|going\s+to|gunna)\s+(?:really\s+|so\s+)?"
    rf"(?:regret\s+(?:it|this|that)|be\s+sorry|pay\s+for\s+(?:it|this|that))"
    rf"(?![a-z]|\s+(?:if|when|unless|to|for|about)(?![a-z])))",
    # Urging others to attack someone's home or things: "let's egg her house", "go brick his windows".
    rf"(?P<incite>(?:go|let{_A}?s|lets|we\s+should|someone\s+should|(?:we{_A}?re|were|we\s+are)\s+(?:gonna|going\s+to))"
    rf"\s+(?:and\s+)?(?:egg|brick|trash|torch|vandali[sz]e|smash(?:\s+up)?|graffiti|firebomb|burn\s+down|key)\s+"
    rf"(?:his|her|their|(?:the\s+)?[a-z]+{_A}s)\s+(?:(?:mum{_A}?s|dad{_A}?s|nan{_A}?s|new)\s+)?"
    rf"(?:house|home|car|windows?|front\s+door|door|garden|flat|bike|shed){_END}|"
    # Wishing it on them: "I hope someone slashes your tyres", "hope her house gets egged".
    rf"hope\s+(?:someone|somebody|some\s+one)\s+(?:slash(?:es)?|keys?|smash(?:es)?(?:\s+up)?|bricks?|eggs?|"
    rf"torch(?:es)?|trash(?:es)?|burns?\s+down|vandali[sz]es?|scratch(?:es)?)\s+(?:your|ur|his|her|their|[a-z]+{_A}s)\s+"
    rf"(?:(?:mum{_A}?s|dad{_A}?s|new)\s+)?(?:tyres|tires|car|house|home|windows?|front\s+door|door|garden|flat|bike|"
    rf"shed){_END}|"
    rf"hope\s+(?:your|ur|his|her|their)\s+(?:house|home|car|flat|shop)\s+(?:burns\s+down|gets\s+(?:burnt|burned|"
    rf"torched|smashed|bricked|egged|trashed|vandali[sz]ed|broken\s+into)){_END})",
    # Leaving someone out.
    rf"(?P<exclude>{_NOBODY}(?:\s+(?:at|in|on|from)\s+(?:(?:our|this|the|my|that)\s+[a-z]+|"
    rf"(?:year|yr|class|form|set)\s*[0-9]{{1,2}}[a-z]?))?\s+(?:(?:even|really|actually|ever|ever\s+really)\s+)?(?:likes|loves|wants|cares\s+about)\s+"
    rf"(?:{_YOU}|him|her|them)|"
    # Agreeing to shun someone: "we've all agreed not to talk to X", "decided never to play with her".
    rf"(?:agreed|agree|decided|promised|voted|swore)\s+(?:not\s+to|never\s+to|to\s+never|to\s+not)\s+"
    rf"(?:talk|speak|play|sit|hang\s+out|walk)\s+(?:to|with|next\s+to|near)\s+(?:him|her|them|(?P<who_x>[a-z]++))|"
    # Told to keep away from someone, with a reason that shames them ("she's got nits").
    rf"(?:(?:don{_A}?t|dont|do\s+not|never)\s+(?:sit|talk|play|hang\s+out|stand)\s+(?:next\s+to|with|to|near)|"
    rf"(?:don{_A}?t|dont|do\s+not|never)\s+(?:pick|choose|touch|go\s+near|invite|add))\s+"
    rf"(?:him|her|them|the\s+new\s+(?:girl|boy|kid)|[a-z]++)(?:\s+for\s+(?:ur|your|our|the|a)\s+(?:team|group|side))?"
    rf"[\s,]+(?:coz\s+|cos\s+|because\s+)?(?:she|he|they)"
    rf"(?:{_A}?s|{_A}?ve|{_A}?re|\s+is|\s+are|\s+has|\s+have)?\s+(?:(?:got\s+)?(?:nits|fleas|lice|germs|worms|a\s+disease|"
    rf"diseases|the\s+lurgy|cooties)|"
    rf"(?:smells?|stinks?|reeks?)|(?:so\s+)?(?:weird|dirty|disgusting|a\s+freak|{_ADJ})){_END}|"
    # ... the shaming reason first: "Jo has nits dont go near her".
    rf"(?:he|she|they|(?P<who_h>[a-z]++))(?:{_A}?s|\s+has|\s+have|\s+has\s+got|\s+got)\s+(?:got\s+)?"
    rf"(?:nits|fleas|lice|germs|worms|a\s+disease|diseases|the\s+lurgy|cooties)[\s,.!]+(?:so\s+)?"
    rf"(?:don{_A}?t|dont|do\s+not|never)\s+(?:go\s+near|touch|sit\s+(?:next\s+to|with|near)|talk\s+to|play\s+with|"
    rf"hang\s+out\s+with|stand\s+near)\s+(?:him|her|them){_END}|"
    # Not wanted here, as one of a lot: "we don't want your lot here", "we dont want u here."
    rf"(?:we|they)\s+(?:(?:really|just)\s+)?(?:don{_A}?t|dont|do\s+not)\s+want\s+(?:{_YOU}|him|her|"
    rf"(?:your|ur|yer|their|that|his|her)\s+(?:lot|sort|kind|type)|people\s+like\s+(?:you|u|them|that))\s+"
    rf"(?:here|round\s+here|around\s+here|in\s+(?:this|our)\s+(?:school|class|town|area|street|country))"
    rf"(?=\s*(?:[.,!]|$|any\s*more|no\s+more|lol))|"
    # Left out, with the reason: "a new group chat without Zara cos she's weird".
    rf"without\s+(?P<who_w>[a-z]++)\s+(?:cos|coz|cuz|because|as)\s+(?:she|he)(?:{_A}?s|\s+is)\s+(?:so\s+|well\s+|proper\s+)?"
    rf"(?:weird|annoying|boring|clingy|cringe|fake|a\s+snitch|a\s+grass|{_ADJ}){_END}|"
    # A threat to leave whoever joins: "if you sit with us we'll move tables".
    rf"if\s+(?:{_YOU}|she|he|they)\s+(?:sits?|plays?|comes?|joins?|stands?)\s+(?:(?:with|near|next\s+to|by)\s+)?us"
    rf"[^.!?\n]{{0,25}}?(?:we{_A}?ll|we\s+will|we{_A}?re|we\s+are|we)\s+(?:all\s+|just\s+)*"
    rf"(?:(?:gonna|going\s+to|gunna)\s+)?(?:just\s+)?(?:move|leave|go|walk\s+off|get\s+up){_END}|"
    rf"(?:everyone|everybody|we\s+all|the\s+whole\s+(?:class|school|year))\s+(?:hates?|hate)\s+"
    rf"(?:{_YOU}|him|her|them)|"
    rf"(?:don{_A}?t|do\s+not|dont)\s+let\s+(?:him|her|them|[a-z]+)\s+(?:play|sit|hang\s+out|join\s+in)"
    rf"\s+with\s+us|"
    rf"(?:{_YOU}|he|she|they)\s+(?:can{_A}?t|cannot|can\s+not|are\s+not\s+allowed\s+to|aren{_A}?t\s+allowed\s+to|"
    rf"is\s+not\s+allowed\s+to|isn{_A}?t\s+allowed\s+to)\s+(?:play|sit|hang\s+out)\s+with\s+us|"
    rf"{_YOU}(?:\s+have|{_A}?ve\s+got|\s+have\s+got|\s+got)\s+no\s+(?:friends|mates)|billy\s+no\s*mates|"
    rf"{_NOBODY}\s+(?:ever\s+)?wants\s+to\s+(?:be\s+)?(?:(?:friends?|play|work|hang(?:\s+out)?|partner\s+up|pair\s+up)\s+with|"
    rf"sit\s+(?:with|next\s+to|near|by)|talk\s+to|be\s+(?:near|around|friends\s+with))\s+(?:{_YOU}|him|her)|"
    rf"{_YOU_ARE}\s+not\s+(?:welcome|wanted)(?:\s+here)?|"
    # Sent off a place or out of a game that is "ours": "get off our pitch", "get out of our group".
    rf"get\s+(?:off|out\s+of)\s+(?:our|my)\s+(?:pitch|team|table|court|group|game|bench|side|den|gang|squad|"
    rf"playground|spot){_END})",
    # Left out in ways the exclude keywords do not announce: a verdict of no friends, a chat made
    # without someone, told they are not invited. A pattern of its own, gated by its own rarer words.
    rf"(?P<outcast>"
    # "Jo has no friends lol", not a worry ("she says she has no friends", "the new boy has no friends yet")
    rf"(?<!says\s)(?<!said\s)(?<!feels\s)(?<!thinks\s)(?<!like\s)(?:he|she|(?P<who_y>[a-z]++))"
    rf"(?:\s+has|{_A}s\s+got|\s+has\s+got|\s+got)\s+no\s+(?:friends|mates){_END}"
    rf"(?!\s+(?:yet|here|there|in|at|to|who|which|because|cos|so|left|outside|since|of)(?![a-z]))|"
    # A chat or a party made on purpose without someone: "we started a new gc without Ivy".
    rf"(?:made|make|making|started|start|starting|set\s+up|setting\s+up|created|create|creating)\s+"
    rf"(?:a|an|our|the|another)\s+(?:new\s+|secret\s+|private\s+|separate\s+|second\s+)?"
    rf"(?:group\s*chat|gc|chat|group|party|sleepover|club)\s+without\s+"
    rf"(?:him|her|them|(?!(?:mr|mrs|miss|ms|sir|dr|any|a|an|the|my|our|your|phones?|adults?){_END})(?P<who_g>[a-z]++))|"
    # Told they are not invited or not coming with the rest ("we all voted and ur not coming"); not
    # a condition ("if you are not coming, ...") nor a question ("ur not coming to the disco?").
    rf"(?<!if\s)(?<!whether\s)(?<!unless\s)(?<!when\s){_YOU_ARE}\s+(?:not|never)\s+"
    rf"(?:invited{_END}(?!\s+(?:either|yet|until|if|unless)(?![a-z]))|coming\s+(?:to|with)(?![a-z])(?![^.!?\n]*\?))|"
    # Put out of a group: "ur not in our group anymore", "we voted her out".
    rf"(?:{_YOU_ARE}|he{_A}?s|she{_A}?s|hes|shes|he\s+is|she\s+is|they{_A}?re)\s+not\s+(?:in|part\s+of)\s+"
    rf"(?:our|the|this|my)\s+(?:group\s*chat|group|gc|chat|gang|squad|friendship\s+group)\s+"
    rf"(?:anymore|any\s+more|no\s+more){_END}"
    # a new arrangement is no verdict: "you're not in our group anymore on Tuesdays"
    rf"(?!\s+(?:on|for|in|at|this|next|from|until|till|when|during|after|before)(?![a-z]))|"
    rf"(?:we|everyone|every1|everybody|they)\s+(?:all\s+)?voted\s+(?:{_YOU}|him|her)\s+out{_END}(?!\s+as\s)|"
    # Told to stay away for good: "u should just leave this school forever", "you should never come back".
    rf"{_YOU}\s+should\s+(?:just\s+)?(?:(?:stay\s+(?:off|away\s+from|home\s+from)|leave|move)\s+"
    rf"(?:this\s+|the\s+|our\s+)?schools?\s+(?:forever|for\s+good|permanently)|never\s+come\s+back)"
    # where what is said ends, not "... forever proud of you", "... back to school with a temperature"
    rf"(?=\s*(?:[,.!]|$|lol|tbh|would|it{_A}?d|nobody|no\s+one|everyone)(?![a-z]))"
    rf"){_END}",
    # Discrimination.
    rf"(?P<slur>{_SLUR}){_END}",
    rf"(?P<gay>if\s+(?:ur|you{_A}?re|youre|u\s+r|you\s+are|he{_A}?s|she{_A}?s)\s+gay\s+(?:dont|don{_A}?t|do\s+not|stay|get|keep|"
    rf"you\s+can{_A}?t|u\s+cant|you\s+cant|go)(?![a-z])|(?:that{_A}?s|thats|that\s+is|it{_A}?s|this\s+is)\s+(?:so+\s+|well\s+|really\s+|proper\s+)?gay|"
    rf"(?:{_YOU_ARE}|he{_A}?s|she{_A}?s|he\s+is|she\s+is)\s+(?:so+|well|really)\s+gay|gaylord|gay\s*boy|"
    # "gay" as a noun for a person, an insult: "stop being such a gay", "don't be a gay about it"
    rf"(?:such|be|being|what|ur|you{_A}?re)\s+(?:such\s+)?an?\s+gay(?=\s*(?:[.,!?😂🤣]|$|about|lol|haha|mate|tho))|"
    # "so gay" said of a thing ("your trainers are so gay") is the homophobic insult too.
    rf"[a-z]+(?:{_IS}|{_A}re|\s+r|\s+looks?)\s+(?:so+|well|really|proper|totally|dead)\s+gay){_END}",
    rf"(?P<discrim>go\s+back\s+(?:to\s+)?(?:your|ur|where\s+{_YOU})\s+(?:own\s+)?"
    rf"(?:country|came\s+from|come\s+from|belong)|"
    # Told to leave the country, said to a person ("go back to <country>"), not "we go back to Poland".
    rf"(?<!we\s)(?<!i\s)(?<!they\s)(?<!to\s)(?<!ll\s)(?<!will\s)(?<!can\s)(?<!gonna\s)(?<!they{_A}ll\s)"
    rf"go\s+back\s+to\s+{_COUNTRY}{_END}|"
    # ... said of a group or a family: "some of those families should all go back where they came from"
    rf"(?:{'|'.join(PEOPLE)}|they|them|{_GROUP})\s+(?:[a-z]+\s+){{0,2}}?(?:should|need\s+to|needs\s+to|ought\s+to|"
    rf"can|must|wanna|want\s+to)\s+(?:all\s+)?(?:just\s+)?go\s+back\s+(?:to\s+)?where\s+(?:they|you|u)\s+"
    rf"(?:came|come|belong)|"
    # Shut out for who they are: "if ur muslim u cant come to my party", "no gays allowed".
    rf"if\s+(?:ur|you{_A}?re|youre|u\s+r|you\s+are|he{_A}?s|she{_A}?s|they{_A}?re)\s+(?:an?\s+)?{_GROUP_ADJ}\s+"
    rf"(?:then\s+)?(?:(?:{_YOU}|he|she|they)\s+(?:can{_A}?t|cant|cannot|can\s+not|(?:are|r|is)\s+not\s+allowed\s+to|"
    rf"(?:aren{_A}?t|isn{_A}?t)\s+allowed\s+to)|(?:{_YOU_ARE}|he{_A}?s|she{_A}?s|they{_A}?re)\s+not\s+allowed\s+to)\s+(?:come|join|play|sit|be\s+(?:in|on|my|our)|hang\s+out|go){_END}|"
    rf"no\s+{_GROUP}\s+(?:allowed|welcome){_END}|"
    rf"go\s+(?:back\s+)?home\s+if\s+{_YOU}\s+(?:won{_A}?t|wont|don{_A}?t|dont|can{_A}?t|cant|refuse\s+to)\s+"
    rf"(?:fit\s+in|speak\s+english|learn\s+english|integrate){_END}|"
    # A generalisation about a group: what they are, what they do, where they should not be.
    rf"typical\s+{_GROUP}|(?:all\s+)?{_GROUP}\s+(?:"
    rf"(?:are|r)\s+(?:(?:all|just|so|too|always|such|nothing\s+but|basically)\s+)*{_ILL}{_END}|"
    rf"(?:are\s+|keep\s+)?(?:ruining|ruin|destroying|taking\s+over|invading|spoiling|wrecking|overrunning|"
    # "are dragging this school down", "bring the area down"
    rf"(?:dragging|drag|bringing|bring|pulling|pull)\s+(?:(?:this|the|our|my|your|whole|school|area|place|"
    rf"town|class|country|standards?)\s+){{0,3}}down)|"
    rf"(?:should|need\s+to|ought\s+to)\s+(?:all\s+)?(?:be\s+)?(?:deported|sent\s+back|kicked\s+out|kept\s+out|"
    rf"banned|removed|segregated|killed|shot|gassed|go\s+back)|"
    rf"(?:shouldn{_A}?t|should\s+not|should\s+never|mustn{_A}?t|must\s+not)\s+be\s+(?:allowed\s+|let\s+)?"
    rf"(?:in|into|near|at|around|with)(?=\s))|"
    # About the sexes, only where they are said to be worse at something ("girls are too thick for maths").
    rf"{_GENDER}\s+(?:are|r)\s+(?:(?:all|just|so|too|always|naturally)\s+)*(?:{_ADJ}|weak|inferior)\s+"
    rf"(?:at|for)(?=\s)|"
    # ... or what they cannot do ("girls cant play football"), not when or where ("... on Tuesday").
    rf"{_GENDER}\s+(?:can{_A}?t|cannot|can\s+not|shouldn{_A}?t|should\s+not)\s+(?:play|do)\s+"
    rf"(?:football|footy|rugby|cricket|sports?|pe|maths|science|computing|coding){_END}"
    rf"(?!\s+(?:on|this|next|today|tomorrow|tonight|until|till|til|because|cos|coz|as|while|during|after|"
    rf"before|in|at|outside|inside|when|if|unless|yet)(?![a-z]))|"
    # "too many foreigners in that school now", "send them all back where they came from"
    rf"too\s+many\s+{_GROUP}\s+(?:(?:in|at|round|around)\s+(?:this|that|our|the|my|your)\s+(?:school|area|town|class|"
    rf"country|street|estate|place)|round\s+here|here|now|coming\s+(?:in|over|here)|everywhere){_END}|"
    rf"send\s+(?:them|em|{_A}em)\s+(?:all\s+)?back\s+(?:to\s+)?(?:where\s+they\s+(?:came|come|belong)(?:\s+from)?|"
    rf"their\s+(?:own\s+)?countr(?:y|ies)){_END})",
    # Derogatory remarks about staff, the school and parents.
    rf"(?P<staff>{_STAFF}(?:{_IS}\s+(?:(?:so|such|absolutely|totally|completely|utterly|just|really|bloody|"
    rf"fucking|literally|all|always|both|clearly|obviously|basically|usually|constantly|often|never|always)\s+){{0,2}}(?:{_STAFF_INSULT}|{_STAFF_NAME}){_DISMISSAL_AFTER}|\s+(?:should|needs\s+to|ought\s+to)\s+be\s+"
    rf"(?:sacked|fired|struck\s+off|locked\s+up|ashamed(?:\s+of\s+(?:him|her|them)sel(?:f|ves))?))|"
    # Staff as a class: "Teachers are lazy overpaid parasites".
    rf"(?=[atgd])(?:^|(?<=[.!?]\s)|(?<=\n))(?:all\s+)?(?:teachers|teaching\s+assistants|tas|governors|dinner\s+ladies)\s+"
    rf"(?:are|r)\s+(?:(?:all|just|so|too|always|such|nothing\s+but|basically|a\s+bunch\s+of)\s+)*{_ILL}"
    rf"(?!\s+on\s+the\s+ground)|"
    # An insult or a swear word for a member of staff ("useless teacher", "b@stard teacher").
    rf"(?:{_ADJ}|bastard|{_SWEARING}|shit|shitty|crap|crappy)\s+(?:(?:{_ADJ}|old|little)\s+)*{_STAFF_NOUN}|"
    # ... or an insult noun for them: "scumbag teachers", "muppet headteacher" (not a clown teacher).
    rf"(?!clown|git){_NOUN}\s+(?:teachers?|staff|headteacher|head\s+teacher|headmaster|headmistress|governors|"
    rf"caretaker){_END}|"
    # "<an insult> of a <role>": "that idiot of a teacher", "useless old cow of a head"
    rf"(?:(?:{_ADJ}|{_SWEARING}|old|little)\s+)*(?:{_NOUN}|(?:{_ADJ}|{_SWEARING})\s+(?:(?:old|little)\s+)?{_ANIMAL})"
    rf"\s+of\s+an?\s+{_STAFF_NOUN}"
    # someone said to be unfit to be near children: "the caretaker shouldn't be allowed near kids"
    # "... is useless and shouldn't be allowed anywhere near kids": called unfit too, first
    rf"|{_STAFF}(?:{_IS}\s+{_FILL}(?:{_ADJ}|{_STAFF_INSULT})\s+and)?\s+{_UNFIT}"
    # ... of a man or a woman, or with the subject left out ("Done for drink driving? Shouldn't be
    # allowed near children."); a thing ("phones shouldn't be allowed near kids") is never the subject.
    rf"|(?:he|she|(?:that|this|the)\s+(?:man|woman|bloke|guy|lady|person))\s+{_UNFIT}"
    rf"|(?:^|(?<=[.!?\n]))\s*(?:and\s+)?{_UNFIT}){_END}",
    rf"(?P<school>(?:{_SCHOOL}{_IS}\s+(?:(?:so|such|absolutely|totally|just|really|bloody|fucking)\s+){{0,2}}"
    rf"(?:a\s+joke|a\s+disgrace|a\s+dump|a\s+shithole|shit|rubbish|useless|pathetic|hopeless)|"
    rf"run\s+by\s+(?:a\s+(?:bunch|load|pack|gang)\s+of\s+)?{_NOUN_FILL}(?:{_NOUN}|{_ACCUSATION})){_END})",
    rf"(?P<parent>{_PARENT}{_IS}\s+{_FILL}(?:{_ADJ}|{_NOUN}|{_ACCUSATION}|{_STAFF_INSULT})|yo\s+mama){_END}",
    # An animal for a person: after a target, or opening what is said ("ugly cow, ...").
    rf"(?P<animal>(?:(?P<who_b>he|she|{_STAFF}|{_KIN}|[a-z]++){_IS}\s+(?:(?:such|a|an|right|proper)\s+)*|"
    rf"{_YOU}\s+|^|(?<=[.!?;:\n])\s*)"
    # "a snake and a liar", "a liar and a rat": an animal called a person beside another insult
    rf"(?:{_AN_ANIMAL}|{_ANIMAL}\s+and\s+(?:an?\s+)?{_NOUN_FILL}(?:{_NOUN}|{_ACCUSATION}|{_INFORMER})|"
    rf"(?:{_NOUN}|{_ACCUSATION}|{_INFORMER})\s+and\s+(?:an?\s+)?{_ANIMAL}){_END})",
    # Accusations about a person: what they are ("the caretaker is a pervert"), what they do to
    # children ("Mrs X hits the kids").
    rf"(?P<accuse>(?:(?P<who_a>he|she|{_STAFF}|{_KIN}|[a-z]++){_IS})\s+(?:a|an)\s+"
    # one of a pair is enough: "a cheat and a liar"
    rf"(?:[a-z]+\s+and\s+(?:a|an)\s+)?(?:(?:known|proper|convicted|{_ADJ})\s+)?{_NOUN_FILL}{_ACCUSATION}{_END}|"
    rf"(?P<who_v>he|she|{_STAFF}|[a-z]++)\s+(?:(?:always|still|often|regularly|even)\s+)?"
    rf"(?:{HARM_VERBS})\s+"
    rf"(?:(?:the|our|my|your|those|little|young)\s+)*(?:kids|children|pupils|students|little\s+ones)"
    rf"(?![a-z'\u2019]|\s+(?:out|off)(?![a-z])))",  # not "kicks the kids out of the hall"
    # Embarrassing pictures of a named person passed round ("embarrassing pics of Jack Robinson").
    rf"(?P<expose>(?:embarrassing|humiliating|cringe|cringey|cringy|naked|nude|leaked|ugly)\s+"
    rf"(?:pics?|pix|photos?|pictures?|vids?|videos?|snaps?|screenshots?)\s+of\s+"
    rf"(?:him|her|(?!(?:year|class|reception|staff|mr|mrs|miss|ms|sir|me|us|my|our|the){_END})(?P<who_e>[a-z]++)"
    rf"(?:\s+[a-z]++{_A}?s?)?){_END})",
    # Mocking how someone looks, moves or speaks, their family, home, money or a disability.
    rf"(?P<ridicule>(?P<who_r>he|she|{_YOU}|[a-z]++)\s+(?:looks?|walks?|talks?|sounds?|runs?|eats?|laughs?|waddles?)\s+"
    rf"like\s+(?:a|an|some\s+kind\s+of)\s+(?:(?:fat|big|little|ugly|old|massive|dying|drowned|beached)\s+)*"
    rf"(?:{_ANIMAL}|horse|penguin|pig|whale|gorilla|ape|hippo|troll|goblin|toad|camel|walrus|elephant|chimp)"
    rf"(?!\s+in\s+(?:his|her|their|the|that)\s+(?:costume|outfit)){_END}|"
    rf"face\s+only\s+a\s+mother\s+could\s+love|(?:the\s+one|him|her)\s+with\s+the\s+(?:wonky|boss|goggly)\s+eyes?|"
    rf"(?:can{_A}?t|cant|cannot)\s+even\s+afford\s+(?:a\s+)?(?:proper|real|decent|normal|new|any)\s+[a-z]+|"
    # A pupil or their parent too poor for what others have: "imagine having a dad who cant even afford
    # the trip"; not families in general ("families who can't even afford the trip can ask us").
    rf"(?:{_PARENT}|{_KIN}|(?:a|ur|your|his|her|their)\s+(?:dad|mum|mam|parents)\s+(?:who|that)|"
    rf"(?<!if\s){_YOU}|he|she)\s+"
    rf"(?:can{_A}?t|cant|cannot|couldn{_A}?t|couldnt)\s+even\s+afford{_END}|"
    rf"(?:get|gets|got|find|finds|found|fish|fishes)\s+(?:it|them|(?:his|her|ur|your|their)\s+[a-z]+)\s+"
    rf"(?:out\s+(?:of\s+)?(?:the|a)|from\s+the)\s+bins?|"
    rf"(?:{_KIN}s?|{_PARENT}|they|he|she)\s+(?:all\s+)?(?:live|lives|living)\s+in\s+a\s+(?:caravan|tent|skip|bin|shed|dump|hovel)|"
    rf"(?:{_PARENT}|[a-z]+{_A}s\s+(?:mum|dad|mam|mother|father))\s+(?:(?:got|was|has\s+been|been)\s+arrested|"
    rf"(?:is|{_A}s|got\s+sent|went)\s+(?:in|to)\s+"
    rf"(?:prison|jail|the\s+nick))(?:[\s,]+(?:that{_A}?s|thats|cos|coz|because)|[\s,]*(?:lol|haha|😂))|"
    rf"{_PARENT}\s+left\s+(?:cos|coz|cuz|because)\s+of\s+(?:{_YOU}|him|her)|"
    rf"(?:cos|coz|cuz|because)\s+(?:(?:ur|you{_A}?re|u\s+r|he{_A}?s|she{_A}?s|he\s+is|she\s+is)\s+(?:deaf|blind|disabled|"
    rf"autistic|dyslexic|special\s+needs|a\s+cripple)|of\s+(?:his|her|ur|your)\s+(?:leg\s+brace|wheelchair|hearing\s+aids?|"
    rf"crutches|stammer|stutter|lisp|walking\s+frame|glasses))\s*(?:haha|lol|lmao|😂|🤣)|"
    rf"(?:still\s+)?wets\s+(?:the|his|her)\s+bed|"
    # A poll of the worst: "vote for the ugliest girl in 5K".
    rf"(?:(?:vote|voting|rate|rating|poll)\s+(?:for\s+)?(?:the\s+)?|the\s+)(?:ugliest|fattest|smelliest|dumbest|stupidest|"
    rf"thickest|weirdest|poorest|hairiest|spottiest|most\s+annoying|most\s+pathetic)\s+(?:girl|boy|kid|person|child|pupil|"
    rf"one|teacher)(?=\s+in\s+(?:the\s+|our\s+|my\s+)?(?:class|school|year|world|[a-z0-9]{{1,3}}(?![a-z]))|\s*$|\s*[!?😂])){_END}",
    # Sarcasm and taunts: praise undercut ("ur sooo clever 🙄 2 out of 20"), a wish they were less.
    rf"(?P<mock>{_YOU_ARE}\s+(?:(?:actually|sooo*|so|really|such\s+a|a|proper|like\s+a)\s+)*(?:clever|smart|genius|brainy|"
    rf"talented|gorgeous|pretty|sporty|brilliant)[^.!?\n]{{0,4}}?(?:🙄|😒|🙃|\bnot\b)|"
    rf"(?:[0-9]+|zero|one|two|three)\s+out\s+of\s+[0-9]+[^.!?\n]{{0,40}}?(?:genius|einstein|clever\s+clogs|brainbox){_END}|"
    rf"(?:try|trying)\s+(?:being|to\s+be)\s+(?:(?:a\s+bit|a\s+little|slightly)\s+)?less\s+"
    rf"(?:{_ADJ}|annoying|rubbish|crap|boring|slow|weird){_END}|"
    rf"(?:degree|qualifications?|licence|certificate|diploma)\s+(?:out\s+of|from)\s+a\s+"
    rf"(?:cereal\s+(?:packet|box)|christmas\s+cracker|lucky\s+bag|kinder\s+egg)|"
    rf"(?:why|y)\s+(?:are|r)\s+{_YOU}\s+(?:even|still)\s+(?:alive|breathing|born){_END}|"
    rf"go\s+(?:and\s+)?cry\s+to\s+(?:your|ur)\s+(?:mummy|mum|mommy|mam|mammy|daddy|dad)|"
    rf"{_YOU}\s+little\s+{_ANIMAL}{_END}|(?:nasty|horrible|vile|evil|right|real)\s+piece\s+of\s+work)",
    # Rumours that defame: stealing money, a record, watching children, "keep your kids away from her".
    # Whoever is said to take it, a named person or a role that handles money ("the PTA treasurer"),
    # and whatever it was raised by ("the tombola money").
    rf"(?P<rumour>(?:(?:the|our|that|this)\s+(?:pta\s+|club\s+|school\s+|class\s+)?(?:treasurer|chair|chairman|"
    rf"chairwoman|chairperson|secretary|organiser|rep)|(?P<who_m>he|she|{_STAFF}|[a-z]++))\s+"
    rf"(?:has\s+been|is|was|keeps|kept|been)\s+"
    rf"(?:helping\s+(?:him|her|them)sel(?:f|ves)\s+to|stealing|nicking|pinching|pocketing|fiddling|skimming(?:\s+off)?)\s+"
    rf"(?:(?:the|our|school|pta|charity|trip|dinner|lunch|club|raffle|fete|tuck\s+shop)\s+)*(?:[a-z]+\s+)?"
    rf"(?:money|funds|cash|donations|takings|float){_END}|"
    rf"(?:watches|watching|stares\s+at|staring\s+at|looks\s+at|looking\s+at|eyes\s+up|leers\s+at)\s+"
    rf"(?:the\s+|little\s+|young\s+)*(?:girls|boys|kids|children|pupils)\s+(?:a\s+bit\s+|way\s+|far\s+)?too\s+"
    rf"(?:closely|much|long){_END}|"
    rf"(?:he|she|{_STAFF})\s+(?:has|had|has\s+got|got)\s+a\s+(?:criminal\s+|police\s+)?record(?=\s*[.!,]|\s+for\s)|"
    rf"keep\s+(?:your|ur|yr)\s+(?:kids|children|child|little\s+ones)\s+(?:well\s+|far\s+)?away\s+from\s+(?:him|her|them))",
    # A crowd urged against one person: to shun them, pile on to their page, pretend they are not there.
    rf"(?P<pileon>{_CROWD}\s+(?:(?:just|should|must|needs\s+to|go\s+and)\s+)?(?:{_SHUN}\s+(?:him|her|them|"
    rf"(?P<who_p>[a-z]++))|go\s+(?:to|on)\s+(?:his|her|their)\s+{_PAGE}){_END}|"
    rf"pretend\s+(?:she|he|they)(?:{_A}?s|{_A}re|\s+is|\s+are)?\s+(?:invisible|not\s+there|isn{_A}?t\s+there|"
    rf"doesn{_A}?t\s+exist|dead|a\s+ghost){_END}|"
    # Asked why someone is even there: "why is the kid in the wheelchair even in the relay?"
    rf"(?:why|y)\s+(?:is|are|was|were)\s+(?:the|that|this)\s+(?:[a-z]+\s+){{0,4}}?(?:kid|boy|girl|child|lad|"
    rf"lass|one|woman|man|lady)(?:\s+[a-z]+){{0,4}}?\s+even\s+(?:in|on|at|here|there|allowed|playing|picked|"
    rf"invited|running|coming){_END}|"
    rf"(?:{_YOU_ARE}|{_YOU}|he{_A}?s|she{_A}?s|hes|shes|he|she)\s+(?:always\s+|still\s+|alwayz\s+)?"
    rf"(?:get\s+|gets\s+|got\s+|is\s+|being\s+)?picked\s+last{_END}|"
    # A crowd asked to name the one who fits a taunt: "tag someone who smells", "tag a mate who's a loser".
    rf"tag\s+(?:someone|somebody|some1|a\s+(?:friend|mate|m8))\s+(?:who|that|whos|who{_A}s)\s+"
    rf"(?:(?:always|still|really)\s+)?(?:(?:smells?|stinks?|reeks?)(?=\s*(?:[.!😂🤣💀@]|$|lol|haha)|\s+(?:so|really|bad))|"
    rf"(?:is\s+)?{_FILL}(?:{_ADJ}|{_NOUN}){_END})|"
    # Told to keep away from someone: "tell your kids to keep away from him".
    rf"(?:tell|warn|teach)\s+(?:your|ur|yr)\s+(?:kids|children|child|son|daughter|little\s+ones)\s+to\s+"
    rf"(?:keep|stay)\s+(?:well\s+|far\s+)?(?:away\s+from|clear\s+of)\s+(?:him|her|them){_END})",
    # Defamatory claims: dismissal for misconduct, an affair for a job, money taken, cheating,
    # something had only by favour ("only in top set cos the teacher feels sorry for u").
    rf"(?P<slander>(?:sacked|fired|struck\s+off|suspended|kicked\s+out|dismissed|arrested|investigated|"
    rf"banned|let\s+go)\s+(?:(?:from|at)\s+(?:[^\s.,!?]+\s+){{1,4}})?for\s+{_MISCONDUCT}{_END}|"
    rf"(?:sleeping|slept|sleeps|shagging|shags|having\s+(?:an\s+)?affair)\s+with\s+(?:the\s+|a\s+|his\s+|her\s+)?"
    rf"(?:[a-z]+\s+){{0,2}}?{_ROLE}{_END}|"
    rf"(?:he|she|{_STAFF}|(?P<who_f>[a-z]++))\s+(?:(?:always|still|secretly|basically|definitely)\s+)?"
    rf"(?:fiddles|fiddled|steals|stole|nicks|nicked|pinches|pinched|pockets|pocketed|skims|skimmed|"
    rf"embezzles|embezzled)\s+(?:from\s+|off\s+)?{_MONEY}{_END}|"
    rf"(?:he|she|(?P<who_c>[a-z]++))\s+(?:always\s+|just\s+|only\s+)?(?:copies|copied|cheats|cheated)\s+"
    rf"(?:off|from|of)\s+(?:him|her|them|everyone|everybody|"
    rf"(?!(?:the|a|an|my|his|her|their|your|our|this|that|books?|board|sheet)(?![a-z]))[a-z]++){_END}|"
    rf"(?:he|she|{_YOU}|ur|hes|shes|{_STAFF}|(?P<who_o>[a-z]++))(?:{_A}s|{_A}re|\s+is|\s+are|\s+r|\s+was)?\s+"
    rf"only\s+(?:got|gets|get|has|have|in|on|there|here|picked|chosen|made|passed|won|became|kept|keeps)(?![a-z])[^.!?\n]{{0,50}}?"
    rf"(?:(?:because|cos|coz|cuz|bc|since|as)\s+(?:[a-z'\u2019]+\s+){{0,4}}?{_FAVOUR}|to\s+show\s+off){_END})",
    # A consequence held over someone: "say that again and see what happens", "won't walk home in one piece".
    rf"(?P<consequence>(?:won{_A}?t|wont|will\s+not|never)\s+(?:be\s+)?(?:[a-z]+\s+){{0,5}}?in\s+one\s+piece|"
    rf"(?:say|do|try|touch|call|post|write)\s+(?:that|it|this|me|him|her|anything|(?:my|our)\s+[a-z]+)\s+"
    rf"(?:again|one\s+more\s+time)"
    rf"[^.!?\n]{{0,30}}?\s+(?:and|n|&)\s+(?:see|watch)\s+what\s+(?:happens|will\s+happen)|"
    rf"(?:{_YOU}{_A}?ll|youll|ull)\s+see\s+what\s+happens|"
    rf"(?:we{_A}?ll|we\s+will|let{_A}?s|lets|i{_A}?ll)\s+see\s+how\s+(?:brave|tough|hard|big|clever|funny|"
    rf"smart|cocky|mouthy|hard)\s+(?:{_YOU}|he|she|they)\s+(?:(?:is|are|r)\s+)?(?:then|now|without|when|after)|"
    rf"be\s+waiting\s+(?:outside|by|at|for)\s+[^.!?\n]{{0,30}}?for\s+(?:that|this)\s+(?:{_STAFF_NOUN}|man|woman|"
    rf"kid|boy|girl|lad|bloke){_END}|"
    # ... or for them, where they will be: "I'll be waiting for that teacher in the car park"
    rf"be\s+waiting\s+for\s+(?:that|this)\s+(?:{_STAFF_NOUN}|man|woman|kid|boy|girl|lad|bloke)\s+(?:outside|"
    rf"(?:in|at|by)\s+the\s+(?:car\s*park|(?:school\s+)?gates?|bus\s+stop|corner|park|shops?|alley)|after\s+school|"
    rf"at\s+(?:pick\s*-?\s*up|home\s*time|hometime)){_END}"
    rf"(?![^.!?\n]{{0,30}}(?<![a-z])to\s+(?:talk|discuss|speak|ask|give|collect|get|have|say|hand|return|thank)))",
    # Taunts: a person likened to a thing, unwashed, a scare-quoted "special", a body made their
    # name, their parent's rejection, a crowd laughing at them, their work called worthless.
    rf"(?P<taunt>(?:he|she|{_YOU}|(?:ur|your|yr|his|her)\s+(?:hair|face|head|nose|teeth|ears|body|legs|feet)|"
    rf"(?P<who_t>[a-z]++))\s+(?:looks?|talks?|sounds?|walks?|dresses|runs?)\s+"
    rf"like\s+(?:a|an|some\s+kind\s+of)\s+(?:(?:fat|big|little|ugly|old|walking|broken|dying|massive|burnt|burned|"
    rf"wet|soggy|used|dead|drowned|rotten|mouldy|squashed|half[\s-]eaten)\s+)*"
    rf"{_THING}(?!\s+in\s+(?:his|her|their|the|that)\s+(?:costume|outfit)){_END}|"
    rf"looks?\s+like\s+(?:he|she|they|you|u){_A}?(?:s|ve|d)?\s+(?:has\s+|have\s+)?(?:never|not)\s+(?:ever\s+)?"
    rf"(?:had\s+a\s+|seen\s+a\s+|been\s+(?:in|near)\s+a\s+)?(?:wash|bath|shower|comb|hairbrush|washed|bathed|"
    rf"showered|mirror){_END}|"
    rf"(?:he{_A}?s|she{_A}?s|hes|shes|he\s+is|she\s+is|ur|you{_A}?re|youre|u\s+r|they{_A}?re)\s+(?:so\s+)?"
    rf"['\"\u2018\u201c](?:special|different|clever|gifted|normal|sporty|poorly|ill|sick|tired)['\"\u2019\u201d]|"
    rf"(?:the|that|this)\s+{_BODY}\s+(?:one|kid|boy|girl|lad|lass|child){_END}(?!\s+of\s)|"
    rf"look\s+at\s+the\s+state\s+of\s+(?:him|her|them|(?:his|her|their|that|this|ur|your)\s+(?:mum|dad|mother|"
    rf"father|parents|family|kid|kids|son|daughter|brother|sister|nan|face|clothes|house|garden)|"
    rf"(?P<who_l>[a-z]++)){_END}|"
    rf"(?:is\s+that\s+why|that{_A}?s\s+why|thats\s+why|no\s+wonder)\s+(?:he|she|{_YOU}|they)\s+(?:always\s+)?"
    rf"(?:smells?|stinks?|reeks?){_END}|"
    rf"(?:{_PARENT}|(?:your|ur|his|her|their)\s+own\s+(?:mum|dad|mam|mother|father|parents)|"
    rf"[a-z]+{_A}s\s+(?:mum|dad|mam|mother|father|parents))\s+(?:doesn{_A}?t|doesnt|does\s+not|"
    rf"don{_A}?t|dont|do\s+not|never|didn{_A}?t|didnt)\s+(?:even\s+|really\s+)?(?:want(?:ed)?|love|like|care\s+about)\s+"
    rf"(?:{_YOU}|him|her|them)(?![a-z]|\s+to(?![a-z]))|"
    rf"(?<!has\s)(?<!have\s)(?<!with\s)(?<!got\s)four[\s-]eye[sd]{_END}|"
    rf"(?:everyone|everybody|every1|the\s+whole\s+(?:class|school|year)|we\s+all|they\s+all|all\s+of\s+us)\s+"
    rf"(?:(?:was|were|is|are|r)\s+)?(?:laughing|laughed|laughs|laugh)\s+at\s+(?:(?:{_YOU}|him|her|them){_END}|"
    rf"(?:ur|your|his|her|their)\s+[a-z]+[^.!?\n]{{0,12}}?not\s+with)|"
    rf"(?:zero|no|0)\s+talent(?!\s+(?:show|contest|competition|night|quest|needed|required|scout)){_END}|"
    rf"did\s+(?:ur|your|his|her)\s+(?:baby\s+|little\s+|lil\s+|toddler\s+|[0-9]+\s*(?:year|yr)\s+old\s+)?"
    rf"(?:brother|sister|cousin|dog|cat|hamster)\s+(?:draw|write|make|paint|do|colour|build|sing)\s+(?:this|that|it)|"
    # "a trained monkey could teach better than you", "pls never sing again", "imagine being so poor"
    rf"(?:a|my|any|even\s+a)\s+(?:[a-z]+\s+){{0,2}}?(?:monkey|chimp|toddler|baby|five\s+year\s+old|"
    rf"[0-9]+\s*(?:year|yr)\s+old|dog|hamster|goldfish|potato|robot|seal)\s+could\s+(?:[a-z0-9]+\s+){{1,5}}?"
    rf"better(?:\s+job)?\s+than\s+(?:{_YOU}|him|her|them|that|this|the|{_STAFF}){_END}|"
    rf"(?:pls|please|plz|plez)\s+(?:never|don{_A}?t\s+ever|dont\s+ever|do\s+not\s+ever)\s+(?:sing|dance|talk|speak|"
    rf"play|draw|write|post|act|perform|rap|open\s+(?:ur|your)\s+mouth)\s+again|"
    rf"imagine\s+(?:being|having|looking|smelling|living)\s+(?:so|this|that|as)\s+(?:{_ADJ}|poor|broke|skint|"
    rf"weird|sad|desperate|tragic|slow){_END}|"
    rf"{_YOU_ARE}\s+{_FILL}(?:rubbish|trash|garbage|crap|pants|terrible|awful|a\s+joke)"
    rf"(?=\s*(?:tho|though|lol|haha|mate|m8|tbh|honestly|[.!?,]|$))|"
    # What is theirs judged: "ur voice is so annoying", "ur family r all freaks".
    rf"(?:ur|your|yr|his|her|their)\s+{_THEIRS}\s+(?:is|are|r|iz|was|were|looks?|sounds?)\s+"
    rf"(?:(?:actually|so|sooo+|really|well|proper|literally|all|just|still|such|honestly|genuinely|lowkey|"
    rf"always|a|an)\s+)*{_JUDGED}{_END})",
    # Prejudice by its shape: a group as a mass, as thieves, as unfit to have children, "not our sort".
    rf"(?P<bigotry>(?:load|loads|horde|hordes|swarm|flood|influx|busload|boatload|coachload)\s+of\s+{_GROUP}{_END}|"
    rf"{_GROUP}\s+who\s+(?:can{_A}?t|cannot|don{_A}?t|dont|won{_A}?t|wont|never)\s+(?:even\s+|be\s+bothered\s+to\s+)?"
    rf"(?:speak|learn)\s+(?:english|the\s+language){_END}|"
    rf"{_GROUP}(?:\s+[a-z']+){{0,6}}[\s.,!]+(?:so\s+)?(?:lock|hide)\s+(?:up\s+|away\s+)?(?:your|ur)\s+"
    rf"(?:bikes?|valuables|stuff|things|cars?|houses?|homes?|sheds?|handbags?|purses?|wallets?|phones?|daughters?)"
    rf"{_END}|"
    rf"(?:people|folk|types|the\s+likes)\s+(?:like|of)\s+(?:her|him|them|that|you|u|this\s+lot|that\s+lot)\s+"
    rf"(?:shouldn{_A}?t|should\s+not|should\s+never|mustn{_A}?t|must\s+not|need\s+to\s+be|ought\s+to\s+be|"
    rf"are\s+(?:the\s+problem|ruining|a\s+disgrace|a\s+joke|scum|vermin)){_END}|"
    # ... of a kind of person said to be unfit or to belong apart: "women like her shouldn't be in
    # charge", "children like that belong in a special school"; not "kids like him need support".
    rf"(?:people|folk|types|children|kids|women|men|girls|boys|families|parents)\s+like\s+(?:her|him|them|that|you|u|"
    rf"this\s+lot|that\s+lot)\s+(?:(?:shouldn{_A}?t|should\s+not|should\s+never|mustn{_A}?t|must\s+not)\s+be\s+"
    rf"(?:in\s+charge|allowed|let|teaching|running|working|near|around|anywhere|in\s+(?:a|our|this|the|any)\s+"
    rf"(?:school|class|classroom))|(?:belongs?|should\s+be|need\s+to\s+be|ought\s+to\s+be)\s+(?:in|at)\s+"
    rf"(?:an?\s+)?(?:special\s+(?:school|unit|needs\s+school)|prison|jail|zoo|cage|borstal)|"
    rf"(?:don{_A}?t|dont|do\s+not)\s+belong\s+(?:here|in\s+(?:this|our|a\s+normal|mainstream)(?![a-z]))){_END}|"
    # Mocked for their English: "he cant even talk english proper".
    rf"(?:he|she|{_YOU}|they|{_PARENT}|{_KIN}|(?P<who_j>[a-z]++))\s+(?:can{_A}?t|cant|cannot|can\s+not)\s+even\s+"
    rf"(?:speak|talk|say|read|write|spell|understand)\s+(?:(?:proper|good|normal|real)\s+)?english{_END}|"
    rf"(?:they|he|she|{_KIN}|{_PARENT}|that\s+family|those\s+people)\s+(?:(?:really|just|simply)\s+)?"
    rf"(?:aren{_A}?t|arent|are\s+not|isn{_A}?t|isnt|is\s+not|r\s+not)\s+(?:really\s+)?(?:our|the\s+right)\s+"
    rf"(?:sort|kind|type){_END})",
    # Insults that need no target: "spoilt brat", "scroungers the lot of them", "whole family are freaks".
    rf"(?P<scorn>"
    # Called one of a kind with the target: "weirdos like you", "losers like him".
    rf"(?!clown){_NOUN}\s+like\s+(?:you|u|ya|him|her|them){_END}|"
    rf"(?:spoilt|spoiled|stuck[\s-]up|snobby|snotty|jumped[\s-]up)\s+(?:(?:little|old|{_ADJ})\s+)*"
    rf"(?:{_NOUN}|madam|princess|cow){_END}|"
    rf"{_NOUN}[\s,]+(?:the\s+)?(?:lot|all|every\s+one|each\s+one|whole\s+lot)\s+of\s+(?:them|em|{_A}em|you|u){_END}|"
    rf"(?:(?:the\s+)?whole\s+(?:family|lot|household|class|street|estate|clan|tribe)|"
    # a family by its name ("that Bloggs family are trouble"), which the name's capital shows
    rf"(?:that|those|the)\s+(?P<who_k>[a-z-]++)\s+(?:family|families|household|clan)|"
    # ... or pointed at with no name ("That family are thieves")
    rf"(?:that|those)\s+(?:family|families|household|clan))\s+(?:are|is|r|were|was)\s+"
    rf"{_FILL}(?:{_ADJ}|{_NOUN}|{_ACCUSATION}|trouble|bad\s+news|a\s+(?:problem|nightmare|menace)){_END}"
    rf"(?!\s+as\s+thieves))",
    rf"(?P<insult>(?:{_YOU_ARE}\s+{_FILL}(?:{_ADJ}|{_NOUN})|{_YOU}\s+{_NOUN_FILL}{_NOUN}|"
    # "shit" called a person, with the word that makes it a name: "you little shit", "u stupid sh1t";
    # not the verb ("did you fucking shit yourself").
    rf"{_YOU}\s+(?:(?:little|{_SWEARING}|{_ADJ})\s+){{1,3}}(?:shits?|shite)(?![a-z]|\s+(?:your|ur|ya|yer|my|him|her|"
    rf"them|it|on|in|out|all|everywhere)(?![a-z]))|"
    rf"{_YOU}\s+{_NOUN_FILL}{_ADJ}\s+{_PERSON}|what\s+(?:a|an)\s+{_NOUN_FILL}{_NOUN}|"
    rf"are\s+{_YOU}\s+(?:so\s+|really\s+|just\s+|actually\s+)?(?:{_ADJ}|deaf|blind)|"
    rf"{_YOU_ARE}\s+{_FILL}{_BAD_AT}\s+at\s+[a-z]+|"
    rf"(?:he|she|{_KIN})(?:{_A}?s|\s+is|\s+are|\s+looks|\s+smells)\s+{_FILL}(?:{_ADJ}|{_NOUN})|"
    # A noun made an insult by a compound before it: "he's just a teacher's pet creep", "a know-it-all
    # weirdo".
    rf"(?:{_YOU_ARE}|he{_A}?s|she{_A}?s|hes|shes|he\s+is|she\s+is)\s+{_FILL}"
    rf"(?:[a-z]+{_A}s\s+[a-z]+|[a-z]+(?:-[a-z]+)+)\s+{_NOUN}|"
    # Called an informer, where what is said ends: "she's such a grass", not "it's a grass pitch".
    rf"(?:{_YOU_ARE}|he{_A}?s|she{_A}?s|hes|shes|he\s+is|she\s+is|{_YOU})\s+(?:(?:such|a|proper|right|dirty|little|"
    rf"massive|total|{_SWEARING})\s+)+{_INFORMER}(?=\s*(?:[.,!?]|$|and|lol|tho|though|haha|😂|🤣|🐍))|"
    # Told to go away and called a name: "shut up loser", "get lost, freak", "go away you idiots".
    rf"{_DISMISS}[\s,.!]+(?:{_YOU}\s+)?{_NOUN_FILL}{_NOUN}|"
    # An insult as the vocative that opens a post said to someone ("LOSER lol nobody picked u"),
    # or that ends it ("nobody asked you, weirdo").
    rf"^{_NOUN_FILL}(?!clown){_NOUN}(?=(?:\s*(?:lol|lmao|haha+|😂|🤣|💀|[,!]))+"
    rf"[^.!?\n]{{0,40}}?(?<![a-z])(?:you|u|ur|ya)(?![a-z]))|"
    rf"(?:you|u|ya)(?![a-z])[^.!?\n]{{0,40}}?,\s*{_NOUN_FILL}(?!clown){_NOUN}{_END}"
    rf"(?=\s*(?:[.!?😂🤣💀]|lol|lmao|haha|$))){_END})",
    rf"(?P<named>(?P<who_n>{_TITLE}|[a-z]++)(?:{_A}s|\s+is|\s+iz|\s+was|\s+woz|\s+looks|\s+smells)\s+{_FILL}(?:{_ADJ}|{_NOUN}){_END})",
    # A taunt about how someone smells ("she smells of curry").
    rf"(?P<smell>(?P<who_s>he|she|{_YOU}|{_STAFF}|{_KIN}|{_PARENT}|{_BELONGING}|[a-z]++)\s+(?:(?:always|still|really)\s+)?"
    rf"(?:smells?|smelt|smelled|stinks?|stank|reeks?)\s+(?:of|like)\s+"
    rf"(?:(?:rotten|old|dead|stale|off|wet|mouldy|sweaty|dirty|smelly|gone\s+off)\s+)?(?:{_SMELL}|"
    # ... of their family's trade ("smells like her dad's takeaway")
    rf"(?:his|her|their|ur|your)\s+(?:mum|dad|mam|nan|family|parents){_A}?s?\s+(?:takeaway|chippy|kebab\s+shop|"
    rf"curry\s+house|farm|pig\s+farm|bins?)){_END}|{_YOU}\s+(?:stink|reek){_END}|"
    rf"(?P<who_z>he|she|{_YOU}|[a-z]++)\s+(?:always\s+|still\s+|really\s+)?(?:smells?|stinks?|reeks?)\s+"
    rf"(?:so|really|well|proper|that|sooo+)\s+(?:bad|badly|awful|horrible|disgusting|gross|minging|rank|vile){_END})",
    # An insult with no target but the insulting word before it ("fat loser", "ugly bunch of brats").
    rf"(?P<epithet>(?:{_ADJ}|total|utter|absolute|complete|{_LOOKS})\s+(?:(?:{_ADJ}|{_LOOKS}|little|old|big)\s+)*"
    rf"(?:(?:bunch|load|pack|gang|lot)\s+of\s+)?{_NOUN_FILL}(?:{_NOUN}|{_ACCUSATION}){_END}|"
    # An insult for a whole household: "scrounger family", "chav kids" (not a circus's clown family).
    rf"(?!clown|git){_NOUN}\s+(?:{'|'.join(KIN_GROUPS)}){_END}|"
    # "a pathetic excuse for a human being", "sorry excuse for a teacher"
    rf"(?:{_ADJ}|poor|sorry|sad|miserable)\s+excuse\s+(?:for|of)\s+an?\s+(?:human(?:\s+being)?|person|man|woman|"
    rf"mother|father|mum|dad|parent|teacher|headteacher|head\s+teacher|adult|coach|referee|ref|school){_END})",
    # "piss off Jayden", "sod off" are swearing, not abuse; "fuck off" is aimed.
    rf"(?P<aimed>(?:(?:fuck|fuk|fck|piss|sod|screw)\s+(?:you|u|ya)|(?:fuck|fuk|fck|f)\s+off|eat\s+shit|suck\s+my\s+[a-z]+|"
    # Swear words that only ever name a person ("twat in the 4x4", "utter wanker").
    rf"{_PERSON_SWEAR}){_END})",
    # The open case the classifier judges: "you're such a <word the lexicons do not list>".
    rf"(?P<open>{_YOU_ARE}\s+(?:a|an|such\s+a|such\s+an|so|such)\s+"
    rf"(?:(?:big|little|total|complete|absolute|massive|proper|fucking)\s+)?[a-z]{{3,}}){_END}",
]


def _compile(sources: list[str]) -> dict[str, re.Pattern[str]]:
    patterns = {}
    for source in sources:
        name = re.match(r"\(\?P<(\w+)>", source)
        assert name is not None
        patterns[name.group(1)] = re.compile(rf"(?<![a-z])(?:{source})")
    return patterns


PATTERNS = _compile(_SOURCES)
#: "u r a l o s e r" spelt out with one space throughout closes up to "uraloser": in a spelt-out
#: run only, "you are" glued to an insult is an insult. "ur a l o s e r", typed words before the
#: letters, closes up to "ur aloser": an article glued to an insult shows it was spelt out.
GLUED_INSULT = re.compile(rf"(?<![a-z])(?:you|u|ya)(?:r|re|are)(?:\s?(?:a|an|so|such|sucha|suchan))?"
                          rf"(?:{_NOUN}|{_ADJ})(?![a-z])")
#: An insult noun that ends a match ("... was a bastard").
INSULT_NOUN_END = re.compile(rf"(?<![a-z])(?:{_NOUN})\Z")
# Per category, the groups that capture who a remark is about (where any word may stand).
WHO = {category: tuple(g for g in pattern.groupindex if g.startswith("who_"))
        for category, pattern in PATTERNS.items()}
PRECEDENCE = {category: rank for rank, category in enumerate(PATTERNS)}

# category: (reason, critical)
CATEGORIES: dict[str, tuple[str, bool]] = {
    "harm": ("bullying: telling someone to harm themselves", True),
    "threat": ("a threat of violence", True),
    "menace": ("a veiled threat", True),
    "incite": ("urging an attack on a person's home or belongings", False),
    "exclude": ("bullying: leaving someone out", False),
    "outcast": ("bullying: leaving someone out", False),
    "slur": ("a discriminatory slur", False),
    "gay": ("a homophobic insult", False),
    "discrim": ("a discriminatory remark", False),
    "staff": ("a derogatory remark about a member of staff", False),
    "school": ("a derogatory remark about the school", False),
    "parent": ("a derogatory remark about a parent", False),
    "accuse": ("a defamatory accusation about a person", False),
    "expose": ("bullying: embarrassing pictures of a person", False),
    "ridicule": ("bullying: mocking a person's looks, family, home or disability", False),
    "mock": ("bullying: a mocking remark aimed at a person", False),
    "rumour": ("a defamatory rumour about a person", False),
    "insult": ("bullying: an insult aimed at a person", False),
    "named": ("bullying: an insult aimed at a person", False),
    "animal": ("bullying: an insult aimed at a person", False),
    "smell": ("bullying: a taunt about how a person smells", False),
    "epithet": ("an insult about a person", False),
    "aimed": ("abusive language aimed at a person", False),
    "open": ("bullying: an insult aimed at a person", False),
    "pileon": ("bullying: urging others to shun or target a person", False),
    "slander": ("a defamatory claim about a person", False),
    "consequence": ("a veiled threat", True),
    "taunt": ("bullying: mocking a person's looks, family, work or disability", False),
    "bigotry": ("a discriminatory remark", False),
    "scorn": ("an insult about a person", False),
}

# Capitalised words that start a sentence but name no person ("Homework is so stupid").
NOT_NAMES = frozenset(load_lexicon("abuse_not_names"))
