"""`python -m journey`: the command-line interface of DESIGN.md section 5.

The analysis commands import pandas and SciPy when they run, not at start-up, so an
import of a big file does not pay a second of start-up for libraries it never uses.
"""

import argparse
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from journey.analysis.curve import DEFAULT_MIN_N
from journey.catalog.definitions import DefinitionsError, export_definitions, import_definitions
from journey.errors import FileRefused
from journey.ingest.importer import import_responses
from journey.ingest.mapping import MappingError, load_mapping
from journey.ingest.scales import DEFAULT_SCALE, parse_scale
from journey.store.db import create_schema, database_url, make_engine
from journey.store.filters import Filters
from journey.store.lookups import UnknownJourney, find_journey
from journey.store.schema import NewerSchema

if TYPE_CHECKING:
    import pandas as pd

REJECTS_SHOWN = 20


class CommandError(Exception):
    """Input refused whole: the command exits non-zero and changes nothing."""


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(_attach_values(sys.argv[1:] if argv is None else list(argv)))
    args.db = getattr(args, "db", None)  # --db may come before or after the command
    try:
        engine = make_engine(args.db)
        create_schema(engine)
        args.run(engine, args)
    except (
        CommandError,
        FileRefused,
        UnknownJourney,
        DefinitionsError,
        MappingError,
        NewerSchema,
    ) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


def _attach_values(argv: list[str]) -> list[str]:
    """`--scale -3:3` as `--scale=-3:3`: argparse takes a value starting with "-" for an option."""
    joined: list[str] = []
    for word in argv:
        if joined and joined[-1] == "--scale" and word.startswith("-"):
            joined[-1] = f"--scale={word}"
        else:
            joined.append(word)
    return joined


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        help="database URL (default: $JOURNEY_DB_URL or sqlite:///data/journey.db)",
    )
    parser = argparse.ArgumentParser(
        prog="python -m journey",
        parents=[common],
        description="Journey Lens: journey maps from survey data.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

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

    responses = commands.add_parser("import", parents=[common], help="import survey responses")
    responses.add_argument("file", type=Path)
    responses.add_argument("--journey", required=True)
    responses.add_argument("--wave", help="survey wave (default: the file name without extension)")
    responses.add_argument(
        "--scale", default=str(DEFAULT_SCALE), help="rating scale MIN:MAX (default 1:5)"
    )
    responses.add_argument("--mapping", type=Path, help="mapping YAML of a wide survey export")
    responses.add_argument(
        "--rejects", type=Path, help="write rejected rows with reasons to this CSV"
    )
    responses.set_defaults(run=_import)

    kpis = commands.add_parser("kpis", parents=[common], help="section-4 figures per stage")
    _view_arguments(kpis)
    kpis.add_argument("--by", choices=["persona"], help="split the figures by persona")
    kpis.add_argument(
        "--min-n",
        type=int,
        default=DEFAULT_MIN_N,
        help=f"smallest n for peaks and valleys (default {DEFAULT_MIN_N})",
    )
    kpis.set_defaults(run=_kpis)

    drivers = commands.add_parser("drivers", parents=[common], help="stage drivers of the outcome")
    _view_arguments(drivers)
    drivers.set_defaults(run=_drivers)

    backup = commands.add_parser("backup", parents=[common], help="online backup of SQLite")
    backup.add_argument("out", type=Path, help="the backup file to write")
    backup.set_defaults(run=_backup)

    report = commands.add_parser("report", parents=[common], help="the stakeholder report")
    _view_arguments(report, formats=("html", "pdf"))
    report.add_argument("--out", type=Path, required=True, help="file to write (.html or .pdf)")
    report.add_argument("--min-n", type=int, default=DEFAULT_MIN_N)
    report.set_defaults(run=_report)
    return parser


def _view_arguments(
    parser: argparse.ArgumentParser, formats: tuple[str, ...] = ("table", "csv", "json")
) -> None:
    parser.add_argument("--journey", required=True)
    parser.add_argument(
        "--persona", action="append", default=[], help="keep this persona (repeatable)"
    )
    parser.add_argument("--wave", action="append", default=[], help="keep this wave (repeatable)")
    parser.add_argument("--format", choices=formats, default=formats[0])


def _filters(args: argparse.Namespace) -> Filters:
    return Filters(personas=tuple(args.persona), waves=tuple(args.wave))


def _journey_id(engine: Engine, name: str) -> int:
    with Session(engine) as session:
        journey_id = find_journey(session=session, name=name).id
    assert journey_id is not None
    return journey_id


def _init(engine: Engine, _args: argparse.Namespace) -> None:
    print(f"schema ready in {database_url(_args.db)}")


def _demo(engine: Engine, _args: argparse.Namespace) -> None:
    from journey.demo.builder import load_demo

    print(load_demo(engine).summary())


def _definitions_import(engine: Engine, args: argparse.Namespace) -> None:
    text = _read_text(args.file)
    counts = import_definitions(engine, text, source=str(args.file))
    print(f"{args.file}: {counts['personas']} personas, {counts['journeys']} journeys imported")


def _definitions_export(engine: Engine, args: argparse.Namespace) -> None:
    text = export_definitions(engine)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise CommandError(f"{path}: cannot read ({error.strerror})") from None
    except UnicodeDecodeError as error:
        raise CommandError(f"{path}: not UTF-8 text (byte {error.start})") from None


def _import(engine: Engine, args: argparse.Namespace) -> None:
    try:
        scale = parse_scale(args.scale)
    except ValueError as error:
        raise CommandError(f"--scale: {error}") from None
    mapping = load_mapping(_read_text(args.mapping), str(args.mapping)) if args.mapping else None
    try:
        stream = args.file.open("rb")
    except OSError as error:
        raise CommandError(f"{args.file}: cannot read ({error.strerror})") from None
    with stream:
        report = import_responses(
            engine,
            stream,
            file_name=args.file.name,
            journey_name=args.journey,
            wave=args.wave,
            scale=scale,
            mapping=mapping,
        )
    print(report.summary())
    for reject in report.rejects.preview[:REJECTS_SHOWN]:
        print(f"  line {reject.line}, column {reject.column!r}: {reject.reason}")
    listed = report.rejects.count + report.rejects.other
    if listed > REJECTS_SHOWN and not args.rejects:
        print(f"  … {listed - REJECTS_SHOWN:,} more: use --rejects OUT.csv for all")
    if args.rejects and not report.already_imported:
        with args.rejects.open("w", encoding="utf-8", newline="") as out:
            report.rejects.write_csv(out)
        print(f"rejected rows written to {args.rejects}")


def _kpis(engine: Engine, args: argparse.Namespace) -> None:
    from journey.analysis.kpis import KPI_KEYS, stage_kpis

    table = stage_kpis(
        engine,
        _journey_id(engine, args.journey),
        _filters(args),
        by_persona=args.by == "persona",
        min_n=args.min_n,
    )
    _print(table[list(KPI_KEYS)], args.format)


def _drivers(engine: Engine, args: argparse.Namespace) -> None:
    from journey.analysis.drivers import stage_drivers

    _print(stage_drivers(engine, _journey_id(engine, args.journey), _filters(args)), args.format)


def _backup(engine: Engine, args: argparse.Namespace) -> None:
    from journey.store.backup import BackupError, backup_sqlite

    try:
        pages = backup_sqlite(database_url(args.db), args.out)
    except BackupError as error:
        raise CommandError(str(error)) from None
    print(f"backed up {database_url(args.db)} to {args.out} ({pages:,} pages)")


def _report(engine: Engine, args: argparse.Namespace) -> None:
    from journey.config.settings import load_settings
    from journey.render.pdf import PdfUnavailable, html_to_pdf
    from journey.render.report import build_report

    privacy_k = load_settings().privacy_k
    html = build_report(
        engine,
        _journey_id(engine, args.journey),
        _filters(args),
        min_n=args.min_n,
        privacy_k=privacy_k,
    )
    if args.format == "pdf":
        try:
            args.out.write_bytes(html_to_pdf(html))
        except PdfUnavailable as error:
            raise CommandError(str(error)) from None
    else:
        args.out.write_text(html, encoding="utf-8")
    print(f"report written to {args.out}")


def _print(table: "pd.DataFrame", form: str) -> None:
    if form == "json":
        print(json.dumps([_plain(record) for record in table.to_dict("records")], indent=2))
    elif form == "csv":
        table.to_csv(sys.stdout, index=False)
    else:
        print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}", na_rep="–"))


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    """JSON-ready values: NaN and None become null, numpy scalars plain numbers."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        if value is None or (isinstance(value, float) and math.isnan(value)):
            out[key] = None
        elif hasattr(value, "item"):
            out[key] = value.item()
        else:
            out[key] = value
    return out
