"""Expectations: below / meets / exceeds per stage and persona."""

import streamlit as st

from dashboard.frame import page_frame
from dashboard.panels import chart_panel
from journey.analysis.kpis import most_below_expectations
from journey.analysis.privacy import hidden_note
from journey.render import tables
from journey.render.expectation_charts import expectation_bars, net_expectation_heatmap

view = page_frame("Expectations", "🎯")
kpis = view.kpis()
by_persona = view.kpis(by_persona=True)
if kpis["n_expectation"].sum() == 0:
    st.info("No expectation answers match these filters.")
    st.stop()

worst = most_below_expectations(kpis)
assert worst is not None  # there are expectation answers
st.subheader("Per stage")
chart_panel(
    expectation_bars(kpis),
    tables.stage_figures(kpis),
    caption=f"Most answers below expectations: {worst['stage']} "
    f"({worst['share_below']:.0%} of {int(worst['n_expectation']):,} answers).",
    view=view,
    what="expectations",
)
st.subheader("Per stage and persona")
if note := hidden_note(by_persona, view.privacy_k):
    st.caption(note)
chart_panel(
    net_expectation_heatmap(by_persona),
    tables.stage_figures(by_persona),
    caption="Net expectation (share exceeds − share below) for every stage and persona; "
    "the value is written in each cell.",
    view=view,
    what="net-expectation",
)
chart_panel(
    expectation_bars(by_persona, by_persona=True),
    tables.stage_figures(by_persona),
    caption="Below, meets and exceeds shares for every stage, one block per persona.",
    view=view,
    what="expectations-by-persona",
)
