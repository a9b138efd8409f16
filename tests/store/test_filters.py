"""Filters beyond persona and wave: dates, channels and respondent attributes, on both engines."""

import io
from datetime import date

from sqlalchemy.engine import Engine

from journey.analysis.kpis import stage_kpis
from journey.ingest.importer import import_responses
from journey.store.filters import Filters
from journey.store.queries import attribute_values, channel_names

ROWS = b"""respondent_id,persona,stage,touchpoint,channel,emotion,responded_at,region,plan
r1,Family,Booking,Website,,5,2026-01-10,North,Gold
r2,Family,Booking,App,,1,2026-02-10,South,Gold
r3,Family,Booking,,phone,3,2026-03-10,North,Basic
r4,Family,Booking,,,4,,East,
"""


def n_booking(engine: Engine, filters: Filters) -> int:
    return int(stage_kpis(engine=engine, journey_id=1, filters=filters, min_n=1).iloc[0]["n"])


def test_dates_channels_and_attributes_filter_the_figures(air_travel: Engine) -> None:
    import_responses(
        engine=air_travel, stream=io.BytesIO(ROWS), file_name="w.csv", journey_name="Air travel"
    )
    assert channel_names(engine=air_travel, journey_id=1) == ["app", "phone", "web"]
    assert attribute_values(engine=air_travel, journey_id=1) == {"plan": ["Basic", "Gold"],
                                               "region": ["East", "North", "South"]}  # fmt: skip
    assert n_booking(air_travel, Filters()) == 4
    assert n_booking(air_travel, Filters(date_from=date(2026, 2, 1))) == 2
    assert (
        n_booking(air_travel, Filters(date_from=date(2026, 2, 1), date_to=date(2026, 2, 28))) == 1
    )
    assert n_booking(air_travel, Filters(channels=("web", "phone"))) == 2
    assert n_booking(air_travel, Filters(attributes=(("region", "North"),))) == 2
    north_or_east = Filters(attributes=(("region", "North"), ("region", "East")))
    assert n_booking(air_travel, north_or_east) == 3
    north_gold = Filters(attributes=(("region", "North"), ("plan", "Gold")))
    assert n_booking(air_travel, north_gold) == 1


def test_the_filters_describe_themselves() -> None:
    filters = Filters(personas=("A",), date_from=date(2026, 1, 1), channels=("web",),
                      attributes=(("region", "North"), ("region", "East")))  # fmt: skip
    assert filters.describe() == (
        "personas: A; all waves; responses from 2026-01-01 to …; channels: web; region: North, East"
    )
