"""The importance × performance quadrants: strict medians, and a negative link never first."""

import pandas as pd

from journey.analysis.priorities import priority_matrix


def drivers_table(rows: list[tuple[str, float, float, float]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A driver table (stage, r, importance) and the stages' mean emotions, made by hand."""
    drivers = pd.DataFrame(
        [(stage, r, 100, importance, None, None, None) for stage, r, importance, _ in rows],
        columns=["stage", "r", "n", "importance", "share", "importance_low", "importance_high"],
    )
    performance = pd.DataFrame(
        [(stage, mean) for stage, *_, mean in rows], columns=["stage", "mean_emotion"]
    )
    return drivers, performance


def test_quadrants_split_strictly_at_the_medians_and_a_negative_link_is_never_fix_first() -> None:
    # importance median (0.05 + 0.08) / 2 = 0.065; mean-emotion median (-0.5 + 0.2) / 2 = -0.15
    drivers, performance = drivers_table([
        ("Order", 0.30, 0.10, -0.5),
        ("Reviews", -0.12, 0.02, -0.6),
        ("Delivery", 0.20, 0.05, 0.4),
        ("Returns", 0.25, 0.08, 0.2),
    ])  # fmt: skip
    matrix = priority_matrix(drivers, performance).set_index("stage")["quadrant"]
    assert matrix.to_dict() == {
        "Order": "Fix first",
        "Reviews": "Negative link",
        "Delivery": "Possible overkill",
        "Returns": "Keep it up",
    }


def test_a_stage_on_the_median_is_not_called_more_important() -> None:
    drivers, performance = drivers_table([
        ("Order", 0.3, 0.10, -0.5), ("Delivery", 0.2, 0.06, -0.4), ("Returns", 0.1, 0.02, 0.3),
    ])  # fmt: skip
    quadrant = priority_matrix(drivers, performance).set_index("stage")["quadrant"]
    assert quadrant["Delivery"] == "Possible overkill"  # on both medians: neither more nor worse
    assert quadrant["Order"] == "Fix first"


def test_stages_without_importance_are_not_placed() -> None:
    drivers, performance = drivers_table([("Order", 0.3, 0.10, -0.5), ("Delivery", 0.2, 0.06, 0)])
    drivers.loc[1, "importance"] = float("nan")
    assert list(priority_matrix(drivers, performance)["stage"]) == ["Order"]
