"""Subscriptions: checked before they are stored, listed with their schedule in words."""

from datetime import UTC, date, datetime

import pandas as pd
import pytest
from sqlalchemy.engine import Engine

from journey.catalog.rules import EditError
from journey.catalog.subscriptions import (
    add_subscription,
    delete_subscription,
    filters_document,
    filters_from,
    parse_recipients,
    subscription_table,
    update_subscription,
)
from journey.store.db import revision
from journey.store.filters import Filters
from tests.factories import journey_id

FILTERS = Filters(
    personas=("Family",),
    waves=("W1", "W2"),
    date_from=date(2026, 1, 1),
    date_to=None,
    channels=("web",),
    attributes=(("region", "North"), ("region", "South")),
)


def test_filters_survive_the_round_trip_through_json() -> None:
    assert filters_from(filters_document(FILTERS)) == FILTERS
    assert filters_from(None) == Filters()


@pytest.mark.parametrize(
    ("text", "addresses"),
    [
        ("ana@example.org", ["ana@example.org"]),
        ("ana@example.org, li@example.org;\nbo@example.co.uk",
         ["ana@example.org", "li@example.org", "bo@example.co.uk"]),
        ("ana@example.org ana@example.org", ["ana@example.org"]),
    ],
)  # fmt: skip
def test_recipients_are_read_from_a_list(text: str, addresses: list[str]) -> None:
    assert parse_recipients(text) == addresses


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "there is no e-mail address"), ("ana, li@example.org", "Not an e-mail address: ana")],
)
def test_recipients_that_are_not_addresses_are_refused(text: str, message: str) -> None:
    with pytest.raises(EditError, match=message):
        parse_recipients(text)


@pytest.mark.parametrize(
    ("form", "frequency", "day", "message"),
    [
        ("docx", "weekly", 0, "sent as pdf, html, pptx"),
        ("pdf", "daily", 0, "goes out weekly or monthly"),
        ("pdf", "weekly", 7, "a weekday, 0 \\(Monday\\) … 6 \\(Sunday\\)"),
        ("pdf", "monthly", 0, "1 … 31"),
    ],
)
def test_a_wrong_schedule_is_refused_and_nothing_stored(
    air_travel: Engine, form: str, frequency: str, day: int, message: str
) -> None:
    with pytest.raises(EditError, match=message):
        add_subscription(
            engine=air_travel, journey_id=journey_id(air_travel), filters=Filters(), form=form,
            recipients="ana@example.org", frequency=frequency, day=day,
        )  # fmt: skip
    assert subscription_table(engine=air_travel).empty


def test_add_change_list_and_delete(air_travel: Engine) -> None:
    before = revision(air_travel)
    made = add_subscription(
        engine=air_travel, journey_id=journey_id(air_travel), filters=FILTERS, form="pdf",
        recipients="ana@example.org", frequency="weekly", day=4, created_by="Kim",
        created_at=datetime(2026, 11, 23, tzinfo=UTC),
    )  # fmt: skip
    assert revision(air_travel) == before + 1
    table = subscription_table(engine=air_travel)
    row = table.iloc[0]
    assert (row["journey"], row["format"], row["recipients"], row["schedule"]) == (
        "Air travel", "pdf", ["ana@example.org"], "every Friday",
    )  # fmt: skip
    assert row["filters_text"] == FILTERS.describe()
    assert pd.isna(row["last_sent"])  # never sent yet

    result = update_subscription(
        engine=air_travel, subscription_id=made, form="pptx",
        recipients="ana@example.org, li@example.org", frequency="monthly", day=31,
    )  # fmt: skip
    assert result.summary == ("Saved: PowerPoint slides monthly, on the last day to 2 addresses.")
    row = subscription_table(engine=air_travel).iloc[0]
    assert (row["format"], row["schedule"]) == ("pptx", "monthly, on the last day")
    assert filters_from(row["filters"]) == FILTERS  # the view it was made from stays

    delete_subscription(engine=air_travel, subscription_id=made)
    assert subscription_table(engine=air_travel).empty
    with pytest.raises(EditError, match="no subscription #"):
        delete_subscription(engine=air_travel, subscription_id=made)
