"""Progress you can see: reading, checking, importing and deleting report rows done and an
estimate (issue 13, item 5)."""

import io

import pytest
from sqlalchemy.engine import Engine

from journey.ingest import history, progress
from journey.ingest.history import delete_import
from journey.ingest.importer import import_responses
from journey.ingest.progress import Progress, ProgressMeter
from journey.ingest.reading import peek_table

ROWS = 30_000


def long_file(rows: int = ROWS) -> bytes:
    lines = ["respondent_id,persona,stage,emotion"]
    lines += [f"r{i},Family,{('Booking', 'Flight')[i % 2]},{1 + i % 5}" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def every_call(monkeypatch: pytest.MonkeyPatch) -> list[Progress]:
    """Every progress report, none held back by the time between reports."""
    monkeypatch.setattr(progress, "EVERY_SECONDS", 0.0)
    return []


def test_progress_describes_rows_done_the_total_and_the_time_left() -> None:
    halfway = Progress("Checking", 250_000, 0.25, 4.0)
    assert (halfway.total, halfway.remaining) == (1_000_000, 12.0)
    assert halfway.describe() == "Checking: 250,000 of about 1,000,000 rows, about 12 s left"
    assert Progress("Checking", 90_000, 0.09, 0.8).describe().endswith(", about 9 s left")
    assert Progress("Checking", 999_000, 0.999, 9.0).describe().endswith(", about 1 s left")
    assert Progress("Importing", 10, 0.001, 0.1).describe() == (
        "Importing: 10 of about 10,000 rows"  # too early to tell the time left
    )
    assert Progress("Deleting", 1_440_000, 1.0, 83.0, "responses").describe() == (
        "Deleting: 1,440,000 responses, done in 1 min 23 s"
    )
    assert Progress("Reading", 0, 0.0, 0.0).describe() == "Reading: 0 rows"


def test_the_meter_reports_at_most_every_quarter_second() -> None:
    seen: list[Progress] = []
    meter = ProgressMeter("Checking", seen.append)
    for done in range(1, 10_001):
        meter.update(done, done / 10_000)  # in well under a quarter of a second
    meter.finish(10_000)
    assert [p.fraction for p in seen] == [1.0]


def test_a_check_and_an_import_report_their_progress(
    air_travel: Engine, every_call: list[Progress]
) -> None:
    for dry_run in (True, False):
        seen: list[Progress] = []
        report = import_responses(
            engine=air_travel,
            stream=io.BytesIO(long_file()),
            file_name="w.csv",
            journey_name="Air travel",
            dry_run=dry_run,
            progress=seen.append,
        )
        assert report.rows_kept == ROWS
        assert {p.action for p in seen} == {"Checking" if dry_run else "Importing"}
        done = [p.done for p in seen]
        assert len(seen) >= 2 and done == sorted(done) and done[-1] == ROWS
        fractions = [p.fraction for p in seen]
        assert fractions == sorted(fractions) and fractions[-1] == 1.0
        assert 0 < fractions[0] < 1


def test_reading_a_file_reports_its_progress(every_call: list[Progress]) -> None:
    seen: list[Progress] = []
    peek = peek_table(io.BytesIO(long_file(50_000)), "w.csv", progress=seen.append)
    assert peek.row_count == 50_000
    assert [p.done for p in seen] == [20_000, 40_000, 50_000, 50_000]
    assert seen[0].action == "Reading" and 0.3 < seen[0].fraction < 0.5


def test_deleting_an_import_reports_its_progress(
    air_travel: Engine, every_call: list[Progress], monkeypatch: pytest.MonkeyPatch
) -> None:
    report = import_responses(
        engine=air_travel,
        stream=io.BytesIO(long_file(1_000)),
        file_name="w.csv",
        journey_name="Air travel",
    )
    assert report.import_id is not None
    monkeypatch.setattr(history, "DELETE_STEP", 300)
    seen: list[Progress] = []
    removed = delete_import(engine=air_travel, import_id=report.import_id, progress=seen.append)
    assert removed == (1_000, 0)
    assert [(p.action, p.done, p.unit) for p in seen] == [
        ("Deleting", 300, "responses"),
        ("Deleting", 600, "responses"),
        ("Deleting", 900, "responses"),
        ("Deleting", 1_000, "responses"),
        ("Deleting", 1_000, "responses"),
    ]
    assert seen[-1].fraction == 1.0
