"""Relative importance of correlated predictors: the share of R² each one earns.

Every figure comes from one correlation matrix of the predictors and the outcome, never from
refitting on the data: the R² of a subset S of predictors is 1 − the outcome's variance left
after S (its Schur complement given S, on the correlation scale). The Schur complements of all
2^p subsets are grown from each other one pivot at a time, as in the sweep operator: a
subset's is its parent's (the subset without its largest predictor) with that predictor
pivoted out, kept only over the later predictors and the outcome, which is all its own
children need. Subsets sharing their largest predictor, across all bootstrap resamples, are
handled by one numpy operation per pivot.

Up to `EXACT_LIMIT` predictors the importance is the exact Shapley value of R² (the LMG
decomposition: the mean, over all orders of adding the predictors, of each one's gain in R²).
Above it, 2^p subsets cost too much and Johnson's (2000) relative weights stand in: R² split
through the orthogonal counterparts of the predictors, which tracks the Shapley values closely.

The bootstrap resamples units by multinomial weights (how often each unit is drawn in n draws
with replacement), so a resample is a weighted covariance computed with matrix products, for
all resamples at once: no resampled copy of the data is ever made.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from math import factorial

import numpy as np
import numpy.typing as npt
from threadpoolctl import threadpool_limits

FloatArray = npt.NDArray[np.float64]

# 2^15 subsets × 200 resamples take about a second; each further predictor doubles it.
EXACT_LIMIT = 15
SHAPLEY = "shapley"
RELATIVE_WEIGHTS = "relative weights"
DEFAULT_RESAMPLES = 200
DEFAULT_SEED = 2024
LEVEL = 0.95
# A Schur complement this small (on the correlation scale) means the predictor is a linear
# combination of those already in: it adds nothing, as a least-squares fit would find.
COLLINEAR = 1e-10
# Resamples whose 2^p subsets are grown together: enough to vectorise, few enough that the
# Schur complements of one size-class stay within tens of megabytes at p = 15.
RESAMPLE_CHUNK = 50
UNIT_CHUNK = 4096  # units whose products and weights are multiplied at once (a few MB)


@dataclass(frozen=True)
class RelativeImportance:
    """How much of the outcome's variance each predictor explains, with bootstrap intervals."""

    method: str  # SHAPLEY or RELATIVE_WEIGHTS
    r2: float
    importance: FloatArray  # one per predictor, adding up to r2
    share: FloatArray  # importance / r2
    importance_low: FloatArray  # percentile bootstrap interval
    importance_high: FloatArray
    resamples: int
    seed: int


def to_correlation(covariance: FloatArray, reference: FloatArray | None = None) -> FloatArray:
    """Covariances (stacked on the last two axes) as correlations.

    A variable whose variance is zero, or at most 1e-12 of its `reference` variance, does not
    vary: its row and column become zero, so it explains nothing and nothing explains it.
    """
    variance = np.diagonal(covariance, axis1=-2, axis2=-1)
    floor = 0.0 if reference is None else 1e-12 * reference
    varies = variance > floor
    inverse_sd = np.where(varies, 1.0 / np.sqrt(np.where(varies, variance, 1.0)), 0.0)
    correlation = covariance * inverse_sd[..., :, None] * inverse_sd[..., None, :]
    return np.asarray(correlation, dtype=np.float64)


def subset_r2(correlation: FloatArray) -> FloatArray:
    """R² of the outcome (last variable) on every subset of the predictors (the others).

    `correlation` is (..., p + 1, p + 1); the result is (..., 2^p), where entry `mask` is the
    subset holding predictor j when bit j of `mask` is set. An outcome that does not vary gives
    NaN.
    """
    correlation = np.asarray(correlation, dtype=np.float64)
    batch, size = correlation.shape[:-2], correlation.shape[-1]
    predictors, matrices = size - 1, int(np.prod(batch))
    # Variables first, then subsets, then matrices: every slice below is a run of contiguous
    # (subset, matrix) pairs, which numpy streams far faster than the other way round.
    start = np.moveaxis(correlation.reshape(matrices, size, size), 0, -1)[:, :, None, :]
    r2 = np.zeros((2**predictors, matrices))
    # pending[j]: the Schur complements of the subsets whose largest predictor is j, over the
    # variables after j (the later predictors, then the outcome), with the subsets' masks.
    pending: list[list[tuple[npt.NDArray[np.int64], FloatArray]]] = [[] for _ in range(predictors)]

    def grow(masks: npt.NDArray[np.int64], block: FloatArray, first: int) -> None:
        for j in range(first, predictors):
            k = j - first
            pivot = block[k, k]
            column = block[k + 1 :, k]
            inverse = np.where(pivot > COLLINEAR, 1.0 / np.where(pivot > 0, pivot, 1.0), 0.0)
            child = block[k + 1 :, k + 1 :] - (column * inverse)[:, None] * column[None, :]
            child_masks = masks | (1 << j)
            r2[child_masks] = 1.0 - child[-1, -1]
            pending[j].append((child_masks, child))

    grow(np.zeros(1, dtype=np.int64), start, 0)
    for j in range(predictors):
        masks = np.concatenate([m for m, _ in pending[j]])
        block = np.concatenate([b for _, b in pending[j]], axis=2)
        pending[j] = []  # each group is needed once: free it before the next
        grow(masks, block, j + 1)
    r2[:, start[-1, -1, 0] <= 0] = np.nan
    result: FloatArray = np.moveaxis(r2, 0, -1).reshape(*batch, 2**predictors)
    return result


@cache
def shapley_weights(predictors: int) -> FloatArray:
    """The (2^p, p) matrix turning subset R² into Shapley values: φ = R²(subsets) @ W.

    φ_j = Σ over S without j of |S|!(p − |S| − 1)!/p! · (R²(S ∪ j) − R²(S)), so a subset T
    counts +w(|T| − 1) for each j in it and −w(|T|) for each j outside it.
    """
    masks = np.arange(2**predictors)
    sizes = np.bitwise_count(masks).astype(np.int64)
    weight = np.array(
        [factorial(s) * factorial(predictors - 1 - s) for s in range(predictors)] + [0],
        dtype=np.float64,
    ) / factorial(predictors)
    member = (masks[:, None] >> np.arange(predictors)[None, :]) & 1 == 1
    weights = np.where(member, weight[np.maximum(sizes - 1, 0)][:, None], -weight[sizes][:, None])
    weights.setflags(write=False)  # shared by every call through the cache
    return weights


def shapley_importance(correlation: FloatArray) -> FloatArray:
    """Exact Shapley values of R² (LMG) per predictor, from (..., p + 1, p + 1) correlations."""
    predictors = correlation.shape[-1] - 1
    importance: FloatArray = subset_r2(correlation) @ shapley_weights(predictors)
    return importance


def relative_weights(correlation: FloatArray) -> FloatArray:
    """Johnson's relative weights per predictor, from (..., p + 1, p + 1) correlations.

    With R_xx = V D V', Λ = V D^½ V' holds the correlations of the predictors with their
    closest orthogonal counterparts Z; β = Λ⁻¹ r_xy regresses the outcome on Z, and
    ε_j = Σ_k Λ_jk² β_k². The weights add up to R². Directions without variance (collinear or
    constant predictors) get no weight.
    """
    correlation = np.asarray(correlation, dtype=np.float64)
    rxx, rxy = correlation[..., :-1, :-1], correlation[..., :-1, -1]
    values, vectors = np.linalg.eigh(rxx)
    kept = values > COLLINEAR * np.maximum(values.max(axis=-1, keepdims=True), 1e-300)
    root = np.sqrt(np.where(kept, values, 0.0))
    inverse_root = np.where(kept, 1.0 / np.where(kept, root, 1.0), 0.0)
    lam = (vectors * root[..., None, :]) @ np.swapaxes(vectors, -1, -2)
    beta = (vectors * inverse_root[..., None, :]) @ (np.swapaxes(vectors, -1, -2) @ rxy[..., None])
    weights: FloatArray = ((lam**2) @ (beta**2))[..., 0]
    return weights


def importance_method(predictors: int) -> str:
    """Shapley values up to EXACT_LIMIT predictors, relative weights above."""
    return SHAPLEY if predictors <= EXACT_LIMIT else RELATIVE_WEIGHTS


def importance_from_correlation(correlation: FloatArray) -> FloatArray:
    """Each predictor's importance from (..., p + 1, p + 1) correlations, by the p's method."""
    if importance_method(correlation.shape[-1] - 1) == SHAPLEY:
        return shapley_importance(correlation)
    return relative_weights(correlation)


def multinomial_weights(
    rng: np.random.Generator, units: int, resamples: int
) -> Iterator[tuple[int, FloatArray]]:
    """Each resample's weights (how often each unit is drawn in n draws), a chunk at a time.

    Yields (first unit, (resamples, chunk) weights). The draws falling in a chunk are binomial
    given the draws left, then spread uniformly over its units: jointly, exactly the
    multinomial(n; 1/n, …, 1/n) of the bootstrap, without ever holding all the weights.
    """
    left = np.full(resamples, units)
    for start in range(0, units, UNIT_CHUNK):
        size = min(UNIT_CHUNK, units - start)
        here = rng.binomial(left, size / (units - start))
        left -= here
        cells = np.repeat(np.arange(resamples) * size, here) + rng.integers(0, size, here.sum())
        counts = np.bincount(cells, minlength=resamples * size).reshape(resamples, size)
        yield start, counts.astype(np.float64)


def bootstrap_covariances(variables: FloatArray, resamples: int, seed: int) -> FloatArray:
    """(resamples, q, q) covariances of the (q, n) `variables` under multinomial weights.

    With a row of ones prepended, every weighted sum, sum of a variable and sum of a product of
    two variables is one entry of `products @ weights.T`: one matrix product per chunk of
    units for all resamples together.
    """
    size, units = variables.shape
    augmented = np.vstack([np.ones(units), variables])
    upper_i, upper_j = np.triu_indices(size + 1)
    sums = np.zeros((len(upper_i), resamples))
    rng = np.random.default_rng(seed)
    for start, weights in multinomial_weights(rng, units, resamples):
        block = augmented[:, start : start + weights.shape[1]]
        sums += (block[upper_i] * block[upper_j]) @ weights.T
    moments = np.zeros((resamples, size + 1, size + 1))
    moments[:, upper_i, upper_j] = sums.T
    moments[:, upper_j, upper_i] = sums.T
    total = moments[:, 0, 0]
    mean = moments[:, 0, 1:] / total[:, None]
    second = moments[:, 1:, 1:] / total[:, None, None]
    covariance: FloatArray = second - mean[:, :, None] * mean[:, None, :]
    return covariance


def relative_importance(
    predictors: npt.ArrayLike,
    outcome: npt.ArrayLike,
    *,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    level: float = LEVEL,
) -> RelativeImportance:
    """Importance of each column of `predictors` (n, p) for `outcome` (n,), with intervals.

    R² is the least-squares fit's (with an intercept); the importances add up to it. The
    intervals are percentile intervals over `resamples` bootstrap resamples of the units,
    drawn from `seed`, so the same call gives the same figures. Raises ValueError when there
    are fewer than two units, no resample, or an outcome that does not vary.
    """
    x = np.asarray(predictors, dtype=np.float64)
    y = np.asarray(outcome, dtype=np.float64)
    if x.ndim != 2 or y.shape != (x.shape[0],):
        raise ValueError("predictors must be (n, p) and outcome (n,)")
    if len(y) < 2 or resamples < 1:
        raise ValueError("importance needs at least two units and one resample")
    if np.ptp(y) == 0:
        raise ValueError("the outcome does not vary: there is no variance to explain")
    data = np.column_stack([x, y])
    centred = data - data.mean(axis=0)
    # A column constant in the data is exactly zero, so no resample can find variation in it.
    centred[:, np.ptp(data, axis=0) == 0] = 0.0
    units = len(centred)
    covariance = centred.T @ centred / units
    reference = np.diagonal(covariance).copy()
    correlation = to_correlation(covariance, reference)
    importance = importance_from_correlation(correlation)
    r2 = float(importance.sum())
    method = importance_method(x.shape[1])

    # One BLAS thread: the resamples are many small products, and a multithreaded BLAS on a
    # busy machine waits for its slowest thread (measured: 1.7 s against 4.6–6.4 s at 100k
    # units, 15 stages, 200 resamples; bench/importance.py).
    with threadpool_limits(limits=1, user_api="blas"):
        covariances = bootstrap_covariances(np.ascontiguousarray(centred.T), resamples, seed)
    correlations = to_correlation(covariances, reference)
    boot = np.concatenate(
        [
            importance_from_correlation(correlations[start : start + RESAMPLE_CHUNK])
            for start in range(0, resamples, RESAMPLE_CHUNK)
        ]
    )
    tail = 100 * (1 - level) / 2
    # A resample whose outcome happens not to vary has no R² to split (NaN): it is skipped.
    low, high = np.nanpercentile(boot, [tail, 100 - tail], axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = importance / r2  # NaN for every predictor when nothing is explained (r2 = 0)
    return RelativeImportance(
        method=method,
        r2=r2,
        importance=importance,
        share=share,
        importance_low=low,
        importance_high=high,
        resamples=resamples,
        seed=seed,
    )
