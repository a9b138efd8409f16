"""A wide survey export (one row per respondent, 14 rating columns) against its long twin.

The wide file and the long file hold the same responses (respondents × 14 stages); both go
through the CLI into a fresh database, the wide one with its mapping, as an analyst would:

    python -m journey import wide.csv --journey NAME --wave W --mapping wide.mapping.yaml

The database the wide import builds is also the browser benchmark's (bench/browser.py).
"""

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from bench.datasets import PERSONAS
from bench.measure import Run, median_run, run

JOURNEY = "Wide benchmark journey"
STAGES = [f"Step {i:02d}" for i in range(1, 15)]
COLUMNS = [f"Q{i:02d}" for i in range(1, 15)]


def definitions_yaml() -> str:
    """A 14-stage journey (one touchpoint per stage) and the four demo personas."""
    lines = ["personas:"] + [f"  - {{name: {p}}}" for p in PERSONAS]
    lines += ["journeys:", f"  - name: {JOURNEY}", "    stages:"]
    lines += [
        f"      - {{name: {stage}, touchpoints: [{{name: Web, channel: web}}]}}" for stage in STAGES
    ]
    return "\n".join(lines) + "\n"


def mapping_yaml() -> str:
    """The mapping of the wide file: id, persona, date, and one rating column per stage."""
    lines = ["format: wide", "respondent_id: ResponseId", "persona: [Persona]"]
    lines += ["responded_at: StartDate", "ratings:"]
    lines += [
        f'  - {{column: {column}, stage: {stage}, scale: "1:5"}}'
        for column, stage in zip(COLUMNS, STAGES, strict=True)
    ]
    return "\n".join(lines) + "\n"


def _frame(respondents: int, seed: int = 11) -> pd.DataFrame:
    """One row per respondent: id, persona, date and a 1–5 rating of every stage."""
    rng = np.random.default_rng(seed)
    persona = rng.integers(0, len(PERSONAS), respondents)
    day = np.char.zfill(rng.integers(1, 29, respondents).astype(str), 2)
    frame = pd.DataFrame(
        {
            "ResponseId": np.char.add("R", np.arange(respondents).astype(str)),
            "Persona": np.array(PERSONAS)[persona],
            "StartDate": np.char.add("2026-03-", day),
        }
    )
    for index, column in enumerate(COLUMNS):
        base = 3 + np.sin(index) + 0.3 * (persona - 1.5)
        frame[column] = np.clip(np.rint(base + rng.normal(0, 1, respondents)), 1, 5).astype(int)
    return frame


def write_files(folder: Path, respondents: int) -> tuple[Path, Path, Path]:
    """The wide file, its mapping and the long file of the same responses (written once)."""
    wide = folder / f"wide-{respondents}.csv"
    long = folder / f"wide-{respondents}-as-long.csv"
    mapping = folder / "wide.mapping.yaml"
    mapping.write_text(mapping_yaml(), encoding="utf-8")
    if wide.exists() and long.exists():
        return wide, mapping, long
    frame = _frame(respondents)
    melted = frame.melt(
        id_vars=["ResponseId", "Persona", "StartDate"],
        value_vars=COLUMNS,
        var_name="column",
        value_name="emotion",
    )
    melted["stage"] = melted["column"].map(dict(zip(COLUMNS, STAGES, strict=True)))
    as_long = melted.rename(
        columns={"ResponseId": "respondent_id", "Persona": "persona", "StartDate": "responded_at"}
    )[["respondent_id", "persona", "stage", "emotion", "responded_at"]]
    # Written under other names: an interrupted run never leaves a short file behind.
    for frame_out, path in ((frame, wide), (as_long, long)):
        partial = path.with_name(f"{path.name}.partial")
        frame_out.to_csv(partial, index=False)
        partial.rename(path)
    return wide, mapping, long


def cli(python: str, db: Path, *args: str) -> list[str]:
    return [python, "-m", "journey", "--db", f"sqlite:///{db}", *args]


def fresh_db(python: str, path: Path) -> Path:
    """An empty database with the wide benchmark's journey and personas."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    definitions = path.with_name("wide-definitions.yaml")
    definitions.write_text(definitions_yaml(), encoding="utf-8")
    run(cli(python, path, "definitions", "import", str(definitions)))
    return path


def import_wide(python: str, database: Path, wide: Path, mapping: Path) -> Run:
    fresh_db(python, database)
    return run(
        cli(python, database, "import", str(wide), "--journey", JOURNEY, "--wave", "W")
        + ["--mapping", str(mapping)]
    )


def wide_figures(python: str, folder: Path, respondents: int, repeat: int) -> dict[str, Run]:
    """The wide import with its mapping against the long import of the same responses."""
    wide, mapping, long = write_files(folder, respondents)
    database = folder / "wide-import.db"

    def as_long() -> Run:
        fresh_db(python, database)
        return run(cli(python, database, "import", str(long), "--journey", JOURNEY, "--wave", "W"))

    def repeated(make: Callable[[], Run]) -> Run:
        return median_run([make() for _ in range(repeat)])

    return {
        "wide, with its mapping": repeated(lambda: import_wide(python, database, wide, mapping)),
        "long, same responses": repeated(as_long),
    }


def overview_database(python: str, folder: Path, respondents: int) -> Path:
    """The wide file imported once into a database of its own (built once, then reused)."""
    database = folder / f"wide-{respondents}.db"
    if database.exists():
        return database
    wide, mapping, _ = write_files(folder, respondents)
    # Built under another name: an interrupted build is never taken for a finished one.
    building = folder / f"wide-{respondents}-building.db"
    import_wide(python, building, wide, mapping)
    run(["sqlite3", str(building), "PRAGMA wal_checkpoint(TRUNCATE);"])
    building.rename(database)
    return database
