"""Evidence per stage: measured by responses (how many, waves, dates, files) or an assumption."""

from datetime import date

import pandas as pd
import pytest
from sqlalchemy.engine import Engine

from journey.analysis.evidence import (
    EVIDENCE_COLUMNS,
    evidence_summary,
    evidence_table,
    stage_evidence,
)
from journey.catalog.future_state import create_future_state
from journey.catalog.stages import add_stage
from journey.store.queries import journey_table
from tests.factories import Answer, store_responses


def air_travel_id(engine: Engine, name: str = "Air travel") -> int:
    table = journey_table(engine=engine)
    return int(table.loc[table["name"] == name, "journey_id"].iloc[0])


def test_evidence_table_joins_counts_and_sources_onto_every_stage() -> None:
    stages = pd.DataFrame(
        {"stage_id": [12, 10, 11], "stage": ["Flight", "Booking", "Security"],
         "position": [2, 0, 1]}
    )  # fmt: skip
    counts = pd.DataFrame(
        [(10, 5, 3, date(2026, 1, 2), date(2026, 2, 1)), (12, 1, 1, None, None)],
        columns=["stage_id", "responses", "respondents", "first", "last"],
    )
    sources = pd.DataFrame(
        [(10, "W2", "b.csv"), (10, "W1", "a.csv"), (10, "W1", "b.csv"), (12, "W1", "a.csv")],
        columns=["stage_id", "wave", "file_name"],
    )
    table = evidence_table(stages, counts, sources)
    assert list(table.columns) == EVIDENCE_COLUMNS
    assert table.to_dict("records") == [
        {"stage_id": 10, "stage": "Booking", "position": 0, "responses": 5, "respondents": 3,
         "waves": "W1, W2", "first_responded_at": date(2026, 1, 2),
         "last_responded_at": date(2026, 2, 1), "source_files": "a.csv, b.csv",
         "evidence": "measured"},
        {"stage_id": 11, "stage": "Security", "position": 1, "responses": 0, "respondents": 0,
         "waves": "", "first_responded_at": None, "last_responded_at": None,
         "source_files": "", "evidence": "assumption"},
        {"stage_id": 12, "stage": "Flight", "position": 2, "responses": 1, "respondents": 1,
         "waves": "W1", "first_responded_at": None, "last_responded_at": None,
         "source_files": "a.csv", "evidence": "measured"},
    ]  # fmt: skip


def test_evidence_table_of_a_journey_without_stages() -> None:
    empty = evidence_table(
        pd.DataFrame(columns=["stage_id", "stage", "position"]),
        pd.DataFrame(columns=["stage_id", "responses", "respondents", "first", "last"]),
        pd.DataFrame(columns=["stage_id", "wave", "file_name"]),
    )
    assert empty.empty and list(empty.columns) == EVIDENCE_COLUMNS
    assert evidence_summary(empty) == "The journey has no stages yet."


def test_stage_evidence_from_the_database(air_travel: Engine) -> None:
    store_responses(
        air_travel,
        [
            Answer("r1", "Booking", 1.0, touchpoint="Website", responded_at=date(2026, 1, 5)),
            Answer("r1", "Booking", 0.5, touchpoint="App", responded_at=date(2026, 1, 5)),
            Answer("r2", "Booking", None, expectation="below", responded_at=date(2026, 1, 9)),
            Answer("r2", "Check-in", -0.5),
        ],
        wave="2026-Q1",
        file_name="q1.csv",
    )
    store_responses(
        air_travel,
        [Answer("r1", "Booking", 0.0, responded_at=date(2026, 4, 2))],
        wave="2026-Q2",
        file_name="q2.xlsx",
    )
    evidence = stage_evidence(engine=air_travel, journey_id=air_travel_id(air_travel))
    rows = evidence.drop(columns=["stage_id"]).to_dict("records")
    assert rows == [
        {"stage": "Booking", "position": 0, "responses": 4, "respondents": 2,
         "waves": "2026-Q1, 2026-Q2", "first_responded_at": date(2026, 1, 5),
         "last_responded_at": date(2026, 4, 2), "source_files": "q1.csv, q2.xlsx",
         "evidence": "measured"},
        {"stage": "Check-in", "position": 1, "responses": 1, "respondents": 1,
         "waves": "2026-Q1", "first_responded_at": None, "last_responded_at": None,
         "source_files": "q1.csv", "evidence": "measured"},
        {"stage": "Security", "position": 2, "responses": 0, "respondents": 0, "waves": "",
         "first_responded_at": None, "last_responded_at": None, "source_files": "",
         "evidence": "assumption"},
        {"stage": "Flight", "position": 3, "responses": 0, "respondents": 0, "waves": "",
         "first_responded_at": None, "last_responded_at": None, "source_files": "",
         "evidence": "assumption"},
    ]  # fmt: skip
    assert evidence_summary(evidence) == (
        "2 of 4 stages are measured, by 5 responses; still assumptions (no responses): "
        "Security, Flight."
    )


def test_evidence_follows_edits_and_other_journeys_do_not_count(air_travel: Engine) -> None:
    store_responses(air_travel, [Answer("r1", "Security"), Answer("r2", "Flight")])
    air = air_travel_id(air_travel)
    future = create_future_state(engine=air_travel, current_id=air, name="Air 2027")
    add_stage(engine=air_travel, journey_id=air, name="Lounge", position=0)
    evidence = stage_evidence(engine=air_travel, journey_id=air)
    assert list(zip(evidence["stage"], evidence["evidence"], strict=True)) == [
        ("Lounge", "assumption"), ("Booking", "assumption"), ("Check-in", "assumption"),
        ("Security", "measured"), ("Flight", "measured"),
    ]  # fmt: skip
    targets = stage_evidence(engine=air_travel, journey_id=future)
    assert set(targets["evidence"]) == {"assumption"}
    assert evidence_summary(targets) == (
        "No stage is measured yet: all 4 are assumptions (no survey responses)."
    )


@pytest.mark.parametrize(
    ("evidence", "summary"),
    [
        (["measured", "measured"], "All 2 stages are measured, by 7 responses in all."),
        (["measured", "assumption"], "1 of 2 stages are measured, by 3 responses; still "
                                     "assumptions (no responses): B."),
    ],
)  # fmt: skip
def test_evidence_summary(evidence: list[str], summary: str) -> None:
    frame = pd.DataFrame(
        {"stage": ["A", "B"], "evidence": evidence,
         "responses": [3, 4 if evidence[1] == "measured" else 0]}
    )  # fmt: skip
    assert evidence_summary(frame) == summary
