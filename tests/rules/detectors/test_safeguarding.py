"""Contact risk: asking a child to meet, keep secrets, go private or send photos, and school notices."""

from __future__ import annotations

import pytest

from auditor import ScanProfile
from rules.detectors.safeguarding import ContactRiskDetector
from rules.detectors.text import normalise
from rules.scanner import ContentScanner


@pytest.fixture(scope="module")
def detector() -> ContactRiskDetector:
    return ContactRiskDetector(ScanProfile())


def found(detector: ContactRiskDetector, text: str) -> list[tuple[str, str]]:
    detections = detector.find(normalise(text))
    assert all(d.kind == "contact_risk" and d.critical and d.blocks for d in detections)
    return [(text[d.start:d.end], d.reason) for d in detections]


@pytest.mark.parametrize(("text", "expected"), [
    # phrases of one sentence are one finding, with each phrase's reason
    ("meet me at the park, come alone", [("meet me at the park, come alone",
                                          "asking to meet in person; asking to meet alone")]),
    ("see me after school on your own", [("see me after school on your own", "asking to meet alone")]),
    ("don't tell your mum", [("don't tell your mum", "asking to keep a secret")]),
    ("it's our little secret", [("our little secret", "asking to keep a secret")]),
    ("keep this between us", [("keep this between us", "asking to keep a secret")]),
    ("add me on snapchat", [("add me on snapchat", "asking to move to a private chat")]),
    ("DM me", [("DM me", "asking to move to a private chat")]),
    ("message me privately x", [("message me privately", "asking to move to a private chat")]),
    ("whats ur snap?", [("whats ur snap", "asking to move to a private chat")]),
    ("send me a pic of you", [("send me a pic of you", "asking for photos")]),
    ("what are you wearing", [("what are you wearing", "asking for photos")]),
    ("what's your address", [("what's your address", "asking for a child's personal details")]),
    ("where do you live?", [("where do you live", "asking for a child's personal details")]),
    ("are you home alone", [("are you home alone", "asking whether a child is alone")]),
    ("are your parents out tonight", [("are your parents out", "asking whether a child is alone")]),
    ("I'll pick you up after school", [("I'll pick you up after school", "offering to pick a child up")]),
    ("delete this message", [("delete this message", "asking to delete messages")]),
])
def test_grooming_patterns_are_found(
        detector: ContactRiskDetector, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(detector, text) == expected


@pytest.mark.parametrize("text", [
    "Meet the teacher evening on Tuesday at 6pm",
    "Please send your photos of the trip to the office",
    "Send us your photos of sports day!",
    "Secret Santa gifts by Friday please (£5 max)",
    "Year 4 loved reading The Secret Garden",
    "Please message the office if your child is ill",
    "Parents are welcome to meet us at the gate at 3.15pm",
    "We are so proud of you all, Year 6",
    "Photos of the trip are on the website",
    "Send me a photo of your project, Year 3!",
    "Our secret ingredient is love",
])
def test_school_notices_are_not_contact_risk(detector: ContactRiskDetector, text: str) -> None:
    assert found(detector, text) == []


def test_redacted_masks_every_word(detector: ContactRiskDetector) -> None:
    (detection,) = detector.find(normalise("add me on snapchat"))
    assert detection.redacted == "a•• m• o• s•••••••"


def test_find_many_gives_what_find_gives_one_by_one(detector: ContactRiskDetector) -> None:
    texts = [normalise(t) for t in (
        "come alone", "Secret Santa", "DM me", "Lovely trip", "", "our little secret",
    )] * 2
    one_by_one = [detector.find(t) for t in texts]
    assert detector.find_many(texts) == one_by_one
    assert sum(1 for r in one_by_one if r) == 6


SECRET, MEET, ALONE = "asking to keep a secret", "asking to meet in person", "asking to meet alone"
PRIVATE, PHOTOS = "asking to move to a private chat", "asking for photos"


@pytest.mark.parametrize(("text", "expected"), [
    # "don't tell anyone" that says what must not be told, or asks for agreement
    ("dont tell anyone about us", [("dont tell anyone about us", SECRET)]),
    ("don't tell anybody we chat, ok", [("don't tell anybody we chat", SECRET)]),
    ("do not tell anyone, promise?", [("do not tell anyone", SECRET)]),
    # not to mention it to a parent
    ("dont mention this to your dad", [("dont mention this to your dad", SECRET)]),
    ("do not say anything to ur mum", [("do not say anything to ur mum", SECRET)]),
    # a parent who will not find out
    ("your mum never needs to know x", [("your mum never needs to know", SECRET)]),
    ("ur dad wont find out", [("ur dad wont find out", SECRET)]),
    # a proposal to meet
    ("we should meet up this weekend", [("we should meet up", MEET)]),
    ("do u wanna meet irl", [("do u wanna meet", MEET)]),
    ("shall we meet?", [("shall we meet", MEET)]),
    # an invitation home
    ("come round mine after school, my mum's at work", [("come round mine after school", MEET)]),
    ("come over to my place tonight", [("come over to my place tonight", MEET)]),
    # lessons offered privately
    ("I can give u free coaching sessions", [("give u free coaching", MEET)]),
    ("extra tuition at my house", [("extra tuition at my house", MEET)]),
    # only the child
    ("just u and me", [("just u and me", ALONE)]),
    ("just you, no parents", [("just you, no parents", ALONE)]),
    # a move to a private app
    ("lets move over to whatsapp", [("move over to whatsapp", PRIVATE)]),
    ("swap to snap, it's more private", [("swap to snap, it's more private", PRIVATE)]),
    # a second-person request for photos, and selfies
    ("could you send me a pic? just for me", [("could you send me a pic? just for me", PHOTOS)]),
    ("will u send another selfie", [("will u send another selfie", PHOTOS)]),
    ("send a selfie x", [("send a selfie", PHOTOS)]),
    ("send me ur selfies", [("send me ur selfies", PHOTOS)]),
])
def test_less_direct_grooming_phrasings_are_found(
        detector: ContactRiskDetector, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(detector, text) == expected


@pytest.mark.parametrize("text", [
    # a pupil about their own news
    "my password is hunter2 dont tell anyone",
    "dont tell anyone but I got a puppy!!",
    "don't tell anyone the ending",
    # a public profile, not a private chat
    "follow me on tiktok for dance vids",
    "follow me on insta @ella_draws",
    # meeting for an errand, or between adults
    "Would love to meet up with other Reception parents",
    "We can meet at the school gates at 8am",
    "I want to meet the author!",
    "wanna meet the new puppy in Year 2?",
    "we could meet up for a coffee after drop-off",
    # "my house" without an invitation
    "Cake sale at my house on Saturday",
    "Come to my assembly on Friday!",
    "Piano lessons at my house, DBS checked",
    # notices about apps and photos
    "The PTA is moving to WhatsApp groups this year",
    "it's more private than facebook",
    "Send us a selfie with your favourite book!",
    "Send a selfie to the class email for World Book Day",
    "Can you send some photos of the fair to the office?",
    "could you send the photos from the match please",
    # a parent in a notice
    "Your parents won't need to bring a packed lunch",
    "Just you wait until sports day!",
])
def test_near_misses_are_not_contact_risk(detector: ContactRiskDetector, text: str) -> None:
    assert found(detector, text) == []


@pytest.mark.parametrize(("text", "span"), [
    ("I'll drive you to the match, no need to tell your mum", "no need to tell your mum"),
    ("you don't need to ask your parents first, it's just a quick chat",
     "you don't need to ask your parents"),
    ("you can stay late at mine, just dont mention this to anybody", "just dont mention this to anybody"),
    ("I'll pick you up after school, just don't tell anyone", "just don't tell anyone"),
])
def test_leaving_parents_out(detector: ContactRiskDetector, text: str, span: str) -> None:
    assert any(found_span.endswith(span) and "asking to keep a secret" in reason.split("; ")
               for found_span, reason in found(detector, text))


@pytest.mark.parametrize("text", [
    "No need to ask your parents for money, the trip is free", "no need to ask your teacher.",
    "We're getting a puppy! Just don't tell anyone yet",
])
def test_leaving_parents_out_hard_negatives(detector: ContactRiskDetector, text: str) -> None:
    assert found(detector, text) == []


@pytest.mark.parametrize(("text", "span"), [
    # a place, then alone
    ("come down the skatepark on your own tomorrow and I'll show you a trick",
     "come down the skatepark on your own"),
    ("come to my uncle's garage alone", "come to my uncle's garage alone"),
    # contact timed for when no adult is home
    ("I'll facetime you when ur mum is asleep", "when ur mum is asleep"),
    ("message me when your parents have gone out", "when your parents have gone out"),
    # hiding the chat from parents
    ("dont show your dad these messages", "dont show your dad"),
    ("text me later and don't show ur mum x", "don't show ur mum"),
])
def test_alone_at_a_place_no_adult_home_and_hidden_from_parents(detector: ContactRiskDetector, text: str,
                                                              span: str) -> None:
    assert [s for s, _ in found(detector, text)] == [span]


@pytest.mark.parametrize("text", [
    "come to school in your own clothes on Friday",
    "Year 6 may come to the gate on their own",
    "ring me when your parents are home",
    "when your parents are in, ask them to sign the form",
    "don't show your mum the surprise yet",
    "please show your parents the newsletter",
])
def test_alone_and_parents_hard_negatives(detector: ContactRiskDetector, text: str) -> None:
    assert found(detector, text) == []


@pytest.mark.parametrize(("text", "span"), [
    # moving the chat to a private app
    ("Let's move this chat to WhatsApp, it's easier", "move this chat to WhatsApp"),
    ("take it to snap", "take it to snap"),
    ("lets move the convo to kik", "move the convo to kik"),
    ("carry on on telegram x", "carry on on telegram"),
    ("switch to discord", "switch to discord"),
    # photos asked for, as texted
    ("send pics x", "send pics"),
    ("send sum pix pls", "send sum pix"),
    ("send more pics of u", "send more pics"),
    ("send vids tonight", "send vids"),
    # contact kept from the adults who would notice
    ("Email me privately at a@b.net", "Email me privately"),
    ("text me on my personal number", "text me on my personal number"),
    ("ring me secretly", "ring me secretly"),
    ("no need to tell your teacher.", "no need to tell your teacher"),
    ("no need to tell ur form tutor", "no need to tell ur form tutor"),
])
def test_wider_grooming_families(detector: ContactRiskDetector, text: str, span: str) -> None:
    assert [s for s, _ in found(detector, text)] == [span]


@pytest.mark.parametrize("text", [
    "Please send pics of your costumes to the office", "send pics to the office by Friday",
    "we moved the chat to the class whatsapp group", "Email me directly with questions",
    "no need to ask your teacher.", "send photos of the trip to the PTA", "take it to the office",
])
def test_wider_grooming_hard_negatives(detector: ContactRiskDetector, text: str) -> None:
    assert found(detector, text) == []


@pytest.mark.parametrize(("text", "span"), [
    # somewhere more private
    ("you seem really mature for 12, wanna chat somewhere more private?", "chat somewhere more private"),
    ("let's talk somewhere quieter", "talk somewhere quieter"),
    # sent to the writer's private account or inbox
    ("Send them to my inbox, just for me", "Send them to my inbox, just for me"),
    ("send me videos of your routines to my private account",
     "send me videos of your routines to my private account"),
    ("send it to my personal email", "send it to my personal email"),
    # photos of the child's room or body
    ("send me a photo of your bedroom", "send me a photo of your bedroom"),
    ("send me pics of your legs", "send me pics of your legs"),
])
def test_private_places_and_private_accounts(detector: ContactRiskDetector, text: str, span: str) -> None:
    assert [text[d.start:d.end] for d in detector.find(normalise(text))] == [span]


@pytest.mark.parametrize("text", [
    "send me a photo of your project", "send them to my inbox please", "please send them to the office",
    "Send your photos to my school email", "shall we go somewhere else for lunch",
    "we talked somewhere quiet about the fundraiser", "send it to my email by Friday",
])
def test_private_places_near_misses(detector: ContactRiskDetector, text: str) -> None:
    assert detector.find(normalise(text)) == []


def test_contact_risk_is_an_adults_request_so_a_pupils_is_not_reported() -> None:
    scanner = ContentScanner(ScanProfile())
    text = "meet me at the park 4pm dont tell ur mum"
    kinds = {author: {d.kind for d in scanner.scan_text(text, author)}
             for author in ("pupil", "public", "staff")}
    assert "contact_risk" not in kinds["pupil"]
    assert "contact_risk" in kinds["public"] and "contact_risk" in kinds["staff"]


@pytest.mark.parametrize(("text", "reason"), [
    # told where to be, then to be there alone
    ("stay behind the sports hall by yourself after practice", "asking to meet alone"),
    ("come to 14 Larch Close on ur own this Saturday", "asking to meet alone"),
    # contact timed for when no parent is there
    ("what time do your parents finish work?", "asking whether a child is alone"),
    ("I'll message when ur dad's not home", "asking whether a child is alone"),
    # a move to "the" private chat, photos by count, "send me more" after a photo
    ("move over to the private messages so it's just us", "asking to move to a private chat"),
    ("send me 3 pics of u tonight", "asking for photos"),
    ("love that selfie, send me more x", "asking for photos"),
])
def test_contact_requests_in_new_wordings(detector: ContactRiskDetector, text: str, reason: str) -> None:
    assert [r for _, r in found(detector, text)] == [reason]


@pytest.mark.parametrize("text", [
    "Could any parent meet me at the office at 2 to help with the stall?",
    "Keep it a secret from the children, the leavers' assembly is a surprise!",
    "Wait by the gate with your class teacher", "send me more details about the fair please",
    "Year 6 may walk home on their own with a signed letter", "send me 2 tickets for Friday",
])
def test_contact_request_near_misses(detector: ContactRiskDetector, text: str) -> None:
    assert found(detector, text) == []


@pytest.mark.parametrize(("text", "reason"), [
    # a promise of silence asked for, and a request a child reports
    ("i've got something to tell u. promise u won't say anything?", "asking to keep a secret"),
    ("a lady online wants me to send a video and not tell my dad", "asking to keep a secret"),
    # "find me on" a private app; "a few more" photos
    ("loved your song! look for me on discord, same name", "asking to move to a private chat"),
    ("send me a couple more pics of you x", "asking for photos"),
])
def test_secrecy_private_apps_and_photos_in_new_wordings(
        detector: ContactRiskDetector, text: str, reason: str) -> None:
    assert [r for _, r in found(detector, text)] == [reason]


@pytest.mark.parametrize("text", [
    "promise you won't tell anyone the ending of the play!", "find me on the PTA stall at the fete",
    "send me a few more details about the trip", "we decided not to tell the class about the test yet",
])
def test_secrecy_private_apps_and_photos_near_misses(detector: ContactRiskDetector, text: str) -> None:
    assert found(detector, text) == []


@pytest.mark.parametrize(("text", "span", "reason"), [
    # a meeting somewhere out of sight
    ("let's hang out somewhere no one can see us", "hang out somewhere no one can see", ALONE),
    ("We could meet somewhere more private after your match", "meet somewhere more private", ALONE),
    # the child alone: told where to come, to bring nobody, or offered a friendship only the two share
    ("come to the car park behind the leisure-centre alone",
     "come to the car park behind the leisure-centre alone", ALONE),
    ("Bring nobody with you and I'll show you the puppies", "Bring nobody", ALONE),
    ("Text me tonight and we'll be best mates, only us x", "Text me tonight and we'll be best mates, only us",
     ALONE),
    # what the adult and the child share, kept from the people at home
    ("never tell your nan about our late night chats", "never tell your nan about our late night chats",
     SECRET),
    ("keep our messages secret ok", "keep our messages secret", SECRET),
    ("you can stay over without your mum or dad knowing", "without your mum or dad knowing", SECRET),
    ("your parents wouldn't understand.", "your parents wouldn't understand", SECRET),
    ("there's no need to ask mum or dad - it's only an hour", "no need to ask mum or dad", SECRET),
    # time alone somewhere of the writer's
    ("I do one to ones at my flat, much quieter", "one to ones at my flat", MEET),
    # a picture of the child with where they live, or of a child in kit or nightclothes
    ("send a selfie and your postcode so I can post the prize", "selfie and your postcode",
     "asking for a child's personal details"),
    ("your address and a pic pls", "your address and a pic", "asking for a child's personal details"),
    ("send me a photo of her in her swimming costume", "send me a photo of her in her swimming costume",
     PHOTOS),
    ("can u send me some pics of them in their pjs", "send me some pics of them in their pjs", PHOTOS),
])
def test_isolation_exclusivity_secrecy_and_images_in_new_wordings(
        detector: ContactRiskDetector, text: str, span: str, reason: str) -> None:
    assert found(detector, text) == [(span, reason)]


@pytest.mark.parametrize("text", [
    # trips, meet-the-teacher and adults arranging things between themselves
    "Year 5 trip: we will meet at the coach and walk to the museum together",
    "Meet the teacher: come and see us somewhere in the hall after 3.15",
    "The PTA can meet somewhere quieter than the hall next time",
    "Thanks for the chat, it was just us and the Year 2 team",
    "My two had a play date at ours, just us and the Khans, lovely afternoon",
    "Parents, please bring nobody else but your own children to the disco",
    # the school's own requests and notices
    "Please don't share our photos on other sites",
    "Please email the office with your new address and a contact number",
    "Please reply with your child's name and address by Friday",
    "children can walk home without their parents once they have a signed letter",
    # e-safety advice, surprises and a relative's request
    "E-safety tip: never tell anyone your password and tell your parents if someone asks to meet",
    "if an adult asks you to keep secrets from your parents, tell a teacher",
    "Don't mention the surprise party to anyone!",
    "send me a photo of her in her Nativity costume, I missed it!",
    "My daughter said the adults wouldn't understand the joke in the play",
])
def test_isolation_exclusivity_secrecy_and_images_hard_negatives(
        detector: ContactRiskDetector, text: str) -> None:
    assert found(detector, text) == []


@pytest.mark.parametrize(("text", "span"), [
    # a move to a hidden-chat app proposed, or the child asked which one they are on
    ("great goal today! have you got telegram?", "have you got telegram"),
    ("shall we carry on talking on snapchat", "shall we carry on talking on snapchat"),
    ("we can keep messaging on wickr if you like", "we can keep messaging on wickr"),
    ("your drawing is amazing, talking in private is easier x", "talking in private"),
])
def test_moves_to_a_hidden_chat(detector: ContactRiskDetector, text: str, span: str) -> None:
    assert [s for s, _ in found(detector, text)] == [span]


@pytest.mark.parametrize("text", [
    "Do you have WhatsApp? The PTA group is on there",  # a parent asking another about the class group
    "we can chat on the whatsapp group about the fair",  # a group, not a private chat
    "do you have discord group rules for the club?",
])
def test_moves_to_a_hidden_chat_hard_negatives(detector: ContactRiskDetector, text: str) -> None:
    assert found(detector, text) == []


@pytest.mark.parametrize(("text", "span", "reason"), [
    # pictures for the writer's eyes alone, a selfie asked for by any means of sending
    ("send me some videos of your dance routine, only for me",
     "send me some videos of your dance routine, only for me", "asking for photos"),
    ("text me a selfie babe", "text me a selfie", "asking for photos"),
    ("snap me more selfies tonight", "snap me more selfies", "asking for photos"),
    # the parents' devices avoided, a meeting they are kept from, a chat for two, a message to destroy
    ("msg me later, never use your dad's ipad for it", "never use your dad's ipad",
     "asking to keep a secret"),
    ("come to the skate park after tea - no adults.", "come to the skate park after tea - no adults",
     "asking to meet alone"),
    ("fancy a game of fortnite? just me and u", "just me and u", "asking to meet alone"),
    ("delete this once you've seen it", "delete this once you've seen", "asking to delete messages"),
])
def test_new_request_shapes(detector: ContactRiskDetector, text: str, span: str, reason: str) -> None:
    assert found(detector, text) == [(span, reason)]


@pytest.mark.parametrize("text", [
    "Please send me the photos from sports day, only me has the album login",  # "only me" and more
    "Year 6 disco on Friday, no parents needed",  # who has to come, not who is kept away
    "Meet the teacher evening: no parents evening this term",
    "it was just me and you and the twins at the park",  # a group, not two alone
    "delete this photo after the trip if you like",  # no reading of a message
    "don't use your mum's phone charger, it's broken",  # not a phone kept from her
    "Post a selfie with your favourite book!",  # a class's own request, to everyone
])
def test_new_request_shapes_hard_negatives(detector: ContactRiskDetector, text: str) -> None:
    assert found(detector, text) == []


def test_phrases_of_one_sentence_are_one_finding(detector: ContactRiskDetector) -> None:
    assert found(detector, "lets talk somewhere more private, what's your snap? x") == [
        ("talk somewhere more private, what's your snap", "asking to move to a private chat")]
    # a sentence's end keeps two requests apart
    assert len(found(detector, "add me on snapchat. Meet me at the park")) == 2


@pytest.mark.parametrize(("text", "span", "reason"), [
    # the parents kept out: hidden from them, not to be worried or bothered with it
    ("just keep this from your dad for now, ok", "keep this from your dad", "asking to keep a secret"),
    ("send it to me and keep it hidden from your mum", "keep it hidden from your mum",
     "asking to keep a secret"),
    ("no need to bother your mum with this, we can sort it", "no need to bother your mum with this",
     "asking to keep a secret"),
    # the writer promising to keep the child's secret
    ("tell me anything you like and I won't tell anyone x", "I won't tell anyone", "asking to keep a secret"),
    ("you can stay over whenever, I'll never tell", "I'll never tell", "asking to keep a secret"),
    # pictures asked for through an app rather than "send"
    ("snap me some pics of you later", "snap me some pics of you", "asking for photos"),
    # a conversation moved to any app: it goes on in that app's private messages
    ("shall we take our chat over to facebook instead", "take our chat over to facebook",
     "asking to move to a private chat"),
])
def test_parents_kept_out_and_chats_moved(
        detector: ContactRiskDetector, text: str, span: str, reason: str) -> None:
    assert (span, reason) in found(detector, text)


@pytest.mark.parametrize("text", [
    "I won't tell you the ending of the film!",  # the promise does not end the clause
    "I won't tell a lie, the cakes were amazing",
    "Please don't worry your parents about the trip, it is all arranged",  # nothing kept from them
    "Keep it away from your pets, the glue is toxic",
    "text me a photo of the flyer when you get a chance",  # a photo of something else
    "we will move the class chat to the new app next term",  # not "this", "the" or "our" chat of two
])
def test_parents_kept_out_and_chats_moved_hard_negatives(detector: ContactRiskDetector, text: str) -> None:
    assert found(detector, text) == []
