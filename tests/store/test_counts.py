"""The summaries give the figures the responses table gives, to the last digit, under any filter.

Hypothesis writes random surveys through the real importer (several files, waves and scales;
respondents who come back, change persona or rate a stage twice; dates, channels and
attributes), edits them the way users do (deleting an import, a touchpoint or a stage), and
compares every figure read through the summaries with the same figure counted from the
responses table, under random filters and splits, on SQLite and PostgreSQL.
"""

import io
from datetime import date
from typing import Any

import pandas as pd
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from journey.analysis.kpis import stage_kpis
from journey.catalog.definitions import import_definitions
from journey.catalog.stages import delete_stage
from journey.catalog.touchpoints import delete_touchpoint
from journey.ingest.history import delete_import
from journey.ingest.importer import import_responses
from journey.ingest.scales import Scale
from journey.store import counts
from journey.store.filters import Filters
from journey.store.models import ImportSummary, Response, SurveyImport
from journey.store.queries import response_dates
from tests.conftest import SMALL_DEFINITIONS
from tests.factories import count_rows, journey_id, stage_id, touchpoint_id

HEADER = (
    "respondent_id,persona,stage,touchpoint,channel,emotion,expectation,responded_at,region,plan"
)
PERSONAS = ["Business traveller", "Family", "Student"]
STAGES = [("Booking", "Website"), ("Booking", "App"), ("Booking", ""), ("Check-in", ""),
          ("Security", ""), ("Flight", "")]  # fmt: skip
WAVES = ["W1", "W2", "W3"]
DAYS = [date(2026, 3, day) for day in (1, 2, 3)]
CHANNELS = ["web", "app", "phone"]
REGIONS = ["North", "South"]
PLANS = ["Basic", "Gold"]
SCALES = [Scale(1, 5), Scale(1, 7), Scale(0, 10)]

row = st.tuples(
    st.sampled_from([f"r{i}" for i in range(1, 9)]),
    st.sampled_from(PERSONAS),
    st.sampled_from(STAGES),
    st.sampled_from(["", "", "phone", "web"]),  # mostly the touchpoint's channel
    st.one_of(st.none(), st.integers(0, 10)),
    st.sampled_from(["", "below", "meets", "exceeds"]),
    st.one_of(st.none(), st.sampled_from(DAYS)),
    st.sampled_from(["", *REGIONS]),
    st.sampled_from(["", *PLANS]),
)
survey_file = st.tuples(
    st.sampled_from(WAVES), st.sampled_from(SCALES), st.lists(row, min_size=1, max_size=25)
)
edit = st.sampled_from(["none", "delete import", "delete touchpoint", "delete stage"])


def subset(values: list[str]) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(values), max_size=2, unique=True).map(tuple)


filters = st.builds(
    Filters,
    personas=subset(PERSONAS),
    waves=subset(WAVES),
    date_from=st.one_of(st.none(), st.sampled_from(DAYS)),
    date_to=st.one_of(st.none(), st.sampled_from(DAYS)),
    channels=subset(CHANNELS),
    attributes=st.lists(
        st.one_of(
            st.tuples(st.just("region"), st.sampled_from(REGIONS)),
            st.tuples(st.just("plan"), st.sampled_from(PLANS)),
        ),
        max_size=2,
        unique=True,
    ).map(tuple),
)
splits = st.sampled_from([None, "persona", "wave"])


def csv_text(rows: list[tuple[Any, ...]], scale: Scale) -> bytes:
    lines = [HEADER]
    for respondent, persona, (stage, point), channel, value, expectation, day, region, plan in rows:
        # Ratings spread over the whole scale, also off its integer points (1:7, 0:10).
        rating = "" if value is None else f"{scale.min + (scale.max - scale.min) * value / 10:g}"
        lines.append(
            f"{respondent},{persona},{stage},{point},{channel},{rating},{expectation},"
            f"{day or ''},{region},{plan}"
        )
    return ("\n".join(lines) + "\n").encode()


def reset(engine: Engine) -> None:
    """The small journey again, without responses (one database serves every example)."""
    with Session(engine) as session:
        for table in (Response, SurveyImport):
            session.execute(delete(table))
        session.commit()
    import_definitions(engine=engine, text=SMALL_DEFINITIONS)


def apply(engine: Engine, change: str) -> None:
    """Delete what a user might: the first import, the Website touchpoint, or Booking."""
    booking = stage_id(engine, "Booking")
    website = touchpoint_id(engine, "Booking", "Website")
    with Session(engine) as session:
        first_import = session.execute(select(col(SurveyImport.id))).scalars().first()
    if change == "delete import" and first_import is not None:
        delete_import(engine=engine, import_id=first_import)
    elif change == "delete touchpoint":
        on_website = count_rows(engine, Response, col(Response.touchpoint_id) == website)
        delete_touchpoint(engine=engine, touchpoint_id=website, confirmed_responses=on_website)
    elif change == "delete stage":
        in_booking = count_rows(engine, Response, col(Response.stage_id) == booking)
        delete_stage(engine=engine, stage_id=booking, confirmed_responses=in_booking)


def ordered(frame: pd.DataFrame) -> pd.DataFrame:
    keys = list(frame.columns)
    return frame.sort_values(keys, na_position="first").reset_index(drop=True)


def check_both_paths(engine: Engine, chosen: Filters, split: counts.Split) -> None:
    journey = journey_id(engine)
    summarised, counted = (
        counts.stage_counts(
            engine=engine, journey_id=journey, filters=chosen, split=split, from_summaries=read
        )
        for read in (True, False)
    )
    event(f"read from {summarised.source}")
    pd.testing.assert_frame_equal(
        ordered(summarised.histogram), ordered(counted.histogram), check_dtype=False
    )
    pd.testing.assert_frame_equal(
        ordered(summarised.respondents), ordered(counted.respondents), check_dtype=False
    )
    assert summarised.reach_base == counted.reach_base
    kpis, reference = (
        stage_kpis(
            engine=engine,
            journey_id=journey,
            filters=chosen,
            by_persona=split == "persona",
            by_wave=split == "wave",
            min_n=2,
            from_summaries=read,
        )
        for read in (True, False)
    )
    pd.testing.assert_frame_equal(kpis, reference, check_exact=True)
    assert response_dates(engine=engine, journey_id=journey, filters=chosen) == (
        counts.response_dates(engine=engine, journey_id=journey, filters=chosen)
    )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    files=st.lists(survey_file, min_size=1, max_size=4),
    change=edit,
    views=st.lists(st.tuples(filters, splits), min_size=1, max_size=4),
)
def test_summaries_give_the_figures_of_the_responses(
    air_travel: Engine,
    files: list[tuple[str, Scale, list[tuple[Any, ...]]]],
    change: str,
    views: list[tuple[Filters, counts.Split]],
) -> None:
    reset(air_travel)
    for number, (wave, scale, rows) in enumerate(files):
        import_responses(
            engine=air_travel,
            stream=io.BytesIO(csv_text(rows, scale)),
            file_name=f"file-{number}.csv",
            journey_name="Air travel",
            wave=wave,
            scale=scale,
        )
    apply(air_travel, change)
    for chosen, split in views:
        check_both_paths(air_travel, chosen, split)


def test_each_import_has_its_summaries(air_travel: Engine) -> None:
    rows = [("r1", "Family", ("Booking", ""), "", 4, "meets", DAYS[0], "North", "Gold")]
    import_responses(
        engine=air_travel,
        stream=io.BytesIO(csv_text(rows, Scale(1, 5))),
        file_name="one.csv",
        journey_name="Air travel",
    )
    with Session(air_travel) as session:
        summarised = session.execute(select(col(ImportSummary.import_id))).scalars().all()
        imports = session.execute(select(col(SurveyImport.id))).scalars().all()
        count = session.execute(text("SELECT count(*) FROM response_summary")).scalar_one()
    assert summarised == imports and count == 1
