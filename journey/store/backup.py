"""Online backups of the embedded SQLite database, safe while the app and imports run."""

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from journey.errors import JourneyError

PAGES_PER_STEP = 4096  # copy in steps, so a long backup lets writers in between


class BackupError(JourneyError):
    """The backup cannot be made; the message says why."""


def sqlite_path(url: str) -> Path:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        raise BackupError(
            f"backup copies an SQLite file; {parsed.render_as_string(hide_password=True)} is not "
            "one (for PostgreSQL use pg_dump)"
        )
    return Path(parsed.database or "")


def backup_sqlite(url: str, target: Path) -> int:
    """Copy the database at `url` to `target` with SQLite's online backup API; returns pages."""
    source = sqlite_path(url)
    if not source.exists():
        raise BackupError(f"{source} does not exist")
    if target.resolve() == source.resolve():
        raise BackupError("the backup must not overwrite the database itself")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with sqlite3.connect(source) as live, sqlite3.connect(partial) as copy:
        live.backup(copy, pages=PAGES_PER_STEP)
        pages = copy.execute("PRAGMA page_count").fetchone()[0]
        copy.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
    partial.replace(target)  # never leave a half-written file under the final name
    return int(pages)
