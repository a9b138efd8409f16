"""The summaries: kept with every change of the responses, and read wherever they are exact."""

import io
import random
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete, select, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from journey.analysis.kpis import stage_kpis
from journey.catalog.journeys import delete_journey
from journey.catalog.personas import update_persona
from journey.ingest.importer import import_responses
from journey.store import counts
from journey.store.db import create_schema, make_engine
from journey.store.filters import Filters
from journey.store.models import (
    AttributeSummary,
    ImportSummary,
    RespondentSummary,
    ResponseSummary,
    SurveyImport,
)
from journey.store.queries import persona_names, response_dates
from journey.store.summaries import refresh_summaries
from tests.factories import count_rows, journey_id, persona_id

HEADER = "respondent_id,persona,stage,touchpoint,emotion,expectation,responded_at,region\n"
WAVE_1 = HEADER + (
    "r1,Family,Booking,Website,5,,2026-01-10,North\n"
    "r1,Family,Check-in,,3,,2026-01-10,North\n"
    "r2,Business traveller,Booking,App,2,,2026-01-11,South\n"
    "r3,Business traveller,Flight,,,meets,2026-01-12,South\n"  # no emotion: no respondent
)
TABLES = (AttributeSummary, ResponseSummary, RespondentSummary, ImportSummary)
COUNTS = ("attribute_summary", "response_summary", "respondent_summary")


def load(engine: Engine, text: str, wave: str, name: str = "") -> int:
    report = import_responses(
        engine=engine,
        stream=io.BytesIO(text.encode()),
        file_name=name or f"{wave}.csv",
        journey_name="Air travel",
        wave=wave,
    )
    assert report.import_id is not None and report.rows_rejected == 0
    return report.import_id


def source(
    engine: Engine, filters: Filters, split: counts.Split = None, journey: str = "Air travel"
) -> str:
    return counts.stage_counts(
        engine=engine, journey_id=journey_id(engine, journey), filters=filters, split=split
    ).source


def summary_rows(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every summary row, without row ids, in a stable order."""
    found = {}
    with Session(engine) as session:
        for table in TABLES:
            columns = [c for c in table.__table__.columns if c.name != "id"]  # type: ignore[attr-defined]
            rows = session.execute(select(*columns)).all()
            found[table.__tablename__] = sorted((tuple(r) for r in rows), key=repr)
    return found


def test_an_import_is_summarised_with_it(air_travel: Engine) -> None:
    load(air_travel, WAVE_1, "W1")
    with Session(air_travel) as session:
        booking = session.execute(
            text(
                "SELECT emotion, responses, wave, channel, responded_at FROM response_summary "
                "JOIN stage ON stage.id = response_summary.stage_id "
                "WHERE stage.name = 'Booking' ORDER BY emotion"
            )
        ).all()
        respondents = session.execute(
            select(col(RespondentSummary.respondents), col(RespondentSummary.channels))
        ).all()
        facts = session.execute(select(ImportSummary)).scalars().one()
    assert [(e, n, w, c, str(d)) for e, n, w, c, d in booking] == [
        (-0.5, 1, "W1", "app", "2026-01-11"),
        (1.0, 1, "W1", "web", "2026-01-10"),
    ]
    # r1 (web, and no channel at Check-in) and r2 (app); r3 rated nothing.
    assert sorted(respondents) == [(1, '["app"]'), (1, '["web"]')]
    assert (facts.stages_apart, facts.journey_apart, facts.attributes) == (True, True, True)
    assert not facts.shared_in_wave and not facts.shared_across_waves


def test_views_read_the_summaries_where_they_are_exact(air_travel: Engine) -> None:
    load(air_travel, WAVE_1, "W1")
    load(air_travel, HEADER + "r4,Family,Booking,,4,,2026-02-01,North\n", "W2")
    for view in (
        Filters(),
        Filters(personas=("Family",)),
        Filters(waves=("W1",)),
        Filters(date_from=date(2026, 1, 11)),
        Filters(channels=("web",)),
        Filters(attributes=(("region", "North"),)),
    ):
        assert source(air_travel, view) == "summaries"
    assert source(air_travel, Filters(), "persona") == "summaries"


def test_a_respondent_back_in_a_later_wave_is_counted_from_the_responses(
    air_travel: Engine,
) -> None:
    load(air_travel, WAVE_1, "W1")
    load(air_travel, HEADER + "r1,Family,Booking,,1,,2026-02-01,North\n", "W2")
    assert source(air_travel, Filters()) == "summaries and responses"
    # One wave per group: the two imports are never added up.
    assert source(air_travel, Filters(), "wave") == "summaries"
    assert source(air_travel, Filters(waves=("W2",))) == "summaries"
    kpis = stage_kpis(engine=air_travel, journey_id=journey_id(air_travel), min_n=1)
    assert kpis.set_index("stage").loc["Booking", "respondents"] == 2  # r1 once, and r2


def test_a_stage_rated_twice_is_counted_from_the_responses(air_travel: Engine) -> None:
    load(air_travel, HEADER + "r1,Family,Booking,Website,5,,,\nr1,Family,Booking,App,1,,,\n", "W1")
    assert source(air_travel, Filters()) == "summaries and responses"
    kpis = stage_kpis(engine=air_travel, journey_id=journey_id(air_travel), min_n=1)
    booking = kpis.set_index("stage").loc["Booking"]
    assert (booking["n"], booking["respondents"]) == (2, 1)


def test_responses_written_without_summaries_are_read_from_the_table(air_travel: Engine) -> None:
    import_id = load(air_travel, WAVE_1, "W1")
    with Session(air_travel) as session:
        session.execute(delete(ImportSummary).where(col(ImportSummary.import_id) == import_id))
        session.commit()
    assert source(air_travel, Filters()) == "responses"
    kpis = stage_kpis(engine=air_travel, journey_id=journey_id(air_travel), min_n=1)
    assert list(kpis["n"]) == [2, 1, 0, 0]


def test_personas_and_dates_come_from_the_summaries(air_travel: Engine) -> None:
    load(air_travel, WAVE_1, "W1")
    journey = journey_id(air_travel)
    assert persona_names(engine=air_travel, journey_id=journey) == ["Business traveller", "Family"]
    assert response_dates(engine=air_travel, journey_id=journey, filters=Filters()) == (
        date(2026, 1, 10),
        date(2026, 1, 12),
    )
    north = Filters(attributes=(("region", "North"),))
    assert response_dates(engine=air_travel, journey_id=journey, filters=north) == (
        date(2026, 1, 10),
        date(2026, 1, 10),
    )


def test_a_renamed_persona_keeps_its_summaries(air_travel: Engine) -> None:
    load(air_travel, WAVE_1, "W1")
    update_persona(engine=air_travel, persona_id=persona_id(air_travel, "Family"), name="Kin")
    journey = journey_id(air_travel)
    kpis = stage_kpis(engine=air_travel, journey_id=journey, by_persona=True, min_n=1)
    assert sorted(set(kpis["persona"])) == ["Business traveller", "Kin"]
    assert source(air_travel, Filters(personas=("Kin",)), "persona") == "summaries"
    assert persona_names(engine=air_travel, journey_id=journey) == ["Business traveller", "Kin"]


def test_deleting_a_journey_deletes_its_summaries(air_travel: Engine) -> None:
    load(air_travel, WAVE_1, "W1")
    delete_journey(engine=air_travel, journey_id=journey_id(air_travel), confirmed_responses=4)
    assert all(count_rows(air_travel, table) == 0 for table in TABLES)


def test_refreshing_again_changes_no_count(air_travel: Engine) -> None:
    load(air_travel, WAVE_1, "W1")
    load(air_travel, HEADER + "r1,Family,Booking,,1,,2026-02-01,North\n", "W2")
    before = summary_rows(air_travel)
    with Session(air_travel) as session:
        imports = session.execute(select(col(SurveyImport.id))).scalars().all()
        refresh_summaries(session=session, import_ids=imports)
        session.commit()
    after = summary_rows(air_travel)
    assert {name: after[name] for name in COUNTS} == {name: before[name] for name in COUNTS}
    # r1 is shared: the second import said so when it came; now the first says so too.
    shared = (
        [row[-1] for row in before["import_summary"]],
        [row[-1] for row in after["import_summary"]],
    )
    assert shared == ([False, True], [True, True])


def mixed_file(seed: int, plans: int) -> str:
    """Responses of every kind a summary cell tells apart, drawn at random.

    With more than 50 plans, the attributes are too many to summarise: the summaries leave
    them out. Unreadable dates ("soon") are kept without a date.
    """
    pick = random.Random(seed)
    lines = ["respondent_id,persona,stage,touchpoint,channel,emotion,expectation,responded_at,plan"]
    for number in range(120):
        persona = pick.choice(["Family", "Business traveller", "family", ""])
        day = pick.choice(["2026-01-10", "2026-01-11", "11/01/2026", "", "soon"])
        plan = pick.choice([f"P{i}" for i in range(plans)] + [""])
        for stage in pick.sample(["Booking", "Check-in", "Security", "Flight"], pick.randint(1, 4)):
            touchpoint = pick.choice(["Website", "App", ""]) if stage == "Booking" else ""
            channel = pick.choice(["", "", "phone"])
            emotion = pick.choice(["1", "3", "5", "2", ""])
            expectation = pick.choice(["below", "meets", "exceeds", ""] if emotion else ["meets"])
            lines.append(
                f"r{number},{persona},{stage},{touchpoint},{channel},{emotion},{expectation},"
                f"{day},{plan}"
            )
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("seed", "plans"), [(1, 3), (2, 3), (3, 80)])
def test_the_import_counts_its_summaries_as_its_responses_would(
    air_travel: Engine, seed: int, plans: int
) -> None:
    """The cells counted while importing equal one GROUP BY over the stored responses."""
    load(air_travel, HEADER + "r1,Family,Booking,,1,,2026-01-10,North\n", "W0")
    report = import_responses(
        engine=air_travel,
        stream=io.BytesIO(mixed_file(seed, plans).encode()),
        file_name="mixed.csv",
        journey_name="Air travel",
        wave="W1",
    )
    assert report.rows_kept > 200 and report.rows_rejected == 0 and report.dates_unread
    counted = summary_rows(air_travel)
    with Session(air_travel) as session:
        imports = session.execute(select(col(SurveyImport.id))).scalars().all()
        refresh_summaries(session=session, import_ids=imports)
        session.commit()
    after = summary_rows(air_travel)
    assert {name: after[name] for name in COUNTS} == {name: counted[name] for name in COUNTS}
    with Session(air_travel) as session:
        query = select(col(AttributeSummary.attributes)).where(col(AttributeSummary.wave) == "W1")
        attributes = set(session.execute(query).scalars())
    # Respondents without a plan have no attributes; with 80 plans none are summarised.
    assert (None in attributes, len(attributes)) == (True, 4 if plans < 50 else 1)


def test_the_upgrade_summarises_what_release_0_1_imported(release_0_1: Engine) -> None:
    create_schema(release_0_1)  # migration 0002 fills the summaries with its own statements
    upgraded = summary_rows(release_0_1)
    with Session(release_0_1) as session:
        imports = session.execute(select(col(SurveyImport.id))).scalars().all()
        refresh_summaries(session=session, import_ids=imports)
        session.commit()
    assert summary_rows(release_0_1) == upgraded
    assert len(upgraded["response_summary"]) > 100


@pytest.mark.parametrize("split", [None, "persona", "wave"])
def test_the_demo_reads_from_the_summaries(demo_copy: Path, split: counts.Split) -> None:
    engine = make_engine(f"sqlite:///{demo_copy}")
    for view in (Filters(), Filters(attributes=(("region", "North"),)), Filters(channels=("app",))):
        assert source(engine, view, split, "First purchase") == "summaries", view
    engine.dispose()
