"""Present mode: a journey walked through for an audience, one slide at a time."""

from collections.abc import Callable

import streamlit as st

from dashboard import data
from dashboard.panels import chart_panel
from dashboard.view import View
from journey.analysis.kpis import headline, moments_that_matter, most_below_expectations
from journey.analysis.significance import describe_steps, stage_steps
from journey.formatting import count, markdown_text, percent, signed
from journey.render import tables
from journey.render.curves import curve_caption, emotion_curve
from journey.render.expectation_charts import expectation_bars
from journey.render.journey_map import journey_map

# Our own style sheet (no user content in it): type that reads from the back of the room.
PROJECTOR_CSS = """
<style>
  .block-container { padding-top: 1.2rem; max-width: 1500px; }
  .stMarkdown p, .stMarkdown li { font-size: 1.45rem; line-height: 1.45; }
  h1 { font-size: 2.9rem !important; }
  h2 { font-size: 2.1rem !important; }
  [data-testid="stMetricValue"] { font-size: 2.6rem; }
  [data-testid="stMetricLabel"] p { font-size: 1.15rem; }
</style>
"""


def title_slide(view: View) -> None:
    first, last = view.dates()
    st.header(markdown_text(view.journey))
    kpis = view.kpis()
    figures = headline(kpis, view.respondents())
    who = ", ".join(view.filters.personas) or "All personas"
    left, middle, right = st.columns(3)
    left.metric("Respondents", count(figures.respondents))
    middle.metric("Survey waves", str(len(view.waves())), help=", ".join(view.waves()))
    right.metric("Responses from", f"{first or '–'} to {last or '–'}")
    st.markdown(
        f"**Who:** {markdown_text(who)}  \n**Waves:** {markdown_text(', '.join(view.waves()))}"
    )


def map_slide(view: View) -> None:
    kpis = view.kpis()
    chart = journey_map(
        view.stages(), view.touchpoints(), kpis, view.notes(), header=view.map_header()
    )
    chart_panel(
        chart,
        tables.stage_figures(kpis),
        view=view,
        what="present-journey-map",
        caption=curve_caption(kpis),
    )


def curve_slide(view: View) -> None:
    kpis = view.kpis()
    peaks = list(kpis.loc[kpis["shape"] == "peak", "stage"])
    valleys = list(kpis.loc[kpis["shape"] == "valley", "stage"])
    st.markdown(
        f"▲ **Peaks:** {markdown_text(', '.join(peaks) or 'none')}  \n"
        f"▼ **Valleys:** {markdown_text(', '.join(valleys) or 'none')}"
    )
    chart_panel(
        emotion_curve(kpis, height=330, steps=(steps := stage_steps(kpis))),
        tables.stage_figures(kpis),
        view=view,
        what="present-emotion-curve",
        caption=f"{curve_caption(kpis)} {describe_steps(steps)}",
    )


def expectation_slide(view: View) -> None:
    kpis = view.kpis()
    figures = headline(kpis, view.respondents())
    left, right = st.columns(2)
    left.metric("Meets or exceeds expectations", percent(figures.meets_or_exceeds))
    right.metric("Net expectation (exceeds − below)", signed(figures.net_expectation))
    worst = most_below_expectations(kpis)
    caption = "No expectation answers yet."
    if worst is not None:
        share = percent(worst["share_below"])
        caption = f"Most answers below expectations: {worst['stage']} ({share})."
    chart_panel(
        expectation_bars(kpis),
        tables.stage_figures(kpis),
        view=view,
        what="present-expectations",
        caption=caption,
    )


def moments_slide(view: View) -> None:
    moments = moments_that_matter(view.kpis()).head(5)
    if moments.empty:
        st.markdown("No stage has expectation answers yet, so none can be ranked.")
        return
    lines = [
        f"{rank}. **{markdown_text(row.stage)}**: {percent(row.share_below)} below expectations, "
        f"reaching {percent(row.reach)} of respondents (n = {int(row.n):,})"
        for rank, row in enumerate(data.records(moments), start=1)
    ]
    st.markdown("\n".join(lines))
    st.caption("Impact = share below expectations × share of the journey's respondents reached.")


def opportunities_slide(view: View) -> None:
    notes = view.notes()
    chosen = notes[notes["kind"] == "opportunity"]
    if chosen.empty:
        st.markdown("No opportunities have been noted yet.")
        return
    for stage, group in chosen.groupby(chosen["stage"].fillna("Whole journey"), sort=False):
        items = "\n".join(f"- {markdown_text(text)}" for text in group["text"])
        st.markdown(f"**{markdown_text(stage)}**\n{items}")


SLIDES: tuple[tuple[str, Callable[[View], None]], ...] = (
    ("Title", title_slide),
    ("Journey map", map_slide),
    ("Emotion curve", curve_slide),
    ("Expectations", expectation_slide),
    ("Moments that matter", moments_slide),
    ("Opportunities", opportunities_slide),
)
