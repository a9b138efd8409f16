"""The shared intervals: Wilson's against SciPy's binomial test, Student's t against SciPy's t."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from journey.analysis import trends
from journey.analysis.intervals import t_interval, wilson_interval

CASES = [(0, 1), (1, 1), (0, 10), (3, 10), (10, 10), (1, 37), (18, 37), (412, 1000)]


def test_wilson_equals_scipys_binomial_test_interval() -> None:
    successes, n = zip(*CASES, strict=True)
    low, high = wilson_interval(pd.Series(successes), pd.Series(n))
    for (k, total), lo, hi in zip(CASES, low, high, strict=True):
        expected = stats.binomtest(k, total).proportion_ci(method="wilson")
        assert (lo, hi) == pytest.approx((expected.low, expected.high), abs=1e-12)


def test_wilson_at_another_level_equals_scipy() -> None:
    low, high = wilson_interval(pd.Series([7]), pd.Series([20]), level=0.9)
    expected = stats.binomtest(7, 20).proportion_ci(confidence_level=0.9, method="wilson")
    assert (low.iloc[0], high.iloc[0]) == pytest.approx((expected.low, expected.high), abs=1e-12)


def test_wilson_without_answers_is_missing() -> None:
    low, high = wilson_interval(pd.Series([0]), pd.Series([0]))
    assert low.isna().all() and high.isna().all()


def test_trends_uses_the_one_wilson_function() -> None:
    assert vars(trends)["wilson_interval"] is wilson_interval


def test_t_interval_equals_scipys_t_interval() -> None:
    values = np.array([0.5, -0.5, 1.0, 0.0, 0.5, -1.0, 0.5])
    low, high = t_interval(
        pd.Series([values.mean()]), pd.Series([values.var(ddof=1)]), pd.Series([len(values)])
    )
    expected = stats.t.interval(0.95, len(values) - 1, loc=values.mean(), scale=stats.sem(values))
    assert (low.iloc[0], high.iloc[0]) == pytest.approx(expected, rel=1e-12)


def test_t_interval_needs_two_values() -> None:
    low, high = t_interval(pd.Series([0.5, 0.2]), pd.Series([np.nan, 0.0]), pd.Series([1, 3]))
    assert np.isnan(low.iloc[0]) and np.isnan(high.iloc[0])
    assert (low.iloc[1], high.iloc[1]) == (0.2, 0.2)  # no spread: the interval is the mean
