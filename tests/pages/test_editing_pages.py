"""The editing pages on an empty database and on read-only screens."""

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import col

from journey.formatting import markdown_text
from journey.store.models import Stage
from tests.pages.apptest import JOURNEYS, NOTES, PERSONAS, SUBSCRIPTIONS, flash, open_page


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


@pytest.mark.parametrize("page", [JOURNEYS, PERSONAS, NOTES, SUBSCRIPTIONS])
def test_read_only_screens_refuse_the_editing_pages(
    database: Engine, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    monkeypatch.setenv("JOURNEY_READ_ONLY", "1")
    app = open_page(page)
    links = [link.proto.label for link in app.get("page_link")]
    assert {"Journeys", "Personas", "Notes", "Reports by e-mail"}.isdisjoint(links)
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
