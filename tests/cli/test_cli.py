"""`python -m journey`, called in process against a database file of its own (section 5)."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

from journey.cli import main
from journey.store.db import make_engine
from journey.store.lookups import find_journey
from journey.store.models import Outcome, SurveyImport
from tests.conftest import SMALL_DEFINITIONS
from tests.paths import ROOT
from tests.reference import t_interval

KEYS = [
    "stage",
    "persona",
    "n",
    "respondents",
    "mean_emotion",
    "ci_low",
    "ci_high",
    "share_below",
    "share_meets",
    "share_exceeds",
    "meets_or_exceeds",
    "net_expectation",
    "low_sample",
    "shape",
    "impact",
]
STAGES = ["Booking", "Check-in", "Security", "Flight"]
WAVE_1 = (
    "respondent_id,persona,stage,emotion,expectation\n"
    "r1,Business traveller,Booking,5,Exceeded\n"
    "r2,Family,Booking,3,Met\n"
    "r1,Business traveller,Check-in,1,Did not meet\n"
    "r2,Family,Check-in,2,\n"
    "r3,Family,Flight,4,\n"
    "r4,Family,Lounge,3,\n"  # line 7: unknown stage
)
WAVE_2 = "respondent_id,persona,stage,emotion,expectation\nr1,Business traveller,Booking,1,Below\n"


@pytest.fixture(autouse=True)
def no_privacy_threshold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """These files have one or two respondents per group: the arithmetic is under test here,
    the privacy threshold in test_kpis_hide_small_groups_as_the_app_does."""
    settings = tmp_path / "journey.toml"
    settings.write_text("privacy_k = 1\n", encoding="utf-8")
    monkeypatch.setenv("JOURNEY_SETTINGS", str(settings))


def run(*args: str) -> int:
    """The exit code of the command line, whether it returns or exits."""
    try:
        return main(list(args))
    except SystemExit as stop:
        return int(stop.code or 0)


@pytest.fixture
def db(tmp_path: Path) -> list[str]:
    """A file database with the small Air travel definitions."""
    definitions = tmp_path / "definitions.yaml"
    definitions.write_text(SMALL_DEFINITIONS, encoding="utf-8")
    url = ["--db", f"sqlite:///{tmp_path / 'x.db'}"]
    assert run(*url, "definitions", "import", str(definitions)) == 0
    return url


@pytest.fixture
def surveyed(db: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The database with wave W1 (one row rejected) and wave W2 imported."""
    for wave, text in (("W1", WAVE_1), ("W2", WAVE_2)):
        source = tmp_path / f"{wave}.csv"
        source.write_text(text, encoding="utf-8")
        assert run(*db, "import", str(source), "--journey", "Air travel", "--wave", wave) == 0
    capsys.readouterr()
    return db


def counts(db: list[str]) -> dict[str, int]:
    engine = make_engine(db[1])
    with Session(engine) as session:
        found = {
            table.name: int(session.execute(select(func.count()).select_from(table)).scalar_one())
            for table in SQLModel.metadata.sorted_tables
        }
    engine.dispose()
    return found


def output(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert run(*args) == 0
    return capsys.readouterr().out


def as_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    return json.loads(output(capsys, *args, "--format", "json"))


def test_init_twice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    assert run("--db", url, "init") == 0
    assert run("init", "--db", url) == 0
    assert capsys.readouterr().out == f"schema ready in {url}\n" * 2


def test_help_runs_as_a_module() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "journey", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("usage: python -m journey")
    for command in ("init", "demo", "definitions", "import", "kpis", "drivers", "report"):
        assert command in done.stdout


def test_definitions_import_and_export(
    db: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = output(capsys, *db, "definitions", "export")
    document = yaml.safe_load(exported)
    assert [p["name"] for p in document["personas"]] == ["Business traveller", "Family"]
    assert [s["name"] for s in document["journeys"][0]["stages"]] == STAGES
    out = tmp_path / "out.yaml"
    assert output(capsys, *db, "definitions", "export", "--out", str(out)) == ""
    assert out.read_text(encoding="utf-8") == exported
    again = output(capsys, *db, "definitions", "import", str(out))
    assert again == f"{out}: 2 personas, 1 journey imported\n"
    assert output(capsys, *db, "definitions", "export") == exported


def test_definitions_import_reports_invalid_yaml(
    db: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("personas:\n  - name: A\n bad: x\n", encoding="utf-8")
    capsys.readouterr()
    assert run(*db, "definitions", "import", str(bad)) == 2
    assert f"{bad}, line 3, column 2: not valid YAML" in capsys.readouterr().err


def test_import_prints_counts_and_exits_0_with_rejects(
    db: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "W1.csv"
    source.write_text(WAVE_1, encoding="utf-8")
    out = output(capsys, *db, "import", str(source), "--journey", "air travel")
    assert "W1.csv (long) → 'Air travel', wave 'W1'" in out
    assert "responses read 6, kept 5, rejected 1" in out
    assert "  line 7, column 'stage': unknown stage 'Lounge'" in out
    again = output(capsys, *db, "import", str(source), "--journey", "Air travel")
    assert "already imported" in again


def test_import_writes_the_rejects_file(
    db: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, rejects = tmp_path / "W1.csv", tmp_path / "rejects.csv"
    source.write_text(WAVE_1 + "r5,Family,Booking,7,\n", encoding="utf-8")
    out = output(
        capsys, *db, "import", str(source), "--journey", "Air travel", "--rejects", str(rejects)
    )
    assert f"rejected rows written to {rejects}" in out
    with rejects.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        ["line", "column", "reason", "respondent_id", "persona", "stage", "emotion", "expectation"],
        [
            "7",
            "stage",
            "unknown stage 'Lounge' (stages: Booking, Check-in, Security, Flight)",
            "r4",
            "Family",
            "Lounge",
            "3",
            "",
        ],
        ["8", "emotion", "value 7 outside the scale 1:5", "r5", "Family", "Booking", "7", ""],
    ]


def test_import_with_a_scale(
    db: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "bipolar.csv"
    source.write_text(
        "respondent_id,persona,stage,emotion\nr1,Family,Booking,-3\n", encoding="utf-8"
    )
    out = output(capsys, *db, "import", str(source), "--journey", "Air travel", "--scale=-3:3")
    assert "kept 1, rejected 0" in out
    rows = as_json(capsys, "kpis", *db, "--journey", "Air travel")
    assert rows[0]["mean_emotion"] == -1.0


def test_import_with_a_negative_scale_written_as_documented(db: list[str], tmp_path: Path) -> None:
    source = tmp_path / "bipolar.csv"
    source.write_text(
        "respondent_id,persona,stage,emotion\nr1,Family,Booking,-3\n", encoding="utf-8"
    )
    assert run(*db, "import", str(source), "--journey", "Air travel", "--scale", "-3:3") == 0


def test_import_with_a_bad_scale_is_refused(
    db: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "W1.csv"
    source.write_text(WAVE_1, encoding="utf-8")
    before = counts(db)
    capsys.readouterr()
    assert run(*db, "import", str(source), "--journey", "Air travel", "--scale", "5:1") == 2
    assert "--scale" in capsys.readouterr().err
    assert counts(db) == before


def test_import_into_an_unknown_journey(
    db: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "W1.csv"
    source.write_text(WAVE_1, encoding="utf-8")
    before = counts(db)
    capsys.readouterr()
    assert run(*db, "import", str(source), "--journey", "Train travel") == 2
    captured = capsys.readouterr()
    assert captured.err == "error: unknown journey 'Train travel'; journeys: 'Air travel'\n"
    assert captured.out == ""
    assert counts(db) == before


def test_import_of_a_broken_file_names_file_and_line_and_changes_nothing(
    db: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "broken.csv"
    source.write_text(
        WAVE_1.replace("r4,Family,Lounge,3,\n", "")
        + "r6,New persona,Flight,4,\n"
        + 'r7,Family,Flight,"4,\n'
        + "r8,Family,Flight,4,\n",
        encoding="utf-8",
    )
    before = counts(db)
    capsys.readouterr()
    assert run(*db, "import", str(source), "--journey", "Air travel") == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("error: broken.csv, line 8: broken CSV structure")
    assert captured.out == ""
    assert counts(db) == before


def test_import_of_a_missing_file(
    db: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert run(*db, "import", str(tmp_path / "nope.csv"), "--journey", "Air travel") == 2
    assert "nope.csv: cannot read" in capsys.readouterr().err


def test_kpis_json_has_the_design_keys_for_every_stage_in_order(
    surveyed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    rows = as_json(capsys, "kpis", *surveyed, "--journey", "Air travel", "--wave", "W1")
    assert [row["stage"] for row in rows] == STAGES
    for row in rows:
        assert set(row) == set(KEYS)
        assert row["persona"] is None
    booking, check_in, security, flight = rows
    low, high = t_interval([1.0, 0.0])
    assert booking == {
        "stage": "Booking",
        "persona": None,
        "n": 2,
        "respondents": 2,
        "mean_emotion": 0.5,
        "ci_low": pytest.approx(low, rel=1e-12),
        "ci_high": pytest.approx(high, rel=1e-12),
        "share_below": 0.0,
        "share_meets": 0.5,
        "share_exceeds": 0.5,
        "meets_or_exceeds": 1.0,
        "net_expectation": 0.5,
        "low_sample": True,
        "shape": None,
        "impact": 0.0,
    }
    assert (check_in["mean_emotion"], check_in["share_below"]) == (-0.75, 1.0)
    assert check_in["impact"] == pytest.approx(2 / 3, rel=1e-12)  # 2 of 3 respondents
    assert security == dict.fromkeys(KEYS) | {
        "stage": "Security",
        "n": 0,
        "respondents": 0,
        "low_sample": True,
    }
    assert (flight["n"], flight["mean_emotion"], flight["ci_low"], flight["impact"]) == (
        1,
        0.5,
        None,
        None,
    )


def test_kpis_min_n_gives_shapes(surveyed: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    rows = as_json(
        capsys, "kpis", *surveyed, "--journey", "Air travel", "--wave", "W1", "--min-n", "1"
    )
    assert [row["shape"] for row in rows] == ["peak", "valley", None, "peak"]
    assert [row["low_sample"] for row in rows] == [False, False, True, False]


def test_kpis_by_persona(surveyed: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    rows = as_json(
        capsys, "kpis", *surveyed, "--journey", "Air travel", "--by", "persona", "--wave", "W1"
    )
    assert [(row["stage"], row["persona"]) for row in rows] == [
        (stage, persona) for stage in STAGES for persona in ("Business traveller", "Family")
    ]
    assert all(set(row) == set(KEYS) for row in rows)
    family_booking = rows[1]
    assert (family_booking["n"], family_booking["mean_emotion"]) == (1, 0.0)
    family_check_in = rows[3]
    assert (family_check_in["n"], family_check_in["mean_emotion"]) == (1, -0.5)
    # r1 is the one Business traveller with an emotion: reach 1 within the persona, not 1/3
    business_check_in = rows[2]
    assert (business_check_in["share_below"], business_check_in["impact"]) == (1.0, 1.0)


def test_kpis_hide_small_groups_as_the_app_does(
    surveyed: list[str],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = tmp_path / "private.toml"
    settings.write_text("privacy_k = 2\n", encoding="utf-8")
    monkeypatch.setenv("JOURNEY_SETTINGS", str(settings))
    capsys.readouterr()
    assert run("kpis", *surveyed, "--journey", "Air travel", "--format", "json") == 0
    out, err = capsys.readouterr()
    booking, check_in, security, flight = json.loads(out)
    assert (booking["respondents"], check_in["respondents"]) == (2, 2)
    assert (security["n"], flight["n"], flight["mean_emotion"]) == (0, 0, None)  # 1 respondent
    assert "1 group is hidden: fewer than 2 respondents" in err


def test_kpis_persona_and_wave_filters(
    surveyed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    family = as_json(capsys, "kpis", *surveyed, "--journey", "Air travel", "--persona", "Family")
    assert [row["n"] for row in family] == [1, 1, 0, 1]
    assert [row["persona"] for row in family] == [None] * 4
    everyone = as_json(capsys, "kpis", *surveyed, "--journey", "Air travel")
    assert [row["n"] for row in everyone] == [3, 2, 0, 1]
    assert everyone[0]["respondents"] == 2  # r1 in both waves counts once
    second = as_json(capsys, "kpis", *surveyed, "--journey", "Air travel", "--wave", "W2")
    assert [row["n"] for row in second] == [1, 0, 0, 0]
    assert second[0]["share_below"] == 1.0
    both = as_json(
        capsys, "kpis", *surveyed, "--journey", "Air travel", "--wave", "W1", "--wave", "W2"
    )
    assert both == everyone


def test_kpis_csv(surveyed: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    out = output(capsys, "kpis", *surveyed, "--journey", "Air travel", "--format", "csv")
    reader = csv.DictReader(io.StringIO(out))
    assert reader.fieldnames == KEYS
    rows = list(reader)
    assert [row["stage"] for row in rows] == STAGES
    assert [row["n"] for row in rows] == ["3", "2", "0", "1"]


def test_kpis_table(surveyed: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    out = output(capsys, "kpis", *surveyed, "--journey", "Air travel")
    lines = out.splitlines()
    assert lines[0].split() == KEYS
    assert [line.split()[0] for line in lines[1:]] == ["Booking", "Check-in", "Security", "Flight"]


def test_kpis_of_an_unknown_journey(
    surveyed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("kpis", *surveyed, "--journey", "Nowhere") == 2
    assert "unknown journey 'Nowhere'" in capsys.readouterr().err


def test_drivers_json(surveyed: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    engine = make_engine(surveyed[1])
    with Session(engine) as session:
        journey = find_journey(session=session, name="Air travel")
        batch = session.execute(select(SurveyImport).where(SurveyImport.wave == "W1")).scalar_one()
        for respondent, value in (("r1", 9.0), ("r2", 2.0), ("r3", 6.0)):
            session.add(
                Outcome(
                    import_id=batch.id,
                    journey_id=journey.id,
                    respondent_id=respondent,
                    wave="W1",
                    value=value,
                )
            )
        session.commit()
    engine.dispose()
    document = as_json(capsys, "drivers", *surveyed, "--journey", "Air travel", "--min-n", "2")
    assert set(document) == {"r2", "n", "method", "drivers"}
    rows = document["drivers"]
    assert all(
        set(row) == {"stage", "r", "n", "importance", "share", "importance_low", "importance_high"}
        for row in rows
    )
    # Booking: (+1, 9), (0, 2); Check-in: (−1, 9), (−0.5, 2); Flight: one pair only. Two
    # respondents cannot separate two stages, so there is no importance: ranked by |r|.
    assert (document["r2"], document["n"], document["method"]) == (None, 2, None)
    assert [(row["stage"], row["n"], row["importance"]) for row in rows] == [
        ("Booking", 2, None),
        ("Check-in", 2, None),
        ("Flight", 1, None),
    ]
    assert rows[0]["r"] == pytest.approx(1.0, rel=1e-12)
    assert rows[1]["r"] == pytest.approx(-1.0, rel=1e-12)
    assert rows[2]["r"] is None
    out = output(capsys, "drivers", *surveyed, "--journey", "Air travel", "--format", "csv")
    assert out.splitlines()[0] == "stage,r,n,importance,share,importance_low,importance_high"
    table = output(capsys, "drivers", *surveyed, "--journey", "Air travel")
    assert table.splitlines()[0] == (
        "No stage has at least 30 respondents with both a rating and an outcome, "
        "so importance is not computed."
    )
