"""How long 100,000 comments take to theme end to end: sentiment, codebook, discovery, table.

    python -m bench.themes_speed                 # 100,000 comments, median of 3 runs
    python -m bench.themes_speed --comments 20000 --repeat 5

The comments are generated from templates of the five services, with their slots filled at
random (seeded, so every run themes the same comments), plus misspellings, emoji, capitals
and openers, so most are distinct. Each run is a fresh Python process, so the figure includes
reading the lexicon and the word vectors; the time starts after the imports.
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bench.themes_quality import FIXTURE, load_codebook

SLOTS: dict[str, list[str]] = {
    "n": ["2", "3", "4", "5", "6", "two", "three", "four", "45", "90", "several"],
    "span": ["hours", "days", "weeks", "minutes", "hrs", "mins"],
    "thing": [
        "refund", "parcel", "bag", "suitcase", "order", "router", "card", "replacement",
        "compensation", "new sofa", "statement", "engineer", "callback", "voucher", "delivery",
    ],
    "staff": [
        "the driver", "the gate agent", "the cashier", "cabin crew", "the advisor",
        "the engineer", "the manager", "the woman on the phone", "the guy at the desk",
    ],
    "bad": ["rude", "unhelpful", "dismissive", "patronising", "useless", "really rude", "awful"],
    "good": ["lovely", "really helpful", "brilliant", "so friendly", "fantastic", "patient"],
    "place": ["Leeds", "Rome", "the depot", "gate 12", "terminal 2", "the Cardiff store", "Lisbon"],
    "app": ["the app", "your website", "online banking", "the tracking page", "the booking page"],
    "fails": ["keeps crashing", "won't load", "logs me out", "shows an error", "is down again"],
    "money": ["£25", "£60", "€45", "$30", "£8", "twice"],
    "fee": ["a bag", "a transfer", "the delivery", "an exit fee", "seat selection"],
}  # fmt: skip
TEMPLATES = [
    "flight delayed {n} {span} and no update",
    "still waiting for my {thing} after {n} {span}",
    "{thing} was meant to arrive monday, still nothing",
    "on hold for {n} {span} then they hung up",
    "{staff} was {bad} to me",
    "{staff} was {good}, thank you",
    "charged {money} for {fee}, ridiculous",
    "{app} {fails}",
    "my {thing} got lost somewhere near {place}",
    "{thing} arrived damaged, box crushed",
    "they cancelled my {thing} without telling me",
    "left at the wrong door, found it at number {n}",
    "received the wrong {thing}",
    "the connection drops every evening",
    "nobody replies to emails, {n} {span} now",
    "how do I change my {thing}?",
    "is there a fee for {fee}?",
    "what time does {place} open on sunday",
    "{thing} came on time, great service",
    "quick and easy, {staff} was {good}",
    "picked up my {thing} at {place}",
    "not happy, {thing} still missing after {n} {span}",
    "no complaints, {thing} sorted in {n} minutes",
    "great, another delay at {place}",
    "seat was filthy and the food cold",
    "price went up again with no warning",
    "can't log in to {app}",
    "booked for thursday, {staff} will call",
]
CONTEXTS = [
    " at {place}", " on {day}", ", order {number}", ", flight {number}", " this {day}",
    ", {n} {span} ago", " for the {nth} time", ", ref {number}", " again on {day}",
]  # fmt: skip
DAYS = ["monday", "tuesday", "friday", "saturday", "sunday", "the 3rd", "christmas eve"]
NTH = ["second", "third", "fourth", "5th", "umpteenth"]
OPENERS = ["", "", "", "honestly ", "ugh, ", "Hi, ", "seriously ", "again "]
ENDINGS = ["", "", "", " 😡", "!!!", " thanks", " never again", " 👍", ".", " 🙄"]


def generate(count: int, seed: int = 20261129) -> list[str]:
    """`count` comments from the templates, the same for the same count and seed."""
    rng = np.random.default_rng(seed)
    comments = []
    for _ in range(count):
        text = TEMPLATES[rng.integers(len(TEMPLATES))]
        if rng.random() < 0.6:
            text += CONTEXTS[rng.integers(len(CONTEXTS))]
        text = text.replace("{number}", str(rng.integers(1000, 99999)))
        text = text.replace("{day}", DAYS[rng.integers(len(DAYS))])
        text = text.replace("{nth}", NTH[rng.integers(len(NTH))])
        while "{n}" in text and rng.random() < 0.7:
            text = text.replace("{n}", str(rng.integers(2, 100)), 1)
        for slot, values in SLOTS.items():
            while "{" + slot + "}" in text:
                text = text.replace("{" + slot + "}", values[rng.integers(len(values))], 1)
        text = OPENERS[rng.integers(len(OPENERS))] + text + ENDINGS[rng.integers(len(ENDINGS))]
        if rng.random() < 0.3:  # a typo: one letter dropped
            where = int(rng.integers(len(text)))
            text = text[:where] + text[where + 1 :]
        if rng.random() < 0.2:
            text = text.capitalize()
        comments.append(text)
    return comments


def one_run(count: int) -> dict[str, float]:
    """Theme `count` comments once and time each step (seconds)."""
    from journey.analysis.sentiment import score_sentiment
    from journey.analysis.stage_themes import stage_theme_table
    from journey.analysis.themes import assign_themes

    comments = generate(count)
    codebook = load_codebook(FIXTURE / "codebook.yaml")
    rng = np.random.default_rng(1)
    started = time.perf_counter()
    sentiments = score_sentiment(comments)
    scored = time.perf_counter()
    themed = assign_themes(comments, codebook)
    assigned = time.perf_counter()
    frame = pd.DataFrame(
        {
            "stage": rng.choice(["Booking", "Check-in", "Flight", "Arrival"], count),
            "theme": [c.theme for c in themed.comments],
            "emotion": [s.score for s in sentiments],
        }
    )
    stage_theme_table(frame)
    finished = time.perf_counter()
    return {
        "sentiment": scored - started,
        "themes": assigned - scored,
        "table": finished - assigned,
        "total": finished - started,
        "distinct": float(len(set(comments))),
        "themes_found": float(len(themed.themes)),
    }


def main() -> None:
    """Run the timing `--repeat` times in fresh processes and print the median."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.once:
        print(json.dumps(one_run(arguments.comments)))
        return
    root = Path(__file__).resolve().parents[1]
    runs = []
    for _ in range(arguments.repeat):
        command = [sys.executable, "-m", "bench.themes_speed", "--once"]
        command += ["--comments", str(arguments.comments)]
        output = subprocess.run(command, cwd=root, check=True, capture_output=True, text=True)
        runs.append(json.loads(output.stdout))
    median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    print(
        f"{arguments.comments:,} comments ({median['distinct']:,.0f} distinct), "
        f"median of {arguments.repeat} runs: {median['total']:.1f} s "
        f"(sentiment {median['sentiment']:.1f} s, themes {median['themes']:.1f} s, "
        f"stage table {median['table']:.2f} s; {median['themes_found']:.0f} themes)"
    )
    print("Each run:", ", ".join(f"{run['total']:.1f} s" for run in runs))


if __name__ == "__main__":
    main()
