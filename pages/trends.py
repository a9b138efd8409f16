"""Trends: how each stage's emotion and expectations move from wave to wave."""

import streamlit as st

from dashboard.frame import page_frame
from dashboard.panels import chart_panel
from journey.analysis.significance import METHOD
from journey.analysis.trends import trend_table
from journey.render import tables
from journey.render.trend_charts import trend_caption, trend_chart

view = page_frame("Trends", "📅")
table = trend_table(view.kpis(by_wave=True))
if table["wave"].nunique() < 2:
    st.info("Trends need at least two survey waves under these filters.")
    st.stop()
figures = tables.stage_figures(table).assign(Wave=table["wave"].to_numpy())
st.subheader("Mean emotion per stage, wave by wave")
chart_panel(
    trend_chart(table, "emotion"),
    figures,
    view=view,
    what="trend-emotion",
    caption=f"{trend_caption(table)} Bands are 95% intervals of the mean; filled points "
    f"changed significantly since the previous wave, hollow ones did not ({METHOD}).",
)
st.subheader("Meets or exceeds expectations, wave by wave")
chart_panel(
    trend_chart(table, "meets"),
    figures,
    view=view,
    what="trend-expectations",
    caption="Share of expectation answers that say meets or exceeds; bands are 95% "
    "Wilson intervals; filled points changed significantly since the previous wave.",
)
