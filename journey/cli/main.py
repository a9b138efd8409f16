"""The command parser, and the one place where a refusal becomes a message and an exit code."""

import argparse
import os
import sys
from collections.abc import Sequence

from journey.cli import (
    delivery_command,
    figure_commands,
    import_command,
    inspect_command,
    report_command,
    schema_command,
    setup_commands,
    theme_commands,
)
from journey.errors import JourneyError
from journey.store.db import create_schema, make_engine

REFUSED = 2  # the input was refused whole; nothing changed
INTERRUPTED = 130  # Ctrl-C, as shells report it


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; exit 0 on success, 2 when the input is refused whole."""
    args = _parser().parse_args(_attach_values(sys.argv[1:] if argv is None else list(argv)))
    args.db = getattr(args, "db", None)  # --db may come before or after the command
    try:
        if getattr(args, "needs_database", True):
            engine = make_engine(args.db)
            create_schema(engine)
            args.run(engine, args)
        else:
            args.run(None, args)
    except JourneyError as error:
        print(f"error: {error}", file=sys.stderr)
        return REFUSED
    except BrokenPipeError:
        # The reader stopped early (`| head`): nothing is wrong; keep Python from complaining
        # about the closed stdout on its way out.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except KeyboardInterrupt:
        print("interrupted: nothing was changed", file=sys.stderr)
        return INTERRUPTED
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
    for register in (
        setup_commands.register,
        import_command.register,
        inspect_command.register,
        figure_commands.register,
        theme_commands.register,
        setup_commands.register_backup,
        report_command.register,
        delivery_command.register,
        schema_command.register,
    ):
        register(commands, common)
    return parser
