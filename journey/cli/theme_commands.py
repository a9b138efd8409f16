"""`themes`: what people talk about in the comments, per theme and per stage (DESIGN.md §6)."""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from journey.cli.common import journey_id, read_text, view_arguments, view_filters
from journey.cli.output import plain, print_table


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `themes` to the command parser."""
    themes = commands.add_parser(
        "themes", parents=[common], help="themes and sentiment of the comments"
    )
    view_arguments(themes)
    themes.add_argument(
        "--codebook", type=Path, help="make this codebook (YAML) the journey's, and re-theme"
    )
    themes.add_argument(
        "--k", type=int, help="how many themes to discover (default: chosen from the data)"
    )
    themes.add_argument(
        "--comments", action="store_true", help="also list every comment with its theme"
    )
    themes.set_defaults(run=_themes)


def _themes(engine: Engine, args: argparse.Namespace) -> None:
    from journey.analysis.comment_themes import needs_theming, theme_tables
    from journey.catalog.codebooks import (
        codebook_from_yaml,
        retheme,
        save_codebook,
        stored_codebook,
    )
    from journey.config.settings import load_settings

    # Read before anything is stored: a refused settings file leaves the database as it was.
    k = load_settings().privacy_k_comments
    chosen = journey_id(engine=engine, name=args.journey)
    if args.codebook is not None or args.k is not None:
        codebook = (
            codebook_from_yaml(read_text(args.codebook), str(args.codebook))
            if args.codebook is not None
            else stored_codebook(engine=engine, journey_id=chosen).codebook
        )
        report = save_codebook(
            engine=engine, journey_id=chosen, codebook=codebook, discovered=args.k
        )
        print(report.summary(), file=sys.stderr)
    elif needs_theming(engine=engine, journey_id=chosen):
        print(retheme(engine=engine, journey_id=chosen).summary(), file=sys.stderr)
    tables = theme_tables(engine=engine, journey_id=chosen, filters=view_filters(args), k=k)
    by_stage = tables.by_stage[
        ["stage", "theme", "n", "share", "mean_emotion", "difference", "p_adjusted"]
    ]
    comments = tables.comments[
        ["respondent", "stage", "comment", "theme", "sentiment", "sentiment_label"]
    ]
    if args.format == "json":
        document: dict[str, Any] = {
            "themes": [plain(row) for row in tables.overview.to_dict("records")],
            "by_stage": [plain(row) for row in by_stage.to_dict("records")],
        }
        if args.comments:
            document["comments"] = [plain(row) for row in comments.to_dict("records")]
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return
    overview = tables.overview.assign(terms=tables.overview["terms"].map(", ".join))
    print_table(overview, args.format)
    if args.format == "table":
        print()
    print_table(by_stage, args.format)
    if args.comments:
        if args.format == "table":
            print()
        print_table(comments, args.format)
