"""Personas: who the journeys are about, what they want and what hurts, and how many
respondents each has."""

import streamlit as st

from dashboard.access import require_write_access
from dashboard.editors.common import flash
from dashboard.editors.personas import add_persona_form, edit_persona_form, persona_list
from dashboard.frame import page_frame

view = page_frame("Personas", "👥")
require_write_access()
flash()
personas = persona_list(view)
st.caption(
    "Imports match personas by name (ignoring case) and create the ones they do not know. "
    "A renamed persona keeps its responses; later files must use the new name."
)

left, right = st.columns(2, gap="large")
with left:
    add_persona_form()
with right:
    edit_persona_form(view, personas)
