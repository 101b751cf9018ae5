"""Realistic UK school social-media posts for benchmarks, generated lazily and deterministically.

Staff posts (trips, fixtures with scores, newsletters with dates and prices, PTA news, class
blogs), comments from pupils and parents, and replies from the public. About 7 % carry something
a detector should find (a phone number, an email, an address, a pupil's full name, a link, a
password, an insult, a date of birth, a stranger asking for contact, a pupil naming the school);
the rest carry the hard negatives real posts are full of: prices, dates, times, scores, order
numbers, class names, first names on their own, the school's own website, the odd emoji.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import NamedTuple

from auditor import AuthorKind, Pupil

__all__ = [
    "ALLOW_DOMAINS",
    "PLANTED_KINDS",
    "SCHOOL_NAMES",
    "Post",
    "make_posts",
    "make_roster",
]

SCHOOL_NAMES: tuple[str, ...] = ("Millbrook CE Primary", "Millbrook Primary", "MCEP")
ALLOW_DOMAINS: tuple[str, ...] = ("millbrook.sch.uk", "parentpay.com", "purplemash.com")
MAX_LENGTH = 300


class Post(NamedTuple):
    """One generated post: its text, who wrote it, and what (if anything) was planted in it."""

    text: str
    author: AuthorKind
    #: The planted category (a key of ``PLANTED_KINDS``), or ``None`` for an innocent post.
    planted: str | None


_FIRST = (
    "Oliver", "George", "Harry", "Noah", "Jack", "Leo", "Arthur", "Muhammad", "Oscar", "Charlie", "Jacob",
    "Thomas", "Henry", "William", "Alfie", "Joshua", "Freddie", "Archie", "Theo", "Isaac", "Alexander",
    "James", "Edward", "Max", "Logan", "Lucas", "Mason", "Ethan", "Finley", "Rory", "Olivia", "Amelia",
    "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia", "Grace", "Freya", "Willow",
    "Florence", "Emily", "Ella", "Poppy", "Evie", "Elsie", "Charlotte", "Evelyn", "Sienna", "Daisy",
    "Phoebe", "Sophie", "Harper", "Millie", "Ruby", "Matilda", "Layla", "Aisha", "Priya", "Amir", "Yusuf",
    "Zara", "Hamza", "Ayaan", "Kai", "Jayden", "Reuben", "Niamh", "Ciaran", "Megan", "Rhys", "Cerys",
    "Ffion", "Zoë", "Chloé", "Siân", "Dylan", "Tyler",
)
_LAST = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
    "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall",
    "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill", "Ward",
    "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan", "Allen", "James", "Scott",
    "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly",
    "Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox",
    "Richards", "Khan", "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Singh", "Begum", "Wilkinson",
    "Foster", "Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason", "Ali", "Hunt", "Hussain", "Campbell",
    "Matthews", "Owen", "Palmer", "Holmes", "Mills", "Barnes", "Knight", "Lloyd", "Butler", "Russell",
    "Barker", "Fisher", "Stevens", "Jenkins", "Murray", "O'Brien", "Okafor", "Nowak", "Kowalski",
)


def make_roster(seed: int = 0, size: int = 400) -> tuple[Pupil, ...]:
    """``size`` distinct pupils drawn from common UK first names and surnames."""
    rng = random.Random(seed)
    seen: set[tuple[str, str]] = set()
    pupils: list[Pupil] = []
    while len(pupils) < size:
        pair = (rng.choice(_FIRST), rng.choice(_LAST))
        if pair not in seen:
            seen.add(pair)
            pupils.append(Pupil(pair[0], pair[1], photo_consent=rng.random() < 0.8))
    return tuple(pupils)


_SLOTS: dict[str, tuple[str, ...]] = {
    "class": ("Year 3", "Year 6", "Class 3B", "Reception", "Oak Class", "Willow Class", "Year 5 Kestrels",
              "Year 1", "Class 4C", "Nursery", "Year 2 Hedgehogs"),
    "day": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"),
    "date": ("23/11/2026", "Friday 14th March", "3 March", "14.03.26", "1st December", "12/05/2026",
             "Thursday 9 October", "2026-06-18", "25th January"),
    "time": ("09:30", "3.15pm", "2pm", "8:45am", "10.30", "15:20", "half past two"),
    "price": ("£12.50", "£3", "£4.80", "£25", "£7", "£15.00", "£2.50"),
    "sum": ("£1,250.00", "£2,340", "£860", "£3,105.75", "£480"),
    "place": ("the Science Museum", "Cadbury World", "Whipsnade Zoo", "Conwy Castle", "the Sea Life Centre",
              "Kew Gardens", "Scunthorpe", "the Natural History Museum", "Sussex", "the local fire station",
              "Warwick Castle", "the Roman baths"),
    "topic": ("fractions", "the Romans", "volcanoes", "the water cycle", "persuasive writing",
              "killer whales", "the Great Fire of London", "electrical circuits", "the Tudors",
              "healthy eating", "rainforests", "coding with Scratch"),
    "sport": ("football", "netball", "tag rugby", "cricket", "hockey", "cross-country", "athletics",
              "swimming", "basketball"),
    "opp": ("St Mary's", "Oakfield Primary", "Hillside Academy", "Brookvale", "Holy Trinity",
            "Ashgrove Juniors", "Riverside School"),
    "score": ("3-1", "12-8", "2 - 2", "4-0", "21-17", "1-0", "6\u20133", "35 runs"),
    "order": ("4471-2093", "20261123-0457", "ORD 558213", "778 120 334", "PP-0093381"),
    "staff": ("Mrs Patel", "Mr Hughes", "Miss Okafor", "Mrs Davies", "Mr Green", "Ms Kowalski", "Mrs Ali"),
    "adj": ("fantastic", "brilliant", "amazing", "wonderful", "super", "fabulous"),
    "link": ("https://www.millbrook.sch.uk/news", "millbrook.sch.uk/letters", "https://www.parentpay.com",
             "www.millbrook.sch.uk/term-dates", "https://millbrook.sch.uk/pta"),
    "emoji": ("👏", "😊", "🎉", "⚽", "❤️", "🌟", "😂", "👍"),
    "area": ("Millbrook", "North Yorkshire", "Kent", "the county", "Greater Manchester", "West Sussex"),
    "school": SCHOOL_NAMES,
    "quote": ("It was the best day ever!", "I didn't know whales could sing.", "Can we go again?",
              "My favourite part was the dinosaurs.", "The assessment was easier than I thought."),
}

_STAFF = (
    "What a {adj} day {class} had at {place}! The children learnt all about {topic} and were a credit "
    "to {school}. Thank you to the parent helpers.",
    "Fixture result: our {sport} team beat {opp} {score} on {day}. Player of the match was {first} "
    "for a {adj} performance!",
    "Newsletter {date}: Harvest assembly on {day} at {time}. Non-uniform day on {date}, £1 donation. "
    "Book fair vouchers cost {price}. Read it in full at {link}",
    "PTA news: the Christmas fair raised {sum}! Thank you to everyone who baked, ran a stall or came "
    "along. Next meeting {day} {time} in the hall.",
    "Reminder: {class} trip to {place} on {date}. Please pay {price} on ParentPay by {day} (order no. "
    "{order}). Packed lunch needed.",
    "{class} blog: this week we have been learning about {topic}. {first} said \"{quote}\"",
    "Term dates for 2026/27 are now on the website: {link}. INSET days are {date} and {date}.",
    "Well done to our {sport} squad, runners-up in the {area} tournament ({score} in the final).",
    "Our {class} assembly is on {day} {date} at {time}. Parents and carers are very welcome.",
    "Huge thanks to the PTA for the new playground equipment ({sum} raised over two years)!",
    "{class} have been busy with {topic} this week. Look out for their work on the class page: {link}",
    "Sports day has moved to {date} because of the weather forecast. Gates open at {time}.",
    "Congratulations to {class} on the best attendance this half term: 98.6%!",
)
_PUPIL = (
    "that trip was sooo good!! best day ever {emoji}",
    "this test is killing me lol",
    "cant wait for {sport} on {day}",
    "shoot for the stars {class}!!",
    "{first} you were amazing in the match {emoji}",
    "when is the next {sport} club? is it {day}?",
    "we did {topic} today and it was actually fun",
    "Thank you {staff}, {first} had the best day and hasn't stopped talking about it!",
    "What time is pick-up on {day}? Is it still {time}?",
    "So proud of the team, {score} is an amazing result! {emoji}",
    "Does anyone know if the {sport} club is running this week?",
    "Lovely photos, thank you {staff} and all the staff {emoji}",
)
_PUBLIC = (
    "Great to see local schools doing so well. Good luck in the next round!",
    "Lovely to see, brings back memories of my own school days in {area}.",
    "Is the Christmas fair open to the public? We live nearby and would love to come.",
    "Our therapist recommended the reading scheme you mention, is it available to buy?",
    "Well done {opp} too, a {adj} game by both sides.",
    "Congratulations {class}! {emoji}",
    "The cocktail party at the village hall raised {sum} for the PTA, thank you all.",
    "Any news on the parking on {day} mornings? It's getting dangerous outside the gates.",
)
_STAFF_FILL = (
    "Thank you for your continued support.", "Please see the letter sent home for details.",
    "#TeamMillbrook", "Photos are on the class page.", "Any questions, please speak to the office.",
    "More details to follow.", "Well done everyone!", "Have a lovely weekend.", "See you there!",
    "Please remember named water bottles.", "Children should wear their PE kit on the day.",
    "The office is open from 8am if you need to drop anything off.", "We are so proud of them all.",
    "A big thank you to {staff} for organising it.", "Letters went home in book bags on {day}.",
    "Please check the weather forecast and send a coat.", "#ProudToBeMillbrook",
)
_SHORT_FILL = (
    "Thanks!", "x", "Well done all.", "Brilliant.", "Can't wait!", "My daughter loved it.",
    "Thank you to all the staff.", "Such a lovely school.", "See you on {day}!", "Will there be photos?",
    "Great work everyone.", "Well deserved.", "Fingers crossed for next time.", "He was so excited.",
    "What a team!", "Good luck for the next match.", "Lovely idea.",
)
_STREETS = ("Acacia Avenue", "Orchard Close", "Mill Lane", "Station Road", "Church Street", "Park View",
            "Victoria Road", "The Crescent")
_PC_AREA = ("MB", "SW", "M", "LS", "B", "NE", "CF", "EH", "BS")


def _postcode(rng: random.Random) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return (f"{rng.choice(_PC_AREA)}{rng.randint(1, 19)} {rng.randint(0, 9)}"
            f"{rng.choice(letters)}{rng.choice(letters)}")


def _plant_phone(rng: random.Random, pupil: Pupil) -> str:
    number = rng.choice((
        f"07700 900{rng.randint(0, 999):03d}", f"+44 7700 900 {rng.randint(0, 999):03d}",
        f"0161 496 0{rng.randint(0, 999):03d}", f"07{rng.randint(100, 999)}{rng.randint(100000, 999999)}",
        f"01632 960{rng.randint(0, 999):03d}"))
    return rng.choice((f"Call me on {number}", f"text {number} if you want to swap kits",
                       f"my number is {number}", f"ring the office on {number} for tickets"))


def _plant_email(rng: random.Random, pupil: Pupil) -> str:
    domain = rng.choice(("gmail.com", "hotmail.co.uk", "outlook.com", "yahoo.co.uk", "btinternet.com"))
    user = rng.choice((f"{pupil.first_name.lower()}.{pupil.last_name.lower()}{rng.randint(1, 99)}",
                       "mum.of.two", f"{pupil.last_name.lower()}family"))
    return rng.choice((f"email me at {user}@{domain}", f"send the forms to {user}@{domain} please"))


def _plant_address(rng: random.Random, pupil: Pupil) -> str:
    street = f"{rng.randint(1, 120)} {rng.choice(_STREETS)}"
    return rng.choice((f"we live at {street}, Millbrook {_postcode(rng)}",
                       f"drop it round to {street} ({_postcode(rng)})",
                       f"party at ours, {street}, {_postcode(rng)} from 2pm"))


def _plant_name(rng: random.Random, pupil: Pupil) -> str:
    full = f"{pupil.first_name} {pupil.last_name}"
    return rng.choice((f"Congratulations to {full} on the reading award!",
                       f"Star of the week: {full}", f"well done {full} in the race"))


def _plant_link(rng: random.Random, pupil: Pupil) -> str:
    return rng.choice(("https://bit.ly/3xYz12Q", "www.freegiftcards-win.com/claim",
                       "check out my channel youtube.com/@kidzgamerz99", "http://tinyurl.com/y7k2mm",
                       "vote for us at https://pollz.example.net/vote?id=4411"))


def _plant_password(rng: random.Random, pupil: Pupil) -> str:
    return rng.choice(("the Purple Mash login is year6 / password: Tiger2026!",
                       "wifi password is Millbrook123", "my password is sunflower99",
                       f"{pupil.first_name.lower()}'s pin is 4471", "pwd: Sp@rkle22 for the class page"))


def _plant_insult(rng: random.Random, pupil: Pupil) -> str:
    return rng.choice((f"{pupil.first_name} is a fat loser and everyone hates him",
                       "you're so stupid, nobody likes you", "shut up you idiot",
                       "kill yourself lol", f"{pupil.first_name} is such a sl*g"))


def _plant_birthdate(rng: random.Random, pupil: Pupil) -> str:
    dob = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2014, 2020)}"
    return rng.choice((f"happy birthday {pupil.first_name}! born {dob}", f"DOB {dob}"))


def _plant_contact(rng: random.Random, pupil: Pupil) -> str:
    return rng.choice(("DM me and I'll send you pics, don't tell your parents",
                       "add me on snap, how old are you?", "message me privately, our little secret x"))


def _plant_school(rng: random.Random, pupil: Pupil) -> str:
    return rng.choice(("we're the ones in the green jumpers at Millbrook Primary",
                       "I go to Millbrook CE Primary, Year 6"))


#: Each planted category and how it is written.
PLANTED_KINDS: dict[str, Callable[[random.Random, Pupil], str]] = {
    "phone": _plant_phone, "email": _plant_email, "address": _plant_address, "name": _plant_name,
    "link": _plant_link, "password": _plant_password, "insult": _plant_insult,
    "birthdate": _plant_birthdate, "contact": _plant_contact, "school": _plant_school,
}
_PLANT_WEIGHTS = {"phone": 3, "email": 2, "address": 2, "name": 4, "link": 3, "password": 1, "insult": 3,
                  "birthdate": 1, "contact": 1, "school": 1}


def _fill(template: str, rng: random.Random, roster: tuple[Pupil, ...]) -> str:
    # Each slot gets a fresh draw (a template naming {date} twice gets two dates).
    out: list[str] = []
    for i, piece in enumerate(template.split("{")):
        if i == 0:
            out.append(piece)
            continue
        slot, _, rest = piece.partition("}")
        out.append(rng.choice(roster).first_name if slot == "first" else rng.choice(_SLOTS[slot]))
        out.append(rest)
    return "".join(out)


def _post(rng: random.Random, roster: tuple[Pupil, ...], sensitive_rate: float) -> Post:
    roll = rng.random()
    author: AuthorKind
    if roll < 0.45:
        author, templates, fills, target = "staff", _STAFF, _STAFF_FILL, rng.randint(110, MAX_LENGTH)
    elif roll < 0.75:
        author, templates, fills, target = "pupil", _PUPIL, _SHORT_FILL, rng.randint(40, 160)
    else:
        author, templates, fills, target = "public", _PUBLIC, _SHORT_FILL, rng.randint(40, 200)
    text = _fill(rng.choice(templates), rng, roster)
    planted: str | None = None
    if rng.random() < sensitive_rate:
        planted = rng.choices(list(_PLANT_WEIGHTS), weights=list(_PLANT_WEIGHTS.values()))[0]
        plant = PLANTED_KINDS[planted](rng, rng.choice(roster))
        text = f"{plant}. {text}" if rng.random() < 0.5 else f"{text} {plant}"
    # Pad with distinct sentences (real posts do not repeat themselves), and now and then an emoji.
    for filler in rng.sample(fills, len(fills)):
        if len(text) >= target:
            break
        extra = _fill(filler, rng, roster)
        if len(text) + 1 + len(extra) <= MAX_LENGTH:
            text = f"{text} {extra}"
    if rng.random() < 0.15 and len(text) + 2 <= MAX_LENGTH:
        text = f"{text} {rng.choice(_SLOTS['emoji'])}"
    if len(text) > MAX_LENGTH:
        # Only a long template with a long plant gets here; keep the plant, drop the tail.
        text = text[:MAX_LENGTH].rsplit(" ", 1)[0]
    return Post(text, author, planted)


def make_posts(count: int, seed: int = 0, roster: tuple[Pupil, ...] | None = None,
               sensitive_rate: float = 0.07) -> Iterator[Post]:
    """``count`` posts, one at a time (memory does not grow with ``count``), the same for a seed."""
    rng = random.Random(seed)
    pupils = roster if roster is not None else make_roster(seed)
    for _ in range(count):
        yield _post(rng, pupils, sensitive_rate)
