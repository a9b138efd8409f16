"""Subscriptions: reports that arrive by e-mail, weekly or monthly, without opening the app."""

import streamlit as st

from dashboard.access import require_write_access
from dashboard.editors.common import flash
from dashboard.editors.subscriptions import (
    add_subscription_form,
    edit_subscription_form,
    mail_server_note,
    subscription_list,
)
from dashboard.frame import page_frame

view = page_frame("Reports by e-mail", "📬")
require_write_access()
flash()
mail_server_note()
table = subscription_list()
left, right = st.columns(2, gap="large")
with left:
    add_subscription_form(view)
with right:
    edit_subscription_form(view, table)
