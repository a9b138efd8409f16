"""Reports by e-mail: an editor subscribes a view, changes the schedule, stops it."""

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from journey.catalog.subscriptions import filters_from, subscription_table
from journey.store.filters import Filters
from tests.pages.apptest import SUBSCRIPTIONS, errors, flash, open_page


def test_subscribe_the_view_change_it_and_stop_it(database: Engine) -> None:
    app = open_page(SUBSCRIPTIONS, journey="Support case", persona="Tech enthusiast")
    assert "No mail server is set" in app.warning[0].value
    assert "No report is sent by e-mail yet" in app.info[0].value
    app.selectbox(key="subscriptions_new_format").select("pptx")
    app.text_area(key="subscriptions_new_recipients").set_value("ana@example.org\nli@example.org")
    app.radio(key="subscriptions_new_frequency").set_value("monthly").run()
    app.selectbox(key="subscriptions_new_day").select(31)
    app.button(key="subscriptions_add").click().run()
    assert flash(app) == ("Subscribed: PowerPoint slides of Support case, monthly on the last day.")
    (row,) = subscription_table(engine=database).to_dict("records")
    assert (row["journey"], row["format"], row["recipients"], row["schedule"]) == (
        "Support case", "pptx", ["ana@example.org", "li@example.org"], "monthly, on the last day",
    )  # fmt: skip
    assert filters_from(row["filters"]) == Filters(personas=("Tech enthusiast",))
    shown = app.dataframe[0].value
    assert shown.iloc[0]["To"] == "ana@example.org, li@example.org"
    assert shown.iloc[0]["Filters"] == "personas: Tech enthusiast; all waves"

    assert app.text_area(key="subscriptions_recipients").value == (
        "ana@example.org, li@example.org"
    )
    app.radio(key="subscriptions_frequency").set_value("weekly").run()
    app.selectbox(key="subscriptions_day").select(4)
    app.button(key="subscriptions_save").click().run()
    assert flash(app) == "Saved: PowerPoint slides every Friday to 2 addresses."

    app.checkbox(key="subscriptions_delete_confirm").check().run()
    app.button(key="subscriptions_delete").click().run()
    assert flash(app) == "Deleted the subscription: no more reports will be sent for it."
    assert subscription_table(engine=database).empty


def test_a_wrong_address_is_refused_where_it_was_typed(database: Engine) -> None:
    app = open_page(SUBSCRIPTIONS)
    app.text_area(key="subscriptions_new_recipients").set_value("ana at example.org")
    app.button(key="subscriptions_add").click().run()
    assert errors(app) == ["Not an e-mail address: ana, at, example.org."]
    assert subscription_table(engine=database).empty


def test_the_mail_server_in_use_is_named(
    database: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings = tmp_path / "journey.toml"
    settings.write_text('[smtp]\nhost = "smtp.example.org"\nsender = "cx@example.org"\n')
    monkeypatch.setenv("JOURNEY_SETTINGS", str(settings))
    app = open_page(SUBSCRIPTIONS)
    assert not app.warning
    assert any("smtp.example.org" in caption.value for caption in app.caption)
