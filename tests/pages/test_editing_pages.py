"""The editing pages on an empty database and on read-only screens."""

import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import col
from streamlit.testing.v1 import AppTest

from journey.formatting import markdown_text
from journey.store.db import make_engine
from journey.store.models import Response, Stage
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


def test_an_empty_database_starts_its_first_journey(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOURNEY_DB_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    app = open_page(JOURNEYS)
    assert "python -m journey demo" in app.info[0].value
    app.text_input(key="journeys_first_name").set_value("Onboarding")
    app.button(key="journeys_first_create").click().run()
    assert flash(app) == "Created journey 'Onboarding': add its stages below."
    assert app.selectbox(key="journeys_journey").value == "Onboarding"
    app.text_input(key="journeys_new_stage_name").set_value("Sign up")
    app.button(key="journeys_add_stage").click().run()
    assert flash(app) == "Added stage 'Sign up' to 'Onboarding'."
    table = app.dataframe[0].value
    assert table.values.tolist()[0][:4] == [1, "Sign up", "", "assumption"]


@pytest.mark.parametrize("page", [JOURNEYS, PERSONAS, NOTES])
def test_read_only_screens_refuse_the_editing_pages(
    database: Engine, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    monkeypatch.setenv("JOURNEY_READ_ONLY", "1")
    app = open_page(page)
    links = [link.proto.label for link in app.get("page_link")]
    assert {"Journeys", "Personas", "Notes"}.isdisjoint(links)
    assert "read-only screen" in app.warning[0].value
    assert not app.button and not app.text_input


def test_user_text_is_shown_as_text(database: Engine) -> None:
    hostile = "[click](https://evil.example) **bold** :red[x]"
    app = open_page(JOURNEYS)
    app.text_input(key="journeys_new_stage_name").set_value(hostile)
    app.button(key="journeys_add_stage").click().run()
    assert app.success[0].value == markdown_text(f"Added stage {hostile!r} to 'First purchase'.")
    app.selectbox(key="journeys_stage").select(hostile).run()
    label = app.checkbox(key="journeys_stage_delete_confirm").label
    assert label == markdown_text(f"Yes, delete stage ‘{hostile}’ and its 0 responses")
    with database.connect() as connection:
        assert (
            connection.execute(select(Stage.name).where(col(Stage.name) == hostile)).scalar_one()
            == hostile
        )
