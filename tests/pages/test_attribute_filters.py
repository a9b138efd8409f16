"""Respondent attributes filter through one "Add a filter" list, by their names as people read
them, instead of one list per column in the sidebar (issue 13, item 10)."""

import io

from sqlalchemy.engine import Engine

from dashboard.url_filters import attribute_label
from journey.ingest.importer import import_responses
from tests.pages.apptest import open_page

LONG = "respondent_id,persona,stage,emotion,Type_of_Travel,Flight.Class,age group\n" + "".join(
    f"t{i},Tech enthusiast,Order,{1 + i % 5},{('Business', 'Personal')[i % 2]},"
    f"{('Eco', 'Business')[i % 3 == 0]},{('18-24', '25-34', '35-44')[i % 3]}\n"
    for i in range(60)
)


def test_attribute_names_read_as_words() -> None:
    assert attribute_label("Type_of_Travel") == "Type of Travel"
    assert attribute_label("Flight.Class") == "Flight Class"
    assert attribute_label("region") == "Region"
    assert attribute_label("age  group") == "Age group"


def test_attributes_are_added_as_filters_one_at_a_time(database: Engine) -> None:
    import_responses(
        engine=database,
        stream=io.BytesIO(LONG.encode()),
        file_name="travel.csv",
        journey_name="First purchase",
    )
    app = open_page("app.py", journey="First purchase")
    assert [m.key for m in app.sidebar.multiselect if m.key.startswith("filter_attr_")] == []
    add = app.selectbox(key="filter_attr_add")
    assert add.options == ["Age group", "Flight Class", "Plan", "Region", "Type of Travel"]
    add.select("Type_of_Travel").run()
    travel = app.multiselect(key="filter_attr_Type_of_Travel")
    assert travel.label == "Type of Travel"
    travel.select("Business").run()
    assert app.query_params["attr"] in ("Type_of_Travel:Business", ["Type_of_Travel:Business"])
    assert app.selectbox(key="filter_attr_add").options == [
        "Age group", "Flight Class", "Plan", "Region",
    ]  # fmt: skip
    respondents = {m.label: m.value for m in app.metric}["Respondents"]
    assert respondents == "30"
