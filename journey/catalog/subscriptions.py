"""Reports by e-mail: who gets which journey's report, as what file, weekly or monthly.

A subscription keeps the filters of the view it was made from, so the report that arrives is
the one the analyst looked at. `python -m journey send-due` sends what is due
(journey.delivery).
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import col

from journey.catalog.rules import MAX_NAME, EditError, EditResult, get_row
from journey.formatting import plural
from journey.store.db import new_id, writing
from journey.store.filters import Filters
from journey.store.models import FREQUENCIES, REPORT_FILES, Delivery, Journey, Subscription

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
FILE_NAMES = {"pdf": "PDF", "html": "HTML (works offline)", "pptx": "PowerPoint slides"}
MAX_RECIPIENTS = 50
# One address: something@domain.tld, no spaces, no separators of a list.
_ADDRESS = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")
_SEPARATORS = re.compile(r"[,;\s]+")


def filters_document(filters: Filters) -> dict[str, Any]:
    """The filters as JSON data (dates as ISO text), as a subscription stores them."""
    return {
        "personas": list(filters.personas),
        "waves": list(filters.waves),
        "date_from": filters.date_from.isoformat() if filters.date_from else None,
        "date_to": filters.date_to.isoformat() if filters.date_to else None,
        "channels": list(filters.channels),
        "attributes": [list(pair) for pair in filters.attributes],
    }


def filters_from(document: dict[str, Any] | None) -> Filters:
    """The filters a subscription stored."""
    found = document or {}
    return Filters(
        personas=tuple(found.get("personas") or ()),
        waves=tuple(found.get("waves") or ()),
        date_from=date.fromisoformat(found["date_from"]) if found.get("date_from") else None,
        date_to=date.fromisoformat(found["date_to"]) if found.get("date_to") else None,
        channels=tuple(found.get("channels") or ()),
        attributes=tuple((str(a), str(b)) for a, b in found.get("attributes") or ()),
    )


def parse_recipients(text: str) -> list[str]:
    """E-mail addresses from text separated by commas, semicolons, spaces or lines."""
    addresses = list(dict.fromkeys(a for a in _SEPARATORS.split(str(text)) if a))
    if not addresses:
        raise EditError("Say who gets the report: there is no e-mail address.")
    wrong = [a for a in addresses if not _ADDRESS.match(a) or len(a) > MAX_NAME]
    if wrong:
        raise EditError(f"Not an e-mail address: {', '.join(wrong)}.")
    if len(addresses) > MAX_RECIPIENTS:
        raise EditError(f"A report goes to at most {MAX_RECIPIENTS} addresses.")
    return addresses


def describe_schedule(frequency: str, day: int) -> str:
    """`every Monday`, `monthly, on day 1` (`on the last day` for 31)."""
    if frequency == "weekly":
        return f"every {WEEKDAYS[day]}"
    return "monthly, on the last day" if day == 31 else f"monthly, on day {day}"


@dataclass(frozen=True)
class Schedule:
    """What a subscription sends and when: checked before anything is stored."""

    form: str
    recipients: list[str]
    frequency: str
    day: int

    @classmethod
    def checked(cls, *, form: str, recipients: str, frequency: str, day: int) -> "Schedule":
        if form not in REPORT_FILES:
            raise EditError(f"A report is sent as {', '.join(REPORT_FILES)}; not {form!r}.")
        if frequency not in FREQUENCIES:
            raise EditError(f"A report goes out {' or '.join(FREQUENCIES)}; not {frequency!r}.")
        days = range(7) if frequency == "weekly" else range(1, 32)
        if day not in days:
            what = "a weekday, 0 (Monday) … 6 (Sunday)" if frequency == "weekly" else "1 … 31"
            raise EditError(f"The day of a {frequency} report is {what}; not {day}.")
        return cls(form, parse_recipients(recipients), frequency, day)


def add_subscription(
    *,
    engine: Engine,
    journey_id: int,
    filters: Filters,
    form: str,
    recipients: str,
    frequency: str,
    day: int,
    created_by: str = "",
    created_at: datetime | None = None,
) -> int:
    """Send this journey's report under these filters on a schedule; return the id.

    Reports are owed from the day it is made on (that day included): never for a day before.
    """
    schedule = Schedule.checked(form=form, recipients=recipients, frequency=frequency, day=day)
    with writing(engine) as session:
        get_row(session, Journey, journey_id, "journey")
        subscription = Subscription(
            journey_id=journey_id,
            filters=filters_document(filters),
            format=schedule.form,
            recipients=schedule.recipients,
            frequency=schedule.frequency,
            day=schedule.day,
            created_at=created_at or datetime.now(UTC),
            created_by=str(created_by or "")[:MAX_NAME],
        )
        return new_id(session, subscription)


def update_subscription(
    *, engine: Engine, subscription_id: int, form: str, recipients: str, frequency: str, day: int
) -> EditResult:
    """Change what a subscription sends, to whom and when (its journey and filters stay)."""
    schedule = Schedule.checked(form=form, recipients=recipients, frequency=frequency, day=day)
    with writing(engine) as session:
        subscription = get_row(session, Subscription, subscription_id, "subscription")
        subscription.format = schedule.form
        subscription.recipients = schedule.recipients
        subscription.frequency = schedule.frequency
        subscription.day = schedule.day
        session.add(subscription)
    return EditResult(
        f"Saved: {FILE_NAMES[schedule.form]} {describe_schedule(schedule.frequency, schedule.day)}"
        f" to {plural(len(schedule.recipients), 'address', 'addresses')}."
    )


def delete_subscription(*, engine: Engine, subscription_id: int) -> EditResult:
    """Stop sending a report (what was sent stays in the mail boxes, not in the database)."""
    with writing(engine) as session:
        subscription = get_row(session, Subscription, subscription_id, "subscription")
        session.delete(subscription)
    return EditResult("Deleted the subscription: no more reports will be sent for it.")


def subscription_table(*, engine: Engine) -> pd.DataFrame:
    """Every subscription with its journey, schedule in words and last report sent."""
    last_sent = (
        select(
            col(Delivery.subscription_id).label("subscription_id"),
            func.max(Delivery.sent_at).label("last_sent"),
        )
        .group_by(col(Delivery.subscription_id))
        .subquery()
    )
    query = (
        select(
            col(Subscription.id),
            col(Subscription.journey_id),
            col(Journey.name),
            col(Subscription.filters),
            col(Subscription.format),
            col(Subscription.recipients),
            col(Subscription.frequency),
            col(Subscription.day),
            col(Subscription.created_by),
            last_sent.c.last_sent,
        )
        .join(Journey, col(Journey.id) == col(Subscription.journey_id))
        .outerjoin(last_sent, last_sent.c.subscription_id == col(Subscription.id))
        .order_by(col(Journey.name), col(Subscription.id))
    )
    columns = [
        "subscription_id", "journey_id", "journey", "filters", "format", "recipients",
        "frequency", "day", "created_by", "last_sent",
    ]  # fmt: skip
    with engine.connect() as connection:
        rows = [tuple(row) for row in connection.execute(query)]
    table = pd.DataFrame(rows, columns=columns)
    table["schedule"] = [
        describe_schedule(f, d) for f, d in zip(table["frequency"], table["day"], strict=True)
    ]
    table["filters_text"] = [filters_from(f).describe() for f in table["filters"]]
    return table
