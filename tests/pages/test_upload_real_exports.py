"""The upload page with exports as new users bring them (issue 13): no crash, right guesses,
every open decision at once, touchpoints from the mapping, a message that stays."""

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col
from streamlit.testing.v1 import AppTest

from journey.catalog.definitions import import_definitions
from journey.store.models import Stage, Touchpoint
from tests import exports
from tests.conftest import shown
from tests.pages.apptest import assert_ok
from tests.pages.test_upload_page import qualtrics
from tests.paths import APP

UPLOAD = "pages/upload.py"


def open_upload(journey: str = "First purchase") -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["journey"] = journey
    app.run()
    app.switch_page(UPLOAD).run()
    assert_ok(app)
    return app


def upload(app: AppTest, name: str, data: bytes, wave: str = "W1") -> AppTest:
    app.file_uploader(key="upload_file").upload(name, data, "text/csv").run()
    app.text_input(key="upload_wave").set_value(wave).run()
    assert_ok(app)
    return app


def metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def warnings(app: AppTest) -> list[str]:
    return [shown(w.value) for w in app.warning]


def incomplete(app: AppTest) -> list[str]:
    return [w for w in warnings(app) if w.startswith("The mapping is not complete")]


def check_and_import(app: AppTest) -> str:
    """Check, import, and return the message the import leaves."""
    app.button(key="upload_check").click().run()
    assert_ok(app)
    app.button(key="upload_commit").click().run()
    assert_ok(app)
    return shown(app.success[0].value)


def edit_plan(app: AppTest, rows: dict[int, dict[str, object]]) -> AppTest:
    """Edit cells of the mapping table, as a person would in the browser."""
    [key] = [k for k in app.session_state.keys() if k.startswith("upload_plan_")]
    app.session_state[key] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}
    app.run()
    assert_ok(app)
    return app


@pytest.fixture
def airline(database: Engine) -> Engine:
    import_definitions(engine=database, text=exports.AIRLINE_DEFINITIONS)
    return database


def test_a_blank_first_header_cell_neither_crashes_nor_breaks_the_check(database: Engine) -> None:
    """Items 1 and 2: pandas' index column, left at its suggested role, then Check."""
    app = upload(open_upload(), "pandas.csv", exports.pandas_index_export())
    assert incomplete(app) == []
    assert "250 rows" in shown(app.success[0].value)
    assert "Imported" not in warnings(app)
    summary = check_and_import(app)
    assert "responses read 1,750, kept 1,750, rejected 0" in summary


def test_surveymonkey_without_collector_id_imports_from_the_suggestions(database: Engine) -> None:
    """Item 4."""
    app = upload(open_upload(), "surveymonkey.csv", exports.surveymonkey_export())
    assert "wide SurveyMonkey export" in shown(app.success[0].value)
    assert incomplete(app) == []
    summary = check_and_import(app)
    assert "responses read 1,050, kept 1,050, rejected 0; outcomes kept 150" in summary


def test_google_forms_timestamps_with_an_offset_are_read(database: Engine) -> None:
    """Item 3: no response is rejected for its date, and none is left without one."""
    app = upload(open_upload(), "forms.csv", exports.google_forms_export())
    assert incomplete(app) == []
    app.button(key="upload_check").click().run()
    assert metrics(app)["Rejected"] == "0"
    assert not [w for w in warnings(app) if "could not be read" in w]
    bad = exports.google_forms_export().replace(b"2023/06/04 8:41:19 PM GMT+5:30", b"soon")
    app = upload(open_upload(), "forms-bad.csv", bad, wave="W2")
    app.button(key="upload_check").click().run()
    assert metrics(app)["Rejected"] == "0"
    assert "1 row has a date that could not be read (line 3: 'soon')" in " ".join(warnings(app))


def test_a_rare_answer_late_in_the_file_is_in_the_table_of_answers(database: Engine) -> None:
    """Item 6: the answers come from every row, each with the line it first appears on."""
    app = upload(open_upload(), "delivery.csv", exports.delivery_export())
    answers = next(d.value for d in app.dataframe if "Answer" in d.value.columns)
    rare = answers[answers["Answer"] == "Very unfavorably"].to_dict("records")
    assert rare == [{"Answer": "Very unfavorably", "Number": 1.0, "First seen on line": 308}]


def test_every_open_decision_is_listed_at_once_and_ignored_in_one_click(airline: Engine) -> None:
    """Item 7: one list of every column that needs a decision, and a bulk action."""
    app = upload(open_upload("Air travel"), "airline.csv", exports.airline_export())
    [listed] = incomplete(app)
    assert listed.startswith("The mapping is not complete: 12 columns still need a decision.")
    for column in ("Inflight wifi service", "Gate location", "Cleanliness", "On-board service"):
        assert f"'{column}'" in listed
    assert app.button(key="upload_check").disabled
    app.button(key="upload_ignore_undecided").click().run()
    assert_ok(app)
    assert incomplete(app) == []
    assert not app.button(key="upload_check").disabled


def touchpoints(engine: Engine) -> list[tuple[str, str]]:
    with Session(engine) as session:
        rows = session.execute(
            select(Stage.name, Touchpoint.name)
            .join(Stage, col(Stage.id) == col(Touchpoint.stage_id))
            .where(col(Stage.name) == "Flight")
            .order_by(col(Touchpoint.id))
        ).all()
    return [(stage, name) for stage, name in rows]


def test_two_ratings_on_one_stage_get_touchpoints_made_in_the_mapping(airline: Engine) -> None:
    """Item 8: select the three 'Inflight…' columns, put them on Flight, take the offer."""
    app = upload(open_upload("Air travel"), "airline.csv", exports.airline_export())
    inflight = [exports.AIRLINE_HEADER.index(name) for name in exports.AIRLINE_RATINGS
                if name.startswith("Inflight")]  # fmt: skip
    edit_plan(app, {row: {"Select": True} for row in inflight})
    app.selectbox(key="upload_bulk_stage").select("Flight").run()
    app.button(key="upload_bulk_stage_apply").click().run()
    assert_ok(app)
    [listed] = incomplete(app)
    assert "rate the same stage 'Flight'" in listed
    offers = next(d.value for d in app.dataframe if "New touchpoint" in d.value.columns)
    assert offers["New touchpoint"].tolist()[:3] == [
        "Inflight wifi service", "Inflight entertainment", "Inflight service",
    ]  # fmt: skip
    app.button(key="upload_create_touchpoints").click().run()
    assert_ok(app)
    assert not any("rate the same stage 'Flight'" in w for w in incomplete(app))
    app.button(key="upload_ignore_undecided").click().run()
    app.button(key="upload_check").click().run()
    assert "Flight › Inflight wifi service" in " ".join(shown(c.value) for c in app.caption)
    assert touchpoints(airline) == []  # the check created nothing
    app.button(key="upload_commit").click().run()
    assert "new touchpoints: Flight › Inflight wifi service" in shown(app.success[0].value)
    assert touchpoints(airline) == [
        ("Flight", "Inflight wifi service"),
        ("Flight", "Inflight entertainment"),
        ("Flight", "Inflight service"),
    ]


def test_the_message_of_an_import_stays_through_reruns(database: Engine) -> None:
    """Item 9: an edited mapping redraws its table after the import, which reruns the page."""
    app = upload(open_upload(), "qualtrics.csv", qualtrics())
    edit_plan(app, {0: {"Role": "ignore"}})  # the edited mapping: StartDate is not kept
    summary = check_and_import(app)
    assert "kept 121, rejected 2" in summary
    for _ in range(3):
        app.run()
        assert_ok(app)
        assert "kept 121, rejected 2" in shown(app.success[0].value)
    app.button(key="upload_check").click().run()  # the next action replaces it
    assert "already imported" in shown(app.info[0].value)
    assert not [s for s in app.success if "kept 121" in shown(s.value)]


def test_the_formats_are_documented_on_the_page(database: Engine) -> None:
    """Item 11: the formats are in the project, and the page shows them."""
    app = open_upload()
    [formats] = [e for e in app.expander if "docs/formats.md" in e.label]
    text = " ".join(m.value for m in formats.markdown)
    assert "## The long format" in text and "new_touchpoints" in text
    assert (Path(__file__).parents[2] / "docs" / "formats.md").exists()


def test_a_scale_is_set_for_every_selected_column_at_once(airline: Engine) -> None:
    """Item 7's other bulk action: "set scale 1:5 for all selected"."""
    app = upload(open_upload("Air travel"), "airline.csv", exports.airline_export())
    rows = [exports.AIRLINE_HEADER.index(name) for name in ("Gate location", "Cleanliness")]
    edit_plan(app, {row: {"Select": True} for row in rows})
    app.text_input(key="upload_bulk_scale").set_value("0:5").run()
    app.button(key="upload_bulk_scale_apply").click().run()
    assert_ok(app)
    table = next(d.value for d in app.dataframe if "Role" in d.value.columns)
    scales = dict(zip(table["Column"], table["Scale"], strict=True))
    assert (scales["Gate location"], scales["Cleanliness"], scales["Seat comfort"]) == (
        "0:5", "0:5", "1:5",
    )  # fmt: skip
    assert not table["Select"].any()  # a fresh table: nothing selected any more
    app.text_input(key="upload_bulk_scale").set_value("1 to 5").run()
    edit_plan(app, {rows[0]: {"Select": True}})
    app.button(key="upload_bulk_scale_apply").click().run()
    assert "scale '1 to 5' is not MIN:MAX (e.g. 1:5)" in [shown(e.value) for e in app.error]
