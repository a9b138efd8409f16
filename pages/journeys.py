"""Journeys: stages (with the evidence behind each), touchpoints, the journey, its future
state, and the definitions file — edited here rather than only by YAML."""

import streamlit as st

from dashboard import editing, journey_editing
from dashboard.access import require_write_access
from dashboard.frame import page_frame

editing.first_journey()  # an empty database: page_frame would stop before anything else
view = page_frame("Journeys", "🧩")
require_write_access()
editing.flash()
journey = editing.choose_journey(view, key="journeys_journey")

stages_tab, touchpoints_tab, journey_tab, future_tab, definitions_tab = st.tabs(
    ["Stages", "Touchpoints", "Journey", "Future state", "Definitions (YAML)"]
)
with stages_tab:
    st.caption(
        "Each stage with the data behind it: *measured* by survey responses (how many, from "
        "which waves, dates and files) or still an *assumption* (no responses yet)."
    )
    journey_editing.stage_table(view, journey)
    journey_editing.add_stage(view, journey)
    journey_editing.edit_stage(view, journey)
with touchpoints_tab:
    journey_editing.touchpoints(view, journey)
with journey_tab:
    journey_editing.journey_settings(view, journey)
with future_tab:
    journey_editing.future_state(view, journey)
with definitions_tab:
    editing.definitions(view)
