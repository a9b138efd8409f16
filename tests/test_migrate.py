"""Upgrading an existing database: missing columns and indexes added, older imports caught up."""

import io

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from journey.ingest.importer import import_responses
from journey.store.db import create_schema
from journey.store.queries import attribute_values, channel_names, date_bounds

ROWS = (
    "respondent_id,persona,stage,touchpoint,emotion,responded_at,region\n"
    "r1,Family,Booking,Website,4,2026-03-01,North\n"
    "r2,Family,Booking,App,2,2026-03-09,South\n"
)


def test_an_older_database_is_upgraded_in_place(air_travel: Engine) -> None:
    import_responses(
        engine=air_travel,
        stream=io.BytesIO(ROWS.encode()),
        file_name="w.csv",
        journey_name="Air travel",
    )
    with air_travel.begin() as connection:  # what a database of the previous version lacks
        for column in ("first_response", "last_response", "channels", "attribute_values"):
            connection.execute(text(f"ALTER TABLE survey_import DROP COLUMN {column}"))
        connection.execute(text("DROP INDEX uq_response_key"))
    assert "channels" not in {c["name"] for c in inspect(air_travel).get_columns("survey_import")}

    create_schema(air_travel)
    create_schema(air_travel)  # safe to repeat
    assert channel_names(engine=air_travel, journey_id=1) == ["app", "web"]
    assert attribute_values(engine=air_travel, journey_id=1) == {"region": ["North", "South"]}
    assert [str(day) for day in date_bounds(engine=air_travel, journey_id=1)] == [
        "2026-03-01",
        "2026-03-09",
    ]
    again = import_responses(
        engine=air_travel,
        stream=io.BytesIO(ROWS.replace("4,", "5,").encode()),
        file_name="w2.csv",
        journey_name="Air travel",
        wave="w",
    )
    assert again.rows_rejected == 2  # the unique key is back: duplicates are caught
