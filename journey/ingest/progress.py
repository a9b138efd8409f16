"""Progress of long work (reading, checking, importing, deleting), for a bar or a terminal line.

The domain functions take an optional callback; the page draws a progress bar with it and the
command line a line on stderr. Calls are spaced out in time, so a callback costs nothing
measurable however many rows go by.
"""

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

EVERY_SECONDS = 0.25


def duration(seconds: float) -> str:
    """`0.4 s`, `12 s`, `3 min 05 s` — as a person reads a wait."""
    if seconds < 10:
        return f"{seconds:.1f} s"
    return _whole_seconds(round(seconds))


def estimate(seconds: float) -> str:
    """A forecast, in whole seconds rounded up (`8 s`): tenths would claim a precision that
    the pace so far does not have."""
    return _whole_seconds(max(1, math.ceil(seconds)))


def _whole_seconds(whole: int) -> str:
    return f"{whole} s" if whole < 60 else f"{whole // 60} min {whole % 60:02d} s"


@dataclass(frozen=True)
class Progress:
    """How far one piece of work has gone: rows done, the share done, and the time it took."""

    action: str  # what is being done, in words: "Checking", "Importing", "Deleting"…
    done: int  # rows (or responses) done so far
    fraction: float  # 0 … 1
    elapsed: float  # seconds
    unit: str = "rows"

    @property
    def total(self) -> int | None:
        """The number of rows the whole work comes to, estimated from the share done."""
        if self.fraction <= 0:
            return None
        return max(self.done, round(self.done / self.fraction))

    @property
    def remaining(self) -> float | None:
        """Seconds left at the pace so far; None until there is a pace to go by."""
        if self.fraction <= 0.01 or self.elapsed < 0.5:
            return None
        return max(0.0, self.elapsed * (1 - self.fraction) / self.fraction)

    def describe(self) -> str:
        """`Checking: 250,000 of about 1,000,000 rows, about 12 s left`."""
        total = self.total
        text = f"{self.action}: {self.done:,} {self.unit}"
        if total is not None and self.fraction < 1:
            text = f"{self.action}: {self.done:,} of about {total:,} {self.unit}"
        if self.fraction >= 1:
            return f"{text}, done in {duration(self.elapsed)}"
        left = self.remaining
        return text + (f", about {estimate(left)} left" if left is not None else "")


ProgressCallback = Callable[[Progress], None]


class ProgressMeter:
    """Turns "this many done, this share of the way" into spaced-out Progress calls."""

    def __init__(self, action: str, callback: ProgressCallback | None, unit: str = "rows") -> None:
        self.action, self.callback, self.unit = action, callback, unit
        self.started = self.last = time.monotonic()

    def update(self, done: int, fraction: float) -> None:
        """Report, unless the last report was a moment ago."""
        if self.callback is None:
            return
        now = time.monotonic()
        if now - self.last >= EVERY_SECONDS:
            self.last = now
            self.callback(Progress(self.action, done, fraction, now - self.started, self.unit))

    def finish(self, done: int) -> None:
        """Report the work as complete."""
        if self.callback is not None:
            elapsed = time.monotonic() - self.started
            self.callback(Progress(self.action, done, 1.0, elapsed, self.unit))
