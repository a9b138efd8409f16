"""Response dates as survey tools write them; an unreadable one never rejects a response
(issue 13, item 3)."""

import io
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from journey.ingest.dates import parse_date, reads_day_first
from journey.ingest.importer import ImportReport, import_responses
from journey.ingest.mapping import load_mapping
from journey.store.models import Response
from tests.exports import google_forms_timestamp

JUNE_4 = date(2023, 6, 4)


@pytest.mark.parametrize(
    "text",
    [
        "2023/06/04 1:28:19 PM GMT+5:30",  # Google Forms, Indian locale
        "2023/06/04 1:28:19 pm GMT-4",
        "2023/06/04 11:58:19 PM GMT+5:30",  # the local date, though it was 18:28 UTC
        "6/4/2023 13:28:19",  # Google Forms, US locale
        "2023-06-04 13:28:19",  # Qualtrics
        "06/04/2023 01:28:19 PM",  # SurveyMonkey
        "6/4/2023 1:28:19 PM",
        "2023-06-04T13:28:19.000Z",  # Typeform
        "2023-06-04 13:28:19 UTC",
        "2023-06-04 13:28:19 (UTC)",
        "2023-06-04 13:28:19+05:30",
        "2023-06-04T23:30:00-08:00",  # the local date: already 5 June in UTC
        "4-Jun-23 1:28 PM",  # Excel
        "04-Jun-2023 13:28",
        "04.06.2023 13:28",
        "June 4, 2023",
        "Jun 4 2023",
        "Sunday, June 4, 2023 1:28 PM",
        "4 June 2023 13:28",
        "45081",  # an Excel day number
        "45081.5604",
        "2023-06-04",
        "  2023-06-04   13:28  ",
    ],
)
def test_dates_as_tools_write_them_are_the_respondents_local_date(text: str) -> None:
    assert parse_date(text) == JUNE_4


@pytest.mark.parametrize(
    "text", ["31/31/2026", "yesterday", "2023-06-04 25:00", "2023-13-01", "12345", "4/6", ""]
)
def test_what_is_not_a_date_says_so(text: str) -> None:
    with pytest.raises(ValueError, match="not a date"):
        parse_date(text)


def test_slashed_dates_are_month_first_unless_they_cannot_be() -> None:
    assert parse_date("04/06/2023") == date(2023, 4, 6)
    assert parse_date("31/01/2024 09:00") == date(2024, 1, 31)
    assert parse_date("04/06/2023", day_first=True) == JUNE_4
    assert reads_day_first(["04/06/2023", "31/01/2024"])
    assert not reads_day_first(["04/06/2023", "01/31/2024"])
    assert not reads_day_first(["2023-06-04"])


def test_the_google_forms_fixture_writes_what_google_forms_writes() -> None:
    from datetime import datetime

    assert google_forms_timestamp(datetime(2023, 6, 4, 13, 28, 19)) == (
        "2023/06/04 1:28:19 PM GMT+5:30"
    )


WIDE = (
    "ResponseId,StartDate,Booking\n"
    "R1,2023/06/04 1:28:19 PM GMT+5:30,4\n"
    "R2,soon,5\n"  # line 3: not a date
    "R3,,3\n"
    "R4,31/31/2026,2\n"  # line 5: not a date
)
MAPPING = """
respondent_id: ResponseId
responded_at: StartDate
ratings: [{column: Booking, stage: Booking, scale: "1:5"}]
"""


def test_an_unreadable_date_keeps_its_responses_and_the_check_counts_it(
    air_travel: Engine,
) -> None:
    def run(dry_run: bool) -> ImportReport:
        return import_responses(
            engine=air_travel,
            stream=io.BytesIO(WIDE.encode()),
            file_name="w.csv",
            journey_name="Air travel",
            mapping=load_mapping(MAPPING),
            dry_run=dry_run,
        )

    check = run(True)
    assert (check.rows_read, check.rows_kept, check.rows_rejected) == (4, 4, 0)
    assert check.dates_unread == 2
    assert check.unread_dates_text() == (
        "2 rows have a date that could not be read (line 3: 'soon', line 5: '31/31/2026'): "
        "their responses are kept, without a date"
    )
    report = run(False)
    assert "2 unreadable dates left empty" in report.summary()
    with Session(air_travel) as session:
        stored = session.execute(
            select(Response.respondent_id, Response.responded_at).order_by(Response.id)
        ).all()
    assert [(r, str(d) if d else None) for r, d in stored] == [
        ("R1", "2023-06-04"),
        ("R2", None),
        ("R3", None),
        ("R4", None),
    ]
