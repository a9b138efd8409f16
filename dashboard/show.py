"""Chart panels: the chart, its text alternative, and the numbers behind it one click away."""

import altair as alt
import pandas as pd
import streamlit as st

from journey.exports import table_csv


def chart_panel(
    chart: alt.TopLevelMixin, table: pd.DataFrame, *, key: str, caption: str, file_stem: str
) -> None:
    """Tabs 'Chart' and 'Numbers'; the caption states the chart's message in words."""
    chart_tab, table_tab = st.tabs(["Chart", "Numbers"])
    with chart_tab:
        st.altair_chart(chart, theme=None, key=f"{key}_chart", alt=caption)
        st.caption(caption)
    with table_tab:
        st.dataframe(table, hide_index=True, key=f"{key}_table")
        st.download_button(
            "Download CSV",
            table_csv(table),
            file_name=f"{file_stem}.csv",
            mime="text/csv",
            key=f"{key}_csv",
            on_click="ignore",
        )
