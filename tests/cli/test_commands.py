"""The command line of DESIGN.md section 5, run in process, on both engines."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from journey.analysis.kpis import KPI_KEYS
from journey.cli import main
from tests.conftest import SMALL_DEFINITIONS
from tests.paths import ROOT

ROWS = (
    "respondent_id,persona,stage,emotion,expectation\n"
    + "".join(f"r{i},Family,Booking,{1 + i % 5},meets\n" for i in range(40))
    + "".join(f"r{i},Business traveller,Check-in,{1 + i % 3},below\n" for i in range(40))
    + "x1,Family,Nowhere,3,\nx2,Family,Booking,9,\n"
)


@pytest.fixture
def cli(db_url: str, tmp_path: Path) -> list[str]:
    definitions = tmp_path / "definitions.yaml"
    definitions.write_text(SMALL_DEFINITIONS)
    assert main(["--db", db_url, "definitions", "import", str(definitions)]) == 0
    return ["--db", db_url]


def run_json(cli: list[str], capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    capsys.readouterr()
    assert main([*args[:1], *cli, *args[1:], "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_init_is_safe_to_repeat(cli: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*cli, "init"]) == 0 and main(["init", *cli]) == 0
    assert "schema ready" in capsys.readouterr().out


def test_import_reports_and_writes_rejects(
    cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, rejects = tmp_path / "wave1.csv", tmp_path / "rejects.csv"
    source.write_text(ROWS)
    capsys.readouterr()
    assert (
        main([*cli, "import", str(source), "--journey", "air travel", "--rejects", str(rejects)])
        == 0
    )
    out = capsys.readouterr().out
    assert "responses read 82, kept 80, rejected 2" in out
    assert "line 82, column 'stage': unknown stage 'Nowhere'" in out
    assert "line 83, column 'emotion': value 9 outside the scale 1:5" in out
    with rejects.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [
        "line",
        "column",
        "reason",
        "respondent_id",
        "persona",
        "stage",
        "emotion",
        "expectation",
    ]
    assert [row[:2] for row in rows[1:]] == [["82", "stage"], ["83", "emotion"]]
    assert main([*cli, "import", str(source), "--journey", "Air travel"]) == 0
    assert "already imported" in capsys.readouterr().out


def test_refused_input_exits_2_and_changes_nothing(
    cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_text(
        'respondent_id,persona,stage,emotion\nr1,Family,Booking,4\nr2,"Family,Booking,4\n'
    )
    assert main([*cli, "import", str(broken), "--journey", "Air travel"]) == 2
    error = capsys.readouterr().err
    assert "broken.csv, line 3: broken CSV structure: unterminated quoted field" in error
    good = tmp_path / "good.csv"
    good.write_text(ROWS)
    assert main([*cli, "import", str(good), "--journey", "Nowhere"]) == 2
    assert "unknown journey 'Nowhere'; journeys: 'Air travel'" in capsys.readouterr().err
    assert main([*cli, "import", str(tmp_path / "missing.csv"), "--journey", "Air travel"]) == 2
    assert run_json(cli, capsys, "kpis", "--journey", "Air travel")[0]["n"] == 0


def test_kpis_json_has_the_design_keys_in_stage_order(
    cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "wave1.csv"
    source.write_text(ROWS)
    main([*cli, "import", str(source), "--journey", "Air travel"])
    figures = run_json(cli, capsys, "kpis", "--journey", "Air travel")
    assert [tuple(row) for row in figures] == [KPI_KEYS] * 4
    assert [row["stage"] for row in figures] == ["Booking", "Check-in", "Security", "Flight"]
    assert figures[0]["persona"] is None and figures[0]["n"] == 40
    assert figures[0]["shape"] == "peak" and figures[1]["shape"] == "valley"
    split = run_json(cli, capsys, "kpis", "--journey", "Air travel", "--by", "persona")
    assert [(row["stage"], row["persona"]) for row in split[:4]] == [
        ("Booking", "Business traveller"),
        ("Booking", "Family"),
        ("Check-in", "Business traveller"),
        ("Check-in", "Family"),
    ]
    one = run_json(
        cli,
        capsys,
        "kpis",
        "--journey",
        "Air travel",
        "--persona",
        "Family",
        "--wave",
        "wave1",
        "--min-n",
        "50",
    )
    assert one[0]["n"] == 40 and one[0]["low_sample"] is True and one[0]["shape"] is None
    capsys.readouterr()
    assert main(["kpis", *cli, "--journey", "Air travel", "--format", "csv"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(table[0]) == list(KPI_KEYS) and table[0]["n"] == "40"
    assert main(["kpis", *cli, "--journey", "Air travel"]) == 0
    assert "Booking" in capsys.readouterr().out


def test_drivers_json_without_outcomes(cli: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    document = run_json(cli, capsys, "drivers", "--journey", "Air travel")
    assert document == {"r2": None, "n": 0, "method": None, "drivers": []}


def test_definitions_export_to_a_file(cli: list[str], tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    assert main([*cli, "definitions", "export", "--out", str(out)]) == 0
    assert "name: Air travel" in out.read_text()


def test_help_from_the_shell() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "journey", "--help"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    for command in ("init", "demo", "definitions", "import", "kpis", "drivers", "report", "backup"):
        assert command in done.stdout
