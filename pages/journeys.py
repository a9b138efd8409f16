"""Journeys: stages (with the evidence behind each), touchpoints, the journey, its future
state, and the definitions file — edited here rather than only by YAML."""

import streamlit as st

from dashboard.access import require_write_access
from dashboard.editors import definitions, future_state, journeys, stages
from dashboard.editors.common import choose_journey, flash
from dashboard.editors.touchpoints import touchpoint_editor
from dashboard.frame import page_frame

journeys.first_journey()  # an empty database: page_frame would stop before anything else
view = page_frame("Journeys", "🧩")
require_write_access()
flash()
journey = choose_journey(view, key="journeys_journey")

stages_tab, touchpoints_tab, journey_tab, future_tab, definitions_tab = st.tabs(
    ["Stages", "Touchpoints", "Journey", "Future state", "Definitions (YAML)"]
)
with stages_tab:
    st.caption(
        "Each stage with the data behind it: *measured* by survey responses (how many, from "
        "which waves, dates and files) or still an *assumption* (no responses yet)."
    )
    stages.stage_table(view, journey)
    stages.add_stage_form(view, journey)
    stages.edit_stage_form(view, journey)
with touchpoints_tab:
    touchpoint_editor(view, journey)
with journey_tab:
    journeys.journey_settings(view, journey)
with future_tab:
    future_state.future_state_editor(view, journey)
with definitions_tab:
    definitions.definitions(view)
