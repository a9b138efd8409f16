"""`inspect`: what the upload page would detect and suggest for a file (DESIGN.md section 5)."""

import argparse
import json
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from journey.cli.common import CommandError, write_output
from journey.cli.output import print_table
from journey.cli.progress import quiet_argument, terminal_progress
from journey.ingest.inspection import inspect_file, journey_choices, persona_choices


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `inspect` to the command parser."""
    inspect = commands.add_parser(
        "inspect", parents=[common], help="show what would be detected and suggested for a file"
    )
    inspect.add_argument("file", type=Path)
    inspect.add_argument("--journey", help="suggest this journey's stages and touchpoints")
    inspect.add_argument("--format", choices=("table", "json"), default="table")
    inspect.add_argument(
        "--write-mapping", type=Path, help="write the suggested mapping (YAML) to this file"
    )
    quiet_argument(inspect)
    inspect.set_defaults(run=_inspect)


def _inspect(engine: Engine, args: argparse.Namespace) -> None:
    import pandas as pd

    stages = journey_choices(engine=engine, journey_name=args.journey) if args.journey else []
    try:
        stream = args.file.open("rb")
    except OSError as error:
        raise CommandError(f"cannot read ({error.strerror})", file=str(args.file)) from None
    with stream:
        found = inspect_file(
            stream=stream,
            file_name=args.file.name,
            stages=stages,
            personas=persona_choices(engine=engine),
            progress=terminal_progress(quiet=args.quiet),
        )
    if args.write_mapping:
        if found.mapping is None:
            raise CommandError("a long file needs no mapping", file=str(args.file))
        write_output(args.write_mapping, found.mapping_yaml())
    document = found.to_json()
    if args.format == "json":
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        header_rows = document["header_rows"]
        print(
            f"{found.peek.describe()}, {header_rows} header row{'s' * (header_rows != 1)}, "
            f"{document['rows']:,} rows"
        )
        table = pd.DataFrame(
            [
                {
                    "column": c["column"][:40],
                    "role": c["role"],
                    "stage": c["stage"],
                    "touchpoint": c["touchpoint"],
                    "scale": c["scale"],
                    "na": ", ".join(c["na"]),
                    "samples": ", ".join(c["samples"])[:40],
                }
                for c in document["columns"]
            ]
        )
        print_table(table, "table")
        for problem in found.problems:
            print(f"to decide: {problem}")
    if args.write_mapping:
        print(f"mapping written to {args.write_mapping}")
