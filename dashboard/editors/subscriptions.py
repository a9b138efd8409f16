"""The Subscriptions page's parts: the reports sent by e-mail, subscribing, changing one."""

import pandas as pd
import streamlit as st

from dashboard.access import signed_in_email
from dashboard.editors.common import attempt, choose_row, delete_button, engine, seeded
from dashboard.panels import show_table
from dashboard.view import View
from journey.catalog.subscriptions import (
    FILE_NAMES,
    WEEKDAYS,
    add_subscription,
    delete_subscription,
    subscription_table,
    update_subscription,
)
from journey.config.settings import load_settings
from journey.formatting import markdown_text
from journey.store.models import FREQUENCIES, REPORT_FILES

MONTH_DAYS = list(range(1, 32))


def day_label(frequency: str, day: int) -> str:
    if frequency == "weekly":
        return WEEKDAYS[day]
    return "the last day" if day == 31 else f"day {day}"


def subscription_list() -> pd.DataFrame:
    """Every report sent by e-mail, with its schedule and when it last went out."""
    table = subscription_table(engine=engine())
    if table.empty:
        st.info("No report is sent by e-mail yet: subscribe someone below.")
        return table
    shown = pd.DataFrame(
        {
            "Journey": table["journey"],
            "Filters": table["filters_text"],
            "File": table["format"].map(FILE_NAMES),
            "To": table["recipients"].map(", ".join),
            "When": table["schedule"],
            "Last sent": table["last_sent"],
            "Made by": table["created_by"],
        }
    )
    show_table(shown, key="subscriptions_table")
    return table


def mail_server_note() -> None:
    """Say whether reports can go out from this server, and how they are sent."""
    smtp = load_settings().smtp
    if smtp is None:
        st.warning(
            "No mail server is set, so nothing can be sent yet: add `[smtp]` to the settings "
            "file (see the README, *Reports by e-mail*)."
        )
    else:
        st.caption(
            f"Reports go out through {markdown_text(smtp.host)} from "
            f"{markdown_text(smtp.sender)} when `python -m journey send-due` runs (hourly, "
            "from cron or a systemd timer): each on its day, once."
        )


def _schedule_inputs(
    prefix: str, owner: object, defaults: tuple[str, str, str, int]
) -> tuple[str, str, str, int]:
    form, recipients, frequency, day = defaults
    keys = {
        field: seeded(f"{prefix}_{field}", value, owner)
        for field, value in (
            ("format", form), ("recipients", recipients), ("frequency", frequency), ("day", day),
        )
    }  # fmt: skip
    chosen_form = st.selectbox(
        "Send as", list(REPORT_FILES), format_func=FILE_NAMES.__getitem__, key=keys["format"]
    )
    text = st.text_area(
        "To (e-mail addresses, separated by commas or lines)", key=keys["recipients"]
    )
    left, right = st.columns(2)
    chosen_frequency = left.radio(
        "How often", list(FREQUENCIES), key=keys["frequency"], horizontal=True,
        format_func=str.capitalize,
    )  # fmt: skip
    days = list(range(7)) if chosen_frequency == "weekly" else MONTH_DAYS
    if st.session_state.get(keys["day"]) not in days:
        st.session_state[keys["day"]] = days[0]
    chosen_day = right.selectbox(
        "On", days, key=keys["day"], format_func=lambda d: day_label(chosen_frequency, d)
    )
    return chosen_form, text, chosen_frequency, int(chosen_day)


def add_subscription_form(view: View) -> None:
    st.markdown("**Send this view by e-mail**")
    st.caption(
        f"The report of {markdown_text(view.journey)} under the sidebar's filters "
        f"({markdown_text(view.filters.describe())}), made fresh from the data each time."
    )
    form, text, frequency, day = _schedule_inputs(
        "subscriptions_new", "new", ("pdf", "", "weekly", 0)
    )
    if st.button("Subscribe", key="subscriptions_add", type="primary"):
        attempt(
            lambda: _added(view, form, text, frequency, day),
            reset=["subscriptions_new_recipients"],
        )


def _added(view: View, form: str, text: str, frequency: str, day: int) -> str:
    add_subscription(
        engine=engine(),
        journey_id=view.journey_id,
        filters=view.filters,
        form=form,
        recipients=text,
        frequency=frequency,
        day=day,
        created_by=signed_in_email() or "",
    )
    when = day_label(frequency, day)
    return f"Subscribed: {FILE_NAMES[form]} of {view.journey}, {frequency} on {when}."


def edit_subscription_form(view: View, table: pd.DataFrame) -> None:
    if table.empty:
        return
    st.markdown("**Change a subscription**")
    chosen_id, row = choose_row(
        "Subscription",
        table,
        "subscription_id",
        key="subscriptions_chosen",
        name=lambda r: (
            f"{r.journey}: {FILE_NAMES[r.format]} {r.schedule}, to {', '.join(r.recipients)}"
        ),
    )
    owner = (chosen_id, view.rev)
    form, text, frequency, day = _schedule_inputs(
        "subscriptions", owner, (row.format, ", ".join(row.recipients), row.frequency, row.day)
    )
    st.caption(f"Filters (fixed when it was made): {markdown_text(row.filters_text)}")
    if st.button("Save subscription", key="subscriptions_save"):
        attempt(
            lambda: update_subscription(
                engine=engine(),
                subscription_id=chosen_id,
                form=form,
                recipients=text,
                frequency=frequency,
                day=day,
            )
        )
    delete_button(
        "Yes, stop sending this report",
        "Delete subscription",
        key="subscriptions_delete",
        owner=owner,
        edit=lambda: delete_subscription(engine=engine(), subscription_id=chosen_id),
    )
