"""Verbatims: what respondents wrote, behind any stage and persona, with their ratings,
the comment's sentiment and its theme."""

import streamlit as st

from dashboard.access import current_access
from dashboard.editors.codebook import move_comment_form
from dashboard.editors.common import flash
from dashboard.frame import page_frame
from journey.analysis.sentiment import LABELS
from journey.formatting import MISSING, plural
from journey.render.curves import STAGE_PICK, curve_caption, emotion_curve
from journey.render.theme_charts import negative_share_chart
from journey.store.queries import VERBATIM_LIMIT

view = page_frame("Verbatims", "💬")
flash()
kpis = view.kpis()
st.caption("Click a stage on the curve to read its comments, or choose one below.")
event = st.altair_chart(
    emotion_curve(kpis, height=260, pick_stage=True),
    theme=None,
    on_select="rerun",
    selection_mode=STAGE_PICK,
    key="verbatims_curve",
    alt=curve_caption(kpis),
)
negative = view.negative_shares()
if len(negative):
    st.altair_chart(
        negative_share_chart(negative, list(kpis["stage"])),
        theme=None,
        key="verbatims_negative",
        alt="The share of each stage's comments that read as negative.",
    )
picked = [point["stage"] for point in event.selection.get(STAGE_PICK, [])]
stages = list(kpis["stage"])
if picked:
    st.session_state["verbatims_stage"] = picked[0]
stage_column, sentiment_column, theme_column = st.columns(3)
stage = stage_column.selectbox(
    "Stage", stages, index=None, placeholder="All stages", key="verbatims_stage"
)
sentiment = sentiment_column.selectbox(
    "Sentiment", list(LABELS), index=None, placeholder="Any sentiment", key="verbatims_sentiment"
)
theme = theme_column.selectbox(
    "Theme",
    list(view.stored_themes()["theme"]),
    index=None,
    placeholder="Any theme",
    key="verbatims_theme",
)
search = st.text_input(
    "Search the comments", key="verbatims_search", placeholder="a word, e.g. fee"
)

shown, hidden = view.verbatims(stage, search, sentiment, theme)
st.markdown(
    f"**{plural(len(shown), 'comment')}**"
    + (f" (the newest {len(shown) + hidden:,})" if len(shown) + hidden == VERBATIM_LIMIT else "")
)
if hidden:
    st.caption(
        f"{plural(hidden, 'comment')} {'is' if hidden == 1 else 'are'} hidden: they come from "
        f"groups of fewer than {view.privacy_k_comments} respondents, who could be recognised."
    )
table = st.container(key="verbatims_comments")
chosen = table.dataframe(
    shown.rename(
        columns={
            "stage": "Stage",
            "persona": "Persona",
            "comment": "Comment",
            "rating": "Rating (raw)",
            "emotion": "Emotion (−1…+1)",
            "expectation": "Expectation",
            "sentiment": "Sentiment (−1…+1)",
            "sentiment_label": "Sentiment",
            "theme": "Theme",
            "wave": "Wave",
            "responded_at": "Date",
        }
    ),
    hide_index=True,
    # A new table for new filters: a row ticked in one list never moves another's comment.
    key=f"verbatims_table_{hash((stage, search, sentiment, theme))}",
    on_select="rerun",
    selection_mode="single-row",
    placeholder=MISSING,
    column_config={"Comment": st.column_config.TextColumn(width="large")},
)
rows = chosen.selection.rows if chosen is not None else []
if current_access().may_write and rows:
    move_comment_form(view, str(shown.iloc[rows[0]]["comment"]), key="verbatims_comment")
