"""The demo's personas, waves and attributes, and its journeys as a definitions file."""

from datetime import date

import yaml

from journey.demo.journeys import JOURNEYS, DemoStage

SEED = 20261123


WAVES = {"2026-Q1": date(2026, 1, 5), "2026-Q2": date(2026, 4, 6), "2026-Q3": date(2026, 7, 6)}


REGIONS = ("North", "South", "East", "West")


PLANS = ("Essential 100", "Fibre 500", "Gigabit")


PERSONAS = [
    {
        "name": "Busy professional",
        "description": "Works from home two or three days a week; the connection is their office.",
        "goals": "Get online fast, with as few calls and time off work as possible.",
        "pain_points": "Installation slots that need a whole day; waiting on hold.",
    },
    {
        "name": "Budget-conscious family",
        "description": "Two adults, three children and many devices; every euro is counted.",
        "goals": "A clear price that stays the price; enough speed for everyone at 8 pm.",
        "pain_points": "Bill shock: fees nobody mentioned; promotions that quietly end.",
    },
    {
        "name": "Tech enthusiast",
        "description": "Runs their own mesh network and reads the router's logs.",
        "goals": "Self-install, full control of the equipment, straight technical answers.",
        "pain_points": "Scripted first-line support; being told to restart the router.",
    },
    {
        "name": "Senior first-timer",
        "description": "Retired, moving from a landline bundle; prefers talking to a person.",
        "goals": "Someone to explain things once, in plain words, and set it up.",
        "pain_points": "App-only processes, jargon, small print.",
    },
]


PERSONA_MIX = (0.3, 0.3, 0.2, 0.2)


def demo_definitions() -> str:
    """The demo's personas and journeys (with the future state) as definitions YAML."""
    journeys: list[dict[str, object]] = []
    for journey in JOURNEYS:
        stages = [_stage_document(stage) for stage in journey.stages]
        journeys.append(
            {
                "name": journey.name,
                "description": journey.description,
                "state": "current",
                "stages": stages,
            }
        )
        if journey.future:
            targets = [
                {
                    "name": s.name,
                    "goal": s.goal,
                    "target_emotion": s.target,
                    "target_meets_or_exceeds": round(0.6 + 0.4 * max(s.target or 0, 0), 2),
                }
                for s in journey.stages
            ]
            journeys.append(
                {
                    "name": journey.future,
                    "state": "future",
                    "description": f"Where we want {journey.name.lower()} to be by 2027.",
                    "current_state": journey.name,
                    "stages": targets,
                }
            )
    return yaml.safe_dump(
        {"personas": PERSONAS, "journeys": journeys}, sort_keys=False, allow_unicode=True
    )


def _stage_document(stage: DemoStage) -> dict[str, object]:
    return {
        "name": stage.name,
        "goal": stage.goal,
        "touchpoints": [{"name": n, "channel": c} for n, c in stage.touchpoints],
    }
