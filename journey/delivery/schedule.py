"""When a subscription's report is due: the latest scheduled day, once per period.

A period is a week (Monday to Sunday) or a calendar month. Its scheduled day is the chosen
weekday, or the chosen day of the month (the month's last day where it is shorter). Days are
UTC days. A run at any time on or after the scheduled day finds the report due until it has
been sent for that day; a missed run is caught up by the next one, and a run after several
missed periods sends the latest period's report once, not one per period.
"""

import calendar
from datetime import date, timedelta


def scheduled_day(frequency: str, day: int, today: date) -> date:
    """The latest scheduled day on or before `today`."""
    if frequency == "weekly":
        return today - timedelta(days=(today.weekday() - day) % 7)
    this_month = _day_in_month(today.year, today.month, day)
    if this_month <= today:
        return this_month
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return _day_in_month(year, month, day)


def _day_in_month(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def due_day(frequency: str, day: int, *, today: date, since: date) -> date | None:
    """The scheduled day a report is owed for today, or None before the first one.

    `since` is the day the subscription was made: no report is owed for a day before it.
    """
    found = scheduled_day(frequency, day, today)
    return found if found >= since else None
