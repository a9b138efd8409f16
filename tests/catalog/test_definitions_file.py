"""Definitions files uploaded in the app, and definitions round trips of edited journeys."""

from pathlib import Path

import pytest
import yaml
from sqlalchemy.engine import Engine

from journey import cli
from journey.catalog.definitions import export_definitions, import_definitions
from journey.catalog.definitions_file import import_definitions_file
from journey.catalog.future_state import (
    StageTarget,
    create_future_state,
    set_targets,
)
from journey.catalog.journeys import update_journey
from journey.catalog.personas import create_persona
from journey.catalog.rules import EditError
from journey.catalog.stages import add_stage, move_stage, update_stage
from journey.catalog.touchpoints import add_touchpoint, delete_touchpoint
from journey.demo.definitions import demo_definitions
from journey.store.db import create_schema, make_engine, revision
from tests.conftest import SMALL_DEFINITIONS
from tests.factories import journey_id, stage_id, stage_order, touchpoint_id


def fresh_engine(tmp_path: Path, name: str) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / name}")
    create_schema(engine)
    return engine


def round_trip(engine: Engine, tmp_path: Path) -> tuple[str, str]:
    """Export, import into an empty database, export again."""
    first = export_definitions(engine=engine)
    empty = fresh_engine(tmp_path, "empty.db")
    import_definitions(engine=empty, text=first)
    return first, export_definitions(engine=empty)


def test_definitions_round_trip_the_demo_exactly(tmp_path: Path) -> None:
    demo = fresh_engine(tmp_path, "demo.db")
    import_definitions(engine=demo, text=demo_definitions())
    first, second = round_trip(demo, tmp_path)
    assert first == second
    assert "current_state: First purchase" in first


def test_definitions_round_trip_after_edits(air_travel: Engine, tmp_path: Path) -> None:
    air = journey_id(air_travel)
    add_stage(engine=air_travel, journey_id=air, name="Inspiration", position=0,
                      goal='Dream: "somewhere" — ☀️ #1')  # fmt: skip
    move_stage(engine=air_travel, stage_id=stage_id(air_travel, "Flight"), position=1)
    update_stage(engine=air_travel, stage_id=stage_id(air_travel, "Security"),
                         name="yes")  # a YAML boolean, unless quoted  # fmt: skip
    add_touchpoint(engine=air_travel, stage_id=stage_id(air_travel, "yes"), name="123",
                           channel="in person")  # fmt: skip
    website = touchpoint_id(air_travel, "Booking", "Website")
    delete_touchpoint(engine=air_travel, touchpoint_id=website, confirmed_responses=0)
    create_persona(engine=air_travel, name="null", description="Multi\nline: yes",
                           pain_points="  ")  # fmt: skip
    update_journey(engine=air_travel, journey_id=air, description="- not a list")
    future = create_future_state(engine=air_travel, current_id=air, name="Air: 2027")
    set_targets(engine=air_travel, journey_id=future, targets={
        stage_id(air_travel, "Flight", "Air: 2027"): StageTarget(0.1 + 0.2, 0.75),
    })  # fmt: skip
    first, second = round_trip(air_travel, tmp_path)
    assert first == second
    document = yaml.safe_load(first)
    stages = document["journeys"][0]["stages"]
    assert [s["name"] for s in stages] == ["Inspiration", "Flight", "Booking", "Check-in", "yes"]
    assert stages[4]["touchpoints"] == [{"name": "123", "channel": "in person"}]
    assert document["journeys"][1]["current_state"] == "Air travel"
    assert document["journeys"][1]["stages"][1]["target_emotion"] == 0.1 + 0.2


def test_cli_definitions_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, copy = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    (tmp_path / "start.yaml").write_text(SMALL_DEFINITIONS, encoding="utf-8")
    assert cli.main(["definitions", "import", str(tmp_path / "start.yaml"), "--db", source]) == 0
    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    assert cli.main(["definitions", "export", "--out", str(first), "--db", source]) == 0
    assert cli.main(["definitions", "import", str(first), "--db", copy]) == 0
    assert cli.main(["definitions", "export", "--out", str(second), "--db", copy]) == 0
    assert first.read_bytes() == second.read_bytes()
    capsys.readouterr()


def test_import_definitions_file(air_travel: Engine) -> None:
    text = SMALL_DEFINITIONS.replace("- {name: Flight}", "- {name: Flight}\n      - {name: Bags}")
    result = import_definitions_file(
        engine=air_travel, content=("\ufeff" + text).encode("utf-8"), file_name="defs.yaml"
    )
    assert result.summary == (
        "defs.yaml: 2 personas and 1 journey imported (created or updated; nothing deleted)."
    )
    assert [s for s, _ in stage_order(air_travel)][-1] == "Bags"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00bad", "defs.yaml: not UTF-8 text"),
        (b"journeys: [unclosed", "defs.yaml, line 1, column 20: not valid YAML"),
        (b"- just a list", "expected a mapping with 'personas' and/or 'journeys'"),
        (b"journeys: 5", "defs.yaml: journeys: expected a list"),
        (b"journeys: [{name: X, stages: {a: 1}}]", r"journeys\[0\].stages: expected a list"),
        (
            b"journeys: [{name: air TRAVEL}]",
            "journey 'air TRAVEL' differs from the stored 'Air travel' only",
        ),
        (
            b"personas: [{name: FAMILY}]",
            "persona 'FAMILY' differs from the stored 'Family' only in case",
        ),
        (b"journeys: [{name: Air travel, stages: [{name: booking}]}]", "stage 'booking' differs"),
        (b"journeys: [{name: New, stages: [{name: A}, {name: a}]}]", "stage 'a' is listed twice"),
        (
            b"journeys: [{name: Air travel, stages: [{name: Booking, "
            b"touchpoints: [{name: app}]}]}]",
            "touchpoint 'app' differs from the stored 'App' only in case",
        ),
        (b"journeys: [{name: X, state: past}]", "state: expected 'current' or 'future'"),
        (b"journeys: [{name: X, stages: [{name: A, target_emotion: 3}]}]", "between -1 and 1"),
    ],
)
def test_bad_definitions_files_are_refused_whole(
    air_travel: Engine, content: bytes, message: str
) -> None:
    before = export_definitions(engine=air_travel)
    with pytest.raises(EditError, match=message):
        import_definitions_file(engine=air_travel, content=content, file_name="defs.yaml")
    assert export_definitions(engine=air_travel) == before


def test_the_command_line_refuses_a_case_clash_and_writes_nothing(
    air_travel: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clash = tmp_path / "clash.yaml"
    clash.write_text("journeys: [{name: air TRAVEL}]\n", encoding="utf-8")
    before = revision(air_travel)
    url = air_travel.url.render_as_string(hide_password=False)
    assert cli.main(["--db", url, "definitions", "import", str(clash)]) == 2
    assert "journey 'air TRAVEL' differs from the stored 'Air travel'" in capsys.readouterr().err
    assert revision(air_travel) == before
