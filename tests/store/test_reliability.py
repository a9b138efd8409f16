"""Crashes, concurrent writers and backups, with real processes on a real SQLite file."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.datasets import JOURNEY, definitions_yaml, write_long_csv
from journey.analysis.kpis import stage_kpis
from journey.catalog.definitions import import_definitions
from journey.cli import main
from journey.store.backup import BackupError, sqlite_path
from journey.store.db import create_schema, make_engine
from tests.paths import ROOT

pytestmark = pytest.mark.slow


def table_counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as connection:
        tables = [
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        return {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


@pytest.fixture
def journey_db(tmp_path: Path) -> Path:
    """A file database with the 10-stage benchmark journey and no responses."""
    database = tmp_path / "journey.store.db"
    engine = make_engine(f"sqlite:///{database}")
    create_schema(engine)
    import_definitions(engine=engine, text=definitions_yaml())
    engine.dispose()
    return database


def start_import(database: Path, source: Path, wave: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "journey", "--db", f"sqlite:///{database}", "import", str(source),
         "--journey", JOURNEY, "--wave", wave],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


def test_an_import_killed_midway_leaves_the_database_as_it_was(
    journey_db: Path, tmp_path: Path
) -> None:
    source = tmp_path / "big.csv"
    write_long_csv(source, 40_000)  # 400,000 responses: a few seconds of work
    main(["--db", f"sqlite:///{journey_db}", "import", str(_small(tmp_path)), "--journey", JOURNEY])
    before = table_counts(journey_db)
    process = start_import(journey_db, source, "big")
    wal = Path(f"{journey_db}-wal")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not wal.exists() or wal.stat().st_size < 4 << 20):
        time.sleep(0.02)  # wait until the import is well under way, writing its transaction
    assert process.poll() is None, "the import finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert table_counts(journey_db) == before
    with sqlite3.connect(journey_db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _small(folder: Path) -> Path:
    path = folder / "small.csv"
    write_long_csv(path, 100, first_id=900_000)
    return path


def test_two_imports_at_once_both_complete(journey_db: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    write_long_csv(first, 10_000)
    write_long_csv(second, 10_000, first_id=10_000)
    processes = [start_import(journey_db, first, "A"), start_import(journey_db, second, "B")]
    results = [process.communicate(timeout=300) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], results
    counts = table_counts(journey_db)
    assert counts["response"] == 200_000 and counts["survey_import"] == 2


def test_the_dashboard_reads_while_an_import_writes(journey_db: Path, tmp_path: Path) -> None:
    source = tmp_path / "big.csv"
    write_long_csv(source, 30_000)
    engine = make_engine(f"sqlite:///{journey_db}")
    process = start_import(journey_db, source, "W")
    reads = 0
    started = time.monotonic()
    while process.poll() is None and time.monotonic() - started < 120:
        kpis = stage_kpis(engine=engine, journey_id=1)
        assert int(kpis["n"].sum()) in (0, 300_000)  # never a partial import
        reads += 1
    assert process.wait() == 0
    assert reads >= 2
    assert int(stage_kpis(engine=engine, journey_id=1)["n"].sum()) == 300_000


def test_a_backup_restores_every_row(demo_copy: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backups" / "journey-2026-11-23.db"
    assert main(["--db", f"sqlite:///{demo_copy}", "backup", str(backup)]) == 0
    restored = tmp_path / "restored.db"
    restored.write_bytes(backup.read_bytes())  # the documented restore: copy the file back
    assert table_counts(restored) == table_counts(demo_copy)
    assert table_counts(restored)["response"] > 30_000


def test_backup_refuses_what_it_cannot_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(BackupError, match="use pg_dump"):
        sqlite_path("postgresql+psycopg://someone@localhost/journey")
    database = tmp_path / "journey.store.db"
    assert main(["--db", f"sqlite:///{database}", "backup", str(database)]) == 2
    assert "must not overwrite the database itself" in capsys.readouterr().err
