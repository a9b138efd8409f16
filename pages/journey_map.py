"""Journey map: the classic map as one picture, from the survey data."""

import streamlit as st

from dashboard import data
from dashboard.frame import page_frame
from dashboard.panels import chart_panel, touchpoint_drilldown
from journey.analysis.significance import describe_steps, stage_steps
from journey.formatting import markdown_text
from journey.render import tables
from journey.render.curves import curve_caption
from journey.render.journey_map import journey_map, journey_poster, layout_width
from journey.render.themes_tables import what_people_say_table

view = page_frame("Journey map", "🗺️")
kpis = view.kpis()
notes = view.notes()
stages, touchpoints, header = view.stages(), view.touchpoints(), view.map_header()
says = view.what_people_say()  # None without comments: then the map has no lane for them
chart_panel(
    journey_map(stages, touchpoints, kpis, notes, header=header, themes=says),
    tables.stage_figures(kpis),
    caption=f"{curve_caption(kpis)} {describe_steps(stage_steps(kpis))}",
    view=view,
    what="journey-map",
    min_width=layout_width(len(stages)),  # the width its labels were placed for
    more_tables=(
        [("What people say: top themes per stage", "what-people-say", what_people_say_table(says))]
        if says is not None
        else []
    ),
)
st.download_button(
    "A3 poster (PDF)",
    lambda: journey_poster(stages, touchpoints, kpis, notes, header=header, themes=says),
    file_name=view.file_name("journey-map-A3", "pdf"),
    mime="application/pdf",
    key="journey_map_poster",
    on_click="ignore",
    help="The map on one A3 landscape page, to print and put on the wall",
)
journey_notes = notes[notes["stage"].isna()]
if len(journey_notes):
    st.subheader("Notes on the whole journey")
    for note in data.records(journey_notes):
        st.markdown(f"**{str(note.kind).capitalize()}** — {markdown_text(note.author)}")
        st.text(note.text)

st.subheader("A stage's touchpoints")
touchpoint_drilldown(view, key="map")
