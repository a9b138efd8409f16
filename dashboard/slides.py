"""Present mode: a journey walked through for an audience, one slide at a time.

The slides are the deck's (journey.render.deck), drawn to fill the screen: type sized in
viewport heights, charts as pictures scaled to the room left under the slide's title, so a
1280×720 projector and a 1920×1080 screen both show the whole slide, nothing cut off.
"""

from collections.abc import Callable
from datetime import UTC, datetime

import streamlit as st

from dashboard import data
from dashboard.panels import show_table
from dashboard.view import View
from journey.analysis.kpis import headline, moments_that_matter, most_below_expectations
from journey.analysis.significance import describe_steps, stage_steps
from journey.formatting import count, markdown_text, percent, plural, signed
from journey.render import tables
from journey.render.curves import curve_caption, emotion_curve
from journey.render.expectation_charts import expectation_bars
from journey.render.exports import chart_svg
from journey.render.journey_map import journey_map
from journey.render.methodology import methodology
from journey.render.themes_tables import (
    stage_themes_text,
    valley_themes,
    what_people_say_table,
)

# Our own style sheet (no user content in it). The sidebar, the app's header and toolbar are
# hidden: the slide is all there is. Sizes are in viewport heights, so the slide scales with
# the screen; a chart's picture takes what the title, tabs and caption leave.
PROJECTOR_CSS = """
<style>
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
  [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] {
    display: none !important;
  }
  [data-testid="stMain"] .block-container {
    padding: 1.5vh 3vw 0 3vw !important; max-width: 100% !important;
  }
  [data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: 1.2vh; }
  .stMarkdown p, .stMarkdown li { font-size: 2.6vh !important; line-height: 1.4; }
  [data-testid="stCaptionContainer"] p { font-size: 2vh !important; }
  h1 { font-size: 4.4vh !important; padding: 0 !important; }
  [data-testid="stMetricValue"] { font-size: 5.5vh !important; }
  [data-testid="stMetricValue"] div { white-space: normal !important; overflow: visible; }
  [data-testid="stMetricLabel"] p { font-size: 2.2vh !important; }
  .stButton button p, .stDownloadButton button p { font-size: 2.2vh; }
  [data-testid="stTab"] p { font-size: 2vh; }
  [data-testid="stImage"] img { max-height: 62vh; object-fit: contain; }
  .st-key-present_picture_map [data-testid="stImage"] img { max-height: 67vh; }
  .st-key-present_picture_curve_compact [data-testid="stImage"] img { max-height: 50vh; }
</style>
"""


@st.cache_data(show_spinner="Drawing the slide…", max_entries=32)
def picture(view: View, which: str) -> str:
    """One slide's chart as SVG (drawn once per view: it takes a second)."""
    kpis = view.kpis()
    if which == "map":
        chart = journey_map(
            view.stages(),
            view.touchpoints(),
            kpis,
            view.notes(),
            header=view.map_header(),
            themes=view.what_people_say(),
            width=1500,
            height=640,
        )
    elif which == "curve":
        chart = emotion_curve(kpis, height=380, steps=stage_steps(kpis))
    else:
        chart = expectation_bars(kpis, height=380)
    return chart_svg(chart)


def chart_slide(view: View, which: str, caption: str, *, compact: bool = False) -> None:
    """The chart as large as the screen allows (`compact`: leaving room for lines above it),
    its message, and the numbers one tab away."""
    chart_tab, numbers_tab = st.tabs(["Chart", "Numbers"])
    key = f"present_picture_{which}" + ("_compact" if compact else "")
    with chart_tab, st.container(key=key):
        st.image(picture(view, which), alt=caption, width="stretch")
        st.caption(markdown_text(caption))
    with numbers_tab:
        show_table(tables.stage_figures(view.kpis()), key=f"present_{which}_table")


def title_slide(view: View) -> None:
    first, last = view.dates()
    figures = headline(view.kpis(), view.respondents())
    who = ", ".join(view.filters.personas) or "All personas"
    respondents, mean, meets, moment = st.columns(4)
    respondents.metric("Respondents", count(figures.respondents))
    mean.metric("Mean emotion (−1…+1)", signed(figures.mean_emotion))
    meets.metric("Meets or exceeds", percent(figures.meets_or_exceeds))
    moment.metric("Top moment that matters", markdown_text(figures.top_moment or "–"))
    st.markdown(
        f"**Who:** {markdown_text(who)}  \n"
        f"**Waves:** {markdown_text(', '.join(view.waves()))}  \n"
        f"**Responses from** {first or '–'} to {last or '–'}"
    )


def map_slide(view: View) -> None:
    kpis = view.kpis()
    chart_slide(view, "map", f"{curve_caption(kpis)} {describe_steps(stage_steps(kpis))}")


def curve_slide(view: View) -> None:
    kpis = view.kpis()
    peaks = list(kpis.loc[kpis["shape"] == "peak", "stage"])
    valleys = list(kpis.loc[kpis["shape"] == "valley", "stage"])
    says = view.what_people_say()
    said = valley_themes(kpis, says) if says is not None else []
    st.markdown(
        f"▲ **Peaks:** {markdown_text(', '.join(peaks) or 'none')}  \n"
        f"▼ **Valleys:** {markdown_text(', '.join(valleys) or 'none')}"
        + "".join(f"  \n▼ {markdown_text(line)}" for line in said)
    )
    caption = f"{curve_caption(kpis)} {describe_steps(stage_steps(kpis))}"
    chart_slide(view, "curve", caption, compact=bool(said))


def expectation_slide(view: View) -> None:
    kpis = view.kpis()
    figures = headline(kpis, view.respondents())
    worst = most_below_expectations(kpis)
    caption = "No expectation answers yet."
    if worst is not None:
        share = percent(worst["share_below"])
        caption = f"Most answers below expectations: {worst['stage']} ({share})."
    st.markdown(
        f"**{percent(figures.meets_or_exceeds)}** of the answers meet or exceed expectations; "
        f"net expectation (exceeds − below) **{signed(figures.net_expectation)}**."
    )
    chart_slide(view, "expectations", caption)


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


def drivers_slide(view: View) -> None:
    analysis = view.driver_analysis()
    if analysis.r2 is None:
        st.markdown(markdown_text(analysis.reason or "No outcome answers under these filters."))
        return
    st.markdown(
        f"The stages explain **{percent(analysis.r2)}** of the overall outcome "
        f"({plural(analysis.n, 'respondent')} who rated every stage)."
    )
    lines = [
        f"{rank}. **{markdown_text(driver.name)}**: {percent(driver.share)} of what is explained "
        f"(95% interval {driver.importance_low:.3f} – {driver.importance_high:.3f} of R²)"
        for rank, driver in enumerate(analysis.drivers, start=1)
        if driver.share is not None
    ]
    st.markdown("\n".join(lines))
    st.caption(
        "Relative importance: each stage's Shapley value of R² (what it explains after the "
        "others), with a bootstrap interval."
    )


def themes_slide(view: View) -> None:
    says = view.what_people_say()
    if says is None:
        st.markdown("This journey has no comments, so there is nothing people say to show.")
        return
    if says.empty:
        st.markdown(
            f"No theme has {view.privacy_k_comments} or more comments in a stage under these "
            "filters: fewer could identify the people who wrote them."
        )
        return
    themes_tab, numbers_tab = st.tabs(["Themes", "Numbers"])
    with themes_tab:
        lines = [
            f"**{markdown_text(stage)}**: {markdown_text(stage_themes_text(says, stage))}"
            for stage in dict.fromkeys(says["stage"])
        ]
        st.markdown("  \n".join(lines))
        st.caption(
            "The most frequent themes in each stage's comments; themes of fewer than "
            f"{view.privacy_k_comments} comments in a stage, and comments that fit no theme, "
            "are left out. Quotes and n are one tab away."
        )
    with numbers_tab:
        show_table(what_people_say_table(says), key="present_themes_table")


def opportunities_slide(view: View) -> None:
    notes = view.notes()
    chosen = notes[notes["kind"] == "opportunity"]
    if chosen.empty:
        st.markdown("No opportunities have been noted yet.")
        return
    for stage, group in chosen.groupby(chosen["stage"].fillna("Whole journey"), sort=False):
        items = "\n".join(f"- {markdown_text(text)}" for text in group["text"])
        st.markdown(f"**{markdown_text(stage)}**\n{items}")


def methodology_slide(view: View) -> None:
    lines = methodology(
        min_n=view.min_n,
        privacy_k=view.privacy_k,
        filters=view.filters,
        waves=view.waves(),
        made=datetime.now(UTC),
        privacy_k_comments=view.privacy_k_comments,
    )
    st.markdown("\n".join(f"- {markdown_text(line)}" for line in lines))


SLIDES: tuple[tuple[str, Callable[[View], None]], ...] = (
    ("Title", title_slide),
    ("Journey map", map_slide),
    ("Emotion curve", curve_slide),
    ("Expectations", expectation_slide),
    ("Moments that matter", moments_slide),
    ("Drivers", drivers_slide),
    ("What people say", themes_slide),
    ("Opportunities", opportunities_slide),
    ("Methodology", methodology_slide),
)
