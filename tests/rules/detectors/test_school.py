"""The school's name in its everyday forms, and mentions of its uniform and badge."""

from __future__ import annotations

import pytest

from auditor import ScanProfile
from rules.detectors.school import SchoolNameDetector, reads_as_word, school_name_variants
from rules.detectors.text import normalise
from rules.detectors.uniform import UniformDetector

PROFILE = ScanProfile(school_names=("Millbrook CE Primary School", "MCEP", "St Mary's RC Junior School"))


@pytest.fixture(scope="module")
def school() -> SchoolNameDetector:
    return SchoolNameDetector(PROFILE)


@pytest.fixture(scope="module")
def uniform() -> UniformDetector:
    return UniformDetector(PROFILE)


def names(detector: SchoolNameDetector | UniformDetector, text: str) -> list[str]:
    return [text[d.start:d.end] for d in detector.find(normalise(text))]


def test_variants_swap_type_words_and_drop_the_denomination() -> None:
    assert school_name_variants("Millbrook CE Primary School") == {
        "millbrook ce primary school", "millbrook ce primary", "millbrook ce primary academy",
        "millbrook ce school", "millbrook ce academy", "millbrook primary school", "millbrook primary",
        "millbrook primary academy", "millbrook school", "millbrook academy"}
    assert school_name_variants("Oakfield Academy") == {
        "oakfield academy", "oakfield school", "oakfield primary", "oakfield primary school"}
    assert school_name_variants("Heart of England School") >= {"heart of england academy"}
    assert "heart school" not in school_name_variants("Heart of England School")
    assert school_name_variants("Millbrook") == {"millbrook"}
    assert school_name_variants("???") == set()


@pytest.mark.parametrize(("text", "found"), [
    ("I go to Millbrook CE Primary School", ["Millbrook CE Primary School"]),
    ("I go to millbrook primary lol", ["millbrook primary"]),
    ("MILLBROOK PRIMARY rules", ["MILLBROOK PRIMARY"]),
    ("#MillbrookPrimary #millbrookceprimaryschool", ["#MillbrookPrimary", "#millbrookceprimaryschool"]),
    ("at millbrook_primary and Millbrook-School", ["millbrook_primary", "Millbrook-School"]),
    ("Millbrook  Primary's fair", ["Millbrook  Primary"]),
    ("Millbrook Academy is great", ["Millbrook Academy"]),
    ("St Mary's Juniors? no: St Marys Junior, St. Mary's School", ["St Marys Junior", "St. Mary's School"]),
    ("go MCEP! #MCEP", ["MCEP", "#MCEP"]),
    ("\u041cillbrook Primary", ["\u041cillbrook Primary"]),  # a Cyrillic M
    ("Mill\u200bbrook Prim\u00e4ry", ["Mill\u200bbrook Prim\u00e4ry"]),
])
def test_school_names_found(school: SchoolNameDetector, text: str, found: list[str]) -> None:
    assert names(school, text) == found


@pytest.mark.parametrize("text", [
    "Millbrook is a lovely town",  # the distinctive word alone
    "we walked down Millbrook Road",
    "MCEPS and XMCEP are other words",
    "Millbrookes Primary",
    "a primary school in the area",
    "Millbrook Secondary",  # not a kind of school the profile names
    "",
])
def test_school_name_negatives(school: SchoolNameDetector, text: str) -> None:
    assert names(school, text) == []


def test_school_detection_fields(school: SchoolNameDetector) -> None:
    text = "I'm at #MillbrookPrimary, come and see"
    (d,) = school.find(normalise(text))
    assert (d.kind, d.start, d.end) == ("school_name", 7, 24)
    assert d.redacted == "#M" + "\u2022" * 15
    assert d.reason == "the school's name"
    (abbr,) = school.find(normalise("go MCEP"))
    assert abbr.redacted == "M\u2022\u2022\u2022"


def test_no_school_names_no_detections() -> None:
    assert SchoolNameDetector(ScanProfile()).find(normalise("Millbrook Primary MCEP")) == []


@pytest.mark.parametrize(("text", "found"), [
    ("my school uniform is so itchy", ["school uniform"]),
    ("new uniform for September!", ["new uniform"]),
    ("pic of me in my blazer with the school badge", ["blazer with the school badge"]),
    ("the School Crest is on my school jumper", ["School Crest", "school jumper"]),
    # the kit for PE is a pupil's uniform (the corpus README's rule)
    ("lost my school book bag and PE kit", ["school book bag", "PE kit"]),
    ("school ties and school cardigans", ["school ties", "school cardigans"]),
    ("leavers' hoodie arrived", ["leavers' hoodie"]),
    ("wearing my school blazer", ["school blazer"]),
    ("our uniform is green", ["our uniform"]),
    ("\u0455chool unif\u043erm", ["\u0455chool unif\u043erm"]),
])
def test_uniform_found(uniform: UniformDetector, text: str, found: list[str]) -> None:
    assert names(uniform, text) == found


@pytest.mark.parametrize("text", [
    "a uniform distribution of points",
    "my uniform distribution homework",
    "spread it uniformly",
    "his police uniform was smart",
    "the badger came out at night",
    "I got a Scout badge and a gold badge in the game",
    "she looked crestfallen",
    "the crest of the hill",
    "trail blazers won",
    "non-uniform day on Friday",
    "uniforms of the army",
    "lost my book bag on the bus",  # any child has a book bag: it names no school
    "my jumper is warm",  # a garment of the writer's that no school gives
])
def test_uniform_negatives(uniform: UniformDetector, text: str) -> None:
    assert names(uniform, text) == []


def test_uniform_detection_fields(uniform: UniformDetector) -> None:
    (d,) = uniform.find(normalise("Look at my School Uniform!"))
    assert (d.kind, d.start, d.end, d.redacted) == ("uniform", 11, 25, "School Uniform")
    assert d.reason == "school uniform or badge, which shows where a pupil goes to school"


# Abbreviations: four letters or more that cannot be read as a word match in any case; the rest
# only as listed.
ABBREVIATIONS = ScanProfile(school_names=("MCEP", "KEGS", "KES", "NLCS"))


@pytest.mark.parametrize(("text", "found"), [
    ("so bored at mcep today", ["mcep"]),
    ("#Mcep sports day and @mcep", ["#Mcep", "@mcep"]),
    ("nlcs v MCEP", ["nlcs", "MCEP"]),
    ("KEGS won and KES lost", ["KEGS", "KES"]),
])
def test_abbreviations_found(text: str, found: list[str]) -> None:
    assert names(SchoolNameDetector(ABBREVIATIONS), text) == found


@pytest.mark.parametrize("text", [
    "two kegs of cider",  # a word: only as listed
    "kes is a film, and so is Kes",  # short: only as listed
    "mceps or mcepx",  # a whole word only
])
def test_abbreviation_negatives(text: str) -> None:
    assert names(SchoolNameDetector(ABBREVIATIONS), text) == []


@pytest.mark.parametrize(("text", "found"), [
    # inside a handle an underscore or a number parts words
    ("follow @mcep_netball for scores", ["@mcep"]),
    ("@year6_mcep leavers", ["mcep"]),
    ("#mcep2026 leavers", ["#mcep"]),
    ("KES_rugby won", ["KES"]),
])
def test_abbreviations_inside_handles(text: str, found: list[str]) -> None:
    assert names(SchoolNameDetector(ABBREVIATIONS), text) == found


@pytest.mark.parametrize("text", ["xmcep_club", "nlcsx_2", "kes_team"])
def test_abbreviations_inside_handles_negatives(text: str) -> None:
    assert names(SchoolNameDetector(ABBREVIATIONS), text) == []


@pytest.mark.parametrize(("text", "found"), [
    # a stray space inside the distinctive word, closed up
    ("Millb rook Primary sports day!!", ["Millb rook Primary"]),
    ("off to mil lbrook ce school", ["mil lbrook ce school"]),
])
def test_distinctive_word_split_by_a_space(school: SchoolNameDetector, text: str, found: list[str]) -> None:
    assert names(school, text) == found


@pytest.mark.parametrize("text", [
    "the mill brook runs behind the school",  # no type word after it: a stream
    "mill brook, school is shut",  # a comma between
    "the old mill by the brook primary",  # words between the halves
])
def test_distinctive_word_split_by_a_space_negatives(school: SchoolNameDetector, text: str) -> None:
    assert names(school, text) == []


@pytest.mark.parametrize(("word", "reads"), [
    ("kegs", True), ("aces", True), ("step", True), ("also", True),
    ("mcep", False), ("nlcs", False), ("qegs", False), ("lmao", False),
])
def test_reads_as_word(word: str, reads: bool) -> None:
    assert reads_as_word(word) is reads


@pytest.mark.parametrize(("text", "found"), [
    ("Millbrook Primery fair on Saturday", ["Millbrook Primery"]),  # a vowel for a vowel
    ("millbrook acadamy lol", ["millbrook acadamy"]),
    ("Millbrook CE Primarry Scool rocks", ["Millbrook CE Primarry Scool"]),  # a letter doubled, one dropped
    ("@millbrook_pirmary", ["@millbrook_pirmary"]),  # two letters swapped
])
def test_misspelt_type_words(school: SchoolNameDetector, text: str, found: list[str]) -> None:
    assert names(school, text) == found


@pytest.mark.parametrize("text", [
    "Millbrook Primark has a sale",  # a consonant changed: another word
    "all Millbrook schools are shut",  # a plural: the town's schools
    "Millbrook Prim and proper",  # too far from "primary"
    "visit millbrook.sch.uk",  # the school's domain, not its name
    "Oakbrook Primry",  # the distinctive word must be exact
])
def test_misspelt_type_word_negatives(school: SchoolNameDetector, text: str) -> None:
    assert names(school, text) == []


# Uniform named by the garment's owner, by the school's name on it, and by the rules about it.
@pytest.mark.parametrize(("text", "found"), [
    # The writer's own tie, or a tie put on.
    ("my tie got caught in the door", ["my tie"]),
    ("we had to do up our house ties for the photo", ["do up our house ties"]),
    ("he made me wear the tie all day", ["wear the tie"]),
    # A badge or crest on the writer's (or a friend's) clothes.
    ("the crest on his jumper is upside down", ["crest on his jumper"]),
    ("badges on our cardigans are new", ["badges on our cardigans"]),
    # A garment or badge next to the school's name.
    ("selling two MCEP cardigans", ["MCEP cardigans"]),
    ("in my new MCEP blazer", ["MCEP blazer"]),  # "blazer" alone is in the lexicon too
    ("my Millbrook Primary PE top is muddy", ["Millbrook Primary PE top"]),
    ("the St Mary's RC Junior School's logo is a lily", ["St Mary's RC Junior School's logo"]),
    # A garment with the school's badge on it.
    ("tops with the school badge on", ["tops with the school badge"]),
    ("a fleece with the MCEP crest", ["fleece with the MCEP crest"]),
    # Uniform rules and checks.
    ("the uniform rules say no trainers", ["uniform rules"]),
    ("uniform check on Monday!!", ["uniform check"]),
    ("new school shoes pinch", ["school shoes"]),
])
def test_uniform_in_context(uniform: UniformDetector, text: str, found: list[str]) -> None:
    assert names(uniform, text) == found


@pytest.mark.parametrize("text", [
    "my tie-dye top is the best",
    "our tie with Oakfield finished 1-1",  # a fixture
    "wearing a bow tie to the wedding",
    "my brother's tie",  # not the writer's own
    "my Brownie badge on my jumper",  # another organisation's badge
    "the Nike logo on my hoodie",  # a brand, not a school
    "a badge on the table",
    "bag with the Nike logo",
    "MCEP tops the league again",  # a verb, not a garment
    "Millbrook Mustangs tie 2-2",
    "Millbrook Primary bags a win",
    "Millbrook Primary hat-trick hero",
    "Millbrook Primary dress up day",
    "Millbrook Road jumpers sale",  # not the school's name
    "non-uniform day rules",
])
def test_uniform_in_context_negatives(uniform: UniformDetector, text: str) -> None:
    assert names(uniform, text) == []


@pytest.mark.parametrize(("text", "name"), [
    ("Millbrok School disco tonight", "Millbrok School"),
    ("proud to be at Milbrook Primary", "Milbrook Primary"),
    ("at Millbrook C.E. Primary School today", "Millbrook C.E. Primary School"),
    ("at St Mary's R.C. Junior School", "St Mary's R.C. Junior School"),
])
def test_misspelt_distinctive_word_and_dotted_initials(school: SchoolNameDetector, text: str,
                                                       name: str) -> None:
    assert names(school, text) == [name]


@pytest.mark.parametrize("text", [
    "Milbrook Road is closed", "my mate from Millbank School", "Mulbrook Primary", "leaving Milbrok Primary",
])
def test_misspelt_distinctive_word_hard_negatives(school: SchoolNameDetector, text: str) -> None:
    """One slip in the distinctive word, and a type word after it; not two slips, not a street."""
    assert names(school, text) == []


@pytest.mark.parametrize(("text", "span"), [
    ("our jumpers with the badge are navy", "our jumpers with the badge"),
    ("got my new blazer with the crest today", "my new blazer with the crest"),
])
def test_own_garment_with_the_badge(uniform: UniformDetector, text: str, span: str) -> None:
    assert names(uniform, text) == [span]


@pytest.mark.parametrize("text", [
    "my hoodie with the logo of my favourite band", "the sweatshirts with the logo are in the sale at Next",
])
def test_own_garment_with_the_badge_hard_negatives(uniform: UniformDetector, text: str) -> None:
    assert names(uniform, text) == []


@pytest.mark.parametrize(("text", "found"), [
    ("lost my skl cardie at break", ["skl cardie"]),
    ("anyone seen my school fleece", ["school fleece"]),
    ("my jumper n tie are in the wash", ["tie"]),
    ("our blazers and ties need ironing", ["blazers", "ties"]),
])
def test_uniform_texted_school_garments_and_a_tie_worn_with_one(uniform: UniformDetector, text: str,
                                                                found: list[str]) -> None:
    assert names(uniform, text) == found


@pytest.mark.parametrize("text", [
    "dad wore a shirt and tie to the wedding",
    "my coat and tie rack",
    "the school trip coats",
])
def test_uniform_garment_hard_negatives(uniform: UniformDetector, text: str) -> None:
    assert names(uniform, text) == []


@pytest.mark.parametrize(("text", "span"), [
    ("M.C.E.P. netball team r unbeatable", "M.C.E.P"),
    ("m.c.e.p", "m.c.e.p"),
    ("m c e p rules", "m c e p"),
    ("Mi11brook Primary rocks", "Mi11brook Primary"),
    ("mi11brook ce primary school", "mi11brook ce primary school"),
    ("M1llbrook primary", "M1llbrook primary"),
])
def test_school_spelt_out_or_with_ones(school: SchoolNameDetector, text: str, span: str) -> None:
    assert names(school, text) == [span]


@pytest.mark.parametrize("text", ["e.g. a.b.c.d.", "Year 1 at the park", "M.C.E. Primary", "Mill brook"])
def test_spelt_out_text_that_is_not_the_school(school: SchoolNameDetector, text: str) -> None:
    assert names(school, text) == []


@pytest.mark.parametrize(("text", "span"), [
    ("ur tie is always wonky", "ur tie"),
    ("his tie was on backwards", "his tie"),
    ("your tie is a mess lol", "your tie"),
    ("the logo on our PE tops is peeling off", "logo on our PE tops"),
    ("logo on my school jumper", "logo on my school jumper"),
    ("my unifrom is still in the wash", "my unifrom"),
    ("my uniforn is tiny", "my uniforn"),
    ("new unifom day", "new unifom"),
    ("school uniofrm shop", "school uniofrm shop"),
    ("my jumper w the badge on", "my jumper w the badge"),
    ("our hoodies w/ the crest", "our hoodies w/ the crest"),
    ("my cardi wiv the logo", "my cardi wiv the logo"),
])
def test_uniform_as_pupils_write_it(uniform: UniformDetector, text: str, span: str) -> None:
    assert names(uniform, text) == [span]


@pytest.mark.parametrize("text", [
    "the nike logo on my hoodie", "tie break in the final", "police unifrom", "a logo on the van",
    "my hoodie w the band logo",
])
def test_uniform_words_as_pupils_write_them_hard_negatives(uniform: UniformDetector, text: str) -> None:
    assert names(uniform, text) == []


@pytest.mark.parametrize(("text", "found"), [
    # a garment with the badge on, whoever's it is (a logo only on a garment of the school's kind)
    ("got my new school jumper with the crest on it", ["school jumper with the crest"]),
    ("wear ur best jumper with the badge", ["jumper with the badge"]),
    ("PE top with the mustang logo is well cool", ["PE top with the mustang logo"]),
    ("new kit has the logo on the front", ["kit has the logo"]),
    # what is on "our" jumpers, badges for a role, and ties "we" have to wear
    ("the mustang on our jumper looks like a donkey", ["our jumper"]),
    ("i got the house captain badge!!", ["house captain badge"]),
    ("why do we have to wear ties in year 6", ["wear ties"]),
    ("they make us wear ties", ["wear ties"]),
])
def test_badges_role_badges_and_ties_we_wear(uniform: UniformDetector, text: str, found: list[str]) -> None:
    assert names(uniform, text) == found


@pytest.mark.parametrize("text", [
    "my hoodie with the nike logo", "jacket with the scout badge", "top with the logo of my band",
    "hoodie with the logo", "the mud on our jumpers", "we put our jumpers down for goalposts",
    "the captain badge on my football shirt", "we wear tie-dye on Friday", "new kit has a logo",
])
def test_badges_role_badges_and_ties_near_misses(uniform: UniformDetector, text: str) -> None:
    assert names(uniform, text) == []


@pytest.mark.parametrize(("text", "found"), [
    # a garment said to come from school, a badge to sew on, ties "we" were given
    ("my navy cardigan from school has a hole in it", ["cardigan from school"]),
    ("got a reading champion badge for my sweatshirt", ["badge for my sweatshirt"]),
    ("i just got clip-on ties for year 6", ["i just got clip-on ties"]),
    # the writer's garment with the school's name on it, the name after the garment
    ("our netball tops say MCEP on the back", ["our netball tops say MCEP"]),
])
def test_uniform_said_of_school_in_new_wordings(
        uniform: UniformDetector, text: str, found: list[str]) -> None:
    assert names(uniform, text) == found


@pytest.mark.parametrize("text", [
    "my coat for school is too warm", "my swimming badge for my costume",
    "grandad wears a tie to church", "he has to wear a tie for work", "I wore a tie to the wedding",
    "my shirts have buttons missing", "we got new laces with stripes",
])
def test_uniform_said_of_school_near_misses(uniform: UniformDetector, text: str) -> None:
    assert names(uniform, text) == []


@pytest.mark.parametrize(("text", "found"), [
    # made to wear it, with what is named beside it
    ("why do we have to wear the green cardigan and grey trousers", ["cardigan and grey trousers"]),
    ("they make us wear a tie even in summer", ["wear a tie"]),
    # something on the writer's garment, or on one of a kind such as "house"
    ("my hoodie has the owl patch on the back", ["hoodie has the owl patch"]),
    ("house tops with the oak tree on them", ["tops with the oak tree"]),
    ("a bage with a star on", ["bage with a star"]),
    # the word alone; the kit for PE; a tie spoken of after the school's name
    ("no coats over the uniform at assembly!!", ["uniform"]),
    ("my P.E. kit stinks", ["P.E. kit"]),
    ("Millbrook Primary ties are so itchy", ["Millbrook Primary ties"]),
])
def test_uniform_by_structure(uniform: UniformDetector, text: str, found: list[str]) -> None:
    assert names(uniform, text) == found


@pytest.mark.parametrize("text", [
    "in the war they had to wear gas masks", "my dad has to wear a tie for work",
    "my shirt has the mud on it from football", "a swimming badge with a fish on",
    "uniforms of the police", "a uniform speed of 3 m/s", "Millbrook Primary ties the game 2-2",
    "my coat has a hole in it",
])
def test_uniform_structures_keep_quiet_on_near_misses(uniform: UniformDetector, text: str) -> None:
    assert names(uniform, text) == []


@pytest.mark.parametrize(("text", "found"), [
    # spelt out letter by letter, read closed up
    ("why is the s c h o o l  b l a z e r so itchy", ["s c h o o l  b l a z e r"]),
    ("i h8 my s c h o o l  t i e", ["my s c h o o l  t i e"]),
    # a word or two saying which tie is the writer's
    ("our stripy house ties are the worst", ["our stripy house ties"]),
    ("my red-coloured house tie fell in my soup", ["my red-coloured house tie"]),
    # the school's name or badge on sports bibs and socks, a second garment named before the last
    ("our hockey bibs have MCEP on the back", ["our hockey bibs have MCEP"]),
    ("my rugby socks and shorts have the owl crest on", ["shorts have the owl crest"]),
])
def test_uniform_spelt_out_described_ties_and_sports_garments(uniform: UniformDetector, text: str,
                                                               found: list[str]) -> None:
    assert [text[d.start:d.end] for d in uniform.find_many([normalise(text)])[0]] == found


@pytest.mark.parametrize("text", [
    "odd socks day, wear your brightest socks", "the netball bibs are in the cupboard",
    "my dad's football socks smell", "my brother's bib has a duck on it", "n o t  f a i r",
    "my sky blue colour tie dye top", "wear our team colours and tie ribbons", "my socks have holes in",
])
def test_uniform_spelt_out_described_ties_and_sports_garments_near_misses(uniform: UniformDetector,
                                                                          text: str) -> None:
    assert uniform.find_many([normalise(text)]) == [[]]


@pytest.mark.parametrize(("text", "found"), [
    # a logo on a uniform's jumper named by its colour
    ("the navy sweatshirt with the logo is itchy", ["navy sweatshirt with the logo"]),
    # two garments that "both" or "all" have the badge
    ("my coat and cardigan all have the crest on", ["cardigan all have the crest"]),
    # a badge said to be sewn in
    ("our crests are embroidered this year!!", ["crests are embroidered"]),
    ("the badj got stitched on wonky", ["badj got stitched"]),
])
def test_uniform_colour_logo_both_have_and_sewn_badges(uniform: UniformDetector, text: str,
                                                       found: list[str]) -> None:
    assert [text[d.start:d.end] for d in uniform.find_many([normalise(text)])[0]] == found


@pytest.mark.parametrize("text", [
    "my black hoodie with the logo",  # a hoodie is a brand's as often
    "the red jumper with the logo of my favourite band",
    "the green polo with the adidas logo",
    "my swimming badge is sewn on at last",  # an award's badge
    "the scout badge was stitched by my nan",
])
def test_uniform_colour_logo_both_have_and_sewn_badges_near_misses(uniform: UniformDetector,
                                                                    text: str) -> None:
    assert uniform.find_many([normalise(text)]) == [[]]


@pytest.mark.parametrize(("text", "found"), [
    # a name inside a link's path belongs to the link; the same name outside it is still the school
    ("our class song is up at tunes.example.org/share/mcep-choir", []),
    ("tunes.example.org/share/choir is by #mcep", ["#mcep"]),
])
def test_school_name_in_a_link_path(school: SchoolNameDetector, text: str, found: list[str]) -> None:
    assert names(school, text) == found
