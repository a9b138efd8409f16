"""The driver-importance benchmark: 200 bootstrap resamples over 100,000 units and 15 stages.

    python -m bench.importance                   # the contract's size, median of 3 runs
    python -m bench.importance --units 20000 --predictors 10 --repeat 5

The data are correlated stage emotions (a shared factor plus noise, as stages of one journey
are) and an outcome that depends on them; the figure is the wall time of one
`relative_importance` call (point estimate and bootstrap), the median of `--repeat` runs.

`relative_importance` runs its bootstrap on one BLAS thread (threadpoolctl): on a machine
whose cores are busy with other work, a multithreaded matrix product waits for its slowest
thread, which made the same call 3–4× slower here.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from statistics import median

import numpy as np

from journey.analysis.importance import DEFAULT_RESAMPLES, relative_importance

TARGET_SECONDS = 5.0
SETTINGS: dict[str, dict[str, str]] = {"in a fresh process": {}}


def journey_like(units: int, predictors: int, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    """Stage emotions sharing one factor (so they correlate), and an outcome driven by them."""
    rng = np.random.default_rng(seed)
    shared = rng.normal(size=(units, 1))
    emotions = np.tanh(0.6 * shared + 0.8 * rng.normal(size=(units, predictors)))
    effects = np.linspace(1.0, 0.1, predictors)
    outcome = emotions @ effects + rng.normal(scale=1.0, size=units)
    return emotions, outcome


def timings(units: int, predictors: int, resamples: int, repeat: int) -> list[float]:
    """Wall times of `repeat` relative_importance calls, in this process."""
    emotions, outcome = journey_like(units, predictors)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        relative_importance(emotions, outcome, resamples=resamples)
        times.append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> None:
    """Time relative_importance under both BLAS settings and print the medians."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--predictors", type=int, default=15)
    parser.add_argument("--resamples", type=int, default=DEFAULT_RESAMPLES)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sizes = [str(args.units), str(args.predictors), str(args.resamples), str(args.repeat)]
    if args.in_process:
        print(json.dumps(timings(*(int(size) for size in sizes))))
        return
    print(
        f"relative_importance: {args.resamples} resamples, {args.units:,} units, "
        f"{args.predictors} predictors; median of {args.repeat}, each setting in a fresh process"
    )
    for label, environment in SETTINGS.items():
        child = subprocess.run(
            [sys.executable, "-m", "bench.importance", "--in-process"]
            + ["--units", sizes[0], "--predictors", sizes[1]]
            + ["--resamples", sizes[2], "--repeat", sizes[3]],
            env={**os.environ, **environment},
            capture_output=True,
            text=True,
            check=True,
        )
        times = json.loads(child.stdout)
        seconds = median(times)
        verdict = "within" if seconds < TARGET_SECONDS else "OVER"
        runs = ", ".join(f"{t:.2f}" for t in times)
        print(f"  {label}: {seconds:.2f} s ({runs}); {verdict} the {TARGET_SECONDS:.0f} s target")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
