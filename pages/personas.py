"""Personas: who the journeys are about, what they want and what hurts, and how many
respondents each has."""

import streamlit as st

from dashboard import editing
from dashboard.access import require_write_access
from dashboard.frame import page_frame

view = page_frame("Personas", "👥")
require_write_access()
editing.flash()
personas = editing.persona_list(view)
st.caption(
    "Imports match personas by name (ignoring case) and create the ones they do not know. "
    "A renamed persona keeps its responses; later files must use the new name."
)
left, right = st.columns(2, gap="large")
with left:
    editing.add_persona()
with right:
    editing.edit_persona(view, personas)
