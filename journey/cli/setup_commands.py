"""Commands that set a database up: init, demo, definitions import/export, backup."""

import argparse
import sys
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from journey.cli.common import CommandError, read_text, write_output
from journey.formatting import plural
from journey.store.db import database_url


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add init, demo and definitions to the command parser."""
    commands.add_parser(
        "init", parents=[common], help="create the schema (safe to repeat)"
    ).set_defaults(run=_init)
    commands.add_parser(
        "demo", parents=[common], help="load the demo data set (safe to repeat)"
    ).set_defaults(run=_demo)

    definitions = commands.add_parser("definitions", help="journeys, stages, personas as YAML")
    actions = definitions.add_subparsers(dest="action", required=True)
    importing = actions.add_parser("import", parents=[common], help="create or update from YAML")
    importing.add_argument("file", type=Path)
    importing.set_defaults(run=_definitions_import)
    exporting = actions.add_parser("export", parents=[common], help="print (or write) the YAML")
    exporting.add_argument("--out", type=Path, help="write to this file instead of stdout")
    exporting.set_defaults(run=_definitions_export)


def register_backup(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `backup` to the command parser."""
    backup = commands.add_parser("backup", parents=[common], help="online backup of SQLite")
    backup.add_argument("out", type=Path, help="the backup file to write")
    backup.set_defaults(run=_backup)


def _init(engine: Engine, args: argparse.Namespace) -> None:
    print(f"schema ready in {database_url(args.db)}")


def _demo(engine: Engine, _args: argparse.Namespace) -> None:
    from journey.demo.loader import load_demo

    print(load_demo(engine).summary())


def _definitions_import(engine: Engine, args: argparse.Namespace) -> None:
    from journey.catalog.definitions import import_definitions

    text = read_text(args.file)
    counts = import_definitions(engine=engine, text=text, source=str(args.file))
    personas, journeys = (
        plural(counts["personas"], "persona"),
        plural(counts["journeys"], "journey"),
    )
    print(f"{args.file}: {personas}, {journeys} imported")


def _definitions_export(engine: Engine, args: argparse.Namespace) -> None:
    from journey.catalog.definitions import export_definitions

    text = export_definitions(engine=engine)
    if args.out:
        write_output(args.out, text)
    else:
        sys.stdout.write(text)


def _backup(engine: Engine, args: argparse.Namespace) -> None:
    from journey.store.backup import BackupError, backup_sqlite

    try:
        pages = backup_sqlite(database_url(args.db), args.out)
    except BackupError as error:
        raise CommandError(str(error)) from None
    print(f"backed up {database_url(args.db)} to {args.out} ({pages:,} pages)")
