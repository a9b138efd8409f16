"""Independent computations the tests compare the product's figures with (SciPy, not our code)."""

import statistics

from scipy import stats


def t_interval(values: list[float]) -> tuple[float, float]:
    """Student-t 95% interval of the mean of the values, as SciPy computes it."""
    low, high = stats.t.interval(
        0.95, len(values) - 1, loc=statistics.mean(values), scale=stats.sem(values)
    )
    return float(low), float(high)
