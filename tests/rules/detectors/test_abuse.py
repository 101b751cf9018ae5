"""Swearing and abuse: obfuscated swear words, targeted insults, threats, slurs, hard negatives."""

from __future__ import annotations

import pytest

from auditor import Pupil, ScanProfile
from auditor.redaction import MASK
from rules.detectors.abuse import AbuseDetector
from rules.detectors.lexicon import KeywordGate, load_lexicon, spellings, trie_pattern
from rules.detectors.text import normalise


@pytest.fixture(scope="module")
def detector() -> AbuseDetector:
    return AbuseDetector(ScanProfile(pupils=(Pupil("Amy", "Jones"),)))


def found(detector: AbuseDetector, text: str) -> list[tuple[str, str, str]]:
    return [(d.kind, text[d.start:d.end], d.reason) for d in detector.find(normalise(text))]


@pytest.mark.parametrize(("text", "word"), [
    ("well that was shit", "shit"),
    ("sh1t happens", "sh1t"),
    ("what the f*ck", "f*ck"),
    ("f***ing hell", "f***ing"),
    ("oh sh!t", "sh!t"),
    ("f u c k this", "f u c k"),
    ("s.h.i.t", "s.h.i.t"),
    ("shiiiiit", "shiiiiit"),
    ("fuuuuck", "fuuuuck"),
    ("that b@stard", "b@stard"),
    ("absolute bollocks", "bollocks"),
    ("FUCKING hell", "FUCKING"),
    ("\uff46\uff55\uff43\uff4b that", "\uff46\uff55\uff43\uff4b"),  # fullwidth letters
])
def test_profanity_is_found_however_it_is_spelt(detector: AbuseDetector, text: str, word: str) -> None:
    detections = [d for d in detector.find(normalise(text)) if d.kind == "profanity"]
    assert [(text[d.start:d.end]) for d in detections] == [word]
    assert detections[0].redacted == word[0] + MASK * (len(word) - 1)
    assert detections[0].reason == "swearing"


@pytest.mark.parametrize("text", [
    "We had a great trip to Scunthorpe and Sussex.",
    "Cocktail sausages at the summer fair",
    "The assessment starts on Monday; the therapist visits on Tuesday.",
    "Grapefruit, class 3B, and a pass mark of 60%",
    "A bloody good match, well played Year 6!",  # mild: left out of the lexicon on purpose
    "Dick Whittington is this year's panto",
    "The blue tits are nesting in the box",
    "We read about the ass that carried Mary to Bethlehem",
    "Wooooo, what a day!!! Sooo proud www.millbrook.sch.uk",
    "**Well done** to our 5* readers #proud",
    "Shitake mushrooms in the food tech lesson",
])
def test_words_that_only_contain_or_resemble_swearing_are_not_profanity(
        detector: AbuseDetector, text: str) -> None:
    assert found(detector, text) == []


@pytest.mark.parametrize(("text", "phrase", "reason"), [
    ("nobody likes you", "nobody likes you", "bullying: leaving someone out"),
    ("honestly everyone hates you lol", "everyone hates you", "bullying: leaving someone out"),
    ("don't let her play with us", "don't let her play with us", "bullying: leaving someone out"),
    ("you've got no friends", "you've got no friends", "bullying: leaving someone out"),
    ("you're so fat", "you're so fat", "bullying: an insult aimed at a person"),
    ("you are so ugly and stupid", "you are so ugly", "bullying: an insult aimed at a person"),
    ("ur so thick", "ur so thick", "bullying: an insult aimed at a person"),
    ("your a loser", "your a loser", "bullying: an insult aimed at a person"),
    ("shut up you fat pig", "you fat pig", "bullying: an insult aimed at a person"),
    ("she's such a weirdo", "she's such a weirdo", "bullying: an insult aimed at a person"),
    ("what a loser", "what a loser", "bullying: an insult aimed at a person"),
    ("Jack is so fat", "Jack is so fat", "bullying: an insult aimed at a person"),
    ("amy is a freak", "amy is a freak", "bullying: an insult aimed at a person"),  # a pupil on the roster
    ("kill yourself", "kill yourself", "bullying: telling someone to harm themselves"),
    ("just kys", "kys", "bullying: telling someone to harm themselves"),
    ("k1ll urself", "k1ll urself", "bullying: telling someone to harm themselves"),
    ("nobody would miss you", "nobody would miss you", "bullying: telling someone to harm themselves"),
    ("I'll batter you", "I'll batter you", "a threat of violence"),
    ("im gonna punch him", "im gonna punch him", "a threat of violence"),
    ("watch your back", "watch your back", "a threat of violence"),
    ("you're dead tomorrow", "you're dead tomorrow", "a threat of violence"),
    ("I know where you live", "I know where you live", "a threat of violence"),
    ("go back to your own country", "go back to your own country", "a discriminatory remark"),
    ("you retard", "retard", "a discriminatory slur"),
    ("that's so gay", "that's so gay", "a homophobic insult"),
    ("he's a thief", "he's a thief", "a defamatory accusation about a person"),
    ("Mr Jones is a paedo", "Mr Jones is a paedo", "a defamatory accusation about a person"),
    ("Mrs Smith is useless and should be sacked", "Mrs Smith is useless",
     "a derogatory remark about a member of staff"),
    ("the head is a joke", "the head is a joke", "a derogatory remark about a member of staff"),
    ("Mr Hughes should be sacked", "Mr Hughes should be sacked",
     "a derogatory remark about a member of staff"),
    ("this school is a joke", "this school is a joke", "a derogatory remark about the school"),
    ("your mum is fat", "your mum is fat", "a derogatory remark about a parent"),
    ("fuck off", "fuck off", "abusive language aimed at a person"),
    ("Ethan is such a sl*g.", "Ethan is such a sl*g", "bullying: an insult aimed at a person"),  # masked
    ("you are an id**t", "you are an id**t", "bullying: an insult aimed at a person"),
])
def test_abuse_aimed_at_people_is_found(detector: AbuseDetector, text: str, phrase: str, reason: str) -> None:
    abuse = [(text[d.start:d.end], d.reason) for d in detector.find(normalise(text)) if d.kind == "abuse"]
    assert abuse == [(phrase, reason)]


@pytest.mark.parametrize("text", [
    "We learned about killer whales today",
    "This test is killing me",
    "Shoot for the stars, Year 6!",
    "I could kill for a cup of tea",
    "We smashed it at the netball tournament",
    "Check out the sick new trainers",
    "We learned about racism and why it is wrong",
    "Don't bully. Anti-bullying week starts Monday.",
    "Homework is so stupid",  # a thing, not a person
    "I made a stupid mistake in my sums",
    "Sugar can make you fat",
    "You're dead good at that!",
    "We will beat you on Saturday!",
    "I'll kick you out of the group chat if you spam",  # no violence
    "Thank you to all the parents, you are amazing",
    "You're such a star",
    "What a pig! The farm visit was brilliant",
    "Fire retardant blankets in the lab",
    "Drop dead gorgeous costumes at the show",
    "Nobody likes Mondays",
])
def test_hard_negatives_are_not_abuse(detector: AbuseDetector, text: str) -> None:
    assert found(detector, text) == []


def test_swearing_at_someone_is_both_kinds(detector: AbuseDetector) -> None:
    text = "you fucking idiot"
    assert found(detector, text) == [
        ("abuse", "you fucking idiot", "bullying: an insult aimed at a person"),
        ("profanity", "fucking", "swearing"),
    ]


def test_abuse_is_redacted_word_by_word_and_threats_are_critical(detector: AbuseDetector) -> None:
    (threat,) = detector.find(normalise("ok I'll b@tter you"))
    assert threat.redacted == "I•••" + " b•••••" + " y••"
    assert threat.critical and threat.blocks
    (insult,) = detector.find(normalise("you're so fat"))
    assert insult.redacted == "y••••• s• f••" and not insult.critical


def test_offsets_point_into_the_original_text(detector: AbuseDetector) -> None:
    text = "\u00e9t\u00e9 \u2014 you're s\u200bo f\u0430t"  # a zero-width space, a Cyrillic a
    (detection,) = detector.find(normalise(text))
    assert text[detection.start:detection.end] == "you're s\u200bo f\u0430t"


def test_the_classifier_judges_an_insult_the_lexicons_do_not_list(detector: AbuseDetector) -> None:
    assert found(detector, "you're such a coward") == [
        ("abuse", "you're such a coward", "bullying: an insult aimed at a person")]
    assert found(detector, "you're such a legend") == []


def test_find_many_gives_what_find_gives_one_by_one(detector: AbuseDetector) -> None:
    texts = [normalise(t) for t in (
        "nobody likes you", "Lovely trip today", "you're such a coward", "sh1t", "you're such a star",
        "Mrs Smith is useless", "Scunthorpe", "you fucking idiot", "", "kill yourself x",
    )] * 3
    one_by_one = [detector.find(t) for t in texts]
    assert detector.find_many(texts) == one_by_one
    assert detector.find_many(texts) == one_by_one  # asked again about the same batch
    assert sum(1 for r in one_by_one if r) == 18


def test_a_batch_list_refilled_in_place_is_scanned_afresh(detector: AbuseDetector) -> None:
    batch = [normalise("Lovely trip today")]
    assert detector.find_many(batch) == [[]]
    batch[0] = normalise("nobody likes you")
    assert [d.kind for d in detector.find_many(batch)[0]] == ["abuse"]


def test_lexicons_load_without_comments_or_blanks() -> None:
    profanity = load_lexicon("profanity")
    assert "fuck~" in profanity and all(entry and "#" not in entry for entry in profanity)
    assert {"idiot", "idiots", "idioting"} <= spellings(["idiot~"])


def test_trie_pattern_tolerates_repeats_but_keeps_double_letters() -> None:
    import re

    pattern = re.compile(rf"(?:{trie_pattern(('ass', 'shit~', 'shite'))})\Z")
    assert pattern.match("shiiit") and pattern.match("shitty") and pattern.match("shite")
    assert pattern.match("asss") and not pattern.match("as")


def test_keyword_gate_needs_a_word_start_unless_told_otherwise() -> None:
    gate = KeywordGate()
    gate.add("a", ["kill"])
    gate.add("b", ["*"], anywhere=True)
    assert gate.categories("skill and drill") == set()
    assert gate.categories("kill it") == {"a"}
    assert gate.categories("f*ck") == {"b"}


def test_the_fast_scorer_gives_exactly_what_predict_prob_gives() -> None:
    from profanity_check import predict_prob

    from rules.detectors.abuse import ProfanityScorer

    texts = ["you're such a coward", "you are so annoying", "", "the the the", "fuck fuck idiot",
             "What a fantastic day Year 6 had at the Science Museum!", "you are a little shit"]
    expected = predict_prob(texts)
    assert ProfanityScorer()(texts) == pytest.approx(list(expected), abs=1e-12)


# Categories added after measuring the detector on the labelled corpus; phrasings are our own.
INSULT = "bullying: an insult aimed at a person"
EPITHET = "an insult about a person"
STAFF = "a derogatory remark about a member of staff"
ACCUSE = "a defamatory accusation about a person"
DISCRIM = "a discriminatory remark"
SMELL = "bullying: a taunt about how a person smells"


@pytest.mark.parametrize(("text", "phrase", "reason"), [
    # An insulting adjective or intensifier before an insult noun, with no target named.
    ("nobody wants to sit next to a smelly loser", "smelly loser", EPITHET),
    ("absolute moron, who left the gate open?", "absolute moron", EPITHET),
    ("such a thick bunch of muppets on that bus", "thick bunch of muppets", EPITHET),
    ("shut up you thick boy", "you thick boy", INSULT),
    # Animals called a person, with a word that demeans.
    ("stupid cow, get out of my way", "stupid cow", INSULT),
    ("Mrs Evans is a lying old snake", "Mrs Evans is a lying old snake", INSULT),
    ("you filthy rat", "you filthy rat", INSULT),
    # Their children.
    ("their lot are feral", "their lot are feral", INSULT),
    ("his sister is such a slag", "his sister is such a slag", INSULT),
    # Taunts about a smell.
    ("Ravi smells of curry lol", "Ravi smells of curry", SMELL),
    ("her brother stinks like a bin", "her brother stinks like a bin", SMELL),
    ("ew you stink", "you stink", SMELL),
    # Generalisations about a group.
    ("asylum seekers shouldn't be allowed near us", "asylum seekers shouldn't be allowed near", DISCRIM),
    ("typical foreigners, can't even queue", "typical foreigners", DISCRIM),
    ("autistic kids are too thick for proper lessons", "autistic kids are too thick", DISCRIM),
    ("refugees are ruining this town", "refugees are ruining", DISCRIM),
    ("boys are too stupid for chess", "boys are too stupid for", DISCRIM),
    # Accusations about an adult known by name or role.
    ("the lollipop man is a pervert", "the lollipop man is a pervert", ACCUSE),
    ("Mr Dean slaps the children", "Mr Dean slaps the children", ACCUSE),
    ("the teachers at this school are clueless", "the teachers at this school are clueless", STAFF),
    ("that useless teacher lost my homework", "useless teacher", STAFF),
    ("this academy is run by morons", "run by morons", "a derogatory remark about the school"),
    # "So gay" said of a thing.
    ("his haircut is so gay", "haircut is so gay", "a homophobic insult"),
    ("ur shoes r so gay", "shoes r so gay", "a homophobic insult"),
    # A 1 for an "l".
    ("ur so ug1y", "ur so ug1y", INSULT),
])
def test_insults_generalisations_and_accusations_are_found(
        detector: AbuseDetector, text: str, phrase: str, reason: str) -> None:
    abuse = [(text[d.start:d.end], d.reason) for d in detector.find(normalise(text)) if d.kind == "abuse"]
    assert abuse == [(phrase, reason)]


@pytest.mark.parametrize(("text", "word"), [
    ("that tosser parked on the zigzags", "tosser"),
    ("the knobheads who let off fireworks", "knobheads"),
])
def test_swear_words_that_name_a_person_are_abuse_and_profanity(
        detector: AbuseDetector, text: str, word: str) -> None:
    assert found(detector, text) == [("abuse", word, "abusive language aimed at a person"),
                                     ("profanity", word, "swearing")]


@pytest.mark.parametrize(("text", "word"), [("fkn brilliant", "fkn"), ("total bo11ocks", "bo11ocks")])
def test_abbreviated_and_leet_swearing_is_profanity(detector: AbuseDetector, text: str, word: str) -> None:
    assert found(detector, text) == [("profanity", word, "swearing")]


@pytest.mark.parametrize("text", [
    "A stupid mistake in my sums, sorry!",
    "The fat cat sat on the mat",
    "A total of £40 was raised at the cake sale",
    "We fed the fat pigs at the farm",
    "Sid is a snake, he is our class pet",
    "The hall smells of curry on Fridays",
    "Can you smell the bread baking?",
    "Refugees are welcome here: we are a School of Sanctuary",
    "Year 6 learned how Jewish people were persecuted",
    "Boys shouldn't be allowed in the girls' changing room",
    "Dogs shouldn't be allowed in the playground",
    "Girls are brilliant at chess",
    "Mrs Okonjo touches the children's hearts with her stories",
    "Mr Smith hits the ball for six at the staff match",
    "Miss Shah beats the children at chess every year",
    "Mr Dean kicks the kids out of the hall at five",
    "Our caretaker is a star",
    "The teachers here are all lovely",
    "The summer fair is run by parents and staff",
    "Year 4 tossed pancakes on Shrove Tuesday",
    "Our club is so gay-friendly!",
    "Thank you little man for helping",
    "Your kids are amazing",
    "1st place in the 100m, 11am start",
])
def test_new_categories_keep_hard_negatives_quiet(detector: AbuseDetector, text: str) -> None:
    assert found(detector, text) == []


def test_keyword_gate_whole_words() -> None:
    gate = KeywordGate()
    gate.add("animal", ["rat"], whole=True)
    gate.add("start", ["rat"])
    assert gate.categories("rather good") == {"start"}
    assert gate.categories("a rat.") == gate.categories("rat") == {"animal", "start"}
    assert gate.categories("pirate") == set()


_INSULT = "bullying: an insult aimed at a person"
_EPITHET = "an insult about a person"


@pytest.mark.parametrize(("text", "span"), [
    ("shut up, weirdo", "shut up, weirdo"),
    ("get lost l\u043eser", "get lost l\u043eser"),  # a Cyrillic o
    ("jog on you muppet", "jog on you muppet"),
])
def test_dismissal_and_a_name(detector: AbuseDetector, text: str, span: str) -> None:
    assert found(detector, text) == [("abuse", span, _INSULT)]


@pytest.mark.parametrize("text", [
    "shut up and listen to the story", "Go away winners come back tomorrow", "shut up shop at three",
])
def test_dismissal_hard_negatives(detector: AbuseDetector, text: str) -> None:
    assert found(detector, text) == []


@pytest.mark.parametrize(("text", "span", "reason"), [
    # a member of staff called any insult noun is a remark about staff, read with its target
    ("the Year 6 teacher is an incompetent idiot", "the Year 6 teacher is an incompetent idiot", STAFF),
    ("she's so clueless lol", "she's so clueless", _INSULT),
])
def test_competence_insults(detector: AbuseDetector, text: str, span: str, reason: str) -> None:
    assert ("abuse", span, reason) in found(detector, text)


@pytest.mark.parametrize("text", ["the referee was incompetent", "clueless about fractions"])
def test_competence_hard_negatives(detector: AbuseDetector, text: str) -> None:
    assert found(detector, text) == []


@pytest.mark.parametrize(("text", "span"), [
    ("chav kids at the park", "chav kids"), ("lol scum family", "scum family"),
])
def test_household_insults(detector: AbuseDetector, text: str, span: str) -> None:
    assert found(detector, text) == [("abuse", span, _EPITHET)]


@pytest.mark.parametrize("text", ["the clown family act was brilliant", "git family history"])
def test_household_insults_hard_negatives(detector: AbuseDetector, text: str) -> None:
    assert found(detector, text) == []


@pytest.mark.parametrize(("text", "word"), [("bollox to this", "bollox"), ("oh bollix", "bollix")])
def test_swearing_spelt_as_said(detector: AbuseDetector, text: str, word: str) -> None:
    assert found(detector, text) == [("profanity", word, "swearing")]


def test_swearing_spelt_as_said_hard_negative(detector: AbuseDetector) -> None:
    assert found(detector, "new bollards outside school") == []


@pytest.mark.parametrize(("text", "span", "reason"), [
    # "<insult> of a <role>"
    ("that useless fat pig of a teacher should retire", "useless fat pig of a teacher",
     "a derogatory remark about a member of staff"),
    ("what an idiot of a headteacher", "idiot of a headteacher",
     "a derogatory remark about a member of staff"),
    # staff named by their class, and said to be unfit to be near children
    ("the teacher in year 4 is a thief", "the teacher in year 4 is a thief",
     "a defamatory accusation about a person"),
    ("Mrs Holt shouldn't be allowed near children", "Mrs Holt shouldn't be allowed near children",
     "a derogatory remark about a member of staff"),
    ("the lollipop man should not be allowed near kids", "the lollipop man should not be allowed near kids",
     "a derogatory remark about a member of staff"),
    # urging an attack on someone's home
    ("lets egg her house tonight", "lets egg her house", "urging an attack on a person's home or belongings"),
    ("go brick his windows lol", "go brick his windows", "urging an attack on a person's home or belongings"),
    # "nobody" as "no 1", "tomorrow" as texted
    ("n0 1 l1kes u", "n0 1 l1kes u", "bullying: leaving someone out"),
    ("no 1 cares about u", "no 1 cares about u", "bullying: leaving someone out"),
    ("ur dead tomoz", "ur dead tomoz", "a threat of violence"),
    ("U R SO DEAD 2MORRO", "U R SO DEAD 2MORRO", "a threat of violence"),
])
def test_staff_epithets_incitement_and_texted_forms(detector: AbuseDetector, text: str, span: str,
                                                    reason: str) -> None:
    assert found(detector, text) == [("abuse", span, reason)]


@pytest.mark.parametrize("text", [
    "we should egg and spoon race on sports day",
    "go egg hunting at his house",
    "no 1 fan of the team",
    "the TA in class 2 is lovely",
    "MY BAG IS SOOO UGLY",  # after "my" a capitalised word is a thing, not a name
    "my Homework is so stupid",
])
def test_incitement_and_staff_hard_negatives(detector: AbuseDetector, text: str) -> None:
    assert found(detector, text) == []


@pytest.mark.parametrize(("text", "words"), [
    ("we whooped their a$$ in the final", ["a$$"]),
    ("move your ass", ["ass"]),
    ("what a sk*t", ["sk*t"]),  # a masked insult is written as a swear word
])
def test_ass_and_masked_insults_are_swearing(detector: AbuseDetector, text: str, words: list[str]) -> None:
    assert [span for kind, span, _ in found(detector, text) if kind == "profanity"] == words


def test_ass_inside_words_is_not_swearing(detector: AbuseDetector) -> None:
    assert found(detector, "class assembly in the assessment hall, a mass of grass") == []


_STAFF = "a derogatory remark about a member of staff"
_DISCRIM = "a discriminatory remark"


@pytest.mark.parametrize(("text", "span"), [
    # insults spelt out letter by letter, with a wider gap between words
    ("s t u p i d  c o w", "s t u p i d  c o w"),
    ("f a t  p i g", "f a t  p i g"),
    ("y o u  f a t  p i g", "y o u  f a t  p i g"),
    ("u r  s o  u g l y", "u r  s o  u g l y"),
    ("lol u r  s o  u g l y", "u r  s o  u g l y"),
])
def test_spelt_out_insults(detector: AbuseDetector, text: str, span: str) -> None:
    assert [s for kind, s, _ in found(detector, text) if kind == "abuse"] == [span]


@pytest.mark.parametrize(("text", "span", "reason"), [
    # an insulting adjective before an accusation
    ("disgusting pervert", "disgusting pervert", _EPITHET),
    ("vile predator", "vile predator", _EPITHET),
    # someone known by what they do, called a name
    ("the ref was a bastard", "ref was a bastard", _INSULT),
    ("that goalie was a total muppet", "goalie was a total muppet", _INSULT),
    ("the bloke was an idiot", "bloke was an idiot", _INSULT),
    # bad at something, to someone's face
    ("ur sh*t at football", "ur sh*t at football", _INSULT),
    ("you're crap at maths", "you're crap at maths", _INSULT),
    ("u r rubbish at everything", "u r rubbish at everything", _INSULT),
    ("ur trash at fortnite", "ur trash at fortnite", _INSULT),
    # staff named by class or subject; unfit to be near children
    ("the PE teacher shouldnt be allowed near children", "the PE teacher shouldnt be allowed near children",
     _STAFF),
    ("that Year 3 teacher shouldn't be allowed anywhere near kids",
     "that Year 3 teacher shouldn't be allowed anywhere near kids", _STAFF),
    ("the supply teacher is a disgrace", "the supply teacher is a disgrace", _STAFF),
    # a group said to drag a place down
    ("Those immigrant families are dragging this school down",
     "immigrant families are dragging this school down", _DISCRIM),
    ("travellers are bringing the whole area down", "travellers are bringing the whole area down", _DISCRIM),
    ("refugees are wrecking this town", "refugees are wrecking", _DISCRIM),
])
def test_wider_insult_families(detector: AbuseDetector, text: str, span: str, reason: str) -> None:
    assert ("abuse", span, reason) in found(detector, text)


@pytest.mark.parametrize("text", [
    "the referee was incompetent", "the ref is useless", "rain is dragging the mood down",
    "i'm rubbish at maths", "we are crap at penalties lol", "the weather was a nightmare",
    "peanuts shouldnt be allowed near kids with allergies", "A B C D E F practice", "i n c r e d i b l e day",
    "the chair was a bit wobbly",
])
def test_wider_insult_hard_negatives(detector: AbuseDetector, text: str) -> None:
    assert [kind for kind, _, _ in found(detector, text) if kind == "abuse"] == []


@pytest.mark.parametrize(("text", "word"), [
    ("What a sh!tshow the drop-off was", "sh!tshow"),
    ("total shitstorm at pickup", "shitstorm"),
    ("what a sh*tshow", "sh*tshow"),
    ("sh1tstorm", "sh1tstorm"),
])
def test_compound_swear_words(detector: AbuseDetector, text: str, word: str) -> None:
    assert ("profanity", word, "swearing") in found(detector, text)


_THREAT = "a threat of violence"
_INCITE = "urging an attack on a person's home or belongings"
_EXCLUDE = "bullying: leaving someone out"
_EXPOSE = "bullying: embarrassing pictures of a person"


@pytest.mark.parametrize(("text", "span", "reason"), [
    # threats with no word of violence, or made by a gang
    ("we're all gonna jump him after school", "we're all gonna jump him", _THREAT),
    ("we are all going to batter her", "we are all going to batter her", _THREAT),
    ("I'll be at the gate tomorrow and she'll regret it", "she'll regret it", _THREAT),
    ("you'll be sorry.", "you'll be sorry", _THREAT),
    ("he will pay for this", "he will pay for this", _THREAT),
    ("I'll make you pay!", "I'll make you pay", _THREAT),
    ("ur gonna get it after school", "ur gonna get it after school", _THREAT),
    ("watch your back", "watch your back", _THREAT),
    ("hope you get run over", "hope you get run over", _THREAT),
    ("I hope someone slashes your tyres", "hope someone slashes your tyres", _INCITE),
    ("hope her house gets egged", "hope her house gets egged", _INCITE),
    # leaving someone out of a game or a place, and what a sex is said not to be able to do
    ("get off our pitch", "get off our pitch", _EXCLUDE),
    ("get out of my group loser", "get out of my group", _EXCLUDE),
    ("girls cant play football", "girls cant play football", _DISCRIM),
    ("boys can't do science lol", "boys can't do science", _DISCRIM),
    ("Too many foreigners in that school now", "Too many foreigners in that school", _DISCRIM),
    ("send them all back where they came from", "send them all back where they came from", _DISCRIM),
    # insults without a listed adjective: looks, "excuse for a human being", an animal and an insult
    ("shut up ginger freak", "ginger freak", _EPITHET),
    ("specky git", "specky git", _EPITHET),
    ("a pathetic excuse for a human being", "pathetic excuse for a human being", _EPITHET),
    ("sorry excuse for a teacher", "sorry excuse for a teacher", _EPITHET),
    ("Scumbag teachers the lot of you", "Scumbag teachers", _STAFF),
    ("Amy Jones is a snake and a liar", "Jones is a snake and a liar", _INSULT),
    ("she's a liar and a rat", "she's a liar and a rat", _INSULT),
    ("Amy iz a freak", "Amy iz a freak", _INSULT),
    # embarrassing pictures of a named pupil
    ("see embarrassing pics of Amy Jones", "embarrassing pics of Amy Jones", _EXPOSE),
    ("leaked vids of her lol", "leaked vids of her", _EXPOSE),
])
def test_threats_exclusion_and_insults_without_their_usual_words(
        detector: AbuseDetector, text: str, span: str, reason: str) -> None:
    assert ("abuse", span, reason) in found(detector, text)


@pytest.mark.parametrize("text", [
    "we're all gonna jump in the pool", "you'll regret it if you miss the disco!",
    "you'll be sorry to hear", "you will pay for the trip on ParentPay", "I'll make you a cake",
    "you're gonna get it, the maths is easy", "you're gonna get it!",
    "hope you get better soon", "I hope someone finds your keys", "hope your house sells quickly",
    "please keep off the pitch", "get off the bus at the gate", "girls can't play football on Tuesday",
    "boys cant play rugby this week because the field is flooded", "too many refugees have died at sea",
    "send them back to the office by Friday", "a ginger cat", "ginger biscuits at break",
    "spotty dog costume",
    "a poor excuse for missing PE", "the class pet is a snake and a lizard", "Amy is a snake in the play",
    "embarrassing photos of me at the disco", "embarrassing baby photos of the staff for Comic Relief",
    "funny pics of Amy at sports day", "piss off", "the mascot is a pig and a clown",
])
def test_near_misses_of_those_families_are_not_abuse(detector: AbuseDetector, text: str) -> None:
    assert [kind for kind, _, _ in found(detector, text) if kind == "abuse"] == []


@pytest.mark.parametrize(("text", "span"), [
    ("u r a l o s e r", "u r a l o s e r"),
    ("lol u r s o f a t", "u r s o f a t"),
    ("y o u r e a n i d i o t", "y o u r e a n i d i o t"),
])
def test_insults_spelt_out_with_no_gap_between_words(detector: AbuseDetector, text: str, span: str) -> None:
    assert [s for kind, s, _ in found(detector, text) if kind == "abuse"] == [span]


@pytest.mark.parametrize("text", ["y o u r e a l l y g o o d", "u r a s t a r", "u r a l l s t a r s"])
def test_spelt_out_praise_is_not_an_insult(detector: AbuseDetector, text: str) -> None:
    assert [kind for kind, _, _ in found(detector, text) if kind == "abuse"] == []


def test_piss_off_is_swearing_not_abuse_but_fuck_off_is_both(detector: AbuseDetector) -> None:
    assert {kind for kind, _, _ in found(detector, "piss off Jayden")} == {"profanity"}
    assert {kind for kind, _, _ in found(detector, "fuck off Jayden")} == {"profanity", "abuse"}


@pytest.mark.parametrize("text", ["Stayed near Twatt on Orkney", "the lanes round Crapstone are lovely"])
def test_places_named_like_swearing_are_not_profanity(detector: AbuseDetector, text: str) -> None:
    assert found(detector, text) == []


def test_the_same_words_in_lower_case_are_still_swearing(detector: AbuseDetector) -> None:
    assert "profanity" in {kind for kind, _, _ in found(detector, "what a twatt")}


# ---- structures rather than phrasings: new wordings of each, and near misses

RIDICULE = "bullying: mocking a person's looks, family, home or disability"
MOCK = "bullying: a mocking remark aimed at a person"

@pytest.mark.parametrize(("text", "reason"), [
    # veiled threats: a consequence held over someone, no word of violence
    ("stay off the field at break if u know what's good for u", "a veiled threat"),
    ("meet me round the back of the shop. you know what for", "a veiled threat"),
    ("watch what happens to ur phone on friday", "a veiled threat"),
    ("enjoy your last day of walking normally", "a veiled threat"),
    ("i know which flat is yours Dylan", "a veiled threat"),
    ("ur going to be sorry at lunch", "a veiled threat"),
    # shunning and leaving out, with or without a reason
    ("no one even likes you Ellie", "bullying: leaving someone out"),
    ("we've all decided never to play with Harvey again", "bullying: leaving someone out"),
    ("dont hang out with the new boy he smells", "bullying: leaving someone out"),
    ("football later without Kai because he's so annoying", "bullying: leaving someone out"),
    ("if she joins us at break we're just gonna leave", "bullying: leaving someone out"),
    # mocking looks, home, money, family or a disability
    ("she runs like a drowned hippo lol", RIDICULE),
    ("he cant even afford a proper coat", RIDICULE),
    ("her brothers all live in a tent", RIDICULE),
    ("ur mum left because of u", RIDICULE),
    ("he reads slow cos he's dyslexic lmao", RIDICULE),
    ("rate the smelliest boy in 4T", RIDICULE),
    # sarcasm and taunts
    ("ur so smart 🙄 failed again", MOCK),
    ("maybe try to be a bit less annoying", MOCK),
    ("y r u still breathing", MOCK),
    ("Did he get his coaching certificate from a christmas cracker?", MOCK),
    # rumours that defame an adult
    ("the netball coach has been pocketing the raffle money", "a defamatory rumour about a person"),
    ("Mr Fenwick stares at the boys way too long", "a defamatory rumour about a person"),
    ("I'd keep your children far away from her", "a defamatory rumour about a person"),
    # a group told where to go, a homophobic condition
    ("just go back to poland", "a discriminatory remark"),
    ("if ur gay go and sit with the girls", "a homophobic insult"),
    # what someone's things smell of
    ("her coat stinks of old wee", "bullying: a taunt about how a person smells"),
])
def test_abuse_structures_catch_new_wordings(detector: AbuseDetector, text: str, reason: str) -> None:
    assert [r for kind, _, r in found(detector, text) if kind == "abuse"] == [reason]


@pytest.mark.parametrize("text", [
    "you'll regret it if you miss the disco!", "enjoy your last day of term everyone",
    "watch what happens when you add vinegar to bicarb", "watch what happens if you mix the paints",
    "I know which house is Santa's grotto",
    "you're gonna regret not coming to the fair", "we go back to Poland every summer",
    "the lion looks like a lion in his costume", "Amy looks like a penguin in her costume",
    "families who can't afford the trip can ask the office", "put it in the recycling bin please",
    "my uncle works in a prison", "the smelliest cheese in the world won the vote",
    "we decided not to play the match in the rain", "don't sit next to the radiator",
    "the trip went ahead without Mr Cole because he's ill", "you're so clever, well done!",
    "Mrs Shah has been counting the PTA money", "the teacher watches the children closely at the pool",
    "keep your kids away from the pond edge", "nobody likes Mondays",
    "some idiot left the gate open", "what to do if someone writes 'you're a loser' online",
    "if you're gay and need support, talk to Miss Kaur", "her coat smells of lavender",
])
def test_abuse_structures_keep_quiet_on_near_misses(detector: AbuseDetector, text: str) -> None:
    assert [d for d in found(detector, text) if d[0] == "abuse"] == []


@pytest.mark.parametrize(("text", "word"), [
    ("wtf is this homework", "wtf"), ("stfu about it", "stfu"), ("ffs not again", "ffs"),
    ("OMFG we won", "OMFG"),
])
def test_abbreviated_swearing_is_profanity(detector: AbuseDetector, text: str, word: str) -> None:
    assert [(t, w) for t, w, _ in found(detector, text)] == [("profanity", word)]


PILEON = "bullying: urging others to shun or target a person"
SLANDER = "a defamatory claim about a person"
TAUNT = "bullying: mocking a person's looks, family, work or disability"


@pytest.mark.parametrize(("text", "reason"), [
    # a crowd turned on one person: to shun them, pile on to their page, pretend they are not there
    ("every1 block Kayden hes so weird", PILEON),
    ("lets all blank her at break tmrw", PILEON),
    ("everybody go on his tiktok and say what u think", PILEON),
    ("pretend he's a ghost on monday", PILEON),
    ("Why is that boy with the hearing aid even playing in goal", PILEON),
    ("she's always picked last in PE and she knows why", PILEON),
    ("tell your daughter to stay well clear of her", PILEON),
    ("no one ever wants to pair up with him in science", "bullying: leaving someone out"),
    # defamatory claims: dismissal, an affair for a job, money taken, cheating, favour
    ("apparently the deputy got suspended at her old school for slapping a child", SLANDER),
    ("Everyone says Mrs Amos is having an affair with the head", SLANDER),
    ("Mr Dale pockets the swimming money, I'd bet on it", SLANDER),
    ("Lacey cheats off Noor in every spelling test", SLANDER),
    ("she only got picked for the solo because her dad is a governor", SLANDER),
    ("ur only on the team since the teacher feels sorry for u", SLANDER),
    ("he only got the lead role because he's the teacher's favourite", SLANDER),
    # a consequence held over someone, no word of violence
    ("touch my bag one more time n watch what happens", "a veiled threat"),
    ("you'll see what happens on friday", "a veiled threat"),
    ("lets see how tough he is without his mates", "a veiled threat"),
    ("she won't get to the bus stop in one piece", "a veiled threat"),
    ("I'll be waiting by the car park for that coach on Saturday", "a veiled threat"),
    # taunts: a thing, unwashed, a scare-quoted word, a body, a rejecting parent, a laughing crowd
    ("she dresses like a scarecrow honestly", TAUNT),
    ("looks like she's never seen a hairbrush", TAUNT),
    ("he only passed cos he's 'gifted' apparently", TAUNT),
    ("who picked the chubby lad for the tug of war", TAUNT),
    ("Look at the state of his dad at the gate", TAUNT),
    ("no wonder she stinks", TAUNT),
    ("his own dad doesn't even want him lol", TAUNT),
    ("the whole class was laughing at him", TAUNT),
    ("literally no talent whatsoever", TAUNT),
    ("did your little sister paint that?", TAUNT),
    ("a goldfish could run the office better than her", TAUNT),
    ("please never rap again", TAUNT),
    ("imagine being so desperate for likes", TAUNT),
    ("ur proper trash tbh", TAUNT),
    ("her handwriting is so embarrassing", TAUNT),
    # prejudice by its shape
    ("another busload of immigrants arriving at that school", "a discriminatory remark"),
    ("Refugees who won't even learn the language", "a discriminatory remark"),
    ("the gypsy families are on the field again, hide your purses", "a discriminatory remark"),
    ("People like them shouldn't get a school place", "a discriminatory remark"),
    ("that family just aren't the right sort for this village", "a discriminatory remark"),
    # insults that need no target
    ("stuck-up little madam", "an insult about a person"),
    ("chavs the lot of them", "an insult about a person"),
    ("the whole household are liars", "an insult about a person"),
    # what is theirs, smelled
    ("Ruby smells really bad after PE", "bullying: a taunt about how a person smells"),
])
def test_general_structures_catch_wordings_nobody_has_written(
        detector: AbuseDetector, text: str, reason: str) -> None:
    assert [r for kind, _, r in found(detector, text) if kind == "abuse"] == [reason]


@pytest.mark.parametrize("text", [
    # a crowd, but at no person; a question why, but of a thing
    "everyone ignore the fire alarm test at 10", "lets all report back after lunch",
    "why is the hall even open on a Sunday?", "I was picked last but we still won",
    "pretend you're a tree in the drama warm-up",
    # dismissal, affairs, money, copying in their innocent senses
    "the referee sent him off for a late tackle", "Mia is sleeping with her teddy at the sleepover",
    "Mrs Owen collects the trip money on Fridays", "she copies off the board really neatly",
    "we only got in because the bus was early", "our favourite trip was only on because it was sunny",
    # consequences that are not threats
    "mix the paints and see what happens", "we'll see how the weather is on Friday",
    "hope everyone got home in one piece after the disco", "I'll be waiting at the gate for you at 3",
    # comparisons, looks and laughter that mock nobody
    "the costume looks like a scarecrow in the best way", "the fat one of the two pumpkins won",
    "the whole class was laughing at the panto dame", "everyone laughed at his joke in assembly",
    "there's no talent show this year", "a robot could do the job better than a human, we debated",
    "please never run in the corridor again", "imagine being so lucky to see the Northern Lights",
    "his mum doesn't want him to go on the trip", "has four eyes like a spider",
    "her voice is lovely in the choir", "his hair is so thick and curly",
    # groups, families and lots in neutral speech
    "a load of parents came to the fete", "refugee families who want to learn English are welcome",
    "please lock up your bikes at the shed", "people like her are why this PTA works",
    "the whole class are amazing", "that's not our sort of music",
    "a spoilt ballot paper", "the cake smells really bad after a week", "the drains smell so bad",
])
def test_general_structures_keep_quiet_on_near_misses(detector: AbuseDetector, text: str) -> None:
    assert [d for d in found(detector, text) if d[0] == "abuse"] == []


@pytest.mark.parametrize(("text", "reason"), [
    # an insult noun as a vocative or a verdict, without "you're" or "is a"
    ("keep walking loser, no one wants you here", INSULT),
    ("move along, freak", INSULT),
    ("MUPPET lol u cant even catch", INSULT),
    ("nobody invited you, loser.", INSULT),
    ("she's just a mummy's boy creep", INSULT),
    ("he's such a know-it-all weirdo", INSULT),
    ("losers like you never win anything", EPITHET),
    # exclusion: not invited, a chat made without someone, no friends, away for good, who won't sit there
    ("ur not invited to my party", _EXCLUDE),
    ("you're never coming to ours again", _EXCLUDE),
    ("we set up a new gc without Poppy", _EXCLUDE),
    ("Noah has no friends lol", _EXCLUDE),
    ("he's got no mates and everyone knows it", _EXCLUDE),
    ("u should just leave this school forever tbh", _EXCLUDE),
    ("no one in our class likes her", _EXCLUDE),
    ("dont choose her for ur group she's got nits", _EXCLUDE),
    ("never touch him cos he has germs", _EXCLUDE),
    # unfit to be near children, said of a person or with the subject left out
    ("Done for fraud last year. Shouldn't be allowed near kids.", STAFF),
    ("that man should never be allowed to work with children", STAFF),
    # a group or a named family
    ("those families should all go back where they came from", DISCRIM),
    ("the Bloggs family are scum", EPITHET),
    ("That Harper family is trouble", EPITHET),
    ("That Jack kid is feral", INSULT),
    # poverty, a parent's arrest, an affair, money taken, a job kept by favour
    ("his mum cant even afford school shoes lol", RIDICULE),
    ("Tyler's dad was arrested, that's why he's weird", RIDICULE),
    ("her dad sleeps with the head teacher", SLANDER),
    ("he only kept his place because his brother is the coach", SLANDER),
    ("The PTA chair has been helping herself to the raffle money", "a defamatory rumour about a person"),
    # threats without a word of violence
    ("you'll regret showing up on monday", _THREAT),
    ("if he talks to me one more time he's gonna get it", _THREAT),
    ("i know which way u walk home.", "a veiled threat"),
    # looks, smells, a crowd asked to name someone, "gay" as a noun
    ("her head looks like a squashed tomato", TAUNT),
    ("she smells like her dads chippy", SMELL),
    ("tag someone who smells 😂", PILEON),
    ("don't be such a gay", "a homophobic insult"),
])
def test_holdout7_structures_catch_new_wordings(detector: AbuseDetector, text: str, reason: str) -> None:
    assert reason in {r for kind, _, r in found(detector, text) if kind == "abuse"}


@pytest.mark.parametrize("text", [
    # vocatives that are not insults, or insults at oneself
    "keep walking to the end of the path and turn left", "bye everyone, see you after half term!",
    "Clown lol you were amazing in the circus show", "thank you, clown, for the balloon animals!",
    "a loser like me never wins the raffle", "weirdos like us love the book club", "he's the class clown",
    # not invited, not coming, without, no friends: a condition, a question, a worry, a thing
    "If you are not coming to the meeting, please let us know", "you're not coming to the disco?",
    "parents, you're not invited either, it's pupils only", "we made a team without a goalkeeper",
    "we started a club without any adults", "she says she has no friends, any advice?",
    "the new boy has no friends yet, please be kind", "my daughter has no friends at the moment",
    "you should stay off school for 48 hours after sickness", "you should leave school forever proud of it",
    "dont pick the flowers in the garden",
    # things kept from children; things sent back; families in the news
    "Phones shouldn't be allowed near children at bedtime",
    "The library books should go back where they came from",
    "the Smith family are delighted with the new library", "the host family were lovely",
    "families who can't even afford the trip can ask the office for help",
    "my mum got arrested in the play, she was the villain",
    "he only kept his place in the team because he trained every day",
    "Mrs Owen has been collecting the tombola money",
    # regrets, rewards and routes that are friendly
    "you'll regret not coming to the disco", "if she tidies her room again she's getting it for Christmas",
    "we know what time you finish so we'll bring cake",
    # looks, smells, tags and children that mock nobody
    "the scarecrow looks like a burnt mop", "the kitchen smells like her dad's cooking",
    "tag someone who needs to see this", "tag someone who smells the roses",
    "our gay and lesbian history week", "the kid in the story is disgusting",
    "The boy in the painting is ugly",
])
def test_holdout7_structures_keep_quiet_on_near_misses(detector: AbuseDetector, text: str) -> None:
    assert [d for d in found(detector, text) if d[0] == "abuse"] == []


@pytest.mark.parametrize("text", [
    # a person's swear word made the adjective of an act is swearing, not a remark about a person
    "that was a proper wanker move", "honestly a total knobhead move from the ref", "what a bellend move",
    # a state someone is not in yet is no verdict
    "In the play the witch waits until he's fat enough to eat", "once she's old and ugly the spell breaks",
])
def test_swearing_about_a_deed_and_a_state_not_yet_reached_are_not_abuse(
        detector: AbuseDetector, text: str) -> None:
    assert [d for d in found(detector, text) if d[0] == "abuse"] == []


def test_a_person_swear_word_said_of_a_person_is_still_abuse(detector: AbuseDetector) -> None:
    assert {kind for kind, _, _ in found(detector, "the ref is a wanker")} == {"abuse", "profanity"}


_MENACE = "a veiled threat"
_BIGOTRY = "a discriminatory remark"


@pytest.mark.parametrize(("text", "reason"), [
    # a verdict on staff with swearing or an intensifier between its article and its noun
    ("honestly the deputy head is a fu**ing embarrassment", STAFF),
    ("Mr Lowe is an utter clown", STAFF),
    ("your dad is a total joke mate", "a derogatory remark about a parent"),
    # a role opening a sentence with no article; staff as a class
    ("Caretaker is a thief. Ask anyone.", ACCUSE),
    ("Deputy head is a bully and a liar", STAFF),
    ("Honestly. Governors are scroungers, all of them", STAFF),
    # put out of a group, shut out of a year, not wanted as one of a lot
    ("she's not part of our squad anymore, bye", _EXCLUDE),
    ("we all voted u out lol", _EXCLUDE),
    ("nobody in class 5 even likes her", _EXCLUDE),
    ("they dont want ur sort round here.", _EXCLUDE),
    ("we don't want him here anymore", _EXCLUDE),
    # a shaming reason first, then told to keep away
    ("Amy's got the lurgy so never sit next to her", _EXCLUDE),
    # shut out or set apart for who they are; mocked for their English
    ("if you're jewish you're not allowed to join our club", _BIGOTRY),
    ("no travellers welcome at my party", _BIGOTRY),
    ("kids like him should be in a special unit not in our class", _BIGOTRY),
    ("men like that shouldn't be teaching", _BIGOTRY),
    ("people like them don't belong in this school", _BIGOTRY),
    ("her mum can't even speak english lol", _BIGOTRY),
    # an informer, called one; one of a pair of names
    ("ur such a dirty grass", INSULT),
    ("Jack's a rat and a telltale", INSULT),
    ("Owen is a fraud and a liar, he never did that homework", ACCUSE),
    # "that family", pointed at with no name
    ("those families are scroungers", EPITHET),
    # beaten on a day, an adult's "sort him out", lying in wait, a demand with a threat to expose
    ("ur gonna get jumped on monday", _THREAT),
    ("she's getting battered after school", _THREAT),
    ("we'll sort that lad out ourselves", _THREAT),
    ("we'll be waiting for that teacher by the gates", "a veiled threat"),
    ("He wants to watch himself!", _MENACE),
    ("hand over ur phone or else we'll tell everyone what u did", _MENACE),
    # someone urged to damage a staff member's things
    ("let's key the caretaker's car", _INCITE),
])
def test_holdout8_structures_catch_new_wordings(detector: AbuseDetector, text: str, reason: str) -> None:
    assert reason in {r for kind, _, r in found(detector, text) if kind == "abuse"}


@pytest.mark.parametrize("text", [
    # jokes, stars and arrangements
    "The head told a joke in assembly and it was a real laugh",
    "Our head is a real star, thank you Mrs Patel",
    "Head teacher is delighted with the results", "Teachers are tired by the end of July",
    "teachers are thick on the ground at the summer fair",
    "we've moved you to the blue group, you're not in our group anymore on Tuesdays",
    "We voted for the new school council today", "We voted her out as chair after ten great years",
    "Nobody in year 6 likes the new lunch menu",
    # nits, fleas and ponds with no one shunned
    "Zara has nits again so please check your child's hair",
    "the dog has fleas so don't touch him until he's been treated",
    "Please don't go near the pond, it has frogspawn",
    # wanted, welcome and supported
    "we don't want you here before 8.40 please", "We don't want your lot to miss out on the trip!",
    "we don't want you here if you are ill",
    "Kids like him need extra support", "Children like her belong in our hearts",
    "Women like her should be in charge of every school",
    "I can't even speak English properly after this heatwave",
    "My son can't even speak English yet, can he get support?",
    "if you're vegetarian you can't have the ham", "if ur muslim u cant eat the sausages so ask for the fish",
    # grass, pairs and families that are no insult
    "A grass pitch for sports day", "It's a grass court this year", "He's a teacher and a dad",
    "That family are lovely", "That family are as thick as thieves", "The family are devastated",
    # keys, matches, favours and harmless waiting
    "Someone left their key in the door", "Key stage 2 results are out",
    "we're gonna get battered on saturday by St Marks", "ur gonna get battered on saturday in the final lol",
    "you're going to get it on Friday when the certificates arrive",
    "I'll sort that out for you tomorrow", "I'll sort him out a packed lunch",
    "I'll sort this boy out with a spare jumper",
    "I'll be waiting for that teacher at pick up to hand in the form",
    "She wants to watch herself on the video", "give me a call or I'll send you the details",
    "send me the photos or I'll post the newsletter without them",
])
def test_holdout8_structures_keep_quiet_on_near_misses(detector: AbuseDetector, text: str) -> None:
    assert [d for d in found(detector, text) if d[0] == "abuse"] == []


@pytest.mark.parametrize(("text", "span"), [
    ("ur a l o s e r", "ur a l o s e r"),
    ("u r so u g l y", "u r so u g l y"),
])
def test_typed_words_before_an_insult_spelt_out(detector: AbuseDetector, text: str, span: str) -> None:
    assert (span, INSULT) in {(s, r) for kind, s, r in found(detector, text) if kind == "abuse"}


@pytest.mark.parametrize("text", ["ur a m a z i n g", "ur a s t a r", "ur so c o o l"])
def test_typed_words_before_praise_spelt_out_are_not_an_insult(detector: AbuseDetector, text: str) -> None:
    assert found(detector, text) == []


def test_a_remark_that_points_back_at_the_person_before_is_one_finding(detector: AbuseDetector) -> None:
    text = "Mr Dale is a thief, keep your kids away from him"
    assert [(kind, span) for kind, span, _ in found(detector, text)] == [("abuse", text)]
    # two remarks far apart stay two
    far = "Mr Dale is a thief. " + "We had a lovely trip to the farm and the weather held. " + \
        "Keep your kids away from him"
    assert [kind for kind, _, _ in found(detector, far)].count("abuse") == 2


@pytest.mark.parametrize(("text", "word"), [("phuk this", "phuk"), ("PHUCKING hell", "PHUCKING"),
                                             ("bloody hell that was close", "bloody hell")])
def test_swearing_spelt_as_said_and_the_oath(detector: AbuseDetector, text: str, word: str) -> None:
    assert [(kind, span) for kind, span, _ in found(detector, text)] == [("profanity", word)]


@pytest.mark.parametrize("text", ["A bloody nose and one hell of a match", "Our trip to Phuket",
                                  "Bloody Mary in the Tudors topic"])
def test_bloody_and_hell_apart_and_ph_words_are_not_profanity(detector: AbuseDetector, text: str) -> None:
    assert found(detector, text) == []


@pytest.mark.parametrize(("text", "word"), [
    ("the trip was a p1ss-take from start to finish", "p1ss"),  # a compound a swear word opens
    ("he came back totally sh!t-faced", "sh!t"),
    ("i laughed so hard i nearly shat myself", "shat"),  # the past tense ~ does not spell
    ("we sh4t ourselves on the ghost train", "sh4t"),
])
def test_swear_compounds_and_past_tense(detector: AbuseDetector, text: str, word: str) -> None:
    assert [span for kind, span, _ in found(detector, text) if kind == "profanity"] == [word]


@pytest.mark.parametrize("text", [
    "a thick-skinned crocodile", "the bass-line in music club", "we watched Shatner in Star Trek",
    "the window shattered in the storm", "a pass-mark of 60%",
])
def test_hyphen_and_near_spellings_are_not_swearing(detector: AbuseDetector, text: str) -> None:
    assert found(detector, text) == []


def test_a_masked_word_reads_as_the_lexicon_s_first_spelling(detector: AbuseDetector) -> None:
    # "sh*t" fits both "shit" and "shat": the first listed wins, so the insult is still read
    assert ("abuse", "u r sh*t at rounders", INSULT) in found(detector, "u r sh*t at rounders")


@pytest.mark.parametrize(("text", "span"), [
    ("get lost u little sh1t", "u little sh1t"),
    ("you thick shite", "you thick shite"),
    ("oi ya fkn little shits", "ya fkn little shits"),
])
def test_shit_called_a_person(detector: AbuseDetector, text: str, span: str) -> None:
    assert ("abuse", span, INSULT) in found(detector, text)


@pytest.mark.parametrize("text", [
    "did you fucking shit yourself on the ride",  # the verb
    "you little ones, shit happens",
])
def test_shit_as_a_verb_or_apart_is_only_swearing(detector: AbuseDetector, text: str) -> None:
    assert [kind for kind, _, _ in found(detector, text)] == ["profanity"] * len(found(detector, text))


@pytest.mark.parametrize(("text", "span"), [
    ("amy is a pr1ck", "amy is a pr1ck"),
    ("what a prick", "what a prick"),
    ("honestly you pricks", "you pricks"),
])
def test_prick_the_noun_called_a_person(detector: AbuseDetector, text: str, span: str) -> None:
    assert ("abuse", span, INSULT) in found(detector, text)


@pytest.mark.parametrize("text", [
    "Prick the potatoes with a fork before baking", "Amy is pricking holes in the paper",
    "the nurse said the jab is just a sharp prick", "It's a tiny prick, she'll hardly feel it",
])
def test_prick_the_verb_and_the_jab_are_clean(detector: AbuseDetector, text: str) -> None:
    assert found(detector, text) == []


def test_a_surname_after_a_pupil_s_first_name_is_a_person(detector: AbuseDetector) -> None:
    assert ("abuse", "jones is such a loser", INSULT) in found(detector, "amy jones is such a loser")
    assert found(detector, "amy said the homework is so stupid") == []


@pytest.mark.parametrize(("text", "span"), [
    ("The receptionist is a scumbag", "The receptionist is a scumbag"),
    ("our caretaker is a total creep", "our caretaker is a total creep"),
])
def test_staff_called_an_insult_noun(detector: AbuseDetector, text: str, span: str) -> None:
    assert ("abuse", span, STAFF) in found(detector, text)


@pytest.mark.parametrize("text", [
    "our caretaker is a keen gardener", "The head is a legend", "the new TA is a mum of three",
])
def test_staff_called_something_kind_is_clean(detector: AbuseDetector, text: str) -> None:
    assert found(detector, text) == []


@pytest.mark.parametrize(("text", "span"), [
    ("the treasurer is a greedy pig", "treasurer is a greedy pig"),
    ("The PTA chairman was a lazy slug today", "chairman was a lazy slug"),
])
def test_a_role_called_an_animal(detector: AbuseDetector, text: str, span: str) -> None:
    assert ("abuse", span, INSULT) in found(detector, text)


@pytest.mark.parametrize("text", [
    "the piglet in the story is a greedy little pig", "my dog is a lazy dog", "This chair is a total wreck",
])
def test_an_animal_or_a_thing_called_an_animal_is_clean(detector: AbuseDetector, text: str) -> None:
    assert found(detector, text) == []


def test_a_call_for_dismissal_after_a_staff_verdict_is_one_finding(detector: AbuseDetector) -> None:
    text = "Mrs Carter is hopeless. Three terms of nothing, she ought to be fired."
    assert [(kind, span) for kind, span, _ in found(detector, text)] == [("abuse", text[:-1])]
    # someone else's sacking after it is not joined: "the manager" is sporting talk
    other = "The TA is useless. Anyway the manager should be sacked."
    assert [span for _, span, _ in found(detector, other)] == ["The TA is useless"]
