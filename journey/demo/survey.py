"""The demo's survey waves: ratings, expectations, comments, outcomes, from a seeded generator."""

import csv
import io
from dataclasses import dataclass
from datetime import timedelta

import numpy as np

from journey.demo.comments import demo_comment
from journey.demo.definitions import PERSONA_MIX, PERSONAS, PLANS, REGIONS, WAVES
from journey.demo.journeys import DemoJourney


@dataclass
class Wave:
    """One journey's survey wave: the long CSV and each respondent's overall outcome."""

    csv: bytes
    outcomes: dict[str, float]
    respondents: int


def build_wave(journey: DemoJourney, wave_index: int, rng: np.random.Generator) -> Wave:
    """Simulate one wave: a persona per respondent, a rating per stage, an outcome (0–10)."""
    wave, start = list(WAVES.items())[wave_index]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "respondent_id",
            "persona",
            "stage",
            "touchpoint",
            "channel",
            "emotion",
            "expectation",
            "comment",
            "responded_at",
            "region",
            "plan",
        ]
    )
    outcomes: dict[str, float] = {}
    weights = np.linspace(0.6, 1.4, len(journey.stages))  # later stages weigh more (peak-end)
    for number in range(journey.respondents_per_wave):
        respondent = f"{journey.prefix}-{wave}-{number + 1:05d}"
        persona = int(rng.choice(4, p=PERSONA_MIX))
        region, plan = REGIONS[int(rng.integers(4))], PLANS[int(rng.integers(3))]
        responded = start + timedelta(days=int(rng.integers(0, 80)))
        mood = rng.normal(0, 0.35)  # some people are just happier
        felt: list[float] = []
        for stage in journey.stages:
            if rng.random() < 0.04:  # skipped the stage altogether
                continue
            true = stage.mean + stage.persona_shift[persona] + stage.wave_trend * wave_index + mood
            score = int(np.clip(round(true + rng.normal(0, 0.85)), 1, 5))
            felt.append(score)
            expectation = _expectation(true + rng.normal(0, 0.6), rng)
            emotion = "" if rng.random() < 0.03 else str(score)
            if not emotion and not expectation:
                continue
            comment = ""
            if stage.comments and rng.random() < 0.05:
                written = stage.comments[int(rng.integers(len(stage.comments)))]
                comment = demo_comment(stage.name, score, respondent) or written
            touchpoint, channel = stage.touchpoints[int(rng.integers(len(stage.touchpoints)))]
            writer.writerow(
                [
                    respondent,
                    PERSONAS[persona]["name"],
                    stage.name,
                    touchpoint,
                    channel,
                    emotion,
                    expectation,
                    comment,
                    responded.isoformat(),
                    region,
                    plan,
                ]
            )
        if felt and rng.random() < 0.9:
            weighted = float(np.average(felt, weights=weights[: len(felt)]))
            outcomes[respondent] = float(
                np.clip(round(2.4 * weighted + 0.1 + rng.normal(0, 1.2)), 0, 10)
            )
    return Wave(out.getvalue().encode("utf-8"), outcomes, journey.respondents_per_wave)


def _expectation(level: float, rng: np.random.Generator) -> str:
    if rng.random() < 0.1:
        return ""
    if level < 2.5:
        return "below"
    return "exceeds" if level > 4.1 else "meets"
