"""Notes on a journey or a stage: insights, pain points, opportunities and comments."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from journey.catalog.rules import MAX_NAME, EditError, EditResult, clean_text, get_row
from journey.store.db import new_id, writing
from journey.store.models import NOTE_KINDS, Journey, Note, Stage


def _note_fields(
    session: Session, journey_id: int, stage_id: int | None, kind: str, text: str, author: str
) -> dict[str, Any]:
    journey = get_row(session, Journey, journey_id, "journey")
    if kind not in NOTE_KINDS:
        raise EditError(f"A note is an {', a '.join(NOTE_KINDS)}; not {kind!r}.")
    if stage_id is not None:
        stage = get_row(session, Stage, stage_id, "stage")
        if stage.journey_id != journey_id:
            raise EditError(f"Stage {stage.name!r} is not a stage of {journey.name!r}.")
    author = str(author or "").strip()
    if not author:
        raise EditError("Say who wrote the note: the author is empty.")
    if len(author) > MAX_NAME:
        raise EditError(f"An author has at most {MAX_NAME} characters, not {len(author)}.")
    return {
        "stage_id": stage_id,
        "kind": kind,
        "text": clean_text(text, what="note", required=True),
        "author": author,
    }


def add_note(
    *,
    engine: Engine,
    journey_id: int,
    stage_id: int | None,
    kind: str,
    text: str,
    author: str,
    created_at: datetime | None = None,
) -> int:
    """Write a note on a stage (or on the whole journey when stage_id is None); return its id."""
    with writing(engine) as session:
        fields = _note_fields(session, journey_id, stage_id, kind, text, author)
        note = Note(journey_id=journey_id, created_at=created_at or datetime.now(UTC), **fields)
        return new_id(session, note)


def update_note(
    *, engine: Engine, note_id: int, stage_id: int | None, kind: str, text: str, author: str
) -> EditResult:
    """Change a note's stage, kind, text and author; it keeps the time it was written."""
    with writing(engine) as session:
        note = get_row(session, Note, note_id, "note")
        fields = _note_fields(session, note.journey_id, stage_id, kind, text, author)
        for field, value in fields.items():
            setattr(note, field, value)
        session.add(note)
    return EditResult(f"Saved the {kind} note.")


def delete_note(*, engine: Engine, note_id: int) -> EditResult:
    """Delete one note."""
    with writing(engine) as session:
        note = get_row(session, Note, note_id, "note")
        kind = note.kind
        session.delete(note)
    return EditResult(f"Deleted the {kind} note.")
