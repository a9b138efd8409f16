"""How long a journey's 100,000 comments take to be themed and stored, as after an import.

    python -m bench.themes_store                 # 100,000 comments, median of 3 runs
    python -m bench.themes_store --comments 20000 --repeat 5

Each run builds a fresh SQLite database with one seven-stage journey and one response per
comment (the comments of `bench.themes_speed`), then times `retheme`: every sentiment scored,
every comment themed, the themes and each comment's theme and sentiment written back in one
transaction — the work an import of that many comments triggers. Each run is a new process.
"""

import argparse
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STAGES = ["Discover", "Order", "Delivery", "Support", "Billing", "Returns", "Renewal"]


def one_run(count: int) -> float:
    from bench.themes_speed import generate
    from journey.catalog.codebooks import retheme
    from journey.catalog.definitions import import_definitions
    from journey.ingest.importer import import_responses
    from journey.store.db import create_schema, make_engine

    comments = generate(count)
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        create_schema(engine)
        stages = "\n".join(f"      - {{name: {name}}}" for name in STAGES)
        import_definitions(
            engine=engine, text=f"journeys:\n  - name: Shop\n    stages:\n{stages}\n"
        )
        rows = ["respondent_id,persona,stage,emotion,comment"]
        for i, comment in enumerate(comments):
            text = comment.replace('"', '""')
            rows.append(f'r{i},Shopper,{STAGES[i % len(STAGES)]},{1 + i % 5},"{text}"')
        import_responses(
            engine=engine,
            stream=io.BytesIO("\n".join(rows).encode()),
            file_name="bench.csv",
            journey_name="Shop",
        )
        started = time.perf_counter()
        retheme(engine=engine, journey_id=1)
        seconds = time.perf_counter() - started
        engine.dispose()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.once:
        print(json.dumps(one_run(args.comments)))
        return
    runs = []
    for _ in range(args.repeat):
        done = subprocess.run(
            [sys.executable, "-m", "bench.themes_store", "--once", "--comments",
             str(args.comments)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(
        f"{args.comments:,} comments themed and stored: median {statistics.median(runs):.1f} s "
        f"({', '.join(f'{r:.1f}' for r in runs)}); target < 60 s"
    )


if __name__ == "__main__":
    main()
