"""The demo data set: a home-broadband provider's journeys, built deterministically.

Everything comes from fixed tables and one seeded random generator, so two builds are
identical and tests can rely on the shape of the curves (peaks, valleys, persona gaps).
Responses go through the same long-CSV importer users use, so loading twice changes nothing.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import numpy as np
import yaml
from sqlalchemy import insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from journey.catalog.definitions import import_definitions
from journey.ingest.importer import import_responses
from journey.store.db import writing
from journey.store.lookups import find_journey, journey_stages
from journey.store.models import Note, Outcome

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


@dataclass(frozen=True)
class DemoStage:
    name: str
    goal: str
    touchpoints: tuple[tuple[str, str], ...]
    mean: float  # true mean on the 1–5 scale in the first wave
    persona_shift: tuple[float, float, float, float] = (0, 0, 0, 0)
    wave_trend: float = 0.0  # change per wave
    target: float | None = None  # future-state target emotion (−1 … +1)
    comments: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoJourney:
    name: str
    description: str
    prefix: str
    respondents_per_wave: int
    stages: tuple[DemoStage, ...]
    notes: tuple[tuple[str | None, str, str, str], ...]  # stage, kind, text, author
    future: str | None = None  # name of its future-state journey, if any


FIRST_PURCHASE = DemoJourney(
    name="First purchase",
    description="From first hearing of us to the first bill, for new home-broadband customers.",
    prefix="FP",
    respondents_per_wave=1000,
    future="First purchase (future state)",
    stages=(
        DemoStage(
            "Discover",
            "Learn that we serve their street and what it costs.",
            (("Search ad", "web"), ("Friend's recommendation", "word of mouth")),
            3.6,
            target=0.4,
            comments=("Saw the ad, the price looked fair.",),
        ),
        DemoStage(
            "Compare plans",
            "Choose the right speed without feeling tricked.",
            (("Plan comparison page", "web"), ("Price comparison site", "web")),
            3.0,
            (0.1, -0.35, 0.3, -0.4),
            target=0.3,
            comments=("Too many plans, what is the difference?", "The comparison table helped."),
        ),
        DemoStage(
            "Order",
            "Order in one sitting and know what happens next.",
            (("Online checkout", "web"), ("Sales call", "call centre")),
            3.9,
            (0.1, 0.0, 0.2, -0.45),
            target=0.6,
            comments=("Checkout took two minutes.", "The sales agent was patient."),
        ),
        DemoStage(
            "Book installation",
            "Get a slot that fits their week.",
            (("Booking email", "email"), ("Scheduling app", "app")),
            2.5,
            (-0.55, -0.1, -0.2, 0.05),
            wave_trend=0.2,
            target=0.3,
            comments=("Only all-day slots, three weeks out.", "Had to rebook twice."),
        ),
        DemoStage(
            "Installation day",
            "A technician who arrives on time and finishes the job.",
            (("Technician visit", "in person"), ("Arrival SMS", "sms")),
            3.5,
            (0.0, 0.1, -0.1, 0.3),
            target=0.5,
            comments=("Technician was friendly and tidy.", "Nobody came until 5 pm."),
        ),
        DemoStage(
            "Get connected",
            "Every device online the same evening.",
            (("Router setup", "in home"), ("Setup app", "app")),
            3.8,
            (0.1, 0.0, 0.45, -0.8),
            target=0.6,
            comments=("The app walked me through it.", "I could not find the Wi-Fi password."),
        ),
        DemoStage(
            "First bill",
            "A bill that matches the price they were sold.",
            (("Bill email", "email"), ("Account portal", "web")),
            2.6,
            (-0.1, -0.7, 0.0, -0.2),
            wave_trend=-0.1,
            target=0.2,
            comments=("Why is there an activation fee?", "First bill was higher than quoted."),
        ),
    ),
    notes=(
        (
            None,
            "insight",
            "Installation booking is the valley every persona shares; it colours "
            "the whole first month.",
            "Maya (CX research)",
        ),
        (
            "Book installation",
            "pain point",
            "Only all-day slots are offered in the app; half-day slots exist but only by phone.",
            "Jonas (field operations)",
        ),
        (
            "Book installation",
            "opportunity",
            "Offer two-hour windows and self-service rebooking in the app.",
            "Maya (CX research)",
        ),
        (
            "First bill",
            "pain point",
            "The one-off activation fee is on the bill but not on the order confirmation.",
            "Lena (billing)",
        ),
        (
            "First bill",
            "opportunity",
            "Show the first bill, fees included, on the order confirmation page.",
            "Lena (billing)",
        ),
        (
            "Get connected",
            "insight",
            "Senior first-timers call us within 48 hours when the setup app is their only help.",
            "Ahmed (support)",
        ),
        (
            "Order",
            "comment",
            "Checkout redesign shipped in Q4 2025; scores held since.",
            "Maya (CX research)",
        ),
    ),
)

SUPPORT_CASE = DemoJourney(
    name="Support case",
    description="A customer with a broken or slow connection, from noticing it to the follow-up.",
    prefix="SC",
    respondents_per_wave=600,
    stages=(
        DemoStage(
            "Notice a problem",
            "Understand whether it is us, their Wi-Fi or an outage.",
            (("Status page", "web"), ("Outage SMS", "sms")),
            2.4,
            (-0.1, 0.0, 0.3, -0.2),
        ),
        DemoStage(
            "Search for help",
            "Find an answer without calling.",
            (("Help centre", "web"), ("Community forum", "web")),
            2.9,
            (0.0, 0.1, 0.4, -0.6),
            comments=("The help article was out of date.", "Forum answer fixed it."),
        ),
        DemoStage(
            "Contact support",
            "Reach someone who can help, quickly.",
            (("Chat", "chat"), ("Phone line", "call centre")),
            2.2,
            (-0.4, 0.0, -0.3, 0.2),
            wave_trend=0.15,
            comments=("45 minutes on hold.", "Chat agent answered within a minute."),
        ),
        DemoStage(
            "Diagnosis",
            "Hear what is wrong, in words they understand.",
            (("Remote line test", "call centre"),),
            3.1,
            (0.0, 0.0, -0.5, 0.1),
            comments=("They made me restart the router three times.",),
        ),
        DemoStage(
            "Resolution",
            "Have it fixed, for good, at a time that suits them.",
            (("Engineer visit", "in person"), ("Replacement router", "post")),
            3.7,
            (0.1, 0.1, 0.1, 0.2),
            comments=("Engineer fixed the line in 20 minutes.",),
        ),
        DemoStage(
            "Follow-up",
            "Be asked whether it is really fixed.",
            (("Follow-up email", "email"),),
            3.3,
            (0.0, 0.0, -0.1, 0.0),
        ),
    ),
    notes=(
        (
            "Contact support",
            "pain point",
            "Phone wait times peak on Monday mornings after weekend outages.",
            "Ahmed (support)",
        ),
        (
            "Contact support",
            "opportunity",
            "Proactive outage SMS with an estimated fix time would remove a third of calls.",
            "Ahmed (support)",
        ),
        (
            "Diagnosis",
            "insight",
            "Tech enthusiasts have already done the scripted checks; let them skip the script.",
            "Maya (CX research)",
        ),
    ),
)

RENEWAL = DemoJourney(
    name="Contract renewal",
    description="The end of the minimum term: the offer, the negotiation and the decision.",
    prefix="CR",
    respondents_per_wave=400,
    stages=(
        DemoStage(
            "Renewal reminder",
            "Know the term is ending and what happens next.",
            (("Reminder email", "email"), ("Letter", "post")),
            3.2,
            (0.0, -0.2, 0.1, 0.2),
        ),
        DemoStage(
            "Review the offer",
            "See the new price next to what they pay today.",
            (("Account portal", "web"),),
            2.6,
            (0.0, -0.5, 0.1, -0.3),
            comments=("The new price is 40% more, for the same speed.",),
        ),
        DemoStage(
            "Ask for a better deal",
            "Get a fair price without threatening to leave.",
            (("Retention call", "call centre"), ("Chat", "chat")),
            2.3,
            (-0.2, -0.3, 0.0, 0.1),
            wave_trend=0.1,
            comments=("Only got a discount after saying I would cancel.",),
        ),
        DemoStage(
            "Decide",
            "Feel sure the choice was right.",
            (("Price comparison site", "web"),),
            3.0,
            (0.0, -0.1, 0.2, 0.0),
        ),
        DemoStage(
            "Confirm renewal",
            "Get the new terms in writing.",
            (("Confirmation email", "email"),),
            3.8,
            (0.1, 0.0, 0.0, 0.1),
        ),
    ),
    notes=(
        (
            "Ask for a better deal",
            "pain point",
            "Loyal customers get the best price only by threatening to cancel.",
            "Lena (billing)",
        ),
        (
            "Review the offer",
            "opportunity",
            "Show a loyalty price in the reminder itself.",
            "Lena (billing)",
        ),
    ),
)

JOURNEYS = (FIRST_PURCHASE, SUPPORT_CASE, RENEWAL)


@dataclass
class DemoReport:
    imports: int = 0
    skipped: int = 0
    responses: int = 0
    respondents: int = 0
    outcomes: int = 0
    notes: int = 0
    journeys: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if not self.imports:
            return f"demo data already loaded ({self.skipped} survey files unchanged)"
        return (
            f"demo loaded: {len(self.journeys)} journeys ({', '.join(self.journeys)}), "
            f"{self.respondents:,} respondents, {self.responses:,} responses, "
            f"{self.outcomes:,} outcomes, {self.notes} notes, {self.imports} survey files"
        )


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


@dataclass
class _Wave:
    """One journey's survey wave: the long CSV and each respondent's overall outcome."""

    csv: bytes
    outcomes: dict[str, float]
    respondents: int


def build_wave(journey: DemoJourney, wave_index: int, rng: np.random.Generator) -> _Wave:
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
                comment = stage.comments[int(rng.integers(len(stage.comments)))]
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
                np.clip(round(2.4 * weighted - 2.2 + rng.normal(0, 1.2)), 0, 10)
            )
    return _Wave(out.getvalue().encode("utf-8"), outcomes, journey.respondents_per_wave)


def _expectation(level: float, rng: np.random.Generator) -> str:
    if rng.random() < 0.1:
        return ""
    if level < 2.5:
        return "below"
    return "exceeds" if level > 4.1 else "meets"


def load_demo(engine: Engine) -> DemoReport:
    """Load definitions, three waves per journey, outcomes and notes; safe to repeat."""
    import_definitions(engine, demo_definitions(), source="demo definitions")
    rng = np.random.default_rng(SEED)
    report = DemoReport()
    for journey in JOURNEYS:
        report.journeys.append(journey.name)
        for index, wave in enumerate(WAVES):
            simulated = build_wave(journey, index, rng)
            name = f"demo-{journey.prefix.lower()}-{wave}.csv"
            result = import_responses(
                engine,
                io.BytesIO(simulated.csv),
                file_name=name,
                journey_name=journey.name,
                wave=wave,
            )
            assert result.import_id is not None
            # Outcomes follow their import; a run cut off between the two completes here.
            report.outcomes += _store_outcomes(
                engine, journey.name, result.import_id, wave, simulated.outcomes
            )
            if result.already_imported:
                report.skipped += 1
                continue
            report.imports += 1
            report.responses += result.rows_kept
            report.respondents += simulated.respondents
        report.notes += _store_notes(engine, journey)
    return report


def _store_outcomes(
    engine: Engine, journey_name: str, import_id: int, wave: str, outcomes: dict[str, float]
) -> int:
    with Session(engine) as session:
        if session.exec(select(Outcome.id).where(Outcome.import_id == import_id)).first():
            return 0
    with writing(engine) as session:
        journey_id = find_journey(session=session, name=journey_name).id
        rows = [
            {
                "import_id": import_id,
                "journey_id": journey_id,
                "respondent_id": respondent,
                "wave": wave,
                "measure": "likelihood to recommend (0–10)",
                "value": value,
            }
            for respondent, value in outcomes.items()
        ]
        session.connection().execute(insert(Outcome.__table__), rows)  # type: ignore[arg-type]
    return len(rows)


def _store_notes(engine: Engine, journey: DemoJourney) -> int:
    with Session(engine) as session:
        found = find_journey(session=session, name=journey.name)
        if session.exec(select(Note).where(Note.journey_id == found.id)).first() is not None:
            return 0
    assert found.id is not None
    with writing(engine) as session:
        stages = {s.name: s.id for s in journey_stages(session=session, journey_id=found.id)}
        written = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
        for offset, (stage, kind, text, author) in enumerate(journey.notes):
            session.add(
                Note(
                    journey_id=found.id,
                    stage_id=stages.get(stage) if stage else None,
                    kind=kind,
                    text=text,
                    author=author,
                    created_at=written + timedelta(hours=offset),
                )
            )
    return len(journey.notes)
