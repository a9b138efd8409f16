"""Drivers: what each stage explains of the overall outcome, and which stages to fix first."""

import streamlit as st

from dashboard.frame import page_frame
from dashboard.panels import chart_panel
from journey.analysis.priorities import priority_matrix
from journey.render.driver_matrix import priority_caption, priority_chart
from journey.render.tables import driver_table, theme_driver_table

view = page_frame("Drivers", "🧲")
found = view.driver_analysis()
if not found.drivers:
    st.info(
        "No overall outcome has been imported for this journey under these filters. Map an "
        "outcome column (overall satisfaction, likelihood to recommend…) when uploading a wide "
        "survey export, and each stage's pull on it appears here."
    )
    st.stop()

st.markdown(found.summary())
st.caption(
    "Importance is each stage's share of the outcome's explained variance once the other "
    "stages are accounted for (the Shapley value of R²), so stages that move together are not "
    "counted twice, as plain correlation counts them. Intervals: 95% bootstrap over respondents."
)
matrix = priority_matrix(found.table(), view.kpis())
if matrix.empty:
    st.info(found.reason or "No stage has an importance under these filters.")
else:
    chart_panel(
        priority_chart(matrix),
        driver_table(found.table(), matrix),
        view=view,
        what="drivers",
        caption=priority_caption(matrix, found.summary()),
    )

st.subheader("Themes as drivers")
themes = view.theme_drivers()
if themes.empty:
    st.caption(
        "No theme of the comments is mentioned by enough respondents with an outcome to be "
        "weighed (or the comments have not been themed)."
    )
else:
    st.caption(
        "For each theme of the comments: how the outcome differs between the respondents who "
        "mention it and those who do not (Welch's 95% interval, in the outcome's own units), "
        "and its importance when it joins the stages in the model above — on the same scale as "
        "the stages', so a theme can be ranked beside a stage."
    )
    st.dataframe(theme_driver_table(themes), hide_index=True, key="drivers_themes")

st.subheader("One level down: the touchpoints of a stage")
rated = view.stages_with_rated_touchpoints()
if not rated:
    st.caption("No stage has two or more rated touchpoints under these filters.")
    st.stop()
stage = st.selectbox("Stage", rated, key="drivers_stage")
within = view.touchpoint_drivers(stage)
st.markdown(within.summary())
inner = priority_matrix(within.table(), view.touchpoint_kpis(stage))
if inner.empty:
    st.dataframe(driver_table(within.table(), inner), hide_index=True, key="drivers_touchpoints")
else:
    chart_panel(
        priority_chart(inner),
        driver_table(within.table(), inner),
        view=view,
        what=f"drivers-{stage}",
        caption=priority_caption(inner, within.summary()),
    )
