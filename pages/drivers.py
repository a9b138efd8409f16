"""Drivers: which stages move the overall outcome, and which of those to fix first."""

import streamlit as st

from dashboard.frame import page_frame
from dashboard.panels import chart_panel
from journey.analysis.drivers import priority_matrix
from journey.render.driver_matrix import priority_caption, priority_chart

view = page_frame("Drivers", "🧲")
drivers = view.drivers()
drivers = drivers[drivers["n"] >= max(view.privacy_k, 3)]  # r needs 3; privacy needs k
if drivers.empty:
    st.info(
        "No overall outcome has been imported for this journey under these filters. Map an "
        "outcome column (overall satisfaction, likelihood to recommend…) when uploading a wide "
        "survey export, and each stage's pull on it appears here."
    )
    st.stop()

matrix = priority_matrix(drivers, view.kpis())
st.caption(
    "For each stage: Pearson's r between a respondent's emotion in the stage (the mean of their "
    "ratings there) and their overall outcome in the same wave; n counts respondents with both."
)
table = (
    matrix[["stage", "quadrant", "r", "pairs", "mean_emotion"]]
    .rename(
        columns={
            "stage": "Stage",
            "quadrant": "Quadrant",
            "r": "r with the outcome",
            "pairs": "n (respondents with both)",
            "mean_emotion": "Mean emotion (−1…+1)",
        }
    )
    .round(3)
)
chart_panel(
    priority_chart(matrix), table, view=view, what="drivers", caption=priority_caption(matrix)
)
