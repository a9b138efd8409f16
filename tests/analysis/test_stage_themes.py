"""The per-stage theme table against figures computed by hand and by SciPy."""

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from journey.analysis.stage_themes import stage_theme_table

# Check-in: 12 "Queues" comments (two without a rating), 10 "Staff", 3 "Signage" (hidden at k=10).
QUEUES = [-1.0, -1.0, -0.5, -0.5, -1.0, 0.0, -0.5, -1.0, -0.5, -1.0]
STAFF = [0.5, 1.0, 0.5, 0.0, 1.0, 0.5, 1.0, 0.5, 0.0, 1.0]
SIGNAGE = [0.0, -0.5, 0.5]
FLIGHT_FOOD = [0.0, -0.5] * 6
FLIGHT_CREW = [1.0, 0.5, 0.5, 1.0, 0.0, 1.0, 0.5, 1.0, 1.0, 0.5, 0.5]


def frame() -> pd.DataFrame:
    """Two stages of comments with their themes and the emotion of their ratings."""
    rows = (
        [("Check-in", "Queues", e) for e in QUEUES]
        + [("Check-in", "Queues", np.nan)] * 2
        + [("Check-in", "Staff", e) for e in STAFF]
        + [("Check-in", "Signage", e) for e in SIGNAGE]
        + [("Flight", "Food", e) for e in FLIGHT_FOOD]
        + [("Flight", "Crew", e) for e in FLIGHT_CREW]
    )
    return pd.DataFrame(rows, columns=["stage", "theme", "emotion"])


def bh(p: Sequence[float]) -> list[float]:
    """Benjamini–Hochberg by its definition: min over j ≥ i of p_(j) · m / j."""
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    adjusted = [0.0] * m
    for rank, i in enumerate(order, start=1):
        adjusted[i] = min(min(p[j] * m / r for r, j in enumerate(order, start=1) if r >= rank), 1)
    return adjusted


def test_counts_shares_means_and_differences() -> None:
    """n counts every comment, the mean only the rated ones; small themes are hidden."""
    table = stage_theme_table(frame(), k=10)
    assert table[["stage", "theme"]].values.tolist() == [
        ["Check-in", "Queues"],
        ["Check-in", "Staff"],
        ["Flight", "Food"],
        ["Flight", "Crew"],
    ]
    queues = table.iloc[0]
    assert queues["n"] == 12
    assert queues["share"] == pytest.approx(12 / 25)
    assert queues["mean_emotion"] == pytest.approx(-7.0 / 10)
    others = STAFF + SIGNAGE
    assert queues["difference"] == pytest.approx(-0.7 - sum(others) / len(others))
    assert table.iloc[1]["share"] == pytest.approx(10 / 25)


def test_welch_and_benjamini_hochberg() -> None:
    """p is SciPy's Welch test of the theme against the stage's other ratings; q is BH's."""
    table = stage_theme_table(frame(), k=10)
    groups = {
        "Queues": (QUEUES, STAFF + SIGNAGE),
        "Staff": (STAFF, QUEUES + SIGNAGE),
        "Food": (FLIGHT_FOOD, FLIGHT_CREW),
        "Crew": (FLIGHT_CREW, FLIGHT_FOOD),
    }
    expected = [stats.ttest_ind(*groups[theme], equal_var=False).pvalue for theme in table["theme"]]
    assert table["p_value"].tolist() == pytest.approx(expected)
    assert table["p_adjusted"].tolist() == pytest.approx(bh(expected))


def test_k_hides_small_themes() -> None:
    """With k = 3 the three Signage comments show; with k = 12 only the themes of 12 stay."""
    assert "Signage" in stage_theme_table(frame(), k=3)["theme"].tolist()
    assert stage_theme_table(frame(), k=12)["theme"].tolist() == ["Queues", "Food"]


def test_split_by_persona() -> None:
    """Per persona the groups are the persona's comments in the stage."""
    data = frame()
    data["persona"] = ["Business", "Leisure"] * (len(data) // 2) + ["Business"] * (len(data) % 2)
    table = stage_theme_table(data, k=1, by_persona=True)
    business = table[(table["stage"] == "Flight") & (table["persona"] == "Business")]
    mine = data[(data["stage"] == "Flight") & (data["persona"] == "Business")]
    food = mine[mine["theme"] == "Food"]
    row = business[business["theme"] == "Food"].iloc[0]
    assert row["n"] == len(food)
    assert row["share"] == pytest.approx(len(food) / len(mine))
    assert row["mean_emotion"] == pytest.approx(food["emotion"].mean())


def test_a_theme_with_no_rating_has_no_mean() -> None:
    """Comments without ratings: counted, but no mean, difference or p."""
    data = pd.DataFrame(
        {"stage": ["A"] * 4, "theme": ["x", "x", "y", "y"], "emotion": [np.nan, np.nan, 0.5, 1.0]}
    )
    row = stage_theme_table(data, k=1).set_index("theme").loc["x"].to_dict()
    assert row["n"] == 2
    assert all(math.isnan(row[c]) for c in ("mean_emotion", "difference", "p_value"))
