"""The demo data set: what it holds, its curves, built deterministically, loading it repeatable."""

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import distinct, func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from journey.analysis.kpis import stage_kpis
from journey.demo.definitions import SEED, WAVES
from journey.demo.journeys import FIRST_PURCHASE, JOURNEYS, SUPPORT_CASE
from journey.demo.loader import load_demo
from journey.demo.survey import build_wave
from journey.store.db import make_engine, revision
from journey.store.models import Journey, Note, Outcome, Persona, Response, Stage, Touchpoint


@pytest.fixture
def demo(demo_db_file: Path) -> Iterator[Engine]:
    """The shared demo database, read only."""
    engine = make_engine(f"sqlite:///{demo_db_file}")
    yield engine
    engine.dispose()


def scalar(engine: Engine, query: Any) -> Any:
    with Session(engine) as session:
        return session.execute(query).scalar_one()


def rows(engine: Engine, query: Any) -> list[tuple[Any, ...]]:
    with Session(engine) as session:
        return [tuple(row) for row in session.execute(query).all()]


def journeys(engine: Engine) -> dict[str, Journey]:
    with Session(engine) as session:
        return {j.name: j for j in session.execute(select(Journey)).scalars()}


def counts(engine: Engine) -> dict[str, int]:
    """Rows in every table, and the change counter."""
    with Session(engine) as session:
        found = {
            table.name: int(session.execute(select(func.count()).select_from(table)).scalar_one())
            for table in SQLModel.metadata.sorted_tables
        }
    return found | {"revision": revision(engine)}


def test_at_least_three_current_journeys(demo: Engine) -> None:
    current = [j for j in journeys(demo).values() if j.state == "current"]
    assert len(current) >= 3
    assert all(j.description for j in current)


def test_a_future_state_linked_to_its_current_journey_with_targets(demo: Engine) -> None:
    found = journeys(demo)
    future = [j for j in found.values() if j.state == "future"]
    assert len(future) == 1
    target = future[0]
    assert target.current_id == found["First purchase"].id
    stages = rows(
        demo,
        select(Stage.name, Stage.target_emotion)
        .where(Stage.journey_id == target.id)
        .order_by(Stage.position),
    )
    assert [name for name, _ in stages] == [s.name for s in FIRST_PURCHASE.stages]
    assert all(value is not None and -1 <= value <= 1 for _, value in stages)


def test_four_personas_with_description_goals_and_pain_points(demo: Engine) -> None:
    personas = rows(
        demo, select(Persona.name, Persona.description, Persona.goals, Persona.pain_points)
    )
    assert len(personas) == 4
    assert all(all(field.strip() for field in persona) for persona in personas)


def test_each_current_journey_has_five_to_nine_stages_each_with_touchpoints(demo: Engine) -> None:
    for journey in journeys(demo).values():
        if journey.state != "current":
            continue
        stages = rows(demo, select(Stage.id).where(Stage.journey_id == journey.id))
        assert 5 <= len(stages) <= 9, journey.name
        for (stage_id,) in stages:
            points = scalar(
                demo,
                select(func.count()).select_from(Touchpoint).where(Touchpoint.stage_id == stage_id),
            )
            assert points >= 1, (journey.name, stage_id)


def test_at_least_5000_respondents(demo: Engine) -> None:
    respondents = scalar(
        demo,
        select(func.count()).select_from(
            select(Response.journey_id, Response.respondent_id).distinct().subquery()
        ),
    )
    assert respondents >= 5000


def test_three_waves_in_every_journey(demo: Engine) -> None:
    waves = rows(
        demo,
        select(Response.journey_id, func.count(distinct(Response.wave))).group_by(
            Response.journey_id
        ),
    )
    assert len(waves) == len(JOURNEYS)
    assert {count for _, count in waves} == {3}
    assert {wave for (wave,) in rows(demo, select(Response.wave).distinct())} == set(WAVES)


def test_comments_outcomes_and_attributes(demo: Engine) -> None:
    comments = scalar(
        demo, select(func.count()).select_from(Response).where(Response.comment.is_not(None))
    )
    assert comments > 0
    assert scalar(demo, select(func.count()).select_from(Outcome)) > 0
    with Session(demo) as session:
        attributes = session.execute(select(Response.attributes).limit(1)).scalar_one()
    assert set(attributes) == {"region", "plan"}


def test_notes_of_every_kind(demo: Engine) -> None:
    kinds = {kind for (kind,) in rows(demo, select(Note.kind).distinct())}
    assert {"insight", "pain point", "opportunity"} <= kinds
    assert all(text for (text,) in rows(demo, select(Note.text)))


@pytest.mark.parametrize("name", [j.name for j in JOURNEYS])
def test_every_curve_has_a_peak_and_a_valley(demo: Engine, name: str) -> None:
    kpis = stage_kpis(engine=demo, journey_id=journeys(demo)[name].id)
    assert not kpis["low_sample"].any()
    assert "peak" in set(kpis["shape"]) and "valley" in set(kpis["shape"])


def test_loading_the_demo_again_changes_nothing(demo_copy: Path) -> None:
    engine = make_engine(f"sqlite:///{demo_copy}")
    try:
        before = counts(engine)
        report = load_demo(engine)
        after = counts(engine)
    finally:
        engine.dispose()
    assert report.imports == 0
    assert report.skipped == len(JOURNEYS) * len(WAVES)
    assert report.summary().startswith("demo data already loaded")
    assert {k: v for k, v in after.items() if k != "revision"} == {
        k: v for k, v in before.items() if k != "revision"
    }


def test_the_build_is_deterministic() -> None:
    first = build_wave(SUPPORT_CASE, 1, np.random.default_rng(SEED))
    second = build_wave(SUPPORT_CASE, 1, np.random.default_rng(SEED))
    assert first.csv == second.csv
    assert first.outcomes == second.outcomes
    assert first.respondents == SUPPORT_CASE.respondents_per_wave
    assert build_wave(SUPPORT_CASE, 1, np.random.default_rng(SEED + 1)).csv != first.csv


def query(database: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(database) as connection:
        return connection.execute(sql).fetchall()


def test_the_demo_has_what_a_team_would_have(demo_db_file: Path) -> None:
    journeys = query(demo_db_file, "SELECT name, state, current_id FROM journey ORDER BY id")
    current = [name for name, state, _ in journeys if state == "current"]
    assert len(current) >= 3
    future = [(name, link) for name, state, link in journeys if state == "future"]
    assert future == [("First purchase (future state)", 1)]
    assert query(
        demo_db_file,
        "SELECT count(*) FROM stage s JOIN journey j ON j.id = s.journey_id "
        "WHERE j.state = 'future' AND s.target_emotion IS NULL",
    ) == [(0,)]
    personas = query(demo_db_file, "SELECT name, description, goals, pain_points FROM persona")
    assert len(personas) == 4 and all(all(field for field in row) for row in personas)
    for (count,) in query(
        demo_db_file,
        "SELECT count(*) FROM stage s JOIN journey j ON "
        "j.id = s.journey_id WHERE j.state = 'current' "
        "GROUP BY j.id",
    ):
        assert 5 <= count <= 9
    assert query(
        demo_db_file,
        "SELECT count(*) FROM stage s WHERE s.journey_id IN (1, 3, 4) AND "
        "NOT EXISTS (SELECT 1 FROM touchpoint t WHERE t.stage_id = s.id)",
    ) == [(0,)]
    respondents = query(
        demo_db_file, "SELECT count(DISTINCT journey_id || respondent_id) FROM response"
    )
    assert respondents[0][0] >= 5000
    assert query(demo_db_file, "SELECT count(DISTINCT wave) FROM response") == [(3,)]
    assert query(demo_db_file, "SELECT count(*) > 100 FROM response WHERE comment IS NOT NULL") == [
        (1,)
    ]
    kinds = {kind for (kind,) in query(demo_db_file, "SELECT DISTINCT kind FROM note")}
    assert {"insight", "pain point", "opportunity"} <= kinds
    assert query(demo_db_file, "SELECT count(*) > 1000 FROM outcome") == [(1,)]


def test_every_demo_curve_has_peaks_and_valleys(demo_db_file: Path) -> None:
    engine = make_engine(f"sqlite:///{demo_db_file}")
    for journey_id in (1, 3, 4):
        shapes = set(stage_kpis(engine=engine, journey_id=journey_id)["shape"])
        assert {"peak", "valley"} <= shapes
    by_persona = stage_kpis(engine=engine, journey_id=1, by_persona=True)
    bill = by_persona[by_persona["stage"] == "First bill"].set_index("persona")["mean_emotion"]
    assert bill.idxmin() == "Budget-conscious family"  # the personas differ believably


def test_loading_twice_changes_nothing(demo_copy: Path) -> None:
    tables = ["response", "outcome", "note", "survey_import", "stage", "persona"]
    before = {t: query(demo_copy, f"SELECT count(*) FROM {t}") for t in tables}
    report = load_demo(make_engine(f"sqlite:///{demo_copy}"))
    assert report.imports == 0 and "already loaded" in report.summary()
    assert {t: query(demo_copy, f"SELECT count(*) FROM {t}") for t in tables} == before
