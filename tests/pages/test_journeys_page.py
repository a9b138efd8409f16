"""The Journeys page in AppTest: stages, touchpoints, the journey, its future state, the
definitions file; renames and deletions ask first."""

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import col

from journey.analysis.evidence import stage_evidence
from journey.catalog.definitions import export_definitions
from journey.store.models import Response, Touchpoint
from journey.store.queries import journey_table, stage_table, touchpoint_table
from tests.conftest import shown
from tests.factories import TOUCHPOINT_COLUMNS, count_rows, journey_id
from tests.pages.apptest import JOURNEYS, assert_ok, chart_texts, errors, flash, open_page, stages


def test_stages_show_their_evidence(database: Engine) -> None:
    app = open_page(JOURNEYS)
    table = app.dataframe[0].value
    assert list(table["Stage"]) == stages(database)
    assert set(table["Evidence"]) == {"measured"}
    assert list(table["Responses"]) == list(
        stage_evidence(engine=database, journey_id=journey_id(database, "First purchase"))[
            "responses"
        ]
    )
    captions = [shown(c.value) for c in app.caption]
    assert "All 7 stages are measured, by 20,121 responses in all." in captions


def test_add_a_stage_before_another(database: Engine) -> None:
    app = open_page(JOURNEYS)
    app.text_input(key="journeys_new_stage_name").set_value("  Welcome call ")
    app.text_input(key="journeys_new_stage_goal").set_value("Feel looked after")
    app.selectbox(key="journeys_new_stage_place").select("Before Book installation")
    app.button(key="journeys_add_stage").click().run()
    assert flash(app) == "Added stage 'Welcome call' to 'First purchase'."
    assert stages(database)[3:5] == ["Welcome call", "Book installation"]
    table = app.dataframe[0].value.set_index("Stage")
    assert table.loc["Welcome call", "Evidence"] == "assumption"
    assert table.loc["Welcome call", "Goal"] == "Feel looked after"
    assert app.text_input(key="journeys_new_stage_name").value == ""  # ready for the next one


def test_a_duplicate_or_empty_stage_name_is_refused_with_a_message(database: Engine) -> None:
    app = open_page(JOURNEYS)
    app.text_input(key="journeys_new_stage_name").set_value("first BILL")
    app.button(key="journeys_add_stage").click().run()
    assert errors(app) == [
        "Journey 'First purchase' already has a stage named 'First bill': names are unique, "
        "ignoring case."
    ]
    app.text_input(key="journeys_new_stage_name").set_value("   ")
    app.button(key="journeys_add_stage").click().run()
    assert errors(app) == ["The stage needs a name."]
    assert len(stages(database)) == 7


def test_rename_a_stage_with_responses_asks_first_and_keeps_them(database: Engine) -> None:
    first_bill = stage_table(
        engine=database, journey_id=journey_id(database, "First purchase")
    ).iloc[6]
    before = count_rows(database, Response, col(Response.stage_id) == int(first_bill["stage_id"]))
    app = open_page(JOURNEYS)
    app.selectbox(key="journeys_stage").select("First bill").run()
    assert app.text_input(key="journeys_stage_name").value == "First bill"
    app.text_input(key="journeys_stage_name").set_value("First invoice").run()
    assert f"{before:,} responses refer to this stage" in shown(app.info[0].value)
    assert app.button(key="journeys_stage_save").proto.disabled
    confirm = app.checkbox(key="journeys_stage_rename_confirm")
    assert (
        shown(confirm.label)
        == f"Yes, rename ‘First bill’ to ‘First invoice’ ({before:,} responses)"
    )
    confirm.check().run()
    app.button(key="journeys_stage_save").click().run()
    assert flash(app) == (
        f"Renamed stage 'First bill' to 'First invoice' ({before:,} responses stay attached); "
        "renamed in its future state 'First purchase (future state)' too."
    )
    assert stages(database)[-1] == "First invoice"
    assert stages(database, "First purchase (future state)")[-1] == "First invoice"
    assert (
        count_rows(database, Response, col(Response.stage_id) == int(first_bill["stage_id"]))
        == before
    )

    app.switch_page("pages/journey_map.py").run()
    assert_ok(app)
    texts = chart_texts(app)
    assert "First invoice" in texts and "First bill" not in texts


def test_a_stage_without_responses_is_renamed_at_once(database: Engine) -> None:
    app = open_page(JOURNEYS)
    app.text_input(key="journeys_new_stage_name").set_value("Welcome call")
    app.button(key="journeys_add_stage").click().run()
    app.selectbox(key="journeys_stage").select("Welcome call").run()
    app.text_input(key="journeys_stage_name").set_value("Welcome e-mail").run()
    assert "journeys_stage_rename_confirm" not in [c.key for c in app.checkbox]
    app.button(key="journeys_stage_save").click().run()
    assert flash(app) == "Renamed stage 'Welcome call' to 'Welcome e-mail'."


def test_reorder_a_stage(database: Engine) -> None:
    app = open_page(JOURNEYS)
    app.selectbox(key="journeys_stage").select("First bill").run()
    assert app.number_input(key="journeys_stage_position").value == 7
    app.number_input(key="journeys_stage_position").set_value(2)
    app.button(key="journeys_stage_move").click().run()
    assert flash(app).startswith("New stage order of 'First purchase': Discover → First bill →")
    assert stages(database)[:3] == ["Discover", "First bill", "Compare plans"]
    assert list(app.dataframe[0].value["Stage"])[:2] == [
        "Discover",
        "First bill",
    ]
    assert app.number_input(key="journeys_stage_position").value == 2


def test_delete_a_stage_only_after_confirming_its_responses(database: Engine) -> None:
    frame = stage_table(engine=database, journey_id=journey_id(database, "First purchase"))
    stage_id = int(frame.loc[frame["stage"] == "Get connected", "stage_id"].iloc[0])
    count = count_rows(database, Response, col(Response.stage_id) == stage_id)
    total = count_rows(database, Response)
    app = open_page(JOURNEYS)
    app.selectbox(key="journeys_stage").select("Get connected").run()
    button = app.button(key="journeys_stage_delete")
    assert button.proto.disabled and button.proto.type == "primary"
    confirm = app.checkbox(key="journeys_stage_delete_confirm")
    assert shown(confirm.label) == f"Yes, delete stage ‘Get connected’ and its {count:,} responses"
    assert any("also deletes its 2 touchpoints and 1 note" in c.value for c in app.caption)
    confirm.check().run()
    app.button(key="journeys_stage_delete").click().run()
    assert flash(app) == f"Deleted stage 'Get connected' with {count:,} responses and 1 note."
    assert "Get connected" not in stages(database)
    assert count_rows(database, Response) == total - count
    assert count_rows(database, Response, col(Response.stage_id) == stage_id) == 0
    assert not app.checkbox(key="journeys_stage_delete_confirm").value


def test_touchpoints_add_rename_delete(database: Engine) -> None:
    first_purchase = journey_id(database, "First purchase")
    app = open_page(JOURNEYS)
    app.selectbox(key="journeys_new_touchpoint_stage").select("Order")
    app.text_input(key="journeys_new_touchpoint_name").set_value("Chat")
    app.text_input(key="journeys_new_touchpoint_channel").set_value("web chat")
    app.button(key="journeys_add_touchpoint").click().run()
    assert flash(app) == "Added touchpoint 'Chat' to stage 'Order'."
    points = touchpoint_table(engine=database, journey_id=first_purchase)
    assert ["Order", "Chat", "web chat"] in points[TOUCHPOINT_COLUMNS].values.tolist()

    app.selectbox(key="journeys_touchpoint").select("Order › Online checkout").run()
    with database.connect() as connection:
        checkout = connection.execute(
            select(Touchpoint.id).where(col(Touchpoint.name) == "Online checkout")
        ).scalar_one()
    count = count_rows(database, Response, col(Response.touchpoint_id) == checkout)
    app.text_input(key="journeys_touchpoint_name").set_value("Web checkout").run()
    app.checkbox(key="journeys_touchpoint_rename_confirm").check().run()
    app.button(key="journeys_touchpoint_save").click().run()
    assert flash(app) == (
        f"Renamed touchpoint 'Online checkout' to 'Web checkout' ({count:,} responses stay "
        "attached)."
    )
    app.selectbox(key="journeys_touchpoint").select("Order › Web checkout").run()
    assert app.checkbox(key="journeys_touchpoint_delete_confirm").label.endswith(
        f"and its {count:,} responses"
    )
    app.checkbox(key="journeys_touchpoint_delete_confirm").check().run()
    app.button(key="journeys_touchpoint_delete").click().run()
    assert flash(app) == f"Deleted touchpoint 'Web checkout' with {count:,} responses."
    assert count_rows(database, Response, col(Response.touchpoint_id) == checkout) == 0
    points = touchpoint_table(engine=database, journey_id=first_purchase)
    assert "Web checkout" not in set(points["touchpoint"])


def test_rename_the_sidebar_journey_updates_the_url(database: Engine) -> None:
    app = open_page(JOURNEYS, journey="Support case")
    assert app.selectbox(key="journeys_journey").value == "Support case"
    app.text_input(key="journeys_journey_name").set_value("Support request").run()
    app.checkbox(key="journeys_journey_rename_confirm").check().run()
    app.text_area(key="journeys_journey_description").set_value("Any request for help")
    app.button(key="journeys_journey_save").click().run()
    assert flash(app).startswith("Renamed journey 'Support case' to 'Support request' (")
    assert app.query_params["journey"] == "Support request"
    assert app.selectbox(key="filter_journey").value == "Support request"
    table = journey_table(engine=database).set_index("name")
    assert table.loc["Support request", "description"] == "Any request for help"


def test_create_then_delete_a_journey(database: Engine) -> None:
    app = open_page(JOURNEYS)
    app.text_input(key="journeys_new_journey_name").set_value("Moving house")
    app.button(key="journeys_add_journey").click().run()
    assert flash(app) == "Created journey 'Moving house': add its stages."
    assert app.selectbox(key="journeys_journey").value == "Moving house"
    assert app.selectbox(key="filter_journey").value == "Moving house"
    assert any("no stages yet" in i.value for i in app.info)

    app.checkbox(key="journeys_journey_delete_confirm").check().run()
    app.button(key="journeys_journey_delete").click().run()
    assert flash(app) == "Deleted journey 'Moving house' with 0 responses."
    assert "Moving house" not in set(journey_table(engine=database)["name"])


def test_delete_a_journey_with_responses(database: Engine) -> None:
    count = count_rows(
        database, Response, col(Response.journey_id) == journey_id(database, "Support case")
    )
    app = open_page(JOURNEYS, journey="Support case")
    confirm = app.checkbox(key="journeys_journey_delete_confirm")
    assert shown(confirm.label) == f"Yes, delete journey ‘Support case’ and its {count:,} responses"
    confirm.check().run()
    app.button(key="journeys_journey_delete").click().run()
    assert flash(app) == f"Deleted journey 'Support case' with {count:,} responses from 3 imports."
    assert app.selectbox(key="filter_journey").value == "First purchase"


def test_future_state_targets(database: Engine) -> None:
    app = open_page(JOURNEYS)
    assert app.number_input(key="journeys_target_emotion_6").value == pytest.approx(0.2)
    app.number_input(key="journeys_target_emotion_6").set_value(0.35)
    app.number_input(key="journeys_target_share_6").set_value(75.0)
    app.button(key="journeys_targets_save").click().run()
    assert flash(app) == "Saved the targets of 'First purchase (future state)'."
    future = stage_table(
        engine=database, journey_id=journey_id(database, "First purchase (future state)")
    )
    last = future.iloc[6]
    assert (last["target_emotion"], last["target_meets_or_exceeds"]) == (0.35, 0.75)


def test_create_a_future_state_for_another_journey(database: Engine) -> None:
    app = open_page(JOURNEYS, journey="Support case")
    assert app.text_input(key="journeys_future_name").value == "Support case (future state)"
    app.button(key="journeys_future_create").click().run()
    assert flash(app) == (
        "Created 'Support case (future state)', the future state of 'Support case': set its "
        "targets."
    )
    assert stages(database, "Support case (future state)") == stages(database, "Support case")
    assert app.number_input(key="journeys_target_emotion_0").value is None


def test_edit_a_future_state_journey_itself(database: Engine) -> None:
    app = open_page(JOURNEYS)
    app.selectbox(key="journeys_journey").select("First purchase (future state)").run()
    assert_ok(app)
    table = app.dataframe[0].value
    assert set(table["Evidence"]) == {"assumption"}
    assert app.selectbox(key="journeys_future_current").value == journey_id(
        database, "First purchase"
    )
    app.text_input(key="journeys_new_stage_name").set_value("Loyalty reward")
    app.button(key="journeys_add_stage").click().run()
    assert flash(app) == "Added stage 'Loyalty reward' to 'First purchase (future state)'."
    assert app.selectbox(key="journeys_journey").value == "First purchase (future state)"
    assert stages(database, "First purchase (future state)")[-1] == "Loyalty reward"


def test_definitions_upload_shows_errors_and_imports(database: Engine) -> None:
    app = open_page(JOURNEYS)
    download = app.get("download_button")[0]
    assert download.proto.label == "Download the definitions (YAML)"  # type: ignore[attr-defined]
    uploader = app.get("file_uploader")[0]
    uploader.upload("broken.yaml", b"journeys: [unclosed", "application/x-yaml")  # type: ignore[attr-defined]
    app.run()
    app.button(key="journeys_definitions_import").click().run()
    assert errors(app) == [
        "broken.yaml, line 1, column 20: not valid YAML (expected ',' or ']', but got "
        "'<stream end>')"
    ]
    text = export_definitions(engine=database).replace(
        "- name: Discover", "- name: Dream\n  - name: Discover", 1
    )
    uploader = app.get("file_uploader")[0]
    uploader.upload("defs.yaml", text.encode("utf-8"), "application/x-yaml")  # type: ignore[attr-defined]
    app.run()
    app.button(key="journeys_definitions_import").click().run()
    assert flash(app) == (
        "defs.yaml: 4 personas and 4 journeys imported (created or updated; nothing deleted)."
    )
    assert stages(database)[:2] == ["Dream", "Discover"]
