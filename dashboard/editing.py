"""The editing pages' parts: what to edit, inputs that call `journey.editing`, confirmations.

Every edit goes through `attempt`: a refusal (`EditError`) is shown where the user acted and
changes nothing; a success is remembered, the page reruns on the new revision and shows it.
Widgets that edit a chosen thing are seeded from the stored values whenever the choice or the
data changes (`seeded`), so they never show a previous stage's name.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from dashboard import data
from dashboard.access import current_access, signed_in_email
from dashboard.view import View
from journey.catalog import editing
from journey.catalog.editing import EditError, EditResult
from journey.formatting import markdown_text
from journey.store.db import database_url
from journey.store.models import NOTE_KINDS

FLASH = "editing_flash"
WHOLE_JOURNEY = "Whole journey"


@dataclass(frozen=True)
class Chosen:
    """The journey being edited."""

    journey_id: int
    name: str
    description: str
    state: str
    current_id: int | None


# --- shared -----------------------------------------------------------------------------


def flash() -> None:
    """Show what the last edit did (it ran before the rerun that shows its effect)."""
    if message := st.session_state.pop(FLASH, None):
        st.success(markdown_text(message))


def attempt(edit: Callable[[], EditResult | str], *, reset: Iterable[str] = ()) -> None:
    """Run an edit: on refusal show why, here; on success clear the inputs and rerun."""
    try:
        result = edit()
    except EditError as error:
        st.error(markdown_text(str(error)))
        return
    except IntegrityError:  # another session wrote the same name a moment before
        st.error(
            "The data changed meanwhile (someone else edited it): nothing was saved; try again."
        )
        return
    st.session_state[FLASH] = result if isinstance(result, str) else result.summary
    for key in reset:
        st.session_state.pop(key, None)
    st.rerun()


def seeded(key: str, value: object, owner: object) -> str:
    """The widget key, its value reset to `value` whenever what it edits (`owner`) changes."""
    marker = f"{key}__owner"
    if key not in st.session_state or st.session_state.get(marker) != owner:
        st.session_state[key] = value
        st.session_state[marker] = owner
    return key


def kept_choice(key: str, options: list[Any]) -> str:
    """The selectbox key, its choice reset to the first option when it is no longer one
    (another journey was chosen, or the chosen stage was deleted)."""
    if options and st.session_state.get(key) not in options:
        st.session_state[key] = options[0]
    return key


def engine() -> Engine:
    return data.current_engine()


def plural(number: int, word: str) -> str:
    return f"{number:,} {word}" + ("" if number == 1 else "s")


def quoted(name: str) -> str:
    """A user's name quoted for Markdown text."""
    return f"‘{markdown_text(name)}’"


def choose_journey(view: View, *, key: str, label: str = "Journey to edit") -> Chosen:
    """A journey to edit, current or future state; follows the sidebar's journey."""
    table = data.journeys(view.url, view.rev)
    rows = {str(r.name): r for r in table.itertuples()}
    pending = st.session_state.pop(f"{key}__next", None)
    if pending in rows:
        st.session_state[key] = pending
        st.session_state[f"{key}__sidebar"] = view.journey
    elif st.session_state.get(f"{key}__sidebar") != view.journey or (
        st.session_state.get(key) not in rows
    ):
        st.session_state[key] = view.journey
        st.session_state[f"{key}__sidebar"] = view.journey
    name = st.selectbox(
        label,
        list(rows),
        key=key,
        format_func=lambda n: f"{n} · future state" if rows[n].state == "future" else n,
        help="Current-state journeys follow the sidebar; future-state journeys are here too.",
    )
    row = rows[name]
    current = None if pd.isna(row.current_id) else int(row.current_id)
    return Chosen(int(row.journey_id), name, str(row.description), str(row.state), current)


def show_next(key: str, name: str) -> None:
    """Make the journey chooser `key` show this journey after the rerun."""
    st.session_state[f"{key}__next"] = name


def first_journey() -> None:
    """On a database without current-state journeys: start one, or import definitions.

    Runs before `page_frame`, which stops a page when there is no journey to show.
    """
    url, rev = database_url(), data.current_revision()
    journeys = data.journeys(url, rev)
    if (journeys["state"] == "current").any() or not current_access().may_write:
        return
    st.subheader("Start a journey")
    name = st.text_input("Name of the journey", key="journeys_first_name")
    description = st.text_area("Description", key="journeys_first_description")
    if st.button("Create the journey", type="primary", key="journeys_first_create"):
        attempt(
            lambda: create_and_show(name, description, "add its stages below."),
            reset=["journeys_first_name", "journeys_first_description"],
        )
    definitions_upload()
    st.divider()


def create_and_show(name: str, description: str, next_step: str) -> str:
    """Create a current-state journey and make it the sidebar's (and so this page's) journey."""
    editing.create_journey(engine=engine(), name=name, description=description)
    st.query_params["journey"] = name.strip()
    return f"Created journey {name.strip()!r}: {next_step}"


# --- confirmations ----------------------------------------------------------------------


@dataclass(frozen=True)
class Rename:
    """A possible rename: the stored name, the typed one, and the responses that refer to it."""

    old: str
    new: str
    responses: int
    what: str  # stage, touchpoint, journey, persona

    def needs_confirmation(self) -> bool:
        return bool(self.new.strip()) and self.new.strip() != self.old and self.responses > 0


AFTER_RENAME = {
    "stage": "Files imported later must name it so; the saved mappings of this journey's "
    "surveys are updated, and so is the same-named stage of its future state, if any.",
    "touchpoint": "Files imported later must name it so; the saved mappings of this journey's "
    "surveys are updated.",
    "persona": "Files imported later must use the new name (the old one would make a new "
    "persona); the persona names of saved mappings are updated.",
    "journey": "Command lines and saved links must use the new name.",
}


def save_button(
    label: str, *, key: str, rename: Rename, owner: object, edit: Callable[[], EditResult]
) -> None:
    """A save button; a rename that responses refer to waits for a confirmation first."""
    sure = True
    if rename.needs_confirmation():
        new, count = rename.new.strip(), plural(rename.responses, "response")
        st.info(
            f"{count} refer to this {rename.what}: they stay attached to it under the new name "
            f"{quoted(new)}. {AFTER_RENAME[rename.what]}"
        )
        confirm = key.removesuffix("_save") + "_rename_confirm"
        sure = st.checkbox(
            f"Yes, rename {quoted(rename.old)} to {quoted(new)} ({count})",
            key=seeded(confirm, False, (owner, new)),
        )
    if st.button(label, key=key, disabled=not sure) and sure:
        attempt(edit)


def delete_button(
    label: str, button: str, *, key: str, owner: object, edit: Callable[[], EditResult]
) -> None:
    """A destructive edit behind a confirmation checkbox and a primary button."""
    sure = st.checkbox(label, key=seeded(f"{key}_confirm", False, owner))
    if st.button(button, type="primary", disabled=not sure, key=key) and sure:
        attempt(edit)


# --- definitions ------------------------------------------------------------------------


def definitions(view: View) -> None:
    """The definitions YAML: download the export, or import a file."""
    st.markdown(
        "All personas, journeys, stages (with goals and targets) and touchpoints, as the "
        "`definitions` file of the command line: export, edit, import."
    )
    st.download_button(
        "Download the definitions (YAML)",
        data.definitions_yaml(view.url, view.rev).encode("utf-8"),
        file_name=f"journey-definitions-{date.today().isoformat()}.yaml",
        mime="application/x-yaml",
        key="journeys_definitions_download",
        on_click="ignore",
    )
    definitions_upload()


def definitions_upload() -> None:
    uploaded = st.file_uploader(
        "Import a definitions file (YAML): creates or updates by name, never deletes",
        type=["yaml", "yml"],
        key="journeys_definitions_file",
    )
    if uploaded is not None and st.button("Import definitions", key="journeys_definitions_import"):
        attempt(
            lambda: editing.import_definitions_file(
                engine=engine(), content=uploaded.getvalue(), file_name=uploaded.name
            )
        )


# --- personas ---------------------------------------------------------------------------


def persona_list(view: View) -> pd.DataFrame:
    personas = data.persona_table(view.url, view.rev)
    shown = personas[["name", "respondents", "responses", "description", "goals", "pain_points"]]
    shown.columns = ["Persona", "Respondents", "Responses", "Description", "Goals", "Pain points"]
    st.dataframe(shown, hide_index=True, key="personas_table")
    st.caption("Respondents: distinct respondent ids per journey, across all journeys and waves.")
    return personas


def add_persona() -> None:
    st.markdown("**Add a persona**")
    name = st.text_input("Name", key="personas_new_name")
    texts = _persona_texts("personas_new", None)
    if st.button("Add persona", key="personas_add"):
        attempt(
            lambda: _added_persona(name, texts),
            reset=["personas_new_name", *[f"personas_new_{f}" for f in texts]],
        )


def _added_persona(name: str, texts: dict[str, str]) -> str:
    editing.create_persona(engine=engine(), name=name, **texts)
    return f"Added persona {name.strip()!r}."


def _persona_texts(prefix: str, persona: object, owner: object = None) -> dict[str, str]:
    fields = {"description": "Description", "goals": "Goals", "pain_points": "Pain points"}
    texts = {}
    for field, label in fields.items():
        key = f"{prefix}_{field}"
        if persona is not None:
            key = seeded(key, str(getattr(persona, field)), owner)
        texts[field] = st.text_area(label, key=key, height=80)
    return texts


def edit_persona(view: View, personas: pd.DataFrame) -> None:
    if personas.empty:
        return
    st.markdown("**Change a persona**")
    by_id = {int(r.persona_id): r for r in personas.itertuples()}
    persona_id = st.selectbox(
        "Persona",
        list(by_id),
        format_func=lambda i: str(by_id[i].name),
        key=kept_choice("personas_persona", list(by_id)),
    )
    persona = by_id[persona_id]
    owner = (persona_id, view.rev)
    name = st.text_input("Name", key=seeded("personas_name", persona.name, owner))
    texts = _persona_texts("personas", persona, owner)
    save_button(
        "Save persona",
        key="personas_save",
        rename=Rename(str(persona.name), name, int(persona.responses), "persona"),
        owner=owner,
        edit=lambda: editing.update_persona(
            engine=engine(), persona_id=persona_id, name=name, **texts
        ),
    )
    if persona.responses:
        st.caption(
            f"{plural(int(persona.responses), 'response')} refer to this persona, so it cannot "
            "be deleted; delete the imports that brought them (Upload page) first."
        )
        return
    delete_button(
        f"Yes, delete persona {quoted(str(persona.name))} (no responses)",
        "Delete persona",
        key="personas_delete",
        owner=owner,
        edit=lambda: editing.delete_persona(engine=engine(), persona_id=persona_id),
    )


# --- notes ------------------------------------------------------------------------------


def note_list(view: View, journey: Chosen) -> pd.DataFrame:
    notes = data.notes(view.url, view.rev, journey.journey_id)
    if notes.empty:
        st.info("No notes on this journey yet.")
        return notes
    shown = notes.assign(stage=notes["stage"].fillna(WHOLE_JOURNEY)).drop(columns=["note_id"])
    shown.columns = ["Stage", "Kind", "Note", "Author", "Written"]
    st.dataframe(shown, hide_index=True, key="notes_table")
    return notes


def _note_inputs(
    view: View, journey: Chosen, prefix: str, note: object = None
) -> tuple[int | None, str, str, str]:
    stages = data.stages(view.url, view.rev, journey.journey_id)
    choices = {0: WHOLE_JOURNEY} | {int(r.stage_id): str(r.stage) for r in stages.itertuples()}
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


def add_note(view: View, journey: Chosen) -> None:
    st.markdown("**Write a note**")
    stage_id, kind, text, author = _note_inputs(view, journey, "notes_new")
    if st.button("Add note", key="notes_add"):
        st.session_state["notes_last_author"] = author.strip()
        attempt(
            lambda: _added_note(journey, stage_id, kind, text, author),
            reset=["notes_new_text"],
        )


def _added_note(journey: Chosen, stage_id: int | None, kind: str, text: str, author: str) -> str:
    editing.add_note(
        engine=engine(),
        journey_id=journey.journey_id,
        stage_id=stage_id,
        kind=kind,
        text=text,
        author=author,
    )
    return f"Added the {kind} note to {journey.name!r}."


def edit_note(view: View, journey: Chosen, notes: pd.DataFrame) -> None:
    if notes.empty:
        return
    st.markdown("**Change a note**")
    by_id = {int(r.note_id): r for r in notes.itertuples()}

    def label(note_id: int) -> str:
        note = by_id[note_id]
        where = note.stage if isinstance(note.stage, str) else WHOLE_JOURNEY
        text = str(note.text)
        return f"{where} · {note.kind}: {text[:60]}{'…' if len(text) > 60 else ''}"

    note_id = st.selectbox(
        "Note", list(by_id), format_func=label, key=kept_choice("notes_note", list(by_id))
    )
    note = by_id[note_id]
    st.caption(f"Written by {markdown_text(str(note.author))} on {note.created_at:%Y-%m-%d %H:%M}")
    stage_id, kind, text, author = _note_inputs(view, journey, "notes", note)
    if st.button("Save note", key="notes_save"):
        attempt(
            lambda: editing.update_note(
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
        edit=lambda: editing.delete_note(engine=engine(), note_id=note_id),
    )
