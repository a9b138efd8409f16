"""The driver-importance benchmark: 200 bootstrap resamples over 100,000 units and 15 stages.

    python -m bench.importance                   # the contract's size, median of 3 runs
    python -m bench.importance --units 20000 --predictors 10 --repeat 5

The data are correlated stage emotions (a shared factor plus noise, as stages of one journey
are) and an outcome that depends on them; the figure is the wall time of one
`relative_importance` call (point estimate and bootstrap), the median of `--repeat` runs.
"""

import argparse
import os
import time
from statistics import median

import numpy as np

from journey.analysis.importance import DEFAULT_RESAMPLES, relative_importance

TARGET_SECONDS = 5.0


def journey_like(units: int, predictors: int, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    """Stage emotions sharing one factor (so they correlate), and an outcome driven by them."""
    rng = np.random.default_rng(seed)
    shared = rng.normal(size=(units, 1))
    emotions = np.tanh(0.6 * shared + 0.8 * rng.normal(size=(units, predictors)))
    effects = np.linspace(1.0, 0.1, predictors)
    outcome = emotions @ effects + rng.normal(scale=1.0, size=units)
    return emotions, outcome


def main(argv: list[str] | None = None) -> None:
    """Time relative_importance and print the median with the machine's load."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--predictors", type=int, default=15)
    parser.add_argument("--resamples", type=int, default=DEFAULT_RESAMPLES)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    emotions, outcome = journey_like(args.units, args.predictors)
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        found = relative_importance(emotions, outcome, resamples=args.resamples)
        times.append(time.perf_counter() - start)
    seconds = median(times)
    verdict = "within" if seconds < TARGET_SECONDS else "OVER"
    print(
        f"relative_importance ({found.method}): {args.resamples} resamples, "
        f"{args.units:,} units, {args.predictors} predictors: {seconds:.2f} s "
        f"(median of {args.repeat}: {', '.join(f'{t:.2f}' for t in times)}); "
        f"{verdict} the {TARGET_SECONDS:.0f} s target"
    )
    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} "
        f"(other processes share the cores: a load above the core count slows every figure)"
    )


if __name__ == "__main__":
    main()
