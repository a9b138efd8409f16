"""What the demo's respondents write: comments that fit their rating, varied like real ones.

A comment is drawn from its stage's bank (a negative bank for ratings 1–2, a positive one for
4–5, either for 3), its blanks filled with numbers, times and amounts, sometimes with a typo
or in lower case. The choice uses its own generator, seeded by the respondent and the stage,
so the demo's figures do not move when the words change.
"""

import random

BANKS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {  # stage: (negative, positive)
    "Discover": (
        (
            "The ad said {speed} but the small print said 'up to'.",
            "Could not tell from the website if fibre reaches my street.",
            "Every ad shows a different price, confusing.",
            "Postcode checker said not available, then a salesman said it was.",
        ),
        (
            "Saw the ad, the price looked fair.",
            "A friend recommended you, that's why I looked.",
            "Clear website, I knew the price straight away.",
            "The availability check was instant.",
        ),
    ),
    "Compare plans": (
        (
            "Too many plans, what is the difference between {plan} and the others?",
            "The comparison table hides the price after the first {months} months.",
            "No idea which speed I actually need.",
            "Had to open {n} tabs to compare the plans.",
            "Price comparison site showed an old price.",
        ),
        (
            "The comparison table helped.",
            "Easy to see which plan fits a family.",
            "The speed guide explained what I need.",
            "Liked that the contract length is clear.",
        ),
    ),
    "Order": (
        (
            "Checkout asked for my address {n} times.",
            "Payment page timed out, had to start again.",
            "The sales call took {minutes} minutes for a simple order.",
            "Order confirmation email never arrived.",
        ),
        (
            "Checkout took two minutes.",
            "The sales agent was patient.",
            "Ordering online was quick and simple.",
            "Got the confirmation right away.",
        ),
    ),
    "Book installation": (
        (
            "Only all-day slots, {weeks} weeks out.",
            "Had to rebook {n} times.",
            "The scheduling app crashed when I picked a slot.",
            "Waited on hold {minutes} minutes to move the date.",
            "No evening or weekend slots at all, I work.",
            "Had to take a whole day off work for the installation.",
        ),
        (
            "Got a morning slot the same week.",
            "Booking the visit in the app was easy.",
            "They texted to confirm the slot.",
            "Picked a slot that suits me.",
        ),
    ),
    "Installation day": (
        (
            "Nobody came until {time}.",
            "Technician did not show up, no call.",
            "They drilled through the wrong wall.",
            "The engineer left without testing the line.",
            "Waited all day, the arival SMS never came.",
        ),
        (
            "Technician was friendly and tidy.",
            "Arrived on time and explained everything.",
            "The engineer was done in {minutes} minutes.",
            "Tidy work, cables hidden nicely.",
        ),
    ),
    "Get connected": (
        (
            "I could not find the Wi-Fi password.",
            "The router lights kept blinking orange.",
            "The setup app would not pair with the router.",
            "Speed is {percent}% of what I pay for.",
            "Connection drops every evening.",
        ),
        (
            "The app walked me through it.",
            "Online within {minutes} minutes.",
            "Full speed from the first day.",
            "Setup was easier than I feared.",
        ),
    ),
    "First bill": (
        (
            "Why is there an activation fee?",
            "First bill was higher than quoted.",
            "Charged €{amount} more than the price on the website.",
            "I was billed for a router I returned.",
            "The bill does not say what the extra charge is for.",
            "Nobody mentioned the installation fee.",
        ),
        (
            "The bill matched the quote exactly.",
            "Clear bill, no surprises.",
            "The first month was free as promised.",
            "Easy to read bill.",
        ),
    ),
    "Search for help": (
        (
            "The help article was out of date.",
            "Help centre search finds nothing useful.",
            "Forum answers are {years} years old.",
            "Could not find a phone number anywhere.",
        ),
        (
            "Forum answer fixed it.",
            "The help article solved it in {minutes} minutes.",
            "Good troubleshooting guide.",
        ),
    ),
    "Contact support": (
        (
            "{minutes} minutes on hold.",
            "The chatbot kept sending me the same article.",
            "Was transferred {n} times.",
            "Call dropped after {minutes} minutes waiting.",
            "Nobody calls back when they say they will.",
        ),
        (
            "Chat agent answered within a minute.",
            "The agent knew what she was talking about.",
            "Quick callback, problem understood.",
        ),
    ),
    "Diagnosis": (
        (
            "They made me restart the router three times.",
            "Scripted questions, they did not listen.",
            "I explained the problem {n} times to {n} people.",
            "They blamed my own Wi-Fi.",
        ),
        (
            "They saw the fault on their side right away.",
            "Remote test found the problem.",
            "Clear explanation of what was wrong.",
        ),
    ),
    "Resolution": (
        (
            "Engineer visit only in {weeks} weeks.",
            "Still not fixed after {days} days.",
            "They closed the ticket but it is not fixed.",
            "Had to take another day off for the engineer.",
        ),
        (
            "Engineer fixed the line in 20 minutes.",
            "Fixed the same day.",
            "New router arrived the next morning.",
        ),
    ),
    "Review the offer": (
        (
            "New customers get a better deal than me.",
            "The loyalty offer is worse than a new contract.",
            "Competitor is €{amount} cheaper a month.",
        ),
        ("The loyalty offer matched the competition.", "Easy to compare my options in the app."),
    ),
    "Ask for a better deal": (
        (
            "Had to threaten to leave to get a fair price.",
            "Retention team was pushy.",
            "{minutes} minutes on hold to the retention line.",
        ),
        ("The agent found me a better plan.", "Got a discount without a fight."),
    ),
}
FILLERS = {
    "speed": ("500 Mbit", "1 Gbit", "300 Mbit"),
    "plan": ("Fibre 500", "Essential 100", "Gigabit"),
    "months": ("6", "12", "3"),
    "n": ("two", "three", "four", "2", "3"),
    "minutes": ("20", "35", "45", "50", "90", "10", "15"),
    "weeks": ("two", "three", "four", "5"),
    "time": ("5 pm", "4:30", "6 in the evening", "after lunch"),
    "percent": ("30", "40", "50", "60"),
    "amount": ("12", "20", "35", "9.99", "49"),
    "hours": ("6", "12", "24", "48"),
    "years": ("3", "5", "ten"),
    "days": ("5", "9", "12", "three"),
}
TYPOS = (("the ", "teh "), ("receive", "recieve"), ("definitely", "definately"), ("ea", "ae"))


def demo_comment(stage: str, score: int, respondent: str) -> str | None:
    """A comment for this rating of this stage, or None where the stage has no bank."""
    bank = BANKS.get(stage)
    if bank is None:
        return None
    draw = random.Random(f"{respondent}/{stage}")
    negative, positive = bank
    words = negative if score <= 2 or (score == 3 and draw.random() < 0.5) else positive
    text = draw.choice(words)
    for slot, values in FILLERS.items():
        text = text.replace("{" + slot + "}", draw.choice(values))
    roll = draw.random()
    if roll < 0.08:
        wrong, typo = draw.choice(TYPOS)
        text = text.replace(wrong, typo, 1)
    elif roll < 0.15:
        text = text.lower().rstrip(".")
    return text


# The codebooks the demo's teams wrote: First purchase's and Support case's; Contract renewal
# has none, so its themes are all discovered.
CODEBOOKS = {
    "First purchase": """\
themes:
  - {name: Technician no-show, keywords: [nobody came, did not show, no-show, never came],
     examples: ["Waited all day and no one turned up."]}
  - {name: Installation slots, keywords: [slot, slots, rebook, reschedule, day off, all-day,
       scheduling, move the date, booking the visit],
     examples: ["No evening or weekend slots at all, I work."]}
  - {name: Installation work, keywords: [drilled, wall, cables, testing the line,
       engineer was done]}
  - {name: Bill and charges, keywords: [bill, billed, fee, charged, extra charge,
       higher than quoted, quote, free],
     examples: ["The bill does not say what the extra charge is for."]}
  - {name: Choosing a plan, keywords: [plan, plans, small print, which speed, compare, comparison,
       speed guide, contract length],
     examples: ["No idea which speed I actually need."]}
  - {name: Price and availability, keywords: [price, ad, availability, available, postcode, fibre]}
  - {name: Ordering, keywords: [checkout, payment page, order confirmation, confirmation, ordering,
       sales call]}
  - {name: Speed and connection, keywords: [speed, connection, full speed, online within],
     examples: ["Connection drops every evening."]}
  - {name: Setup and Wi-Fi, keywords: [router, wi-fi, password, setup, setup app, pair,
       walked me through]}
  - {name: Helpful people, keywords: [friendly, patient, explained, tidy],
     examples: ["The agent knew what she was talking about."]}
""",
    "Support case": """\
themes:
  - {name: Waiting on hold, keywords: [on hold, hold, transferred, call dropped, callback]}
  - {name: Scripted support, keywords: [restart, scripted, chatbot, same article, did not listen]}
  - {name: Slow repair, keywords: [engineer visit, not fixed, weeks, days without]}
  - {name: Self-help, keywords: [help article, forum, help centre, guide]}
""",
}
