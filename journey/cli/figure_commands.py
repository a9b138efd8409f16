"""`kpis` and `drivers`: the section-4 figures, as a table, CSV or JSON.

The analysis libraries are imported when a command runs, not at start-up, so an import of a
big file does not pay for pandas' and SciPy's analysis code it never uses.
"""

import argparse
import json
import sys
from typing import Any

from sqlalchemy.engine import Engine

from journey.analysis.curve import DEFAULT_MIN_N
from journey.cli.common import journey_id, view_arguments, view_filters
from journey.cli.output import plain, print_table


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `kpis` and `drivers` to the command parser."""
    kpis = commands.add_parser("kpis", parents=[common], help="section-4 figures per stage")
    view_arguments(kpis)
    kpis.add_argument(
        "--by",
        type=_split,
        default=frozenset(),
        metavar="persona|touchpoint|persona,touchpoint",
        help="split the figures by persona, by touchpoint, or both",
    )
    _min_n_argument(kpis, "smallest n for peaks and valleys")
    kpis.set_defaults(run=_kpis)

    drivers = commands.add_parser(
        "drivers", parents=[common], help="what each stage explains of the outcome"
    )
    view_arguments(drivers)
    drivers.add_argument("--stage", help="one level down: the touchpoints of this stage as drivers")
    _min_n_argument(drivers, "smallest number of respondents for a stage to be included")
    drivers.set_defaults(run=_drivers)


def _min_n_argument(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--min-n", type=int, default=DEFAULT_MIN_N, help=f"{what} (default {DEFAULT_MIN_N})"
    )


def _split(text: str) -> frozenset[str]:
    """`persona`, `touchpoint` or `persona,touchpoint` (either order)."""
    parts = frozenset(part.strip() for part in text.split(",") if part.strip())
    if not parts or not parts <= {"persona", "touchpoint"}:
        raise argparse.ArgumentTypeError(
            f"{text!r}: choose persona, touchpoint, or persona,touchpoint"
        )
    return parts


def _kpis(engine: Engine, args: argparse.Namespace) -> None:
    from journey.analysis.kpis import KPI_KEYS
    from journey.analysis.privacy import (
        hidden_note,
        protected_kpis,
        stored_figures,
        suppress_small_groups,
    )
    from journey.analysis.touchpoint_kpis import touchpoint_kpis
    from journey.config.settings import load_settings

    k = load_settings().privacy_k
    chosen_id = journey_id(engine=engine, name=args.journey)
    filters = view_filters(args)
    if "touchpoint" in args.by:
        figures = suppress_small_groups(
            touchpoint_kpis(
                engine=engine,
                journey_id=chosen_id,
                filters=filters,
                by_persona="persona" in args.by,
                min_n=args.min_n,
            ),
            k,
        )
        keys = [KPI_KEYS[0], "touchpoint", *KPI_KEYS[1:]]
    else:
        figures = protected_kpis(
            stored_figures(engine=engine, journey_id=chosen_id, min_n=args.min_n),
            filters=filters,
            split="persona" if "persona" in args.by else None,
            k=k,
        )
        keys = list(KPI_KEYS)
    print_table(figures[keys], args.format)
    if note := hidden_note(figures, k):
        print(note, file=sys.stderr)


def _drivers(engine: Engine, args: argparse.Namespace) -> None:
    from journey.analysis.drivers import driver_analysis, touchpoint_driver_analysis

    chosen = {
        "engine": engine,
        "journey_id": journey_id(engine=engine, name=args.journey),
        "filters": view_filters(args),
        "min_n": args.min_n,
    }
    if args.stage:
        found = touchpoint_driver_analysis(stage=args.stage, **chosen)
    else:
        found = driver_analysis(**chosen)
    if args.format == "json":
        document = found.as_dict()
        document["drivers"] = [plain(driver) for driver in document["drivers"]]
        print(json.dumps(document, indent=2))
        return
    if args.format == "table":
        print(found.summary())
    print_table(found.table(), args.format)
