"""The Notes page's parts: the journey's notes, writing one, editing one."""

from types import SimpleNamespace

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.access import signed_in_email
from dashboard.editors.common import (
    Chosen,
    attempt,
    choose_row,
    delete_button,
    engine,
    kept_choice,
    seeded,
)
from dashboard.panels import show_table
from dashboard.view import View
from journey.catalog.notes import add_note, delete_note, update_note
from journey.formatting import markdown_text
from journey.store.models import NOTE_KINDS

WHOLE_JOURNEY = "Whole journey"


def note_list(view: View, journey: Chosen) -> pd.DataFrame:
    notes = data.notes(view.url, view.rev, journey.journey_id)
    if notes.empty:
        st.info("No notes on this journey yet.")
        return notes
    shown = notes.assign(stage=notes["stage"].fillna(WHOLE_JOURNEY)).drop(columns=["note_id"])
    shown.columns = ["Stage", "Kind", "Note", "Author", "Written"]
    show_table(shown, key="notes_table")
    return notes


def _note_inputs(
    view: View, journey: Chosen, prefix: str, note: object = None
) -> tuple[int | None, str, str, str]:
    stages = data.stages(view.url, view.rev, journey.journey_id)
    choices = {0: WHOLE_JOURNEY} | {int(r.stage_id): str(r.stage) for r in data.records(stages)}
    owner = None if note is None else (int(note.note_id), view.rev)  # type: ignore[attr-defined]
    ids = {name: i for i, name in choices.items()}
    defaults = (
        (0, NOTE_KINDS[0], "", st.session_state.get("notes_last_author") or signed_in_email() or "")
        if note is None
        else (ids.get(note.stage, 0), note.kind, note.text, note.author)  # type: ignore[attr-defined]
    )
    keys = [
        seeded(f"{prefix}_{field}", value, (owner, "new" if note is None else ""))
        for field, value in zip(("stage", "kind", "text", "author"), defaults, strict=True)
    ]
    stage_column, kind_column, author_column = st.columns(3)
    stage_id = stage_column.selectbox(
        "Stage",
        list(choices),
        format_func=choices.__getitem__,
        key=kept_choice(keys[0], list(choices)),
    )
    kind = kind_column.selectbox("Kind", list(NOTE_KINDS), key=keys[1], format_func=str.capitalize)
    author = author_column.text_input("Author", key=keys[3])
    text = st.text_area("Note", key=keys[2])
    return (stage_id or None), kind, text, author


def add_note_form(view: View, journey: Chosen) -> None:
    st.markdown("**Write a note**")
    stage_id, kind, text, author = _note_inputs(view, journey, "notes_new")
    if st.button("Add note", key="notes_add"):
        st.session_state["notes_last_author"] = author.strip()
        attempt(
            lambda: _added_note(journey, stage_id, kind, text, author),
            reset=["notes_new_text"],
        )


def _added_note(journey: Chosen, stage_id: int | None, kind: str, text: str, author: str) -> str:
    add_note(
        engine=engine(),
        journey_id=journey.journey_id,
        stage_id=stage_id,
        kind=kind,
        text=text,
        author=author,
    )
    return f"Added the {kind} note to {journey.name!r}."


def edit_note_form(view: View, journey: Chosen, notes: pd.DataFrame) -> None:
    if notes.empty:
        return
    st.markdown("**Change a note**")

    def label(note: SimpleNamespace) -> str:
        where = note.stage if isinstance(note.stage, str) else WHOLE_JOURNEY
        text = str(note.text)
        return f"{where} · {note.kind}: {text[:60]}{'…' if len(text) > 60 else ''}"

    note_id, note = choose_row("Note", notes, "note_id", key="notes_note", name=label)
    st.caption(f"Written by {markdown_text(str(note.author))} on {note.created_at:%Y-%m-%d %H:%M}")
    stage_id, kind, text, author = _note_inputs(view, journey, "notes", note)
    if st.button("Save note", key="notes_save"):
        attempt(
            lambda: update_note(
                engine=engine(),
                note_id=note_id,
                stage_id=stage_id,
                kind=kind,
                text=text,
                author=author,
            )
        )
    delete_button(
        "Yes, delete this note",
        "Delete note",
        key="notes_delete",
        owner=(note_id, view.rev),
        edit=lambda: delete_note(engine=engine(), note_id=note_id),
    )
