"""Verbatims: what respondents wrote, behind any stage and persona, with their ratings."""

import streamlit as st

from dashboard.frame import page_frame
from dashboard.panels import show_table
from journey.analysis.privacy import small_groups, without_small_groups
from journey.formatting import plural
from journey.render.curves import STAGE_PICK, curve_caption, emotion_curve
from journey.store.queries import VERBATIM_LIMIT

view = page_frame("Verbatims", "💬")
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
picked = [point["stage"] for point in event.selection.get(STAGE_PICK, [])]
stages = list(kpis["stage"])
if picked:
    st.session_state["verbatims_stage"] = picked[0]
left, right = st.columns([1, 2])
stage = left.selectbox("Stage", stages, index=None, placeholder="All stages", key="verbatims_stage")
search = right.text_input(
    "Search the comments", key="verbatims_search", placeholder="a word, e.g. fee"
)

k = view.privacy_k
found = view.verbatims(stage, search)
hidden = small_groups(view.kpis(by_persona=True))
shown = without_small_groups(found, hidden)
st.markdown(
    f"**{plural(len(shown), 'comment')}**"
    + (f" (the newest {len(found):,})" if len(found) == VERBATIM_LIMIT else "")
)
if hidden_count := len(found) - len(shown):
    st.caption(
        f"{plural(hidden_count, 'comment')} {'is' if hidden_count == 1 else 'are'} hidden: "
        f"they come from groups of fewer than {k} respondents, who could be recognised."
    )
show_table(
    shown.rename(
        columns={
            "stage": "Stage",
            "persona": "Persona",
            "comment": "Comment",
            "rating": "Rating (raw)",
            "emotion": "Emotion (−1…+1)",
            "expectation": "Expectation",
            "wave": "Wave",
            "responded_at": "Date",
        }
    ),
    key="verbatims_table",
    decimals=None,
    column_config={"Comment": st.column_config.TextColumn(width="large")},
)
