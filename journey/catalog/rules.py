"""The rules every edit of the catalogue follows: clean names, unique names, confirmed deletions.

Every write is one transaction through `writing`, so the caches see it at once, and a refused
edit raises `EditError` with a message for the person at the screen, changing nothing. Names are
unique ignoring case, because the importer matches stage, touchpoint, persona and journey names
case-insensitively.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import ColumnElement, func, select
from sqlmodel import Session, SQLModel, col

from journey.errors import JourneyError
from journey.formatting import plural
from journey.store import names
from journey.store.models import Journey, Persona, Response, Stage, Touchpoint
from journey.store.names import MAX_NAME as MAX_NAME  # where the editors look for it

MAX_TEXT = 4000
Row = TypeVar("Row", bound=SQLModel)


class EditError(JourneyError):
    """The edit is refused and nothing changed; the message says why."""


@dataclass(frozen=True)
class EditResult:
    """What an edit did, in words, with the number of responses it concerned."""

    summary: str
    responses: int = 0


def clean_name(value: str, *, what: str) -> str:
    """The name without surrounding spaces; EditError if it is empty, multi-line or too long."""
    try:
        return names.clean_name(value, what=what)
    except names.NameRefused as error:
        raise EditError(error.reason) from None


def clean_text(value: str, *, what: str, required: bool = False) -> str:
    """Free text without surrounding spaces; EditError if required and empty, or too long."""
    text = str(value or "").strip()
    if required and not text:
        raise EditError(f"The {what} is empty.")
    if len(text) > MAX_TEXT:
        raise EditError(f"The {what} has at most {MAX_TEXT:,} characters, not {len(text):,}.")
    return text


def check_unique(name: str, taken: Iterable[str], *, what: str, where: str = "") -> None:
    """EditError when the name is taken, ignoring case."""
    clash = next((other for other in taken if other.lower() == name.lower()), None)
    if clash is None:
        return
    place = f"{where} already has" if where else "There is already"
    raise EditError(f"{place} a {what} named {clash!r}: names are unique, ignoring case.")


def get_row(session: Session, table: type[Row], row_id: int, what: str) -> Row:
    """The row with this id, or EditError (it may have been deleted in another session)."""
    row = session.get(table, row_id)
    if row is None:
        raise EditError(f"There is no {what} #{row_id} (it may have been deleted meanwhile).")
    return row


def count_responses(session: Session, *conditions: ColumnElement[bool]) -> int:
    """How many stored responses meet the conditions."""
    query = select(func.count()).select_from(Response).where(*conditions)
    return int(session.execute(query).scalar_one())


def count_rows(session: Session, table: type[SQLModel], *conditions: ColumnElement[bool]) -> int:
    """How many rows of the table meet the conditions."""
    query = select(func.count()).select_from(table).where(*conditions)
    return int(session.execute(query).scalar_one())


def check_confirmed(found: int, confirmed: int, what: str) -> None:
    """Refuse a deletion when the data changed between the confirmation and the click."""
    if found != confirmed:
        raise EditError(
            f"{what} now has {plural(found, 'response')}, not the {confirmed:,} you confirmed "
            "(data was imported or deleted meanwhile). Nothing was deleted: check and confirm "
            "again."
        )


def attached(responses: int) -> str:
    """` (12 responses stay attached)`, or nothing when there are none."""
    return f" ({plural(responses, 'response')} stay attached)" if responses else ""


def names_taken(
    session: Session,
    model: type[Journey] | type[Persona] | type[Stage],
    *,
    journey_id: int | None = None,
    other_than: int | None = None,
) -> list[str]:
    """Names already taken: of every journey or persona, or of one journey's stages."""
    query = select(col(model.name))
    if journey_id is not None:
        query = query.where(col(Stage.journey_id) == journey_id)
    if other_than is not None:
        query = query.where(col(model.id) != other_than)
    return list(session.scalars(query).all())


def renumber(session: Session, rows: Sequence[Stage] | Sequence[Touchpoint]) -> None:
    """Positions 0, 1, 2… in the order given."""
    for position, row in enumerate(rows):
        row.position = position
        session.add(row)
