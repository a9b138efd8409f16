"""Journey map: the classic map as one picture, from the survey data."""

import streamlit as st

from dashboard import data
from dashboard.frame import page_frame
from dashboard.panels import chart_panel, touchpoint_drilldown
from journey.analysis.significance import describe_steps, stage_steps
from journey.formatting import markdown_text
from journey.render import tables
from journey.render.curves import curve_caption
from journey.render.journey_map import journey_map

view = page_frame("Journey map", "🗺️")
kpis = view.kpis()
notes = view.notes()
chart_panel(
    journey_map(view.stages(), view.touchpoints(), kpis, notes),
    tables.stage_figures(kpis),
    caption=f"{curve_caption(kpis)} {describe_steps(stage_steps(kpis))}",
    view=view,
    what="journey-map",
)
journey_notes = notes[notes["stage"].isna()]
if len(journey_notes):
    st.subheader("Notes on the whole journey")
    for note in data.records(journey_notes):
        st.markdown(f"**{str(note.kind).capitalize()}** — {markdown_text(note.author)}")
        st.text(note.text)

st.subheader("A stage's touchpoints")
touchpoint_drilldown(view, key="map")
