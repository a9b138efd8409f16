"""Notes: insights, pain points, opportunities and comments on a journey and its stages,
shown in the journey map's notes lane and in the stakeholder report."""

import streamlit as st

from dashboard import editing
from dashboard.access import require_write_access
from dashboard.frame import page_frame

view = page_frame("Notes", "📝")
require_write_access()
editing.flash()
journey = editing.choose_journey(view, key="notes_journey", label="Journey")
notes = editing.note_list(view, journey)
left, right = st.columns(2, gap="large")
with left:
    editing.add_note(view, journey)
with right:
    editing.edit_note(view, journey, notes)
