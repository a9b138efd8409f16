"""Overview: a journey's headline figures and its emotion curve (the app's entry page)."""

import streamlit as st

from dashboard.frame import page_frame
from dashboard.panels import chart_panel, report_downloads, show_table
from journey.analysis.kpis import headline, moments_that_matter, peak_end
from journey.analysis.significance import describe_steps, stage_steps
from journey.formatting import count, markdown_text, outcome_value, percent, signed
from journey.render import tables
from journey.render.curves import curve_caption, emotion_curve
from journey.render.outcomes import OUTCOME_HELP, outcome_contrast, outcome_split_table

view = page_frame("Overview", "🧭")
kpis = view.kpis()
if kpis["n"].sum() == 0 and kpis["n_expectation"].sum() == 0:
    st.info("No responses match these filters yet. Upload survey results, or widen the filters.")
    st.stop()

figures = headline(kpis, view.respondents())
first, second, third, fourth = st.columns(4)
first.metric(
    "Respondents",
    count(figures.respondents),
    help=f"Distinct respondents with an emotion rating; {count(figures.responses)} ratings.",
)
second.metric(
    "Mean emotion",
    signed(figures.mean_emotion),
    help="Mean of all ratings, normalised to −1 (very negative) … +1 (very positive).",
)
third.metric(
    "Meets or exceeds",
    percent(figures.meets_or_exceeds),
    help="Share of expectation answers that say 'meets' or 'exceeds'.",
)
fourth.metric(
    "Net expectation",
    signed(figures.net_expectation),
    help="Share 'exceeds' minus share 'below', from −1 to +1.",
)
high, low, moment, outcome_column = st.columns(4)
# Stage names written out on as many lines as they need: st.metric cuts a value to one line
# ("Ask for a bet…"). They are user text, so escaped for Markdown.
for column, label, stage, explained in (
    (high, "▲ High point", figures.high_point, "Stage with the highest mean emotion."),
    (low, "▼ Low point", figures.low_point, "Stage with the lowest mean emotion."),
    (
        moment,
        "Top moment that matters",
        figures.top_moment,
        "Highest impact = share below expectations × share of respondents reached.",
    ),
):
    column.caption(label, help=explained)
    column.markdown(f"**{markdown_text(stage or '–')}**")

outcome = view.outcome()
if outcome is not None:
    spec, metric = outcome
    outcome_column.metric(
        metric.label if spec.declared else "Overall outcome (mean)",
        outcome_value(metric.value, metric.unit),
        help=f"95% interval {outcome_value(metric.low, metric.unit)} to "
        f"{outcome_value(metric.high, metric.unit)}; {count(metric.n)} respondents answered. "
        + OUTCOME_HELP[spec.kind],
    )

remembered = peak_end(kpis)
if remembered:
    named = ", ".join(
        f"{role.lower()} {stage} ({signed(mean)})" for role, stage, mean in remembered
    )
    st.caption(
        markdown_text(f"Peak–end: people remember a journey by its {named}."),
        help="The peak–end rule: the most intense moment and the last one weigh most in memory.",
    )

st.subheader("Emotion curve")
chart_panel(
    emotion_curve(kpis, steps=(steps := stage_steps(kpis))),
    tables.stage_figures(kpis),
    caption=f"{curve_caption(kpis)} {describe_steps(steps)}",
    view=view,
    what="emotion-curve",
)

st.subheader("Moments that matter")
moments = moments_that_matter(kpis)
st.caption(
    "Stages ranked by impact: the share of answers below expectations × the share of "
    "the journey's respondents who went through the stage."
)
show_table(tables.moments_table(moments).head(5), key="overview_moments")

if outcome is not None:
    st.subheader(f"The {metric.label if spec.declared else 'outcome'} by expectation, per stage")
    split = view.outcome_by_expectation(spec)
    if split.empty:
        st.caption("No stage has enough expectation answers from respondents with an outcome.")
    else:
        st.caption(markdown_text(outcome_contrast(split, metric.label)))
        st.dataframe(outcome_split_table(split), hide_index=True, key="overview_outcome_split")

st.subheader("Take it away")
report_downloads(view, key="overview")
