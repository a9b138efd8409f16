"""Loading the demo data set: definitions, waves through the real importer, outcomes, notes.

Everything comes from fixed tables and one seeded random generator, so two builds are
identical and tests can rely on the shape of the curves (peaks, valleys, persona gaps).
Responses go through the same long-CSV importer users use, so loading twice changes nothing.
"""

import io
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np
from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from journey.analysis.comment_themes import needs_theming
from journey.catalog.codebooks import codebook_from_yaml, retheme, save_codebook
from journey.catalog.definitions import import_definitions
from journey.demo.comments import CODEBOOKS
from journey.demo.definitions import SEED, WAVES, demo_definitions
from journey.demo.journeys import JOURNEYS, DemoJourney
from journey.demo.survey import build_wave
from journey.ingest.importer import import_responses
from journey.store.db import writing
from journey.store.lookups import find_journey, journey_stages
from journey.store.models import Note, Outcome, SurveyImport


@dataclass
class DemoReport:
    imports: int = 0
    skipped: int = 0
    responses: int = 0
    respondents: int = 0
    outcomes: int = 0
    notes: int = 0
    comments: int = 0
    journeys: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if not self.imports:
            return f"demo data already loaded ({self.skipped} survey files unchanged)"
        return (
            f"demo loaded: {len(self.journeys)} journeys ({', '.join(self.journeys)}), "
            f"{self.respondents:,} respondents, {self.responses:,} responses, "
            f"{self.outcomes:,} outcomes, {self.notes} notes, {self.imports} survey files, "
            f"{self.comments:,} comments themed"
        )


def load_demo(engine: Engine) -> DemoReport:
    """Load definitions, three waves per journey, outcomes and notes; safe to repeat."""
    import_definitions(engine=engine, text=demo_definitions(), source="demo definitions")
    rng = np.random.default_rng(SEED)
    report = DemoReport()
    for journey in JOURNEYS:
        report.journeys.append(journey.name)
        for index, wave in enumerate(WAVES):
            simulated = build_wave(journey, index, rng)
            name = f"demo-{journey.prefix.lower()}-{wave}.csv"
            result = import_responses(
                engine=engine,
                stream=io.BytesIO(simulated.csv),
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
        journey_id = _journey_id(engine, journey.name)
        if needs_theming(engine=engine, journey_id=journey_id):
            written = CODEBOOKS.get(journey.name)
            if written is not None:  # the team's codebook; saving it themes the comments
                codebook = codebook_from_yaml(written, f"demo codebook of {journey.name}")
                themed = save_codebook(engine=engine, journey_id=journey_id, codebook=codebook)
            else:
                themed = retheme(engine=engine, journey_id=journey_id)
            report.comments += themed.comments
    return report


def _journey_id(engine: Engine, name: str) -> int:
    with Session(engine) as session:
        found = find_journey(session=session, name=name).id
    assert found is not None
    return found


def _store_outcomes(
    engine: Engine, journey_name: str, import_id: int, wave: str, outcomes: dict[str, float]
) -> int:
    with Session(engine) as session:
        if session.scalars(
            select(col(Outcome.id)).where(col(Outcome.import_id) == import_id)
        ).first():
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
        session.connection().execute(insert(Outcome), rows)
        # The demo's outcome is the likelihood to recommend, 0–10: an NPS question.
        session.execute(
            update(SurveyImport)
            .where(col(SurveyImport.id) == import_id)
            .values(outcomes_kept=len(rows), outcome_kind="nps", outcome_scale="0:10")
        )
    return len(rows)


def _store_notes(engine: Engine, journey: DemoJourney) -> int:
    with Session(engine) as session:
        found = find_journey(session=session, name=journey.name)
        if (
            session.scalars(select(Note).where(col(Note.journey_id) == found.id)).first()
            is not None
        ):
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
