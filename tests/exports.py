"""Survey exports as new users bring them, built deterministically for the tests.

Each one carries a quirk that once stood between a real export and its import (issue 13): a
blank first header cell (pandas' index), Google Forms' `GMT+5:30` timestamps, SurveyMonkey's
two header rows without `Collector ID`, an airline file whose "not applicable" 0s appear only
after row 200 and whose numeric columns are not ratings, and a Likert-text delivery survey
whose rare answer first appears at line 308. None is a copy of a public data set.
"""

import csv
import io
import random
from datetime import datetime, timedelta

FIRST_PURCHASE_STAGES = (
    "Discover",
    "Compare plans",
    "Order",
    "Book installation",
    "Installation day",
    "Get connected",
    "First bill",
)
DEMO_PERSONAS = ("Busy professional", "Budget-conscious family", "Tech enthusiast",
                 "Senior first-timer")  # fmt: skip
AGREEMENT = ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree",
             "Strongly agree")  # fmt: skip
SATISFACTION = ("Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied")
FREQUENCY = ("Never", "Rarely", "Sometimes", "Often", "Always")


def _csv(rows: list[list[str]], *, delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _rating(rng: random.Random, mean: float) -> int:
    return min(5, max(1, round(rng.gauss(mean, 1.0))))


def pandas_index_export(rows: int = 250, seed: int = 1) -> bytes:
    """A file saved with pandas' `to_csv()`: its first header cell is empty (the index)."""
    rng = random.Random(seed)
    header = ["", "ResponseId", "Which describes you best?", *FIRST_PURCHASE_STAGES]
    body = [
        [str(i), f"P{1000 + i}", rng.choice(DEMO_PERSONAS)]
        + [str(_rating(rng, 3.4)) for _ in FIRST_PURCHASE_STAGES]
        for i in range(rows)
    ]
    return _csv([header, *body])


def google_forms_timestamp(moment: datetime, offset: str = "GMT+5:30") -> str:
    """`2023/06/04 1:28:19 PM GMT+5:30`, as a Google Form in an Indian locale writes it."""
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    return f"{moment:%Y/%m/%d} {hour}:{moment:%M:%S} {half} {offset}"


def google_forms_export(rows: int = 150, seed: int = 2) -> bytes:
    """A shopping-style Google Form: timestamps with an offset, a grid of Likert answers,
    a frequency question (Never … Always) and a yes / no recommendation."""
    rng = random.Random(seed)
    grid = FIRST_PURCHASE_STAGES[:-1]
    header = [
        "Timestamp",
        "Email address",
        "Which describes you best?",
        *[f"How easy was each step? [{stage}]" for stage in grid],
        "How often do you read your first bill in full?",
        "Would you recommend us to a friend?",
    ]
    start = datetime(2023, 6, 4, 13, 28, 19)
    body = []
    for i in range(rows):
        moment = start + timedelta(hours=7 * i, minutes=13 * i)
        answers = [AGREEMENT[_rating(rng, 3.6) - 1] for _ in grid]
        often = FREQUENCY[_rating(rng, 3.0) - 1]
        body.append(
            [google_forms_timestamp(moment), "", rng.choice(DEMO_PERSONAS), *answers, often]
            + [rng.choice(("Yes", "Yes", "No"))]
        )
    return _csv([header, *body])


def surveymonkey_export(rows: int = 150, seed: int = 3) -> bytes:
    """A SurveyMonkey export with its metadata columns trimmed (no `Collector ID`): two header
    rows, a matrix question under one merged heading, 12-hour dates."""
    rng = random.Random(seed)
    first = ["Respondent ID", "Start Date", "End Date", "Which describes you best?",
             "How satisfied were you with each step?", *[""] * 6,
             "How likely are you to recommend us to a friend? (0-10)",
             "Anything else about your first bill?"]  # fmt: skip
    second = ["", "", "", "Response", *FIRST_PURCHASE_STAGES, "Response", "Open-Ended Response"]
    start = datetime(2023, 6, 4, 13, 28, 19)
    body = []
    for i in range(rows):
        began = start + timedelta(hours=5 * i)
        ended = began + timedelta(minutes=6)
        answers = [SATISFACTION[_rating(rng, 3.5) - 1] for _ in FIRST_PURCHASE_STAGES]
        body.append(
            [str(11_400_000_000 + i), f"{began:%m/%d/%Y %I:%M:%S %p}",
             f"{ended:%m/%d/%Y %I:%M:%S %p}", rng.choice(DEMO_PERSONAS), *answers,
             str(rng.randint(0, 10)), rng.choice(("", "", "The bill was clear.", "Fees!"))]
        )  # fmt: skip
    return _csv([first, second, *body])


AIRLINE_DEFINITIONS = """
journeys:
  - name: Air travel
    state: current
    stages:
      - {name: Booking}
      - {name: Check-in}
      - {name: Boarding}
      - {name: Flight}
      - {name: Baggage claim}
"""
AIRLINE_RATINGS = (
    "Inflight wifi service",
    "Departure/Arrival time convenient",
    "Ease of Online booking",
    "Gate location",
    "Food and drink",
    "Online boarding",
    "Seat comfort",
    "Inflight entertainment",
    "On-board service",
    "Leg room service",
    "Baggage handling",
    "Checkin service",
    "Inflight service",
    "Cleanliness",
)
# Columns whose "not applicable" 0 is given early; in the others, only after row 200.
AIRLINE_EARLY_ZEROS = ("Inflight wifi service", "Ease of Online booking", "Gate location",
                       "Online boarding")  # fmt: skip
AIRLINE_HEADER = [
    "", "id", "Gender", "Customer Type", "Age", "Type of Travel", "Class", "Flight Distance",
    *AIRLINE_RATINGS, "Departure Delay in Minutes", "Arrival Delay in Minutes",
    "Booking channel", "Route", "Family size", "Frequent flyer number", "Comments",
    "satisfaction",
]  # fmt: skip
ROUTES = ("DEL-BOM", "BOM-BLR", "BLR-DEL", "DEL-CCU", "MAA-DEL", "BOM-GOI", "HYD-BOM", "CCU-BLR")


def airline_rows(rows: int, seed: int = 4) -> list[list[str]]:
    """The rows of an airline satisfaction file (the 30 columns of AIRLINE_HEADER)."""
    rng = random.Random(seed)
    body = []
    for i in range(rows):
        ratings = []
        for name in AIRLINE_RATINGS:
            zero_allowed = name in AIRLINE_EARLY_ZEROS or i >= 200
            value = 0 if zero_allowed and rng.random() < 0.03 else _rating(rng, 3.3)
            ratings.append(str(value))
        delay = 0 if rng.random() < 0.55 else rng.randint(1, 240)
        satisfied = sum(int(r) for r in ratings) > 46
        body.append(
            [str(i), str(70_000 + i * 7), rng.choice(("Female", "Male")),
             rng.choice(("Loyal Customer", "Loyal Customer", "disloyal Customer")),
             str(rng.randint(7, 85)), rng.choice(("Business travel", "Personal Travel")),
             rng.choice(("Eco", "Eco Plus", "Business")), str(rng.randint(31, 4983)),
             *ratings, str(delay), str(max(0, delay + rng.randint(-10, 15))),
             rng.choice(("Website", "App", "Travel agent")), rng.choice(ROUTES),
             str(rng.randint(1, 6)),
             f"FF{rng.randint(10**7, 10**8 - 1)}",
             rng.choice(("", "", "", "Seat was broken", "Great crew", f"Lost bag #{i}")),
             "satisfied" if satisfied else "neutral or dissatisfied"]
        )  # fmt: skip
    return body


def airline_export(rows: int = 400, seed: int = 4) -> bytes:
    """An airline satisfaction file: pandas' blank index header, 14 ratings on 1–5 with 0 for
    "not applicable", and numeric columns that are not ratings (age, distance, delays…)."""
    return _csv([AIRLINE_HEADER, *airline_rows(rows, seed)])


DELIVERY_DEFINITIONS = """
journeys:
  - name: Food delivery
    state: current
    stages:
      - {name: Browse}
      - {name: Order}
      - {name: Payment}
      - {name: Delivery}
"""
FAVOURABILITY = ("Very unfavorably", "Unfavorably", "Neutral", "Favorably", "Very favorably")
RARE_ANSWER_LINE = 308  # "Very unfavorably" is first given on this line


def delivery_export(rows: int = 388, seed: int = 5) -> bytes:
    """A Likert-text delivery survey: agreement answers, a frequency question, yes / no, a
    favourability question whose rarest answer first appears at line 308, and numeric
    columns that fit a 1–7 or 0–10 range without being ratings (family size, pin code…)."""
    rng = random.Random(seed)
    header = ["Age", "Gender", "Marital Status", "Occupation", "Family size", "latitude",
              "longitude", "Pin code", "Ease and convenient", "Time saving",
              "More restaurant choices", "Easy Payment option", "Wrong order delivered",
              "Late Delivery", "Personalized_Recommendation_Frequency",
              "How do you feel about our app?", "Reorder"]  # fmt: skip
    body = []
    for i in range(rows):
        line = i + 2
        feeling = _rating(rng, 3.8)
        if feeling == 1 and line < RARE_ANSWER_LINE:
            feeling = 2
        if line == RARE_ANSWER_LINE:
            feeling = 1
        body.append(
            [str(rng.randint(18, 33)), rng.choice(("Female", "Male")),
             rng.choice(("Single", "Married", "Prefer not to say")),
             rng.choice(("Student", "Employee", "Self Employeed", "House wife")),
             str(rng.randint(1, 6)), f"{12.9 + rng.random() / 10:.4f}",
             f"{77.5 + rng.random() / 10:.4f}", str(rng.choice(range(560001, 560110, 3))),
             *[AGREEMENT[_rating(rng, 3.7) - 1] for _ in range(6)],
             FREQUENCY[_rating(rng, 3.0) - 1], FAVOURABILITY[feeling - 1],
             rng.choice(("Yes", "No"))]
        )  # fmt: skip
    return _csv([header, *body])
