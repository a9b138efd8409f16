"""The CLI import on PostgreSQL against `psql \\copy` of the same file into a bare table.

A throwaway server (Debian's binaries, fsync off, as the tests start it: tests/postgres.py);
each run gets a fresh schema. The product reads and validates as on SQLite and stores each
batch with COPY into a staging table and one INSERT … SELECT (journey.store.db.BulkInsert);
the floor is PostgreSQL's own COPY into a bare table.
"""

from collections.abc import Callable
from pathlib import Path

from bench.datasets import JOURNEY, definitions_yaml
from bench.measure import Run, median_run, run
from tests.postgres import PostgresServer

# The long file's columns (bench/datasets.py) with the types a careful analyst would give them.
BARE_TABLE = """CREATE TABLE bare (
  respondent_id text, persona text, stage text, touchpoint text, emotion integer,
  expectation text, comment text, responded_at date, region text, plan text)"""


def _psql(server: PostgresServer, schema: str, command: str) -> list[str]:
    return [
        str(server.bin / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
        "-p", str(server.port), "-U", "postgres", "-d", "postgres",
        "-c", f'SET search_path TO "{schema}"', "-c", command,
    ]  # fmt: skip


def postgres_figures(python: str, source: Path, repeat: int) -> dict[str, Run]:
    """Our CLI import of `source` (one wave) against `\\copy` into a bare table, same server."""
    definitions = source.with_name("definitions.yaml")
    definitions.write_text(definitions_yaml(), encoding="utf-8")
    server = PostgresServer.start()

    def ours() -> Run:
        schema, url = server.new_schema()
        try:
            run([python, "-m", "journey", "--db", url, "definitions", "import", str(definitions)])
            return run(
                [python, "-m", "journey", "--db", url, "import", str(source)]
                + ["--journey", JOURNEY, "--wave", "W"]
            )
        finally:
            server.drop_schema(schema)

    def copy() -> Run:
        schema, _ = server.new_schema()
        try:
            run(_psql(server, schema, BARE_TABLE))
            return run(_psql(server, schema, f"\\copy bare FROM '{source}' CSV HEADER"))
        finally:
            server.drop_schema(schema)

    def repeated(make: Callable[[], Run]) -> Run:
        return median_run([make() for _ in range(repeat)])

    try:
        return {"ours": repeated(ours), "psql \\copy": repeated(copy)}
    finally:
        server.stop()
