"""Relative importance: Shapley values of R² against brute force, relative weights against print."""

import math

import numpy as np
import pytest

from journey.analysis.importance import (
    EXACT_LIMIT,
    RELATIVE_WEIGHTS,
    SHAPLEY,
    UNIT_CHUNK,
    bootstrap_covariances,
    multinomial_weights,
    relative_importance,
    relative_weights,
    subset_r2,
    to_correlation,
)
from tests.analysis.reference import brute_force_shapley, least_squares_r2

# mtcars (R's datasets package: Henderson & Velleman 1981), columns mpg, cyl, disp, hp, wt.
MTCARS = """
21.0 6 160.0 110 2.620
21.0 6 160.0 110 2.875
22.8 4 108.0 93 2.320
21.4 6 258.0 110 3.215
18.7 8 360.0 175 3.440
18.1 6 225.0 105 3.460
14.3 8 360.0 245 3.570
24.4 4 146.7 62 3.190
22.8 4 140.8 95 3.150
19.2 6 167.6 123 3.440
17.8 6 167.6 123 3.440
16.4 8 275.8 180 4.070
17.3 8 275.8 180 3.730
15.2 8 275.8 180 3.780
10.4 8 472.0 205 5.250
10.4 8 460.0 215 5.424
14.7 8 440.0 230 5.345
32.4 4 78.7 66 2.200
30.4 4 75.7 52 1.615
33.9 4 71.1 65 1.835
21.5 4 120.1 97 2.465
15.5 8 318.0 150 3.520
15.2 8 304.0 150 3.435
13.3 8 350.0 245 3.840
19.2 8 400.0 175 3.845
27.3 4 79.0 66 1.935
26.0 4 120.3 91 2.140
30.4 4 95.1 113 1.513
15.8 8 351.0 264 3.170
19.7 6 145.0 175 2.770
15.0 8 301.0 335 3.570
21.4 4 121.0 109 2.780
"""


def mtcars() -> tuple[np.ndarray, np.ndarray]:
    rows = [row.split() for row in MTCARS.strip().splitlines()]
    data = np.array(rows, dtype=float)
    return data[:, 1:], data[:, 0]


def correlated(units: int, predictors: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Predictors sharing a factor (so they correlate) and an outcome that depends on them."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(units, 1)) + rng.normal(size=(units, predictors))
    y = x @ rng.normal(size=predictors) + 2 * rng.normal(size=units)
    return x, y


def correlation_of(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    correlation: np.ndarray = np.corrcoef(np.column_stack([x, y]), rowvar=False)
    return correlation


def test_subset_r2_equals_a_separate_regression_for_every_subset() -> None:
    x, y = correlated(80, 6, seed=1)
    r2 = subset_r2(correlation_of(x, y))
    assert r2.shape == (2**6,)
    for mask in range(2**6):
        columns = tuple(j for j in range(6) if mask >> j & 1)
        assert r2[mask] == pytest.approx(least_squares_r2(x, y, columns), abs=1e-12)


def test_shapley_values_equal_brute_force_over_all_orders() -> None:
    x, y = correlated(60, 6, seed=2)
    found = relative_importance(x, y, resamples=10)
    assert found.method == SHAPLEY
    np.testing.assert_allclose(found.importance, brute_force_shapley(x, y), rtol=0, atol=1e-9)


def test_collinear_and_constant_predictors_match_brute_force() -> None:
    """A duplicated predictor shares its credit equally; a constant one earns nothing."""
    x, y = correlated(50, 3, seed=3)
    x = np.column_stack([x, x[:, 0], np.full(50, 0.5)])  # column 3 = column 0; column 4 constant
    found = relative_importance(x, y, resamples=10)
    expected = brute_force_shapley(x, y)
    np.testing.assert_allclose(found.importance, expected, rtol=0, atol=1e-9)
    assert found.importance[0] == pytest.approx(found.importance[3], abs=1e-12)
    assert found.importance[4] == pytest.approx(0.0, abs=1e-15)
    assert found.r2 == pytest.approx(least_squares_r2(x, y, (0, 1, 2)), abs=1e-12)


@pytest.mark.parametrize("predictors", [1, 2, EXACT_LIMIT, EXACT_LIMIT + 1, 20])
def test_importances_add_up_to_the_regressions_r2(predictors: int) -> None:
    x, y = correlated(300, predictors, seed=predictors)
    found = relative_importance(x, y, resamples=5)
    full = least_squares_r2(x, y, tuple(range(predictors)))
    assert found.r2 == pytest.approx(full, abs=1e-12)
    assert found.importance.sum() == pytest.approx(full, abs=1e-12)
    np.testing.assert_allclose(found.share, found.importance / full, rtol=1e-12)
    assert found.method == (SHAPLEY if predictors <= EXACT_LIMIT else RELATIVE_WEIGHTS)


def test_relative_weights_reproduce_the_published_mtcars_example() -> None:
    """Johnson's (2000) relative weights of mpg ~ cyl + disp + hp + wt on mtcars.

    Published in the vignette "Regression Methods: Multiple and Logistic RWA" of the R package
    rwa (Martin Chan, CRAN; https://martinctc.github.io/rwa/articles/regression-methods.html),
    which implements Tonidandel & LeBreton's (2015) RWA-Web: raw relative weights 0.2096904,
    0.1883043, 0.1799590 and 0.2706812, printed to seven decimals.
    """
    x, y = mtcars()
    weights = relative_weights(correlation_of(x, y))
    np.testing.assert_allclose(
        weights, [0.2096904, 0.1883043, 0.1799590, 0.2706812], rtol=0, atol=5e-8
    )
    assert weights.sum() == pytest.approx(least_squares_r2(x, y, (0, 1, 2, 3)), abs=1e-12)


def johnson_from_the_data(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Relative weights by Johnson's (2000) own derivation, from the standardised data.

    X = P Δ Q' (singular values); Z = P Q' is the orthonormal set closest to X; Λ regresses
    X on Z, β regresses y on Z, and ε_j = Σ_k Λ_jk² β_k².
    """
    units = len(y)
    xs = (x - x.mean(axis=0)) / x.std(axis=0) / math.sqrt(units)
    ys = (y - y.mean()) / y.std() / math.sqrt(units)
    p, _, qt = np.linalg.svd(xs, full_matrices=False)
    z = p @ qt
    lam = np.linalg.lstsq(z, xs, rcond=None)[0]  # rows: Z_k, columns: X_j
    beta = np.linalg.lstsq(z, ys, rcond=None)[0]
    weights: np.ndarray = (lam.T**2) @ (beta**2)
    return weights


def test_relative_weights_above_the_exact_limit_follow_johnsons_derivation() -> None:
    x, y = correlated(400, EXACT_LIMIT + 3, seed=5)
    found = relative_importance(x, y, resamples=5)
    assert found.method == RELATIVE_WEIGHTS
    np.testing.assert_allclose(found.importance, johnson_from_the_data(x, y), rtol=0, atol=1e-12)


def test_relative_weights_track_shapley_on_mtcars() -> None:
    """The two methods differ, but not by much: why the weights can stand in above 15."""
    x, y = mtcars()
    shapley = brute_force_shapley(x, y)
    weights = relative_weights(correlation_of(x, y))
    np.testing.assert_allclose(weights, shapley, atol=0.015)


def test_the_bootstrap_is_reproducible_with_its_seed() -> None:
    x, y = correlated(200, 5, seed=6)
    first = relative_importance(x, y, resamples=200, seed=11)
    again = relative_importance(x, y, resamples=200, seed=11)
    other = relative_importance(x, y, resamples=200, seed=12)
    np.testing.assert_array_equal(first.importance_low, again.importance_low)
    np.testing.assert_array_equal(first.importance_high, again.importance_high)
    assert not np.array_equal(first.importance_low, other.importance_low)
    np.testing.assert_array_equal(first.importance, other.importance)  # the estimate has no draw
    assert (first.resamples, first.seed) == (200, 11)


def test_bootstrap_intervals_contain_the_estimates() -> None:
    x, y = correlated(500, 6, seed=7)
    found = relative_importance(x, y)
    assert found.resamples == 200
    assert np.all(found.importance_low <= found.importance)
    assert np.all(found.importance <= found.importance_high)
    assert np.all(found.importance_low < found.importance_high)


def test_weights_are_multinomial_counts_of_n_draws() -> None:
    units, resamples = 2 * UNIT_CHUNK + 123, 300  # three chunks of units
    rng = np.random.default_rng(0)
    chunks = list(multinomial_weights(rng, units, resamples))
    assert [start for start, _ in chunks] == [0, UNIT_CHUNK, 2 * UNIT_CHUNK]
    weights = np.concatenate([w for _, w in chunks], axis=1)
    assert weights.shape == (resamples, units)
    np.testing.assert_array_equal(weights.sum(axis=1), units)
    np.testing.assert_array_equal(weights, np.round(weights))
    # Multinomial(n; 1/n…): each count has mean 1 and variance 1 − 1/n; Poisson-like tail.
    assert weights.mean() == pytest.approx(1.0, abs=1e-12)
    assert weights.var() == pytest.approx(1 - 1 / units, rel=0.01)
    assert (weights == 0).mean() == pytest.approx((1 - 1 / units) ** units, abs=0.005)


def test_a_weighted_covariance_is_the_covariance_of_the_resampled_rows() -> None:
    """Weights stand for copies: the same figures as repeating each unit w times."""
    x, y = correlated(1_000, 3, seed=8)
    data = np.column_stack([x, y])
    centred = data - data.mean(axis=0)
    covariances = bootstrap_covariances(np.ascontiguousarray(centred.T), 4, seed=3)
    weights = np.concatenate(
        [w for _, w in multinomial_weights(np.random.default_rng(3), 1_000, 4)], axis=1
    )
    for covariance, counts in zip(covariances, weights, strict=True):
        copies = np.repeat(data, counts.astype(int), axis=0)
        np.testing.assert_allclose(covariance, np.cov(copies, rowvar=False, bias=True), atol=1e-12)


def test_to_correlation_zeroes_a_variable_that_does_not_vary() -> None:
    covariance = np.array([[4.0, 0.0, 2.0], [0.0, 0.0, 0.0], [2.0, 0.0, 9.0]])
    correlation = to_correlation(covariance)
    expected = np.array([[1, 0, 1 / 3], [0, 0, 0], [1 / 3, 0, 1]])
    np.testing.assert_allclose(correlation, expected)


def test_an_outcome_that_does_not_vary_is_refused() -> None:
    x, _ = correlated(40, 2, seed=9)
    with pytest.raises(ValueError, match="does not vary"):
        relative_importance(x, np.full(40, 7.0))
