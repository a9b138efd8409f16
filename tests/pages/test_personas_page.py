"""The Personas page in AppTest: add, rename, delete."""

from sqlalchemy import select
from sqlalchemy.engine import Engine

from journey.store.models import Persona
from tests.pages.apptest import PERSONAS, errors, flash, open_page


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
