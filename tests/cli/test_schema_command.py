"""`python -m journey schema FILE`: the JSON Schema editors validate the files with (issue 14)."""

import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from journey.cli import main
from journey.demo.definitions import demo_definitions
from journey.store.models import OUTCOME_KINDS
from tests.paths import ROOT

GOOD = {
    "mapping": yaml.safe_load((ROOT / "data/samples/qualtrics.mapping.yaml").read_text("utf-8")),
    "definitions": yaml.safe_load(demo_definitions()),
    "codebook": {"themes": [{"name": "Late", "keywords": ["late", "delay"], "examples": ["x"]}]},
    "settings": tomllib.loads(
        'read_only = true\neditors = ["ana@example.org"]\nprivacy_k = 7\n'
        '[smtp]\nhost = "mail"\nsender = "reports@example.org"\nport = 2525\n'
    ),
}
BAD = {
    "mapping": {"ratings": [{"column": "Q1", "stage": "Booking", "scale": "1-5"}]},
    "definitions": {"journeys": [{"name": "Air travel", "stage": []}]},
    "codebook": {"themes": [{"name": "Late", "keywords": "late"}]},
    "settings": {"privacy_k": -3},
}


def schema_of(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, cwd: Path
) -> Any:
    monkeypatch.chdir(cwd)
    capsys.readouterr()
    assert main(["schema", name]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("name", list(GOOD))
def test_the_schema_accepts_a_good_file_and_refuses_a_bad_one(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    schema = schema_of(name, capsys, monkeypatch, tmp_path)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors(GOOD[name])) == []
    assert list(validator.iter_errors(BAD[name])) != []
    assert schema["additionalProperties"] is False  # unknown keys are mistakes, as in the app
    assert schema["title"].startswith("Journey Lens")
    assert list(tmp_path.iterdir()) == []  # no database was made for it


def test_every_key_of_the_mapping_says_what_it_is_for(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    schema = schema_of("mapping", capsys, monkeypatch, tmp_path)
    assert set(schema["properties"]) == {
        "format", "respondent_id", "persona", "persona_names", "responded_at", "day_first",
        "outcome", "labels", "ratings", "expectations", "expectation_bands", "comments",
        "attributes", "new_touchpoints",
    }  # fmt: skip
    assert all(key.get("description") for key in schema["properties"].values())
    rating = schema["$defs"]["RatingItem"]
    assert rating["required"] == ["column", "stage"]
    assert tuple(schema["$defs"]["OutcomeItem"]["properties"]["kind"]["enum"]) == OUTCOME_KINDS


def test_the_password_is_not_offered_in_the_settings_schema(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    smtp = schema_of("settings", capsys, monkeypatch, tmp_path)["$defs"]["SmtpTable"]
    assert set(smtp["properties"]) == {"host", "port", "tls", "user", "sender"}
    assert smtp["additionalProperties"] is False


def test_an_unknown_file_kind_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["schema", "survey"])
    assert stop.value.code == 2
    assert "invalid choice: 'survey'" in capsys.readouterr().err
