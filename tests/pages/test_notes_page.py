"""The Notes page in AppTest: write, edit, delete."""

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from journey.store.models import Note
from journey.store.queries import note_table
from tests.factories import journey_id
from tests.pages.apptest import NOTES, chart_texts, errors, flash, open_page


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
