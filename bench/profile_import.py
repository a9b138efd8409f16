"""Where an import's time goes: reading, validating, storing (one file, in process).

    python -m bench.profile_import bench/out/long-1M.csv

Times three nested passes over the same file: parsing alone (row by row), parsing and
validating (as the importer does: the columnar reader where the file qualifies), and the full
import into a fresh database; the differences are the cost of each step.
"""

import sys
import tempfile
import time
from pathlib import Path

from sqlmodel import Session

from bench.datasets import JOURNEY, definitions_yaml
from journey.catalog.definitions import import_definitions
from journey.ingest.columnar_long import columnar_long_batches
from journey.ingest.importer import import_responses
from journey.ingest.long_format import long_batches
from journey.ingest.reading import open_table
from journey.ingest.scales import DEFAULT_SCALE
from journey.store.db import create_schema, make_engine
from journey.store.lookups import stage_index


def main(source: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/profile.db")
        create_schema(engine)
        import_definitions(engine=engine, text=definitions_yaml())
        with Session(engine) as session:
            stages = stage_index(session=session, journey_id=1)
        with source.open("rb") as stream:
            started = time.perf_counter()
            rows = sum(1 for _ in open_table(stream, source.name).rows)
            read = time.perf_counter() - started
            started = time.perf_counter()
            table = open_table(stream, source.name)
            batches = columnar_long_batches(stream, table, stages, DEFAULT_SCALE)
            kept = sum(
                len(b)
                for b in batches or long_batches(table, stages, DEFAULT_SCALE)
                if hasattr(b, "lines")
            )
            validated = time.perf_counter() - started
            started = time.perf_counter()
            report = import_responses(
                engine=engine, stream=stream, file_name=source.name, journey_name=JOURNEY
            )
            total = time.perf_counter() - started
    assert rows == report.rows_read and kept == report.rows_kept
    print(
        f"{rows:,} rows: parse row by row {read:.2f} s; parse and validate as the importer "
        f"does {validated:.2f} s; store (insert with the unique key, summaries, commit) "
        f"{total - validated:.2f} s; total {total:.2f} s"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
