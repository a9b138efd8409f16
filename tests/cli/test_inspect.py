"""`inspect` shows the guesses; `import` and `inspect` show progress on a terminal (issue 13)."""

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from journey.cli import main
from journey.cli.progress import terminal_progress
from journey.ingest import progress
from journey.ingest.progress import Progress
from tests import exports

ROLES = {"respondent_id", "persona", "responded_at", "rating", "expectation", "comment",
         "outcome", "attribute", "ignore"}  # fmt: skip
COLUMN_KEYS = ["column", "question", "samples", "role", "stage", "touchpoint", "scale", "na",
               "labels"]  # fmt: skip


class Terminal(io.StringIO):
    """A stream that says it is a terminal, as stderr does for a person at a shell."""

    def isatty(self) -> bool:
        return True


def run(*args: str) -> int:
    try:
        return main(list(args))
    except SystemExit as stop:
        return int(stop.code or 0)


@pytest.fixture
def demo_url(demo_copy: Path) -> str:
    return f"sqlite:///{demo_copy}"


def inspect_json(
    url: str, path: Path, capsys: pytest.CaptureFixture[str], *more: str
) -> dict[str, Any]:
    capsys.readouterr()
    assert run("--db", url, "inspect", str(path), "--format", "json", *more) == 0
    found: dict[str, Any] = json.loads(capsys.readouterr().out)
    return found


def test_inspect_prints_the_layout_and_every_columns_guesses(
    demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "surveymonkey.csv"
    path.write_bytes(exports.surveymonkey_export())
    found = inspect_json(demo_url, path, capsys, "--journey", "First purchase")
    assert list(found) == ["layout", "encoding", "delimiter", "header_rows", "rows", "columns"]
    assert (found["layout"], found["encoding"], found["delimiter"]) == (
        "SurveyMonkey",
        "utf-8",
        ",",
    )
    assert (found["header_rows"], found["rows"]) == (2, 150)
    assert len(found["columns"]) == 13
    assert all(list(column) == COLUMN_KEYS for column in found["columns"])
    assert {column["role"] for column in found["columns"]} <= ROLES
    by_name = {column["column"]: column for column in found["columns"]}
    discover = by_name["How satisfied were you with each step? - Discover"]
    assert (discover["role"], discover["stage"], discover["scale"], discover["na"]) == (
        "rating", "Discover", "1:5", [],
    )  # fmt: skip
    assert discover["labels"] == {
        "Satisfied": 4, "Neutral": 3, "Very satisfied": 5, "Very dissatisfied": 1,
        "Dissatisfied": 2,
    }  # fmt: skip
    assert by_name["Respondent ID"]["role"] == "respondent_id"
    assert by_name["Start Date"]["role"] == "responded_at"
    assert by_name["How likely are you to recommend us to a friend? (0-10)"]["role"] == "outcome"
    assert len(by_name["Which describes you best?"]["samples"]) == 4


def test_an_empty_header_is_listed_as_column_n(
    demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "pandas.csv"
    path.write_bytes(exports.pandas_index_export())
    found = inspect_json(demo_url, path, capsys)
    assert found["columns"][0]["column"] == "Column 1"
    assert found["columns"][0]["role"] == "ignore"
    assert found["columns"][3]["stage"] is None  # no journey given: no stage suggested


def test_the_written_mapping_imports_and_lists_what_is_left_to_decide(
    demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "google-forms.csv"
    export.write_bytes(exports.google_forms_export())
    mapping = tmp_path / "map.yaml"
    args = ["--db", demo_url, "inspect", str(export), "--journey", "first PURCHASE"]
    assert run(*args, "--write-mapping", str(mapping)) == 0
    printed = capsys.readouterr().out
    assert "Google Forms export" in printed and "150 rows" in printed
    assert f"mapping written to {mapping}" in printed
    text = mapping.read_text(encoding="utf-8")
    assert "Still to decide" not in text  # every column found its stage
    assert "Always: 5" in text and "Strongly agree: 5" in text
    assert run("--db", demo_url, "import", str(export), "--journey", "First purchase",
               "--mapping", str(mapping)) == 0  # fmt: skip
    assert "responses read 1,050, kept 1,050, rejected 0; outcomes kept 150" in (
        capsys.readouterr().out
    )

    airline = tmp_path / "airline.csv"
    airline.write_bytes(exports.airline_export())
    assert run("--db", demo_url, "inspect", str(airline), "--write-mapping", str(mapping)) == 0
    assert "to decide: 'Inflight wifi service': choose its stage" in capsys.readouterr().out
    text = mapping.read_text(encoding="utf-8")
    assert text.startswith("# Mapping suggested for airline.csv")
    assert '#     - {column: Gate location, stage: ?, scale: "1:5", na: [0]}' in text


def test_a_long_file_is_inspected_but_needs_no_mapping(
    demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "long.csv"
    path.write_text("respondent_id,persona,stage,emotion,region\nr1,A,Order,4,North\n")
    found = inspect_json(demo_url, path, capsys)
    assert found["layout"] == "long"
    assert [c["role"] for c in found["columns"]] == [
        "respondent_id", "persona", "rating", "rating", "attribute",
    ]  # fmt: skip
    assert run("--db", demo_url, "inspect", str(path), "--write-mapping", str(tmp_path / "m")) == 2
    assert "a long file needs no mapping" in capsys.readouterr().err


def test_progress_goes_to_a_terminal_only() -> None:
    terminal = Terminal()
    show = terminal_progress(quiet=False, stream=terminal)
    assert show is not None
    show(Progress("Importing", 500, 0.5, 2.0))
    show(Progress("Importing", 1_000, 1.0, 4.0))
    lines = terminal.getvalue().split("\r")[1:]
    assert lines[0].rstrip() == "Importing: 500 of about 1,000 rows, about 2 s left"
    assert lines[1].rstrip() == "Importing: 1,000 rows, done in 4.0 s"
    assert lines[1].endswith("\n")
    assert terminal_progress(quiet=True, stream=Terminal()) is None
    assert terminal_progress(quiet=False, stream=io.StringIO()) is None  # a pipe or a log


@pytest.mark.parametrize("quiet", [False, True])
def test_import_shows_progress_on_stderr_unless_quiet(
    quiet: bool,
    demo_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(progress, "EVERY_SECONDS", 0.0)
    path = tmp_path / "long.csv"
    path.write_text(
        "respondent_id,persona,stage,emotion\n"
        + "".join(f"r{i},Tech enthusiast,Order,{1 + i % 5}\n" for i in range(25_000))
    )
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    args = ["--db", demo_url, "import", str(path), "--journey", "First purchase"]
    assert run(*args, *(["--quiet"] if quiet else [])) == 0
    assert "kept 25,000" in capsys.readouterr().out  # stdout is unchanged either way
    if quiet:
        assert terminal.getvalue() == ""
    else:
        assert re.search(r"\rImporting: [\d,]+ of about 2[45],\d{3} rows", terminal.getvalue())
        assert re.search(r"\rImporting: 25,000 rows, done in [\d.]+ s *\n$", terminal.getvalue())


def test_import_says_how_many_dates_it_could_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    definitions = tmp_path / "definitions.yaml"
    definitions.write_text(exports.AIRLINE_DEFINITIONS)
    assert run("--db", url, "definitions", "import", str(definitions)) == 0
    path = tmp_path / "long.csv"
    path.write_text(
        "respondent_id,persona,stage,emotion,responded_at\n"
        "r1,A,Booking,4,2023/06/04 1:28:19 PM GMT+5:30\nr2,A,Booking,5,next Tuesday\n"
    )
    capsys.readouterr()
    assert run("--db", url, "import", str(path), "--journey", "Air travel") == 0
    assert capsys.readouterr().out.splitlines() == [
        "long.csv (long) → 'Air travel', wave 'long': responses read 2, kept 2, rejected 0; "
        "new personas: A; 1 unreadable date left empty",
        "  1 row has a date that could not be read (line 3: 'next Tuesday'): their responses "
        "are kept, without a date",
    ]
