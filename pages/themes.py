"""Themes: why a stage is a valley — what people talk about in the comments, and how they feel."""

import streamlit as st

from dashboard.access import current_access
from dashboard.editors.codebook import (
    codebook_editor,
    move_comment_form,
    promote_buttons,
    theme_now_button,
)
from dashboard.editors.common import flash
from dashboard.frame import page_frame
from dashboard.panels import chart_panel
from journey.analysis.comment_themes import WHOLE_JOURNEY, representative_quotes
from journey.render.theme_charts import theme_bars
from journey.render.themes_tables import theme_caption, theme_table

view = page_frame("Themes", "🏷️")
may_write = current_access().may_write
flash()
if view.needs_theming():
    st.info("Some comments of this journey have not been themed yet (they came before themes).")
    if may_write:
        theme_now_button(view)
tables = view.themes()
if tables.comments.empty:
    st.info("No comments match these filters. Map a comment column when you upload a survey.")
    st.stop()

stages = list(dict.fromkeys(tables.by_stage["stage"]))
scope = st.selectbox("Stage", [WHOLE_JOURNEY, *stages], key="themes_stage")
rows = (
    tables.whole if scope == WHOLE_JOURNEY else tables.by_stage[tables.by_stage["stage"] == scope]
)
in_scope = (
    tables.comments
    if scope == WHOLE_JOURNEY
    else tables.comments[tables.comments["stage"] == scope]
)
if rows.empty:
    st.info(
        f"No theme has {view.privacy_k_comments} comments or more here: fewer could identify "
        "the people who wrote them."
    )
else:
    terms = dict(zip(tables.overview["theme"], tables.overview["terms"], strict=True))
    central = {
        str(name): list(found or [])
        for name, found in zip(
            view.stored_themes()["theme"], view.stored_themes()["quotes"], strict=True
        )
    }
    quotes = {
        theme: representative_quotes(in_scope, theme, central.get(theme, []))
        for theme in rows["theme"]
    }
    chart_panel(
        theme_bars(rows),
        theme_table(rows, terms, quotes),
        view=view,
        what=f"themes-{scope}",
        caption=theme_caption(rows, scope),
    )
    st.subheader("Read a theme's comments")
    theme = st.selectbox("Theme", list(rows["theme"]), key="themes_read")
    own = in_scope[in_scope["theme"] == theme]
    event = st.dataframe(
        own[["stage", "persona", "emotion", "sentiment_label", "comment"]].rename(
            columns={
                "stage": "Stage",
                "persona": "Persona",
                "emotion": "Emotion (−1…+1)",
                "sentiment_label": "Sentiment",
                "comment": "Comment",
            }
        ),
        hide_index=True,
        # A new table for a new choice: a row ticked in one list never moves another's comment.
        key=f"themes_comments_{scope}_{theme}",
        on_select="rerun",
        selection_mode="single-row",
        column_config={"Comment": st.column_config.TextColumn(width="large")},
    )
    picked = event.selection.rows if event is not None else []
    if may_write and picked:
        move_comment_form(view, str(own.iloc[picked[0]]["comment"]), key="themes_comment")
    elif may_write:
        st.caption("Select a comment to move it into a codebook theme.")

if may_write:
    discovered = tables.overview[tables.overview["source"] == "discovered"]
    if len(discovered):
        st.subheader("Discovered themes")
        st.caption(
            "Themes found in the comments that fit no codebook theme: keep one in one click."
        )
        promote_buttons(view, discovered)
    st.subheader("The codebook")
    codebook_editor(view)
