"""Emotion curves: personas compared on one chart and as small multiples."""

import streamlit as st

from dashboard.frame import page_frame
from dashboard.panels import chart_panel, show_table, touchpoint_drilldown
from journey.analysis.privacy import hidden_note
from journey.analysis.significance import (
    METHOD,
    differences_table,
    persona_vs_rest,
    with_versus_rest,
)
from journey.render import tables
from journey.render.curves import (
    curve_caption,
    panel_columns,
    persona_curve_panels,
    persona_overlay,
    persona_small_multiples,
)

view = page_frame("Emotion curves", "📈")
kpis = view.kpis(by_persona=True)
if kpis["n"].sum() == 0:
    st.info("No emotion ratings match these filters.")
    st.stop()

tests = persona_vs_rest(kpis, view.kpis())
kpis = with_versus_rest(kpis, tests)
if note := hidden_note(kpis, view.privacy_k):
    st.caption(note)
st.subheader("All personas on one chart")
chart_panel(
    persona_overlay(kpis),
    tables.stage_figures(kpis),
    caption=" ".join(
        f"{persona}: {curve_caption(kpis[kpis['persona'] == persona])}"
        for persona in sorted(kpis["persona"].unique())
    ),
    view=view,
    what="persona-curves",
)
st.subheader("One curve per persona")
st.caption(
    "Each persona's own peaks (▲) and valleys (▼); shaded bands are 95% intervals. Under a "
    "point, the persona's difference from all other respondents where it is significant."
)
chart_panel(
    persona_small_multiples(kpis),
    tables.stage_figures(kpis),
    caption="Small multiples of the persona curves above, on the same scale.",
    view=view,
    what="persona-small-multiples",
    panels=persona_curve_panels(kpis),
    columns=panel_columns(kpis["stage"].nunique()),
)
st.subheader("Where a persona differs from everyone else")
differences = differences_table(tests)
st.caption(f"Persona against all other respondents, per stage. {METHOD}.")
if differences.empty:
    st.markdown("No persona differs significantly from the others at any stage.")
else:
    show_table(differences, key="curves_differences")

st.subheader("A stage's touchpoints")
touchpoint_drilldown(view, key="curves")
