"""Running a command as a child process and measuring its wall time and peak memory."""

import os
import subprocess
import time
from dataclasses import dataclass
from statistics import median


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float


def run(command: list[str], *, env: dict[str, str] | None = None, stdin: str | None = None) -> Run:
    """Run `command` to completion; its own peak RSS comes from wait4's rusage of that child."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        env=env,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    if stdin is not None:
        assert process.stdin is not None
        process.stdin.write(stdin)
        process.stdin.close()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        error = process.stderr.read() if process.stderr else ""
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}): {error[-2000:]}")
    return Run(seconds, usage.ru_maxrss / 1024)  # Linux reports KiB


def median_run(runs: list[Run]) -> Run:
    return Run(median(r.seconds for r in runs), median(r.peak_mb for r in runs))
