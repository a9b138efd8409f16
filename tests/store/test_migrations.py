"""Schema upgrades: databases of release 0.1 keep every row; new ones match the models."""

import json
import os
import statistics
import subprocess
import sys
import time
import warnings
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from scipy import stats
from sqlalchemy import Index, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, SQLModel

from journey.analysis.kpis import stage_kpis
from journey.cli import main
from journey.store.db import create_schema, make_engine, revision
from journey.store.lookups import find_journey
from journey.store.models import Journey
from journey.store.queries import attribute_values, channel_names, date_bounds
from journey.store.schema import (
    HEAD,
    VERSION_TABLE,
    NewerSchema,
    alembic_config,
    migration_transaction,
)

FIXTURES = Path(__file__).parent / "fixtures"
REPOSITORY = Path(__file__).parents[2]
ROWS = {
    "persona": 4,
    "journey": 4,
    "stage": 25,
    "touchpoint": 31,
    "survey_import": 2,
    "saved_mapping": 1,
    "response": 1109,
    "outcome": 119,
    "note": 1,
    "revision": 1,
}


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ROWS
        }


def differences(engine: Engine) -> list[Any]:
    """What autogenerate would write into a new migration: nothing when schema = models."""
    with warnings.catch_warnings():
        # SQLite's reflection cannot see expression indexes (uq_response_key): see below.
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based")
        warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expression")
        with engine.connect() as connection:
            found = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
            if engine.dialect.name == "sqlite":
                found = [d for d in found if not _inline_foreign_key(connection, d)]
    return list(found)


def _inline_foreign_key(connection: Connection, difference: Any) -> bool:
    """SQLite's reflection reads ON DELETE only from table-level FOREIGN KEY clauses, not from
    a column added later with REFERENCES (as migration 0005 adds response.theme_id): such a
    key reads as removed and added again. It is the same key when SQLite's own list agrees."""
    if not isinstance(difference, tuple) or difference[0] not in ("add_fk", "remove_fk"):
        return False
    key = difference[1]
    table, columns = key.parent.name, [c.name for c in key.columns]
    listed = connection.execute(text(f"PRAGMA foreign_key_list({table})")).mappings().all()
    model = next(
        (k for k in SQLModel.metadata.tables[table].foreign_keys if k.parent.name in columns), None
    )
    return model is not None and any(
        row["from"] in columns and row["on_delete"] == (model.ondelete or "NO ACTION")
        for row in listed
    )


def expression_indexes_missing(engine: Engine) -> list[str]:
    """The models' expression indexes the database lacks, found by name (SQLite's gap)."""
    wanted = [
        index.name
        for table in SQLModel.metadata.sorted_tables
        for index in table.indexes
        if isinstance(index, Index) and any(not hasattr(e, "name") for e in index.expressions)
    ]
    query = (
        "SELECT name FROM sqlite_master WHERE type = 'index'"
        if engine.dialect.name == "sqlite"
        else "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
    )
    with engine.connect() as connection:
        present = set(connection.execute(text(query)).scalars())
    return [str(name) for name in wanted if name not in present]


def versions(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars())


def test_a_release_0_1_database_keeps_every_row(release_0_1: Engine) -> None:
    assert not inspect(release_0_1).has_table(VERSION_TABLE)
    assert row_counts(release_0_1) == ROWS

    create_schema(release_0_1)

    assert versions(release_0_1) == [HEAD]
    assert row_counts(release_0_1) == ROWS
    assert differences(release_0_1) == []
    assert expression_indexes_missing(release_0_1) == []
    assert revision(release_0_1) == 4  # the change counter goes on from where it was
    with release_0_1.connect() as connection:
        journeys = connection.execute(text("SELECT id, name, state, current_id FROM journey"))
        assert sorted(journeys.all()) == [
            (1, "First purchase", "current", None),
            (2, "First purchase (future state)", "future", 1),
            (3, "Support case", "current", None),
            (4, "Contract renewal", "current", None),
        ]
        first = connection.execute(
            text(
                "SELECT r.respondent_id, s.name, p.name, r.wave, r.emotion, r.raw_value,"
                " r.responded_at, r.attributes FROM response r JOIN stage s ON s.id = r.stage_id"
                " JOIN persona p ON p.id = r.persona_id WHERE r.id = 1"
            )
        ).one()
        assert tuple(first[:6]) == (
            "R_0000q0000",
            "Discover",
            "Senior first-timer",
            "2026-Q4",
            0.5,
            4.0,
        )
        assert str(first[6]) == "2026-10-18"
        attributes = first[7] if isinstance(first[7], dict) else json.loads(first[7])
        assert attributes == {"UserLanguage": "EN"}
        note = connection.execute(text("SELECT kind, text, author, stage_id FROM note")).one()
        assert tuple(note) == ("insight", "Legacy note", "fixture", None)
        outcome = connection.execute(
            text("SELECT respondent_id, wave, measure, value FROM outcome WHERE id = 1")
        ).one()
        assert tuple(outcome) == ("R_0000q0000", "2026-Q4", "Q4", 4.0)
    assert channel_names(engine=release_0_1, journey_id=1) == []
    assert attribute_values(engine=release_0_1, journey_id=1) == {"UserLanguage": ["EN"]}
    assert date_bounds(engine=release_0_1, journey_id=1) == (date(2026, 10, 6), date(2026, 12, 4))


def test_the_kpis_of_an_upgraded_database_match_its_responses(release_0_1: Engine) -> None:
    create_schema(release_0_1)
    with Session(release_0_1) as session:
        journey_id = find_journey(session=session, name="First purchase").id
    assert journey_id is not None
    kpis = stage_kpis(engine=release_0_1, journey_id=journey_id)

    with release_0_1.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT s.name, r.emotion, r.expectation FROM response r"
                " JOIN stage s ON s.id = r.stage_id WHERE r.journey_id = :journey"
            ),
            {"journey": journey_id},
        ).all()
        stages = connection.execute(
            text("SELECT name FROM stage WHERE journey_id = :journey ORDER BY position"),
            {"journey": journey_id},
        ).scalars()
        assert list(kpis["stage"]) == list(stages)
    for stage in kpis.itertuples():
        emotions = [
            row.emotion for row in rows if row.name == stage.stage and row.emotion is not None
        ]
        answers = [row.expectation for row in rows if row.name == stage.stage and row.expectation]
        assert stage.n == len(emotions) > 100
        assert stage.mean_emotion == pytest.approx(statistics.fmean(emotions), abs=1e-12)
        low, high = stats.t.interval(
            0.95, len(emotions) - 1, loc=statistics.fmean(emotions), scale=stats.sem(emotions)
        )
        assert (stage.ci_low, stage.ci_high) == pytest.approx((low, high), abs=1e-9)
        if answers:
            share = sum(answer in ("meets", "exceeds") for answer in answers) / len(answers)
            assert stage.meets_or_exceeds == pytest.approx(share, abs=1e-12)
    assert kpis["meets_or_exceeds"].notna().sum() == 1  # only the last stage asks


def test_a_development_version_database_gets_its_later_columns(release_0_1: Engine) -> None:
    # What a database made by an early development version of 0.1 lacks: the import's
    # recorded contents and the unique key of a response; it still has the KPI index.
    with release_0_1.begin() as connection:
        connection.execute(text("DROP INDEX uq_response_key"))
        for column in ("layout", "first_response", "last_response", "channels", "attribute_values"):
            connection.execute(text(f"ALTER TABLE survey_import DROP COLUMN {column}"))
        connection.execute(
            text(
                "CREATE INDEX ix_response_kpi ON response (journey_id, stage_id, persona_id, wave)"
            )
        )

    create_schema(release_0_1)

    assert row_counts(release_0_1) == ROWS
    assert differences(release_0_1) == []
    assert expression_indexes_missing(release_0_1) == []
    # Read back from the responses, the same as release 0.1 recorded while importing.
    assert channel_names(engine=release_0_1, journey_id=1) == []
    assert attribute_values(engine=release_0_1, journey_id=1) == {"UserLanguage": ["EN"]}
    assert date_bounds(engine=release_0_1, journey_id=1) == (date(2026, 10, 6), date(2026, 12, 4))
    with release_0_1.connect() as connection:
        recorded = connection.execute(
            text("SELECT id, layout, first_response, last_response FROM survey_import ORDER BY id")
        ).all()
    assert [(i, layout, str(a), str(b)) for i, layout, a, b in recorded] == [
        (1, "", "2026-10-06", "2026-12-04"),
        (2, "", "2026-10-07", "2026-12-04"),
    ]


def test_a_new_database_matches_the_models(db_url: str) -> None:
    engine = make_engine(db_url)
    create_schema(engine)
    assert versions(engine) == [HEAD]
    assert differences(engine) == []
    assert expression_indexes_missing(engine) == []
    assert revision(engine) == 0
    engine.dispose()


def test_create_schema_twice_changes_nothing(engine: Engine) -> None:
    with Session(engine) as session:
        session.add(Journey(name="Onboarding"))
        session.commit()
    before = revision(engine)

    create_schema(engine)

    assert versions(engine) == [HEAD]
    assert revision(engine) == before
    with Session(engine) as session:
        assert find_journey(session=session, name="Onboarding").name == "Onboarding"


def test_the_head_constant_names_the_newest_migration() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_heads() == [HEAD]


def test_every_migration_goes_down_and_up_again(db_url: str) -> None:
    engine = make_engine(db_url)
    create_schema(engine)
    with engine.connect() as connection, migration_transaction(connection):
        command.downgrade(alembic_config(connection), "base")
    assert set(inspect(engine).get_table_names()) == {VERSION_TABLE}

    create_schema(engine)

    assert differences(engine) == []
    assert revision(engine) == 0
    engine.dispose()


def test_a_database_from_a_newer_version_is_refused(
    engine: Engine, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with engine.begin() as connection:
        connection.execute(text(f"UPDATE {VERSION_TABLE} SET version_num = '9999'"))

    with pytest.raises(NewerSchema, match="schema 9999, from a newer Journey Lens"):
        create_schema(engine)
    assert main(["--db", db_url, "init"]) == 2
    assert "upgrade Journey Lens" in capsys.readouterr().err
    assert versions(engine) == ["9999"]


def test_init_on_a_new_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new' / 'journey.db'}"
    done = subprocess.run(
        [sys.executable, "-m", "journey", "--db", url, "init"],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    engine = make_engine(url)
    assert versions(engine) == [HEAD]
    assert differences(engine) == []
    engine.dispose()


# Alembic is imported ahead, so that the processes reach the migration at the same moment.
STARTER = """
import sys, time
import alembic.command
from journey.store.db import create_schema, make_engine
engine = make_engine(sys.argv[1])
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))
create_schema(engine)
"""


def test_processes_starting_together_migrate_once(db_url: str) -> None:
    # An SQLite file is created here, in WAL mode: two processes switching a brand-new file
    # to WAL at once is another race (make_engine's), not the one tested here.
    empty = make_engine(db_url)
    empty.connect().close()
    empty.dispose()
    start = time.time() + 3
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", STARTER, db_url, str(start)],
            cwd=REPOSITORY,
            env={**os.environ, "PYTHONPATH": str(REPOSITORY)},
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for process in processes:
        _, errors = process.communicate(timeout=60)
        assert process.returncode == 0, errors
    engine = make_engine(db_url)
    assert versions(engine) == [HEAD]
    assert row_counts(engine)["revision"] == 1
    engine.dispose()
