"""The benchmark: import speed and memory, KPI queries, page renders and start-up, by size.

    python -m bench.run                       # 100k and 1M responses, 3 runs each
    python -m bench.run --sizes 100000,1000000,10000000 --repeat 3
    python -m bench.run --sizes 10000000 --parts kpis,render,startup   # skip the imports
    python -m bench.run --parts wide,browser,postgres --wide-respondents 10000 \
        --postgres-responses 100000 --out /tmp/smoke.md                # a quick smoke run

The wide export, the browser and the PostgreSQL import have scales of their own (104,000
respondents × 14 ratings; 1M responses), also set by BENCH_WIDE_RESPONDENTS and
BENCH_POSTGRES_RESPONSES.

Every figure is the median of `--repeat` runs, measured in one session so ratios are fair,
against floors measured in the same session (the sqlite3 shell, pandas). It writes
bench/RESULTS.md. Data and databases go to bench/out/ (git-ignored); the query database of
each size is built once and reused by later runs (delete it to rebuild), since 10M
responses take minutes to import.
"""

import argparse
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bench.browser import browser_figures
from bench.datasets import JOURNEY, definitions_yaml, write_long_csv, write_waves
from bench.measure import Run, median_run, require_gnu_time, run
from bench.postgres_import import postgres_figures
from bench.report import markdown
from bench.report_more import more_markdown
from bench.wide import JOURNEY as WIDE_JOURNEY
from bench.wide import overview_database, wide_figures

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
PYTHON = sys.executable

# The KPI aggregation by persona written as plain SQL, as an analyst would in the shell.
RAW_KPIS = """
SELECT stage_id, persona_id, count(emotion), count(DISTINCT CASE WHEN emotion IS NOT NULL
       THEN respondent_id END), sum(emotion), sum(emotion * emotion),
       sum(expectation = 'below'), sum(expectation = 'meets'), sum(expectation = 'exceeds')
FROM response WHERE journey_id = 1 GROUP BY stage_id, persona_id;
SELECT persona_id, count(DISTINCT respondent_id) FROM response
WHERE journey_id = 1 AND emotion IS NOT NULL GROUP BY persona_id;
"""


def label(size: int) -> str:
    return f"{size // 1_000_000}M" if size >= 1_000_000 else f"{size // 1_000}k"


def cli(db: Path, *args: str) -> list[str]:
    return [PYTHON, "-m", "journey", "--db", f"sqlite:///{db}", *args]


def fresh_db(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    definitions = OUT / "definitions.yaml"
    definitions.write_text(definitions_yaml(), encoding="utf-8")
    run(cli(path, "definitions", "import", str(definitions)))
    return path


def repeated(repeat: int, make: Callable[[], Run]) -> Run:
    return median_run([make() for _ in range(repeat)])


def import_figures(size: int, repeat: int) -> dict[str, Run]:
    """One file of `size` responses (one wave): our CLI import against the two floors."""
    source = OUT / f"long-{label(size)}.csv"
    if not source.exists():
        write_long_csv(source, size // 10)
    database = OUT / f"import-{label(size)}.db"
    bare = OUT / "bare.db"

    def ours() -> Run:
        fresh_db(database)
        return run(cli(database, "import", str(source), "--journey", JOURNEY, "--wave", "W"))

    def shell() -> Run:
        bare.unlink(missing_ok=True)
        return run(["sqlite3", str(bare), "-cmd", ".mode csv", f".import {source} t"])

    def pandas_read() -> Run:
        return run([PYTHON, "-c", f"import pandas; pandas.read_csv({str(source)!r})"])

    pandas_start = repeated(repeat, lambda: run([PYTHON, "-c", "import pandas"]))
    read = repeated(repeat, pandas_read)
    return {
        "ours": repeated(repeat, ours),
        "sqlite3 .import": repeated(repeat, shell),
        "pandas.read_csv": Run(read.seconds - pandas_start.seconds, read.peak_mb),
    }


def query_database(size: int) -> Path:
    """A database of `size` responses over 12 monthly waves (built once, then reused)."""
    database = OUT / f"waves-{label(size)}.db"
    if database.exists():
        return database
    # Built under another name: an interrupted build is never taken for a finished one.
    building = fresh_db(OUT / f"waves-{label(size)}-building.db")
    for wave, path in enumerate(write_waves(OUT / f"waves-{label(size)}", size // 10), start=1):
        run(cli(building, "import", str(path), "--journey", JOURNEY, "--wave", f"2026-{wave:02d}"))
    run(["sqlite3", str(building), "PRAGMA wal_checkpoint(TRUNCATE);"])
    building.rename(database)
    return database


def in_process(database: Path, call: str) -> Callable[[], Run]:
    """A child that runs `call` once to warm up, then times it (seconds only)."""
    code = (
        "import sys, time; from journey.store.db import make_engine;"
        "from journey.analysis.kpis import stage_kpis;"
        f"e = make_engine('sqlite:///{database}'); {call};"
        f"t = time.perf_counter(); {call};"
        "sys.stderr.write(str(time.perf_counter() - t))"
    )

    def measure() -> Run:
        done = subprocess.run(
            [PYTHON, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
        )
        return Run(float(done.stderr.strip().splitlines()[-1]), 0.0)

    return measure


def kpi_figures(database: Path, repeat: int) -> dict[str, Run]:
    """`kpis --by persona` (CLI, and the function in-process) against one raw GROUP BY."""
    by_persona = "stage_kpis(engine=e, journey_id=1, by_persona=True)"
    from_responses = "stage_kpis(engine=e, journey_id=1, by_persona=True, from_summaries=False)"
    return {
        "ours (CLI, incl. start-up)": repeated(
            repeat, lambda: run(cli(database, "kpis", "--journey", JOURNEY, "--by", "persona"))
        ),
        "ours (stage_kpis, in process)": repeated(repeat, in_process(database, by_persona)),
        "ours, from the responses table": repeated(repeat, in_process(database, from_responses)),
        "sqlite3 shell, raw GROUP BY": repeated(
            repeat, lambda: run(["sqlite3", str(database)], stdin=RAW_KPIS)
        ),
    }


def startup_figures(repeat: int) -> dict[str, Run]:
    """The CLI's `kpis` on a journey of two responses: Python, imports, one tiny query."""
    database = OUT / "two-rows.db"
    if not database.exists():
        fresh_db(database)
        rows = OUT / "two-rows.csv"
        rows.write_text(
            "respondent_id,persona,stage,emotion\nR1,Tech enthusiast,Stage 01,4\n"
            "R2,Tech enthusiast,Stage 02,2\n",
            encoding="utf-8",
        )
        run(cli(database, "import", str(rows), "--journey", JOURNEY, "--wave", "W"))
    return {
        "kpis": repeated(repeat, lambda: run(cli(database, "kpis", "--journey", JOURNEY))),
        "python -c pass": repeated(repeat, lambda: run([PYTHON, "-c", "pass"])),
    }


def summary_figures(size: int, repeat: int) -> dict[str, Run]:
    """Refreshing the summaries of one import of `size` responses (part of its import)."""
    database = OUT / f"import-{label(size)}.db"
    if not database.exists():
        import_figures(size, 1)
    call = (
        "from sqlmodel import Session; from journey.store.summaries import refresh_summaries;"
        "s = Session(e); refresh_summaries(session=s, import_ids=[1]); s.rollback()"
    )
    return {"refresh": repeated(repeat, in_process(database, call))}


def render_figures(database: Path, repeat: int) -> dict[str, float]:
    done = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "apptest_render.py"), f"sqlite:///{database}", str(repeat)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def page_import_figures(size: int) -> dict[str, float]:
    source = OUT / f"long-{label(size)}.csv"
    database = fresh_db(OUT / f"page-{label(size)}.db")
    done = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "page_import.py"), f"sqlite:///{database}", str(source)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def machine() -> str:
    cpu = "unknown CPU"
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as info:
        memory = int(info.readline().split()[1]) / 1024 / 1024
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB RAM, "
        f"Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {platform.system()} {platform.release()} "
        f"(load average {load} when the report was written: the machine is shared)"
    )


# These three have scales of their own: a run of them alone builds no query database.
OWN_SCALE_PARTS = ("wide", "browser", "postgres")
PARTS = ("import", "summaries", "kpis", "render", "page", "startup", *OWN_SCALE_PARTS)


def more_figures(parts: set[str], args: argparse.Namespace) -> dict[str, object]:
    """The benchmarks with scales of their own: wide export, real browser, PostgreSQL."""
    measured: dict[str, object] = {}
    respondents = args.wide_respondents
    if "wide" in parts:
        print(f"== wide export, {respondents:,} respondents × 14 ratings", flush=True)
        measured["wide"] = wide_figures(PYTHON, OUT, respondents, args.repeat)
    if "browser" in parts:
        print(f"== Overview in Chromium, {respondents:,} respondents × 14 ratings", flush=True)
        database = overview_database(PYTHON, OUT, respondents)
        measured["browser"] = browser_figures(PYTHON, database, WIDE_JOURNEY, args.repeat)
        # The same page over a hundred respondents: what does not depend on the data.
        tiny = overview_database(PYTHON, OUT, 100)
        measured["browser_tiny"] = browser_figures(PYTHON, tiny, WIDE_JOURNEY, args.repeat)
    if "postgres" in parts:
        size = args.postgres_responses
        print(f"== PostgreSQL import, {label(size)} responses", flush=True)
        source = OUT / f"long-{label(size)}.csv"
        if not source.exists():
            write_long_csv(source, size // 10)
        measured["postgres"] = postgres_figures(PYTHON, source, args.repeat)
    if measured:
        measured["wide_respondents"] = respondents
        measured["postgres_responses"] = args.postgres_responses
    print(json.dumps(measured, default=lambda r: r.__dict__, indent=1), flush=True)
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100000,1000000", help="responses, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--parts", default=",".join(PARTS), help="what to measure")
    parser.add_argument(
        "--largest-import",
        type=int,
        help="measure imports only up to this many responses (10M takes half an hour)",
    )
    parser.add_argument(
        "--wide-respondents",
        type=int,
        default=int(os.environ.get("BENCH_WIDE_RESPONDENTS", 104_000)),
        help="respondents of the wide export and of the browser's database (× 14 ratings)",
    )
    parser.add_argument(
        "--postgres-responses",
        type=int,
        default=int(os.environ.get("BENCH_POSTGRES_RESPONSES", 1_000_000)),
        help="responses of the PostgreSQL import",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()
    if shutil.which("sqlite3") is None:
        sys.exit("the sqlite3 shell is needed for the floors: apt-get install sqlite3")
    require_gnu_time()
    OUT.mkdir(parents=True, exist_ok=True)
    sizes = [int(size) for size in args.sizes.split(",")]
    parts = set(args.parts.split(","))
    results: dict[int, dict[str, object]] = {}
    for size in sizes if parts - set(OWN_SCALE_PARTS) else []:
        print(f"== {label(size)} responses", flush=True)
        database = query_database(size)
        measured: dict[str, object] = {}
        if "import" in parts and size <= (args.largest_import or size):
            measured["import"] = import_figures(size, args.repeat)
        if "summaries" in parts and size <= 1_000_000:
            measured["summaries"] = summary_figures(size, args.repeat)
        if "kpis" in parts:
            measured["kpis"] = kpi_figures(database, args.repeat)
        if "render" in parts:
            measured["render"] = render_figures(database, args.repeat)
        if "page" in parts and size <= 1_000_000:
            measured["page"] = page_import_figures(size)
        results[size] = measured
        print(json.dumps(measured, default=lambda r: r.__dict__, indent=1), flush=True)
    startup = startup_figures(args.repeat) if "startup" in parts else None
    more = more_figures(parts, args)
    args.out.write_text(report(results, startup, more, args.repeat), encoding="utf-8")
    print(f"wrote {args.out}")


def report(
    results: dict[int, dict[str, object]],
    startup: dict[str, Run] | None,
    more: dict[str, object],
    repeat: int,
) -> str:
    about, when = machine(), datetime.now(UTC)
    # The sized report needs figures by size; a run of the other parts alone still says where.
    first = (
        markdown(results, startup, repeat, about, when)
        if results
        else f"# Benchmark results\n\nMeasured {when:%Y-%m-%d %H:%M} UTC on {about}.\n"
    )
    return first + more_markdown(more, repeat)


if __name__ == "__main__":
    main()
