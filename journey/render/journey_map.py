"""The classic journey map as one picture: lanes under a shared stage axis."""

import textwrap

import altair as alt
import pandas as pd
from altair.typing import ChartType

from journey.analysis.kpis import moments_that_matter
from journey.analysis.significance import stage_steps
from journey.formatting import percent
from journey.render.axes import STAGE_STEP, lane_axis, stage_axis, stage_order
from journey.render.curves import emotion_curve
from journey.render.expectation_charts import expectation_encoding, expectation_long
from journey.render.palette import OKABE_ITO

NOTE_KINDS = {
    "insight": "Insight",
    "pain point": "Pain point",
    "opportunity": "Opportunity",
    "comment": "Comment",
}
NOTE_COLOURS = dict(
    zip(NOTE_KINDS.values(), (OKABE_ITO[0], OKABE_ITO[5], OKABE_ITO[2], "#555555"), strict=True)
)
_WRAP = 20  # characters per line in a lane cell, for STAGE_STEP pixels at 11–12 px type


def _wrap(text: str, width: int = _WRAP, max_lines: int = 6) -> str:
    lines = textwrap.wrap(text, width, break_on_hyphens=False) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1] + "…"
    return "\n".join(lines)


def _lane_y(title: str | list[str]) -> alt.Y:
    return alt.Y(
        "row:O",
        title=title,
        axis=alt.Axis(
            labels=False,
            ticks=False,
            domain=False,
            titleAngle=0,
            titleAlign="right",
            titleFontSize=13,
            titleBaseline="middle",
        ),
    )


def goal_lane(stages: pd.DataFrame, order: list[str]) -> ChartType:
    data = stages.assign(row=0, wrapped=[_wrap(goal or "—") for goal in stages["goal"]])
    return (
        alt.Chart(data)
        .mark_text(lineBreak="\n", fontSize=11, baseline="top", dy=-16)
        .encode(
            x=stage_axis(order, header=True),
            y=_lane_y("Goal"),
            text="wrapped:N",
            tooltip=[alt.Tooltip("stage:N", title="Stage"), alt.Tooltip("goal:N", title="Goal")],
        )
        .properties(width=alt.Step(STAGE_STEP), height=100)
    )


def touchpoint_lane(touchpoints: pd.DataFrame, order: list[str]) -> ChartType:
    data = touchpoints.copy()
    data["row"] = data.groupby("stage").cumcount()
    data["wrapped"] = [
        _wrap(f"{t} · {c}" if c else t, max_lines=2)
        for t, c in zip(data["touchpoint"], data["channel"], strict=True)
    ]
    rows = int(data["row"].max()) + 1 if len(data) else 1
    return (
        alt.Chart(data)
        .mark_text(lineBreak="\n", fontSize=11)
        .encode(
            x=lane_axis(order),
            y=_lane_y(["Touchpoints", "· channel"]),
            text="wrapped:N",
            tooltip=[
                alt.Tooltip("stage:N", title="Stage"),
                alt.Tooltip("touchpoint:N", title="Touchpoint"),
                alt.Tooltip("channel:N", title="Channel"),
            ],
        )
        .properties(width=alt.Step(STAGE_STEP), height=34 * rows)
    )


def expectation_lane(kpis: pd.DataFrame, order: list[str]) -> ChartType:
    data = expectation_long(kpis)
    data = data[data["answered"] > 0]
    return (
        alt.Chart(data)
        .mark_bar(size=STAGE_STEP * 0.55)
        .encode(
            x=lane_axis(order),
            y=alt.Y(
                "count:Q",
                stack="normalize",
                title="Expectations",
                axis=alt.Axis(format="%", tickCount=3),
            ),
            **expectation_encoding(legend="bottom"),
        )
        .properties(width=alt.Step(STAGE_STEP), height=120)
    )


TOP_MOMENTS = 3


def moments_lane(kpis: pd.DataFrame, order: list[str]) -> ChartType:
    """The top moments that matter, ranked, under their stages."""
    top = moments_that_matter(kpis).head(TOP_MOMENTS)
    data = pd.DataFrame(
        {
            "stage": top["stage"],
            "row": 0,
            "wrapped": [
                f"Moment #{rank}\n{percent(row.share_below)} below"
                for rank, row in enumerate(top.itertuples(), start=1)
            ],
            "impact": top["impact"].map(lambda v: f"{v:.2f}"),
            "reach": top["reach"].map(percent),
        }
    )
    return (
        alt.Chart(data)
        .mark_text(lineBreak="\n", fontSize=12, fontWeight="bold", color="#A34400")
        .encode(
            x=lane_axis(order),
            y=_lane_y(["Moments", "that matter"]),
            text="wrapped:N",
            tooltip=[
                alt.Tooltip("stage:N", title="Stage"),
                alt.Tooltip("impact:N", title="Impact (share below × reach)"),
                alt.Tooltip("reach:N", title="Reach (share of respondents)"),
            ],
        )
        .properties(width=alt.Step(STAGE_STEP), height=40)
    )


def notes_lane(notes: pd.DataFrame, order: list[str]) -> ChartType:
    data = notes[notes["stage"].isin(order)].copy()
    data["kind_label"] = data["kind"].map(NOTE_KINDS).fillna("Comment")
    data["row"] = data.groupby("stage").cumcount()
    data["wrapped"] = [
        _wrap(f"{k}: {t}", max_lines=7)
        for k, t in zip(data["kind_label"], data["text"], strict=True)
    ]
    rows = int(data["row"].max()) + 1 if len(data) else 1
    kinds = list(NOTE_COLOURS)
    return (
        alt.Chart(data)
        .mark_text(lineBreak="\n", fontSize=11, baseline="top", dy=-50)
        .encode(
            x=lane_axis(order),
            y=_lane_y("Notes"),
            text="wrapped:N",
            color=alt.Color(
                "kind_label:N",
                scale=alt.Scale(domain=kinds, range=list(NOTE_COLOURS.values())),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("stage:N", title="Stage"),
                alt.Tooltip("kind_label:N", title="Kind"),
                alt.Tooltip("text:N", title="Note"),
                alt.Tooltip("author:N", title="Author"),
            ],
        )
        .properties(width=alt.Step(STAGE_STEP), height=108 * rows)
    )


def journey_map(
    stages: pd.DataFrame,
    touchpoints: pd.DataFrame,
    kpis: pd.DataFrame,
    notes: pd.DataFrame,
    *,
    title: str = "",
) -> ChartType:
    """Stages across; lanes for goal, touchpoints, emotion curve, expectations and notes."""
    order = stage_order(kpis)
    lanes = [
        goal_lane(stages, order),
        touchpoint_lane(touchpoints, order),
        emotion_curve(kpis, height=260, steps=stage_steps(kpis)),
        expectation_lane(kpis, order),
        moments_lane(kpis, order),
        notes_lane(notes, order),
    ]
    chart = alt.vconcat(*lanes, spacing=14).resolve_scale(x="shared", color="independent")
    chart = chart.resolve_legend(color="independent").configure_view(strokeWidth=0)
    return chart.properties(title=title) if title else chart
