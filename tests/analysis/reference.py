"""Independent reference computations: least squares on raw data, Shapley over every order."""

import itertools
import math

import numpy as np


def least_squares_r2(x: np.ndarray, y: np.ndarray, columns: tuple[int, ...]) -> float:
    """R² of a separate least-squares fit (with intercept) on the raw data."""
    design = np.column_stack([np.ones(len(y)), x[:, list(columns)]])
    coefficients, *_ = np.linalg.lstsq(design, y, rcond=None)
    residual = y - design @ coefficients
    centred = y - y.mean()
    return float(1 - residual @ residual / (centred @ centred))


def brute_force_shapley(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The mean, over every order of adding the predictors, of each one's gain in R²."""
    predictors = x.shape[1]
    r2 = {
        frozenset(s): least_squares_r2(x, y, s)
        for k in range(predictors + 1)
        for s in itertools.combinations(range(predictors), k)
    }
    gains = np.zeros(predictors)
    for order in itertools.permutations(range(predictors)):
        before: frozenset[int] = frozenset()
        for j in order:
            gains[j] += r2[before | {j}] - r2[before]
            before = before | {j}
    return gains / math.factorial(predictors)
