"""The importance × performance chart as Vega draws it: no text over another or over a point,
and the axes, the shading and the labels on one and the same range."""

from typing import Any

import pandas as pd
import pytest

from journey.analysis.priorities import priority_matrix
from journey.render.driver_matrix import priority_chart
from journey.render.exports import chart_spec
from tests.render.drawn import drawn

STAGES = [  # stage, r, importance (low, high), mean emotion: crowded around the medians
    ("Ask for a better deal", 0.31, 0.110, 0.08, 0.15, -0.35),
    ("Review the offer", 0.25, 0.078, 0.05, 0.11, -0.29),
    ("Decide", 0.22, 0.098, 0.07, 0.14, 0.02),
    ("Renewal reminder", 0.18, 0.066, 0.04, 0.10, 0.10),
    ("Confirm renewal", 0.46, 0.133, 0.10, 0.17, 0.41),
    ("Call back", 0.20, 0.090, 0.06, 0.12, 0.00),
    ("Read the terms", -0.05, 0.020, 0.00, 0.05, -0.31),
]


def matrix(rows: list[tuple[str, float, float, float, float, float]]) -> pd.DataFrame:
    total = sum(importance for _, _, importance, *_ in rows)
    drivers = pd.DataFrame(
        [(s, r, 500, imp, imp / total, low, high) for s, r, imp, low, high, _ in rows],
        columns=["stage", "r", "n", "importance", "share", "importance_low", "importance_high"],
    )
    performance = pd.DataFrame(
        [(stage, mean) for stage, *_, mean in rows], columns=["stage", "mean_emotion"]
    )
    return priority_matrix(drivers, performance)


def scales(spec: Any, channel: str) -> list[dict[str, Any]]:
    """Every scale given for `channel` (x or y) in the layers of the chart."""
    found = []
    for layer in spec["layer"]:
        encoding = layer.get("encoding", {})
        if channel in encoding and "scale" in encoding[channel]:
            found.append(encoding[channel]["scale"])
    return found


@pytest.mark.parametrize("rows", [STAGES, STAGES[:3], [(*STAGES[0][:5], 0.62)]])
def test_no_text_covers_another_text_or_a_point(
    rows: list[tuple[str, float, float, float, float, float]],
) -> None:
    items, width, height = drawn(priority_chart(matrix(rows)))
    texts = [i for i in items if i.kind == "text"]
    points = [i for i in items if i.kind == "symbol"]
    names = {stage for stage, *_ in rows}
    assert names <= {t.text for t in texts}  # every stage is labelled
    for index, text in enumerate(texts):
        assert 0 <= text.left and text.right <= width and 0 <= text.top and text.bottom <= height
        for other in texts[index + 1 :]:
            assert not text.overlaps(other), (text, other)
        if text.text in names:
            for point in points:
                assert not text.overlaps(point), (text, point)


def test_one_range_for_the_axes_the_shading_and_the_labels() -> None:
    """The ranges are round numbers used as they are: Vega-Lite's "nice" rounding would move
    the axis away from the range the labels were placed on and the quadrant was shaded to."""
    spec = chart_spec(priority_chart(matrix(STAGES)))
    for channel, expected in (("x", [-0.5, 0.6]), ("y", [0.0, 0.22])):
        found = scales(spec, channel)
        assert found and all(s["domain"] == pytest.approx(expected) for s in found)
        assert all(s.get("nice") is False for s in found)
    shade = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "rect")
    assert spec["datasets"][shade["data"]["name"]][0]["x"] == pytest.approx(-0.5)


def test_the_tooltip_gives_units_and_the_sample_size() -> None:
    spec = chart_spec(priority_chart(matrix(STAGES)))
    points = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "point")
    titles = [t["title"] for t in points["encoding"]["tooltip"]]
    assert "Respondents with a rating and an outcome (n)" in titles
    assert "Mean emotion (−1…+1)" in titles
    assert "95% interval (bootstrap)" in titles
