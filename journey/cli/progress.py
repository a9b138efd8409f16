"""Progress on the terminal: one line on stderr, rewritten in place, only for a person."""

import shutil
import sys
from typing import TextIO

from journey.ingest.progress import Progress, ProgressCallback


def terminal_progress(*, quiet: bool, stream: TextIO | None = None) -> ProgressCallback | None:
    """A callback that keeps a progress line on stderr, or None when stderr is not a terminal
    (a pipe, a log file, a test) or `--quiet` was given: then nothing is printed."""
    out = stream if stream is not None else sys.stderr
    if quiet or not out.isatty():
        return None
    width = max(20, shutil.get_terminal_size((80, 24)).columns - 1)

    def show(progress: Progress) -> None:
        line = progress.describe()[:width].ljust(width)
        out.write(f"\r{line}" + ("\n" if progress.fraction >= 1 else ""))
        out.flush()

    return show


def quiet_argument(parser: object) -> None:
    """--quiet, for the commands that show progress."""
    parser.add_argument(  # type: ignore[attr-defined]
        "--quiet", "-q", action="store_true", help="no progress line on the terminal"
    )
