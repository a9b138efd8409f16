"""The Personas page in AppTest: add, rename, delete."""

import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from journey.store.db import make_engine
from journey.store.models import Persona, Response
from journey.store.queries import journey_table, stage_table
from tests.conftest import shown
from tests.paths import APP

JOURNEYS, PERSONAS, NOTES = "pages/journeys.py", "pages/personas.py", "pages/notes.py"

TOUCHPOINT_COLUMNS = ["stage", "touchpoint", "channel"]


@pytest.fixture
def database(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The demo copy the app runs on, opened for the test's own checks."""
    monkeypatch.setenv("JOURNEY_DB_URL", f"sqlite:///{demo_copy}")
    engine = make_engine(f"sqlite:///{demo_copy}")
    yield engine
    engine.dispose()


def open_page(page: str, **params: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    app.switch_page(page).run()
    assert_ok(app)
    return app


def assert_ok(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]


def flash(app: AppTest) -> str:
    assert_ok(app)
    assert app.success, [shown(e.value) for e in app.error]
    return shown(app.success[0].value)


def errors(app: AppTest) -> list[str]:
    return [shown(e.value) for e in app.error]


def journey_id(engine: Engine, name: str) -> int:
    table = journey_table(engine=engine)
    return int(table.loc[table["name"] == name, "journey_id"].iloc[0])


def stages(engine: Engine, journey: str = "First purchase") -> list[str]:
    return list(stage_table(engine=engine, journey_id=journey_id(engine, journey))["stage"])


def responses(engine: Engine, *conditions: object) -> int:
    with engine.connect() as connection:
        query = select(func.count()).select_from(Response).where(*conditions)  # type: ignore[arg-type]
        return int(connection.execute(query).scalar_one())


def chart_texts(app: AppTest) -> set[str]:
    """Every stage name and text drawn in the page's charts."""
    found: set[str] = set()
    for chart in app.get("vega_lite_chart"):
        for dataset in chart.proto.datasets:
            for row in pa.ipc.open_stream(dataset.data.data).read_all().to_pylist():
                found |= {str(row[k]) for k in ("stage", "wrapped", "text") if row.get(k)}
        found |= set(json.dumps(json.loads(chart.proto.spec)).split('"'))
    return found


def test_personas_page_lists_respondents_and_adds_one(database: Engine) -> None:
    app = open_page(PERSONAS)
    table = app.dataframe[0].value.set_index("Persona")
    assert list(table.index) == [
        "Busy professional", "Budget-conscious family", "Tech enthusiast", "Senior first-timer",
    ]  # fmt: skip
    assert (table["Respondents"] > 0).all()
    app.text_input(key="personas_new_name").set_value("Small business")
    app.text_area(key="personas_new_goals").set_value("Never offline")
    app.button(key="personas_add").click().run()
    assert flash(app) == "Added persona 'Small business'."
    table = app.dataframe[0].value.set_index("Persona")
    assert table.loc["Small business", "Respondents"] == 0
    assert table.loc["Small business", "Goals"] == "Never offline"

    app.text_input(key="personas_new_name").set_value("tech ENTHUSIAST")
    app.button(key="personas_add").click().run()
    assert errors(app) == [
        "There is already a persona named 'Tech enthusiast': names are unique, ignoring case."
    ]


def test_rename_and_delete_personas(database: Engine) -> None:
    app = open_page(PERSONAS)
    app.selectbox(key="personas_persona").select("Tech enthusiast").run()
    assert any("so it cannot be deleted" in c.value for c in app.caption)
    assert "personas_delete" not in [b.key for b in app.button]
    app.text_input(key="personas_name").set_value("Busy PROFESSIONAL").run()
    app.checkbox(key="personas_rename_confirm").check().run()
    app.button(key="personas_save").click().run()
    assert errors(app) == [
        "There is already a persona named 'Busy professional': names are unique, ignoring case."
    ]
    app.text_input(key="personas_name").set_value("Power user").run()
    app.checkbox(key="personas_rename_confirm").check().run()
    app.button(key="personas_save").click().run()
    assert flash(app).startswith("Renamed persona 'Tech enthusiast' to 'Power user' (")

    app.text_input(key="personas_new_name").set_value("Nobody yet")
    app.button(key="personas_add").click().run()
    app.selectbox(key="personas_persona").select("Nobody yet").run()
    app.checkbox(key="personas_delete_confirm").check().run()
    app.button(key="personas_delete").click().run()
    assert flash(app) == "Deleted persona 'Nobody yet'."
    with database.connect() as connection:
        names = set(connection.execute(select(Persona.name)).scalars())
    assert names == {"Busy professional", "Budget-conscious family", "Power user",
                     "Senior first-timer"}  # fmt: skip
