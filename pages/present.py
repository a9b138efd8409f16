"""Present: walk a journey for an audience, one slide at a time (nothing to edit).

Full screen: no sidebar, no app header; the arrow keys (or a presenter's clicker sending them)
move between slides, and the slide number lives in the URL (`?slide=3`).
"""

import streamlit as st

from dashboard.frame import page_frame
from dashboard.panels import report_downloads
from dashboard.slides import PROJECTOR_CSS, SLIDES
from journey.formatting import markdown_text

view = page_frame("Present", "🎬", sidebar="collapsed", heading=False)
st.html(PROJECTOR_CSS)
wanted = st.query_params.get("slide", "1")
index = min(max(int(wanted) - 1 if wanted.isdigit() else 0, 0), len(SLIDES) - 1)


def go(to: int) -> None:
    st.query_params["slide"] = str(to + 1)


back, where, forward = st.columns([1, 5, 1], vertical_alignment="center")
back.button(
    "◀ Previous",
    on_click=go,
    args=(index - 1,),
    disabled=index == 0,
    key="present_previous",
    width="stretch",
    shortcut="Left",
)
title = markdown_text(view.journey) if index == 0 else SLIDES[index][0]  # the title slide's
where.markdown(f"# {title}\n{markdown_text(view.journey)} · slide {index + 1} of {len(SLIDES)}")
forward.button(
    "Next ▶",
    on_click=go,
    args=(index + 1,),
    disabled=index == len(SLIDES) - 1,
    key="present_next",
    width="stretch",
    shortcut="Right",
)
SLIDES[index][1](view)
if index == 0:
    report_downloads(view, key="present")
