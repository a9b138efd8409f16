"""`send-due`: e-mail the scheduled reports that are due (run it every hour)."""

import argparse
from typing import Any

from sqlalchemy.engine import Engine


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `send-due` to the command parser."""
    send = commands.add_parser(
        "send-due",
        parents=[common],
        help="e-mail every scheduled report that is due, each once per period (run it hourly)",
    )
    send.add_argument("--dry-run", action="store_true", help="list what is due; send nothing")
    send.set_defaults(run=_send_due)


def _send_due(engine: Engine, args: argparse.Namespace) -> None:
    from journey.config.settings import load_settings
    from journey.delivery.send import send_due

    outcome = send_due(engine=engine, settings=load_settings(), dry_run=args.dry_run)
    for line in outcome.sent:
        print(line)
    for address in outcome.refused:
        print(f"refused by the mail server: {address}")
    if not outcome.sent:
        print("nothing due")
