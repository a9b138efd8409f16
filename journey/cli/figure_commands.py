"""`kpis` and `drivers`: the section-4 figures, as a table, CSV or JSON.

The analysis libraries are imported when a command runs, not at start-up, so an import of a
big file does not pay for pandas' and SciPy's analysis code it never uses.
"""

import argparse
from typing import Any

from sqlalchemy.engine import Engine

from journey.analysis.curve import DEFAULT_MIN_N
from journey.cli.common import journey_id, view_arguments, view_filters
from journey.cli.output import print_table


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `kpis` and `drivers` to the command parser."""
    kpis = commands.add_parser("kpis", parents=[common], help="section-4 figures per stage")
    view_arguments(kpis)
    kpis.add_argument("--by", choices=["persona"], help="split the figures by persona")
    kpis.add_argument(
        "--min-n",
        type=int,
        default=DEFAULT_MIN_N,
        help=f"smallest n for peaks and valleys (default {DEFAULT_MIN_N})",
    )
    kpis.set_defaults(run=_kpis)

    drivers = commands.add_parser("drivers", parents=[common], help="stage drivers of the outcome")
    view_arguments(drivers)
    drivers.set_defaults(run=_drivers)


def _kpis(engine: Engine, args: argparse.Namespace) -> None:
    from journey.analysis.kpis import KPI_KEYS, stage_kpis

    table = stage_kpis(
        engine=engine,
        journey_id=journey_id(engine=engine, name=args.journey),
        filters=view_filters(args),
        by_persona=args.by == "persona",
        min_n=args.min_n,
    )
    print_table(table[list(KPI_KEYS)], args.format)


def _drivers(engine: Engine, args: argparse.Namespace) -> None:
    from journey.analysis.drivers import stage_drivers

    table = stage_drivers(
        engine=engine,
        journey_id=journey_id(engine=engine, name=args.journey),
        filters=view_filters(args),
    )
    print_table(table, args.format)
