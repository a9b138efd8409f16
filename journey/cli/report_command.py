"""`report`: the stakeholder report as one self-contained HTML file, as PDF, or as slides."""

import argparse
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from journey.analysis.curve import DEFAULT_MIN_N
from journey.cli.common import CommandError, journey_id, view_arguments, view_filters, write_output
from journey.render.formats import REPORT_FORMATS


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `report` to the command parser."""
    report = commands.add_parser("report", parents=[common], help="the stakeholder report")
    view_arguments(report, formats=tuple(REPORT_FORMATS))
    report.add_argument(
        "--out", type=Path, required=True, help="file to write (.html, .pdf or .pptx)"
    )
    report.add_argument("--min-n", type=int, default=DEFAULT_MIN_N)
    report.set_defaults(run=_report)


def _report(engine: Engine, args: argparse.Namespace) -> None:
    from journey.config.settings import load_settings
    from journey.render.pdf import PdfUnavailable
    from journey.render.report import report_file

    settings = load_settings()  # a refused settings file is said before anything else
    try:
        content = report_file(
            engine=engine,
            journey_id=journey_id(engine=engine, name=args.journey),
            filters=view_filters(args),
            form=args.format,
            min_n=args.min_n,
            privacy_k=settings.privacy_k,
            privacy_k_comments=settings.privacy_k_comments,
        )
    except PdfUnavailable as error:
        raise CommandError(str(error)) from None
    write_output(args.out, content)
    print(f"report written to {args.out}")
