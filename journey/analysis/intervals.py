"""The 95% intervals shown with shares and means: Wilson's for shares, Student's t for means.

The quantiles come from scipy.special, which is what scipy.stats' norm.ppf and t.ppf call
(the same numbers to the last bit) without the second it takes to import scipy.stats.
"""

import numpy as np
import pandas as pd
from scipy import special

LEVEL = 0.95


def wilson_interval(
    successes: pd.Series, n: pd.Series, level: float = LEVEL
) -> tuple[pd.Series, pd.Series]:
    """Wilson score interval of a share: honest near 0 and 1 and for small n (NaN when n = 0)."""
    z = special.ndtri(0.5 + level / 2)
    n = n.astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = successes / n
        centre = (share + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z * np.sqrt(share * (1 - share) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return (centre - half).where(n > 0), (centre + half).where(n > 0)


def t_interval(
    mean: pd.Series, variance: pd.Series, n: pd.Series, level: float = LEVEL
) -> tuple[pd.Series, pd.Series]:
    """Student-t interval of a mean from its sample variance (n − 1 denominator); NaN if n < 2."""
    n = n.astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        half = special.stdtrit(n - 1, 0.5 + level / 2) * np.sqrt(variance.clip(lower=0) / n)
    return (mean - half).where(n >= 2), (mean + half).where(n >= 2)
