"""Notes: insights, pain points, opportunities and comments on a journey and its stages,
shown in the journey map's notes lane and in the stakeholder report."""

import streamlit as st

from dashboard.access import require_write_access
from dashboard.editors.common import choose_journey, flash
from dashboard.editors.notes import add_note_form, edit_note_form, note_list
from dashboard.frame import page_frame

view = page_frame("Notes", "📝")
require_write_access()
flash()
journey = choose_journey(view, key="notes_journey", label="Journey")
notes = note_list(view, journey)

left, right = st.columns(2, gap="large")
with left:
    add_note_form(view, journey)
with right:
    edit_note_form(view, journey, notes)
