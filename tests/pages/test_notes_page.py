"""The Notes page in AppTest: write, edit, delete."""

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from journey.store.db import make_engine
from journey.store.models import Note, Response
from journey.store.queries import journey_table, note_table, stage_table
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


def test_notes_add_edit_delete_and_the_journey_map_lane(database: Engine) -> None:
    first_purchase = journey_id(database, "First purchase")
    before = len(note_table(engine=database, journey_id=first_purchase))
    with database.connect() as connection:
        total = connection.execute(select(func.count()).select_from(Note)).scalar_one()
    app = open_page(NOTES)
    app.selectbox(key="notes_new_stage").select("Order")
    app.selectbox(key="notes_new_kind").select("opportunity")
    app.text_area(key="notes_new_text").set_value("Offer *same-day* activation")
    app.text_input(key="notes_new_author").set_value("Kim (product)")
    app.button(key="notes_add").click().run()
    assert flash(app) == "Added the opportunity note to 'First purchase'."
    notes = note_table(engine=database, journey_id=first_purchase)
    assert len(notes) == before + 1
    added = notes.iloc[-1]
    assert (added["stage"], added["kind"], added["text"], added["author"]) == (
        "Order", "opportunity", "Offer *same-day* activation", "Kim (product)",
    )  # fmt: skip
    assert app.text_input(key="notes_new_author").value == "Kim (product)"  # remembered
    app.switch_page("pages/journey_map.py").run()
    assert any("same-day" in text for text in chart_texts(app))

    app.switch_page(NOTES).run()
    app.selectbox(key="notes_note").select(int(added["note_id"])).run()
    assert app.text_area(key="notes_text").value == "Offer *same-day* activation"
    app.text_area(key="notes_text").set_value("Offer next-day activation")
    app.selectbox(key="notes_stage").select("Whole journey")
    app.button(key="notes_save").click().run()
    assert flash(app) == "Saved the opportunity note."
    edited = (
        note_table(engine=database, journey_id=first_purchase)
        .set_index("note_id")
        .loc[int(added["note_id"])]
    )
    assert edited["text"] == "Offer next-day activation" and pd.isna(edited["stage"])

    app.selectbox(key="notes_note").select(int(added["note_id"])).run()
    assert app.button(key="notes_delete").proto.disabled
    app.checkbox(key="notes_delete_confirm").check().run()
    app.button(key="notes_delete").click().run()
    assert flash(app) == "Deleted the opportunity note."
    assert len(note_table(engine=database, journey_id=first_purchase)) == before
    with database.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Note)).scalar_one() == total


def test_an_empty_note_is_refused(database: Engine) -> None:
    app = open_page(NOTES)
    app.text_input(key="notes_new_author").set_value("Kim")
    app.button(key="notes_add").click().run()
    assert errors(app) == ["The note is empty."]
