"""A throwaway PostgreSQL server for the tests: its own data directory, port and socket.

Started once per test session when Debian's PostgreSQL binaries are installed; each test
gets its own schema, so tests never see each other's rows.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text


def binaries() -> Path | None:
    """The newest installed PostgreSQL bin folder, if any."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; CI runs as root, so the server runs as `postgres`.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class PostgresServer:
    folder: Path
    port: int
    bin: Path

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    @classmethod
    def start(cls) -> "PostgresServer":
        bin_folder = binaries()
        if bin_folder is None:
            raise RuntimeError("PostgreSQL is not installed (Debian: apt-get install postgresql)")
        folder = Path(tempfile.mkdtemp(prefix="journey-pg-"))
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
        server = cls(folder, _free_port(), bin_folder)
        subprocess.run(
            _as_server_user([str(bin_folder / "initdb"), "-D", str(folder / "data"), "-A", "trust",
                             "-U", "postgres", "--no-sync"]),
            check=True, capture_output=True,
        )  # fmt: skip
        options = f"-p {server.port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            _as_server_user([str(bin_folder / "pg_ctl"), "-D", str(folder / "data"), "-o", options,
                             "-l", str(folder / "server.log"), "-w", "start"]),
            check=True, capture_output=True,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with create_engine(server.url).connect():
                    return server
            except Exception:  # noqa: BLE001 - not accepting connections yet
                time.sleep(0.2)
        raise RuntimeError(f"PostgreSQL did not start; see {folder / 'server.log'}")

    def stop(self) -> None:
        subprocess.run(
            _as_server_user([str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m",
                             "immediate", "stop"]),
            capture_output=True,
        )  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)

    def new_schema(self) -> tuple[str, str]:
        """A fresh empty schema, and the URL whose connections work inside it."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        engine = create_engine(self.url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{name}"'))
        engine.dispose()
        return name, f"{self.url}?options=-csearch_path%3D{name}"

    def restore_schema(self, dump: Path, *, dumped: str, name: str) -> None:
        """Load a `pg_dump -n <dumped>` file as schema `name`, replacing it."""
        engine = create_engine(self.url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            for schema in (dumped, name):
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            subprocess.run(
                [str(self.bin / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                 "-p", str(self.port), "-U", "postgres", "-d", "postgres", "-f", str(dump)],
                check=True, capture_output=True,
            )  # fmt: skip
            # Sequences, defaults and keys refer to their schema by oid: a rename keeps them.
            connection.execute(text(f'ALTER SCHEMA "{dumped}" RENAME TO "{name}"'))
        engine.dispose()

    def drop_schema(self, name: str) -> None:
        engine = create_engine(self.url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        engine.dispose()
