"""Malformed mapping, definitions, settings and codebook files through the command line (issue 14).

Each is refused whole: exit 2, one line on stderr that names the file and the key, no
traceback, and not one row of the database changed.
"""

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from journey.cli import main
from tests.conftest import SMALL_DEFINITIONS

WIDE = (
    "ResponseId,Persona,Q_booking,Q_flight\n"
    "r1,Family,4,5\n"
    "r2,Business traveller,2,3\n"
    "r3,Family,5,1\n"
)
MAPPING = """\
format: wide
respondent_id: ResponseId
persona: Persona
ratings:
  - {column: Q_booking, stage: Booking, touchpoint: Website, scale: "1:5"}
  - {column: Q_flight, stage: Flight, scale: "1:5"}
"""
RATING = "ratings: [{column: Q_booking, stage: Booking}]\n"


@dataclass(frozen=True)
class Case:
    kind: str  # mapping, definitions, codebook or settings
    text: str
    says: str  # what the one line says after the file's name: the key path, then the reason


CASES = {
    # The mapping of a wide export (`import f.csv --mapping bad.yaml`).
    "persona names as a list": Case(
        "mapping",
        MAPPING + "persona_names: [a, b]\n",
        'persona_names: expected a mapping (key: value), got ["a", "b"]',
    ),
    "attributes as a number": Case(
        "mapping", MAPPING + "attributes: 5\n", "attributes: expected a column name or a list"
    ),
    "persona as a number": Case(
        "mapping", RATING + "persona: 5\n", "persona: expected a column name or a list of names"
    ),
    "a scale with a dash": Case(
        "mapping",
        MAPPING + '  - {column: Q_flight, stage: Security, scale: "1-5"}\n',
        'ratings[2].scale: expected "MIN:MAX", got "1-5"',
    ),
    "an unquoted scale (YAML reads 1:5 as 65)": Case(
        "mapping",
        "ratings: [{column: Q_booking, stage: Booking, scale: 1:5}]\n",
        'ratings[0].scale: expected "MIN:MAX" in quotes, got 65',
    ),
    "a scale upside down": Case(
        "mapping",
        "ratings: [{column: Q_booking, stage: Booking, scale: '5:1'}]\n",
        "ratings[0].scale: a scale needs MIN below MAX, got '5:1'",
    ),
    "a misspelt column key": Case(
        "mapping",
        "ratings: [{colum: Q_booking, stage: Booking}]\n",
        "ratings[0].colum: unknown key (did you mean 'column'?)",
    ),
    "a misspelt touchpoint key": Case(
        "mapping",
        "ratings: [{column: Q_booking, stage: Booking, touchpiont: Website}]\n",
        "ratings[0].touchpiont: unknown key (did you mean 'touchpoint'?)",
    ),
    "rating for ratings": Case(
        "mapping",
        "rating: [{column: Q_booking, stage: Booking}]\n",
        "rating: unknown key (did you mean 'ratings'?)",
    ),
    "ratings as one mapping, not a list": Case(
        "mapping",
        "ratings: {column: Q_booking, stage: Booking}\n",
        "ratings: expected a list",
    ),
    "a rating without its stage": Case(
        "mapping", "ratings: [{column: Q_booking}]\n", "ratings[0].stage: required, but missing"
    ),
    "a stage named yes, unquoted": Case(
        "mapping",
        "ratings: [{column: Q_booking, stage: yes}]\n",
        "ratings[0].stage: a yes/no/on/off word reads as true or false in YAML",
    ),
    "a tab for indentation": Case(
        "mapping",
        "respondent_id: ResponseId\nratings:\n\t- {column: Q_booking, stage: Booking}\n",
        "line 3, column 1: not valid YAML",
    ),
    "a label that is not a number": Case(
        "mapping",
        RATING + "labels: {Satisfied: high}\n",
        'labels.Satisfied: expected a number, got "high"',
    ),
    "a yes label unquoted": Case(
        "mapping",
        RATING + "labels: {yes: 1, no: 0}\n",
        "labels.true: a yes/no/on/off word reads as true or false in YAML: put it in quotes",
    ),
    "bands without exceeds": Case(
        "mapping",
        MAPPING + "expectation_bands: {below: '1:2', meets: '3:3'}\n",
        "expectation_bands.exceeds: required, but missing",
    ),
    "a band upside down": Case(
        "mapping",
        MAPPING + "expectation_bands: {below: '2:1', meets: '3:3', exceeds: '4:5'}\n",
        "expectation_bands.below: MIN is above MAX in '2:1'",
    ),
    "a long format": Case(
        "mapping", "format: long\n" + RATING, "format: expected 'wide', got \"long\""
    ),
    "day_first as words": Case(
        "mapping",
        MAPPING + "day_first: day first\n",
        'day_first: expected true or false, got "day first"',
    ),
    "an outcome without its column": Case(
        "mapping", MAPPING + "outcome: {kind: nps}\n", "outcome.column: required, but missing"
    ),
    "an outcome of an unknown kind": Case(
        "mapping",
        MAPPING + "outcome: {column: Q_flight, kind: promoter}\n",
        "outcome.kind: expected 'nps', 'csat', 'ces', 'yes/no' or 'numeric', got \"promoter\"",
    ),
    "an NPS on 1 to 10": Case(
        "mapping",
        MAPPING + "outcome: {column: Q_flight, kind: nps, scale: '1:10'}\n",
        "outcome.scale: nps outcomes are on 0:10, not 1:10",
    ),
    "a new touchpoint without its name": Case(
        "mapping",
        MAPPING + "new_touchpoints: [{stage: Flight}]\n",
        "new_touchpoints[0].touchpoint: required, but missing",
    ),
    "an empty mapping": Case("mapping", "", "the file is empty"),
    # The definitions file (`definitions import bad.yaml`).
    "two stages differing in case": Case(
        "definitions",
        "journeys: [{name: Hotel stay, stages: [{name: Arrival}, {name: arrival}]}]\n",
        "journeys[0].stages: stage 'arrival' is listed twice ('Arrival')",
    ),
    "a stored journey in other case": Case(
        "definitions",
        "journeys: [{name: air travel}]\n",
        "journeys[0].name: journey 'air travel' differs from the stored 'Air travel' only in case",
    ),
    "personas as one mapping": Case(
        "definitions", "personas: {name: Student}\n", "personas: expected a list"
    ),
    "stage for stages": Case(
        "definitions",
        "journeys: [{name: Hotel stay, stage: [{name: Arrival}]}]\n",
        "journeys[0].stage: unknown key (did you mean 'stages'?)",
    ),
    "a target emotion out of range": Case(
        "definitions",
        "journeys: [{name: Hotel stay, stages: [{name: Arrival, target_emotion: 4}]}]\n",
        "journeys[0].stages[0].target_emotion: expected a number between -1 and 1, got 4",
    ),
    "a state that is not current or future": Case(
        "definitions",
        "journeys: [{name: Hotel stay, state: past}]\n",
        "journeys[0].state: expected 'current' or 'future'",
    ),
    "an empty persona name": Case(
        "definitions", "personas: [{name: ''}]\n", "personas[0].name: expected text, not nothing"
    ),
    "a tab in definitions": Case(
        "definitions",
        "journeys:\n\t- name: Hotel stay\n",
        "line 2, column 1: not valid YAML",
    ),
    "a list of names only": Case(
        "definitions", "- Air travel\n- Hotel stay\n", "expected a mapping with 'personas'"
    ),
    # The codebook file (`themes --codebook bad.yaml`).
    "keywords as text": Case(
        "codebook",
        "themes: [{name: Late, keywords: late}]\n",
        "themes[0].keywords: expected a list",
    ),
    "keyword for keywords": Case(
        "codebook",
        "themes: [{name: Late, keyword: [late]}]\n",
        "themes[0].keyword: unknown key (did you mean 'keywords'?)",
    ),
    "two themes differing in case": Case(
        "codebook",
        "themes: [{name: Billing}, {name: billing}]\n",
        "themes: theme 'billing' is named twice ('Billing')",
    ),
    "a theme without a name": Case(
        "codebook", "themes: [{keywords: [late]}]\n", "themes[0].name: required, but missing"
    ),
    "theme for themes": Case(
        "codebook", "theme: [{name: Late}]\n", "theme: unknown key (did you mean 'themes'?)"
    ),
    # The settings file (JOURNEY_SETTINGS, read by `report` and `themes`).
    "a negative k": Case("settings", "privacy_k = -3\n", "privacy_k: expected at least 1, got -3"),
    "k as text": Case(
        "settings", 'privacy_k = "5"\n', 'privacy_k: expected a whole number, got "5"'
    ),
    "a fractional comments k": Case(
        "settings",
        "privacy_k_comments = 2.5\n",
        "privacy_k_comments: expected a whole number, got 2.5",
    ),
    "a TOML syntax error": Case("settings", "read_only = \n", "line 1, column 13: not valid TOML"),
    "the mail password in the file": Case(
        "settings",
        '[smtp]\nhost = "mail"\nsender = "a@example.org"\npassword = "x"\n',
        "smtp.password: does not belong in a file: set JOURNEY_SMTP_PASSWORD instead",
    ),
    "privacy-k for privacy_k": Case(
        "settings", "privacy-k = 5\n", "privacy-k: unknown key (did you mean 'privacy_k'?)"
    ),
    "editors as one address": Case(
        "settings", 'editors = "ana@example.org"\n', "editors: expected a list"
    ),
    "an unknown TLS mode": Case(
        "settings",
        '[smtp]\nhost = "mail"\nsender = "a@example.org"\ntls = "tls"\n',
        "smtp.tls: expected 'starttls', 'ssl' or 'none', got \"tls\"",
    ),
    "read_only as a word": Case(
        "settings", 'read_only = "yes"\n', 'read_only: expected true or false, got "yes"'
    ),
    "a port out of range": Case(
        "settings",
        '[smtp]\nhost = "mail"\nsender = "a@example.org"\nport = 70000\n',
        "smtp.port: expected at most 65535, got 70000",
    ),
    "a sender that is no address": Case(
        "settings",
        '[smtp]\nhost = "mail"\nsender = "reports"\n',
        "smtp.sender: expected the From address",
    ),
}


def run(*args: str) -> int:
    """The exit code of the command line, whether it returns or exits."""
    try:
        return main(list(args))
    except SystemExit as stop:
        return int(stop.code or 0)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the small Air travel definitions and one wide wave, imported."""
    folder = tmp_path_factory.mktemp("malformed")
    (folder / "definitions.yaml").write_text(SMALL_DEFINITIONS, encoding="utf-8")
    (folder / "wave.csv").write_text(WIDE, encoding="utf-8")
    (folder / "map.yaml").write_text(MAPPING, encoding="utf-8")
    url = f"sqlite:///{folder / 'template.db'}"
    assert run("--db", url, "definitions", "import", str(folder / "definitions.yaml")) == 0
    assert run("--db", url, "import", str(folder / "wave.csv"), "--journey", "Air travel",
               "--wave", "W1", "--mapping", str(folder / "map.yaml")) == 0  # fmt: skip
    return folder / "template.db"


@pytest.fixture
def database(template: Path, tmp_path: Path) -> Path:
    """A private copy of the template (through SQLite's backup: the template is in WAL mode)."""
    copy = tmp_path / "journey.db"
    source, target = sqlite3.connect(template), sqlite3.connect(copy)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return copy


def dump(path: Path) -> list[str]:
    """Every table's schema and rows, as SQL."""
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def command(case: Case, bad: Path, database: Path) -> list[str]:
    """The command that reads the file of this kind."""
    url = ["--db", f"sqlite:///{database}"]
    if case.kind == "mapping":
        wave = bad.parent / "wave.csv"
        wave.write_text(WIDE, encoding="utf-8")
        return [*url, "import", str(wave), "--journey", "Air travel", "--wave", "W2",
                "--mapping", str(bad)]  # fmt: skip
    if case.kind == "definitions":
        return [*url, "definitions", "import", str(bad)]
    if case.kind == "codebook":
        return [*url, "themes", "--journey", "Air travel", "--codebook", str(bad)]
    return [*url, "report", "--journey", "Air travel", "--out", str(bad.parent / "r.html")]


def test_the_table_has_every_kind_of_file() -> None:
    kinds = [case.kind for case in CASES.values()]
    assert len(kinds) >= 30
    assert {kind: kinds.count(kind) >= 5 for kind in set(kinds)} == {
        "mapping": True,
        "definitions": True,
        "codebook": True,
        "settings": True,
    }


@pytest.mark.parametrize("name", list(CASES))
def test_a_malformed_file_is_refused_in_one_line_and_changes_nothing(
    name: str,
    database: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = CASES[name]
    bad = tmp_path / ("journey.toml" if case.kind == "settings" else "bad.yaml")
    bad.write_text(case.text, encoding="utf-8")
    monkeypatch.setenv("JOURNEY_SETTINGS", str(bad if case.kind == "settings" else tmp_path / "x"))
    before = dump(database)
    capsys.readouterr()
    assert run(*command(case, bad, database)) == 2
    printed = capsys.readouterr()
    assert "Traceback" not in printed.err + printed.out
    assert printed.err.count("\n") == 1
    line = printed.err.removesuffix("\n")
    assert line.startswith(f"error: {bad}")
    assert case.says in line
    assert not (tmp_path / "r.html").exists()
    assert dump(database) == before


def test_the_good_mapping_imports_so_the_refusals_are_the_files(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(MAPPING, encoding="utf-8")
    before = dump(database)
    assert run(*command(Case("mapping", MAPPING, ""), good, database)) == 0
    assert dump(database) != before
