"""What the commands share: the view arguments, reading files, and refusing input whole."""

import argparse
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from journey.errors import JourneyError
from journey.store.filters import Filters
from journey.store.lookups import find_journey


class CommandError(JourneyError):
    """Input refused whole: the command exits non-zero and changes nothing."""


def view_arguments(
    parser: argparse.ArgumentParser, formats: tuple[str, ...] = ("table", "csv", "json")
) -> None:
    """--journey, --persona, --wave and --format, as every figure command takes them."""
    parser.add_argument("--journey", required=True)
    parser.add_argument(
        "--persona", action="append", default=[], help="keep this persona (repeatable)"
    )
    parser.add_argument("--wave", action="append", default=[], help="keep this wave (repeatable)")
    parser.add_argument("--format", choices=formats, default=formats[0])


def view_filters(args: argparse.Namespace) -> Filters:
    return Filters(personas=tuple(args.persona), waves=tuple(args.wave))


def journey_id(*, engine: Engine, name: str) -> int:
    """The id of the journey of this name (UnknownJourney says which journeys exist)."""
    with Session(engine) as session:
        found = find_journey(session=session, name=name).id
    assert found is not None
    return found


def read_text(path: Path) -> str:
    """A UTF-8 text file (with or without BOM), or a one-line refusal."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise CommandError(f"cannot read ({error.strerror})", file=str(path)) from None
    except UnicodeDecodeError as error:
        raise CommandError(f"not UTF-8 text (byte {error.start})", file=str(path)) from None


def write_output(path: Path, content: str | bytes) -> None:
    """Write a file the user named, or refuse with the reason (no traceback)."""
    try:
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    except OSError as error:
        raise CommandError(f"cannot write ({error.strerror})", file=str(path)) from None
