"""Emotion curves: one journey's, personas overlaid, one per persona; each returns a chart.

Every chart carries its units and sample sizes in axis titles and tooltips, marks peaks and
valleys by shape and label as well as colour, and uses colour-blind-safe colours.
"""

from typing import Any

import altair as alt
import pandas as pd
from altair.typing import ChartType

from journey.formatting import percent, q_value, signed
from journey.render.axes import (
    EMOTION_AXIS,
    STAGE_STEP,
    AxisTitle,
    emotion_title,
    emotion_y,
    stage_axis,
    stage_order,
)
from journey.render.palette import (
    MARKER_LABELS,
    MARKERS,
    OKABE_ITO,
    PERSONA_DASHES,
    PERSONA_SHAPES,
    TARGET_COLOUR,
)

MEASURED, TARGET = "Measured", "Target (future state)"
ABOVE, BELOW = "above", "below"
LABEL_GAP = 12  # px between a marker's centre and the nearest edge of its label


STAGE_PICK = "stage_pick"  # the selection a clickable curve reports


def curve_points(kpis: pd.DataFrame) -> pd.DataFrame:
    """The measured stages with their marker, label and tooltip text."""
    points = kpis[kpis["n"] > 0].copy()
    points["marker"] = [
        "Low sample" if low else {"peak": "Peak", "valley": "Valley"}.get(shape or "", "Stage")
        for low, shape in zip(points["low_sample"], points["shape"], strict=True)
    ]
    points["label"] = [
        f"low sample (n={n})" if marker == "Low sample" else MARKER_LABELS[marker]
        for marker, n in zip(points["marker"], points["n"], strict=True)
    ]
    points["label_colour"] = points["marker"].map(lambda marker: MARKERS[marker][2])
    # A valley's label goes under it, every other above; anything else written at a point
    # (a persona's difference from the rest) goes on the other side, never on the label.
    points["label_side"] = points["marker"].map({"Valley": BELOW}).fillna(ABOVE)
    points["other_side"] = points["label_side"].map({ABOVE: BELOW, BELOW: ABOVE})
    if "versus" in points:
        # On two lines ("−0.20" / "vs others"): narrow enough for the last stage's column.
        points["versus"] = points["versus"].fillna("").str.replace(" vs ", "\nvs ", n=1)
    points["n_label"] = [f"n={n:,}" for n in points["n"]]
    points["mean_text"] = points["mean_emotion"].map(signed)
    points["ci_text"] = [
        f"{signed(low)} to {signed(high)}" if not pd.isna(low) else "– (n < 2)"
        for low, high in zip(points["ci_low"], points["ci_high"], strict=True)
    ]
    points["meets_text"] = points["meets_or_exceeds"].map(percent)
    points["gap_text"] = points["gap"].map(signed) if "gap" in points else "–"
    return points


TARGET_HALF = 6  # px: half the future-state diamond, and a little room
LABEL_HEIGHT, VERSUS_HEIGHT = 17, 28  # px: one line at 13 px; two at 11 px


def label_anchors(points: pd.DataFrame, height: int) -> pd.DataFrame:
    """Where each point's labels hang from: the point, or past a target diamond in the way.

    A label sits a fixed distance above (or below) its anchor. Where the stage's future-state
    target is drawn right there, the label is hung from the target instead, so it clears both.
    """
    pixel = 2 / height  # emotion units per pixel: −1 … +1 spans the plot's height
    mean = points["mean_emotion"].astype(float)
    target = points["target_emotion"].astype(float)

    def anchor(side: pd.Series, tall: float) -> pd.Series:
        up = side == ABOVE
        near = LABEL_GAP * pixel
        far = (LABEL_GAP + tall) * pixel
        half = TARGET_HALF * pixel
        blocked_up = up & (target + half > mean + near) & (target - half < mean + far)
        blocked_down = ~up & (target - half < mean - near) & (target + half > mean - far)
        return mean.where(~(blocked_up | blocked_down), target)

    return points.assign(
        label_at=anchor(points["label_side"], LABEL_HEIGHT),
        other_at=anchor(points["other_side"], VERSUS_HEIGHT),
    )


CURVE_TOOLTIP = [
    alt.Tooltip("stage:N", title="Stage"),
    alt.Tooltip("mean_text:N", title="Mean emotion (−1…+1)"),
    alt.Tooltip("ci_text:N", title="95% interval"),
    alt.Tooltip("n:Q", title="Responses (n)", format=","),
    alt.Tooltip("respondents:Q", title="Respondents", format=","),
    alt.Tooltip("meets_text:N", title="Meets or exceeds"),
    alt.Tooltip("label:N", title="Marked as"),
    alt.Tooltip("gap_text:N", title="Gap to future-state target"),
]


def emotion_curve(
    kpis: pd.DataFrame,
    *,
    title: str = "",
    height: int = 320,
    pick_stage: bool = False,
    steps: pd.DataFrame | None = None,
) -> ChartType:
    """One journey's emotion curve: 95% band, peaks ▲, valleys ▼, n per stage, low samples flagged.

    A future-state target (the `target_emotion` column) is drawn as a dashed line. With
    `steps` (journey.analysis.significance.stage_steps), each segment is solid where the change from
    one stage to the next is significant and dotted where it is not. A `versus` column (text)
    is written under the points, e.g. a persona's significant difference from the rest.
    """
    order = stage_order(kpis)
    axis_title = emotion_title(height)
    points = label_anchors(curve_points(kpis), height)
    x = stage_axis(order)
    base = alt.Chart(points).encode(x=x)
    eligible = base.transform_filter("!datum.low_sample")
    zero = (
        alt.Chart(pd.DataFrame({"zero": [0.0]}))
        .mark_rule(color="#666666", strokeDash=[3, 3])
        .encode(y="zero:Q")
    )
    band = eligible.mark_area(opacity=0.22, color=MARKERS["Stage"][1]).encode(
        y=emotion_y(axis_title, "ci_low"), y2="ci_high:Q"
    )
    has_targets = bool(kpis["target_emotion"].notna().any())
    line = (
        base.mark_line(strokeWidth=3)
        .encode(y=emotion_y(axis_title), **_series_encoding(legend=has_targets))
        .transform_calculate(series=f"'{MEASURED}'")
    )
    if steps is not None and len(steps):
        line = _step_layer(steps, order, axis_title)
    marks = base.mark_point(filled=True, size=220, opacity=1).encode(
        y=emotion_y(axis_title),
        shape=alt.Shape(
            "marker:N",
            scale=alt.Scale(domain=list(MARKERS), range=[m[0] for m in MARKERS.values()]),
            legend=alt.Legend(title="Marker", orient="top"),
        ),
        fill=alt.Fill(
            "marker:N",
            scale=alt.Scale(domain=list(MARKERS), range=[m[1] for m in MARKERS.values()]),
            legend=alt.Legend(title="Marker", orient="top"),
        ),
        tooltip=CURVE_TOOLTIP,
    )
    if pick_stage:
        # Clicking a stage selects it (Streamlit reruns with the choice, e.g. to show comments).
        marks = marks.add_params(alt.selection_point(name=STAGE_PICK, fields=["stage"]))
    labels = [
        base.transform_filter(f"datum.label_side == '{side}'")
        .mark_text(fontSize=13, fontWeight="bold", **_beside(side))
        .encode(
            y=emotion_y(axis_title, "label_at"),
            text="label:N",
            color=alt.Color("label_colour:N", scale=None),
        )
        for side in (ABOVE, BELOW)
    ]
    counts = base.mark_text(fontSize=12, color="#333333", baseline="bottom").encode(
        y=alt.datum(-1), text="n_label:N"
    )
    layers: list[ChartType] = [zero, band, line, marks, *labels, counts]
    if "versus" in points and points["versus"].fillna("").ne("").any():
        layers += [
            base.transform_filter(f"datum.other_side == '{side}'")
            .mark_text(fontSize=11, color="#333333", lineBreak="\n", **_beside(side))
            .encode(
                y=emotion_y(axis_title, "other_at"),
                text="versus:N",
            )
            for side in (ABOVE, BELOW)
        ]
    if has_targets:
        layers.append(_target_layer(kpis.drop_duplicates("stage"), order, axis_title=axis_title))
    # The step segments and the target line each have their own dashes (and legend).
    chart = alt.layer(*layers).resolve_scale(strokeDash="independent")
    chart = chart.properties(height=height, width=alt.Step(STAGE_STEP))
    return chart.properties(title=title) if title else chart


def _beside(side: str) -> dict[str, Any]:
    """Text just above or just below its point, a fixed number of pixels away."""
    if side == ABOVE:
        return {"baseline": "bottom", "dy": -LABEL_GAP}
    return {"baseline": "top", "dy": LABEL_GAP}


SIGNIFICANT, NOT_SIGNIFICANT = "Significant change", "Not significant"


def _step_layer(steps: pd.DataFrame, order: list[str], axis_title: AxisTitle) -> ChartType:
    """Stage-to-stage segments, solid where the change is significant, dotted where not."""
    data = steps.dropna(subset=["from_mean", "to_mean"]).assign(
        step=lambda s: s["significant_emotion"].map({True: SIGNIFICANT, False: NOT_SIGNIFICANT}),
        change=lambda s: s["emotion_difference"].map(signed),
        q=lambda s: s["q_emotion"].map(q_value),
    )
    return (
        alt.Chart(data)
        .mark_rule(strokeWidth=3, color=MARKERS["Stage"][1])
        .encode(
            x=stage_axis(order),
            x2="next_stage:N",
            y=emotion_y(axis_title, "from_mean"),
            y2="to_mean:Q",
            strokeDash=alt.StrokeDash(
                "step:N",
                scale=alt.Scale(domain=[SIGNIFICANT, NOT_SIGNIFICANT], range=[[1, 0], [2, 5]]),
                legend=alt.Legend(title="Stage to next stage", orient="top", symbolType="stroke"),
            ),
            tooltip=[
                alt.Tooltip("stage:N", title="From"),
                alt.Tooltip("next_stage:N", title="To"),
                alt.Tooltip("change:N", title="Change in mean emotion"),
                alt.Tooltip("q:N", title="q (BH-adjusted p)"),
                alt.Tooltip("step:N", title="Verdict"),
            ],
        )
    )


def _series_encoding(*, legend: bool) -> dict[str, alt.Color | alt.StrokeDash]:
    """Measured (solid blue) against target (dashed black): told apart by dash and colour."""
    domain = [MEASURED, TARGET]
    shown = (
        alt.Legend(title=None, orient="top", symbolType="stroke", symbolStrokeWidth=3)
        if legend
        else None
    )
    return {
        "color": alt.Color(
            "series:N",
            scale=alt.Scale(domain=domain, range=[MARKERS["Stage"][1], TARGET_COLOUR]),
            legend=shown,
        ),
        "strokeDash": alt.StrokeDash(
            "series:N", scale=alt.Scale(domain=domain, range=[[1, 0], [6, 4]]), legend=None
        ),
    }


def _target_layer(
    targets: pd.DataFrame,
    order: list[str],
    *,
    own_legend: bool = True,
    axis_title: AxisTitle = EMOTION_AXIS,
) -> ChartType:
    """The future-state target: dashed black with hollow diamonds.

    Where colour already means something else (personas), the line is labelled in place.
    """
    wanted = targets["stage"].isin(order) & targets["target_emotion"].notna()
    data = targets.loc[wanted, ["stage", "target_emotion"]].copy()
    data["series"] = TARGET
    data["target_text"] = data["target_emotion"].map(signed)
    base = alt.Chart(data).encode(
        x=stage_axis(order),
        y=emotion_y(axis_title, "target_emotion"),
    )
    dots = base.mark_point(shape="diamond", size=90, color=TARGET_COLOUR, filled=False).encode(
        tooltip=[
            alt.Tooltip("stage:N", title="Stage"),
            alt.Tooltip("target_text:N", title="Target emotion (−1…+1)"),
        ]
    )
    if own_legend:
        return alt.layer(
            base.mark_line(strokeWidth=2).encode(**_series_encoding(legend=True)), dots
        )
    line = base.mark_line(strokeWidth=2, color=TARGET_COLOUR, strokeDash=[6, 4])
    name = alt.Chart(data.tail(1)).mark_text(align="left", dx=10, fontSize=12, fontWeight="bold")
    label = name.encode(x=stage_axis(order), y="target_emotion:Q", text=alt.value("target"))
    return alt.layer(line, dots, label)


def persona_overlay(kpis: pd.DataFrame, *, height: int = 360) -> ChartType:
    """Each persona's curve on one chart, told apart by colour, point shape and dash."""
    order = stage_order(kpis)
    points = curve_points(kpis)
    personas = sorted(points["persona"].unique())
    colours = alt.Scale(domain=personas, range=list(OKABE_ITO[: len(personas)]))
    base = alt.Chart(points).encode(x=stage_axis(order), y=emotion_y())
    # One legend (colour, dash and shape), with every name in full.
    legend = alt.Legend(title="Persona", orient="top", labelLimit=0)
    persona_colour = alt.Color("persona:N", scale=colours, legend=legend)
    lines = base.mark_line(strokeWidth=2.5).encode(
        color=persona_colour,
        strokeDash=alt.StrokeDash(
            "persona:N",
            scale=alt.Scale(domain=personas, range=list(PERSONA_DASHES[: len(personas)])),
            legend=legend,
        ),
    )
    dots = base.mark_point(filled=True, size=110).encode(
        color=persona_colour,
        shape=alt.Shape(
            "persona:N",
            scale=alt.Scale(domain=personas, range=list(PERSONA_SHAPES[: len(personas)])),
            legend=legend,
        ),
        opacity=alt.condition("datum.low_sample", alt.value(0.35), alt.value(1.0)),
        tooltip=[alt.Tooltip("persona:N", title="Persona"), *CURVE_TOOLTIP],
    )
    zero = (
        alt.Chart(pd.DataFrame({"zero": [0.0]}))
        .mark_rule(color="#666666", strokeDash=[3, 3])
        .encode(y="zero:Q")
    )
    layers = [zero, lines, dots]
    if kpis["target_emotion"].notna().any():
        layers.append(_target_layer(kpis.drop_duplicates("stage"), order, own_legend=False))
    return alt.layer(*layers).properties(height=height, width=alt.Step(STAGE_STEP))


PAGE_WIDTH = 980  # px of a page's main column on a 1440-px screen with the sidebar open


def persona_curve_panels(kpis: pd.DataFrame) -> list[ChartType]:
    """One full emotion curve per persona, with its own peaks and valleys, on the same scale."""
    return [
        emotion_curve(kpis[kpis["persona"] == persona], title=str(persona), height=220)
        for persona in sorted(kpis["persona"].dropna().unique())
    ]


def panel_columns(stages: int, width: int = PAGE_WIDTH) -> int:
    """How many curves of this many stages fit side by side in `width` pixels (at least 1)."""
    return max(1, width // (stages * STAGE_STEP + 90))  # 90: the axis and its title


def persona_small_multiples(kpis: pd.DataFrame) -> ChartType:
    """The persona curves as one picture, wrapped to a page's width (for the downloads)."""
    columns = panel_columns(kpis["stage"].nunique())
    return alt.concat(*persona_curve_panels(kpis), columns=columns).resolve_scale(
        shape="shared", fill="shared"
    )


def curve_caption(kpis: pd.DataFrame) -> str:
    """The chart in words: high and low points, peaks, valleys and low-sample stages."""
    eligible = kpis[~kpis["low_sample"] & kpis["mean_emotion"].notna()]
    if eligible.empty:
        return "No stage has enough responses to draw a reliable curve yet."
    means = eligible["mean_emotion"].astype(float)
    high = eligible.iloc[int(means.to_numpy().argmax())]
    low = eligible.iloc[int(means.to_numpy().argmin())]
    parts = [
        f"High point: {high['stage']} ({signed(high['mean_emotion'])}, n={int(high['n']):,}).",
        f"Low point: {low['stage']} ({signed(low['mean_emotion'])}, n={int(low['n']):,}).",
    ]
    for shape, word in (("peak", "Peaks"), ("valley", "Valleys")):
        names = list(kpis.loc[kpis["shape"] == shape, "stage"])
        if names:
            parts.append(f"{word}: {', '.join(names)}.")
    small = list(kpis.loc[kpis["low_sample"] & (kpis["n"] > 0), "stage"])
    if small:
        parts.append(f"Low sample, not ranked: {', '.join(small)}.")
    missing = list(kpis.loc[kpis["n"] == 0, "stage"])
    if missing:
        parts.append(f"No data: {', '.join(missing)}.")
    return " ".join(parts)
