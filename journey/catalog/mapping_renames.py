"""Saved mappings follow renames: a renamed stage, touchpoint or persona keeps its next wave.

The saved mappings of wide exports name stages, touchpoints and personas; a rename updates
them in the same transaction, so the next wave of the same survey still imports.
"""

from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import select
from sqlmodel import Session, col

from journey.formatting import plural
from journey.ingest.mapping import Mapping, MappingError, RatingColumn, load_mapping
from journey.store.models import SavedMapping

Change = Callable[[Mapping], Mapping]


def update_saved_mappings(session: Session, journey_id: int | None, change: Change) -> int:
    """Apply a rename to the saved mappings (of one journey, or all); count those changed."""
    query = select(SavedMapping)
    if journey_id is not None:
        query = query.where(col(SavedMapping.journey_id) == journey_id)
    changed = 0
    for saved in session.scalars(query).all():
        try:
            before = load_mapping(saved.mapping_yaml)
        except MappingError:
            continue  # an unreadable mapping is offered to nobody anyway
        after = change(before)
        if after != before:
            saved.mapping_yaml = after.to_yaml()
            session.add(saved)
            changed += 1
    return changed


def renamed_stage(old: str, new: str) -> Change:
    def same(stage: str) -> bool:
        return stage.strip().lower() == old.lower()

    def change(found: Mapping) -> Mapping:
        return replace(
            found,
            ratings=tuple(replace(r, stage=new) if same(r.stage) else r for r in found.ratings),
            expectations=tuple(
                replace(e, stage=new) if same(e.stage) else e for e in found.expectations
            ),
            comments=tuple(replace(c, stage=new) if same(c.stage) else c for c in found.comments),
        )

    return change


def renamed_touchpoint(stage: str, old: str, new: str) -> Change:
    def same(rating: RatingColumn) -> bool:
        return (
            rating.stage.strip().lower() == stage.lower()
            and (rating.touchpoint or "").strip().lower() == old.lower()
        )

    def change(found: Mapping) -> Mapping:
        ratings = tuple(replace(r, touchpoint=new) if same(r) else r for r in found.ratings)
        return replace(found, ratings=ratings)

    return change


def renamed_persona(old: str, new: str) -> Change:
    def change(found: Mapping) -> Mapping:
        names = {
            value: new if name.strip().lower() == old.lower() else name
            for value, name in found.persona_names.items()
        }
        if found.persona and old not in names:
            names[old] = new  # a file that still says the old name files it under the new one
        return replace(found, persona_names=names)

    return change


def mapping_note(changed: int) -> str:
    """`; 2 saved mappings updated`, or nothing."""
    return f"; {plural(changed, 'saved mapping')} updated" if changed else ""
