"""The demo data set: what the issue promised, built deterministically, loaded once."""

import sqlite3
from pathlib import Path

import numpy as np

from journey.analysis.kpis import stage_kpis
from journey.demo.journeys import FIRST_PURCHASE
from journey.demo.loader import load_demo
from journey.demo.survey import build_wave
from journey.store.db import make_engine


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


def test_the_build_is_deterministic() -> None:
    first = build_wave(FIRST_PURCHASE, 0, np.random.default_rng(1))
    second = build_wave(FIRST_PURCHASE, 0, np.random.default_rng(1))
    assert first.csv == second.csv and first.outcomes == second.outcomes
