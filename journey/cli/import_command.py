"""`import`: survey responses from a long CSV or a mapped wide export."""

import argparse
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from journey.cli.common import CommandError, journey_id, read_text
from journey.cli.progress import quiet_argument, terminal_progress
from journey.ingest.scales import DEFAULT_SCALE, ScaleError, parse_scale

REJECTS_SHOWN = 20


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `import` to the command parser."""
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
    quiet_argument(responses)
    responses.set_defaults(run=_import)


def _import(engine: Engine, args: argparse.Namespace) -> None:
    # Imported when the command runs: the other commands start without the importer.
    from journey.ingest.importer import import_responses
    from journey.ingest.mapping import load_mapping

    try:
        scale = parse_scale(args.scale)
    except ScaleError as error:
        raise CommandError(f"--scale: {error}") from None
    mapping = load_mapping(read_text(args.mapping), str(args.mapping)) if args.mapping else None
    try:
        stream = args.file.open("rb")
    except OSError as error:
        raise CommandError(f"cannot read ({error.strerror})", file=str(args.file)) from None
    with stream:
        report = import_responses(
            engine=engine,
            stream=stream,
            file_name=args.file.name,
            journey_name=args.journey,
            wave=args.wave,
            scale=scale,
            mapping=mapping,
            progress=terminal_progress(quiet=args.quiet),
        )
    print(report.summary())
    if report.dates_unread:
        print(f"  {report.unread_dates_text()}")
    if report.new_comments:
        from journey.catalog.codebooks import retheme

        themed = retheme(engine=engine, journey_id=journey_id(engine=engine, name=args.journey))
        if themed.comments:
            print(themed.summary())
    for reject in report.rejects.preview[:REJECTS_SHOWN]:
        print(f"  line {reject.line}, column {reject.column!r}: {reject.reason}")
    listed = report.rejects.count + report.rejects.other
    if listed > REJECTS_SHOWN and not args.rejects:
        print(f"  … {listed - REJECTS_SHOWN:,} more: use --rejects OUT.csv for all")
    if args.rejects and not report.already_imported:
        try:
            with args.rejects.open("w", encoding="utf-8", newline="") as out:
                report.rejects.write_csv(out)
        except OSError as error:
            raise CommandError(f"cannot write ({error.strerror})", file=str(args.rejects)) from None
        print(f"rejected rows written to {args.rejects}")
