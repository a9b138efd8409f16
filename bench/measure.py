"""Running a command as a child process and measuring its wall time and peak memory.

GNU time measures the peak: a child forked from this (large) Python process would otherwise
report the parent's size as its own maximum.
"""

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from statistics import median

GNU_TIME = "/usr/bin/time"


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float


def require_gnu_time() -> None:
    if shutil.which(GNU_TIME) is None:
        raise SystemExit("GNU time is needed to measure peak memory: apt-get install time")


def run(command: list[str], *, stdin: str | None = None) -> Run:
    """Run `command` to completion; wall time and peak resident memory from GNU time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as figures:
        done = subprocess.run(
            [GNU_TIME, "-f", "%e %M", "-o", figures.name, *command],
            input=stdin,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed: {done.stderr[-2000:]}")
        seconds, kib = Path(figures.name).read_text().split()[-2:]
    return Run(float(seconds), int(kib) / 1024)


def median_run(runs: list[Run]) -> Run:
    return Run(median(r.seconds for r in runs), median(r.peak_mb for r in runs))
