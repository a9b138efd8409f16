"""Chart panels: the chart, its text alternative, and the numbers behind it one click away."""

from collections.abc import Sequence

import pandas as pd
import streamlit as st
from altair.typing import ChartType

from dashboard.view import View
from journey.formatting import MISSING, markdown_text
from journey.render import tables
from journey.render.exports import chart_png, chart_svg, table_csv, table_xlsx
from journey.render.formats import REPORT_FORMATS
from journey.render.pdf import browser, html_to_pdf
from journey.render.touchpoint_chart import touchpoint_caption, touchpoint_chart


def chart_panel(
    chart: ChartType,
    table: pd.DataFrame,
    *,
    view: View,
    what: str,
    caption: str,
    panels: Sequence[ChartType] = (),
    columns: int = 1,
    min_width: int | None = None,
    more_tables: Sequence[tuple[str, str, pd.DataFrame]] = (),
) -> None:
    """Tabs 'Chart' and 'Numbers', with downloads; the caption states the chart's message.

    `more_tables` (heading, what for the file names, table) follow the chart's own table on
    'Numbers', each with its downloads: the figures of a lane drawn from other data.

    With `panels` (small multiples), the page shows them in rows of `columns`, each as wide
    as its column, so they wrap to the page instead of running off it; the downloads are of
    `chart`, the panels in one picture. With `min_width`, the chart fills the page but is
    never drawn narrower than that: a narrower page scrolls it sideways, within its frame.
    """
    key = what.replace(" ", "_")
    chart_tab, table_tab = st.tabs(["Chart", "Numbers"])
    with chart_tab:
        if min_width is not None:
            frame = f"{key}_frame"
            st.html(
                f"<style>.st-key-{frame} {{ overflow-x: auto; }} .st-key-{frame} "
                f'[data-testid="stVegaLiteChart"] {{ min-width: {int(min_width)}px; }}</style>'
            )
            with st.container(key=frame):
                st.altair_chart(chart, theme=None, key=f"{key}_chart", alt=caption)
        elif panels:
            for start in range(0, len(panels), columns):
                row = st.columns(columns)
                for number, panel in enumerate(panels[start : start + columns], start=start):
                    row[number - start].altair_chart(
                        panel, theme=None, key=f"{key}_chart_{number}", alt=caption
                    )
        else:
            st.altair_chart(chart, theme=None, key=f"{key}_chart", alt=caption)
        st.caption(markdown_text(caption))
        png, svg = st.columns(2, width=320)
        png.download_button(
            "PNG",
            lambda: chart_png(chart),
            file_name=view.file_name(what, "png"),
            mime="image/png",
            key=f"{key}_png",
            on_click="ignore",
            help="The chart as a picture, for slides",
        )
        svg.download_button(
            "SVG",
            lambda: chart_svg(chart),
            file_name=view.file_name(what, "svg"),
            mime="image/svg+xml",
            key=f"{key}_svg",
            on_click="ignore",
            help="The chart as a vector drawing, for print",
        )
    with table_tab:
        show_table(table, key=f"{key}_table")
        _table_downloads(table, view=view, what=what, key=key)
        for heading, more_what, more in more_tables:
            more_key = more_what.replace(" ", "_")
            st.markdown(f"**{markdown_text(heading)}**")
            show_table(more, key=f"{more_key}_table")
            _table_downloads(more, view=view, what=more_what, key=more_key)


def _table_downloads(table: pd.DataFrame, *, view: View, what: str, key: str) -> None:
    csv, xlsx = st.columns(2, width=320)
    csv.download_button(
        "CSV",
        table_csv(table),
        file_name=view.file_name(what, "csv"),
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
    )
    xlsx.download_button(
        "Excel",
        lambda: table_xlsx(table),
        file_name=view.file_name(what, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        on_click="ignore",
    )


def show_table(
    table: pd.DataFrame,
    *,
    key: str,
    decimals: int | None = 3,
    column_config: dict[str, object] | None = None,
) -> None:
    """A table as people read it: "–" where nothing was measured (never "None"), every
    decimal column with the same number of decimals (never "0" above "-0.025"), and counts
    with thousands separators ("1,116", as in the captions)."""
    config: dict[str, object] = {
        str(column): st.column_config.NumberColumn(format="localized")
        for column in table.columns
        if pd.api.types.is_integer_dtype(table[column])
    }
    if decimals is not None:
        config |= {
            str(column): st.column_config.NumberColumn(format=f"%.{decimals}f")
            for column in table.columns
            if pd.api.types.is_float_dtype(table[column])
        }
    st.dataframe(
        table,
        hide_index=True,
        key=key,
        placeholder=MISSING,
        column_config=config | (column_config or {}),  # type: ignore[arg-type]
    )


def report_downloads(view: View, *, key: str) -> None:
    """The stakeholder report of this view as HTML (works offline), PowerPoint slides and,
    with Chromium, PDF."""
    html, slides, pdf = st.columns(3, width=780)
    slides.download_button(
        "Slides (PowerPoint)",
        view.deck_pptx,
        file_name=view.file_name("slides", "pptx"),
        mime=REPORT_FORMATS["pptx"],
        key=f"{key}_report_pptx",
        on_click="ignore",
        help="The review meeting's slides: charts as pictures, numbers as tables, speaker notes",
    )
    html.download_button(
        "Report (HTML, works offline)",
        view.report_html,
        file_name=view.file_name("report", "html"),
        mime="text/html",
        key=f"{key}_report_html",
        on_click="ignore",
    )
    if browser() is None:
        pdf.caption("PDF needs headless Chromium on the server; print the HTML report instead.")
        return
    pdf.download_button(
        "Report (PDF)",
        lambda: html_to_pdf(view.report_html()),
        file_name=view.file_name("report", "pdf"),
        mime="application/pdf",
        key=f"{key}_report_pdf",
        on_click="ignore",
    )


def touchpoint_drilldown(view: View, *, key: str) -> None:
    """Pick a stage; see its touchpoints with the same figures, chart and numbers."""
    figures = view.touchpoint_kpis(None)
    measured = figures[figures["n"] > 0]
    stages = list(dict.fromkeys(measured["stage"]))
    if not stages:
        st.caption("No touchpoint has ratings under these filters.")
        return
    stage = st.selectbox("Stage", stages, key=f"{key}_drill_stage")
    own = figures[figures["stage"] == stage]
    chart_panel(
        touchpoint_chart(own),
        tables.stage_figures(own),
        view=view,
        what=f"{key}-touchpoints-{stage}",
        caption=touchpoint_caption(own),
    )
