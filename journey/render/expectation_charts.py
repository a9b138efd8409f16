"""Expectation charts: below / meets / exceeds as stacked bars; net expectation as a heatmap."""

from typing import Any, Literal

import altair as alt
import pandas as pd
from altair.typing import ChartType

from journey.formatting import percent, signed
from journey.render.axes import STAGE_STEP, stage_axis, stage_order
from journey.render.palette import (
    DIVERGING,
    EXPECTATION_COLOURS,
    EXPECTATION_LABELS,
    text_colour_on,
)


def expectation_long(kpis: pd.DataFrame) -> pd.DataFrame:
    """One row per stage (× persona) × expectation, with its share and counts."""
    rows = []
    for record in kpis.to_dict("records"):
        answered = int(record["n_expectation"])
        for order, label in enumerate(("below", "meets", "exceeds")):
            rows.append(
                {
                    "stage": record["stage"],
                    "position": record["position"],
                    "persona": record["persona"],
                    "expectation": EXPECTATION_LABELS[label],
                    "order": order,
                    "count": int(record[f"n_{label}"]),
                    "answered": answered,
                    "share": record[f"share_{label}"],
                    "share_text": percent(record[f"share_{label}"]),
                    "text_colour": text_colour_on(EXPECTATION_COLOURS[label]),
                }
            )
    return pd.DataFrame(rows)


def expectation_encoding(
    *, legend: Literal["top", "bottom"], by_persona: bool = False
) -> dict[str, Any]:
    """Colour, stacking order and tooltip shared by every below / meets / exceeds bar."""
    labels = list(EXPECTATION_LABELS.values())
    return {
        "color": alt.Color(
            "expectation:N",
            scale=alt.Scale(domain=labels, range=list(EXPECTATION_COLOURS.values())),
            legend=alt.Legend(title=None, orient=legend, labelLimit=0),
        ),
        "order": alt.Order("order:Q"),
        "tooltip": [
            alt.Tooltip("stage:N", title="Stage"),
            *([alt.Tooltip("persona:N", title="Persona")] if by_persona else []),
            alt.Tooltip("expectation:N", title="Answer"),
            alt.Tooltip("share_text:N", title="Share"),
            alt.Tooltip("count:Q", title="Responses", format=","),
            alt.Tooltip("answered:Q", title="Answered (n)", format=","),
        ],
    }


def expectation_bars(
    kpis: pd.DataFrame, *, by_persona: bool = False, height: int | None = None
) -> ChartType:
    """100% stacked bars of below / meets / exceeds per stage (rows by persona when split)."""
    data = expectation_long(kpis)
    data = data[data["answered"] > 0]
    order = stage_order(kpis)
    bars = (
        alt.Chart(data)
        .mark_bar(stroke="white", strokeWidth=0.5)
        .encode(
            y=alt.Y(
                "stage:N", sort=order, title=None, axis=alt.Axis(labelFontSize=13, labelLimit=220)
            ),
            x=alt.X(
                "count:Q",
                stack="normalize",
                title="Share of responses with an expectation answer",
                axis=alt.Axis(format="%"),
            ),
            **expectation_encoding(legend="top", by_persona=by_persona),
        )
    )
    text = (
        alt.Chart(data[data["share"].fillna(0) >= 0.08])
        .mark_text(fontSize=12, align="center")
        .encode(
            y=alt.Y("stage:N", sort=order),
            x=alt.X("count:Q", stack="normalize", bandPosition=0.5),
            detail="expectation:N",
            order=alt.Order("order:Q"),
            text="share_text:N",
            # Black on light grey, white on the dark blue and orange: whichever reads better.
            color=alt.Color("text_colour:N", scale=None),
        )
    )
    if by_persona:
        return (
            alt.layer(bars)
            .properties(width=520, height=alt.Step(22))
            .facet(
                row=alt.Row(
                    "persona:N",
                    title=None,
                    header=alt.Header(labelFontSize=14, labelAngle=0, labelAlign="left"),
                ),
            )
        )
    return alt.layer(bars, text).properties(width=640, height=height or alt.Step(34))


def net_expectation_heatmap(kpis: pd.DataFrame) -> ChartType:
    """Stage × persona net expectation (exceeds − below), the value written in every cell."""
    order = stage_order(kpis)
    data = kpis[kpis["n_expectation"] > 0].copy()
    data["net_text"] = data["net_expectation"].map(signed)
    data["below_text"] = data["share_below"].map(percent)
    data["exceeds_text"] = data["share_exceeds"].map(percent)
    base = alt.Chart(data).encode(
        x=stage_axis(order),
        y=alt.Y("persona:N", title=None, axis=alt.Axis(labelFontSize=13, labelLimit=0)),
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color(
            "net_expectation:Q",
            scale=alt.Scale(domain=[-1, 0, 1], range=list(DIVERGING)),
            legend=alt.Legend(
                title="Net expectation (exceeds − below)",
                format="+.1f",
                orient="top",
                gradientLength=260,
            ),
        ),
        tooltip=[
            alt.Tooltip("stage:N", title="Stage"),
            alt.Tooltip("persona:N", title="Persona"),
            alt.Tooltip("net_text:N", title="Net expectation (−1…+1)"),
            alt.Tooltip("below_text:N", title="Below"),
            alt.Tooltip("exceeds_text:N", title="Exceeds"),
            alt.Tooltip("n_expectation:Q", title="Answered (n)", format=","),
        ],
    )
    text = base.mark_text(fontSize=13).encode(
        text="net_text:N",
        color=alt.condition(
            "abs(datum.net_expectation) > 0.55", alt.value("white"), alt.value("black")
        ),
    )
    return alt.layer(cells, text).properties(width=alt.Step(STAGE_STEP), height=alt.Step(44))
