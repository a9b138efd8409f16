"""The editing pages' shared parts: the journey being edited, edits that report back, confirmations.

Every edit goes through `attempt`: a refusal (`EditError`) is shown where the user acted and
changes nothing; a success is remembered, the page reruns on the new revision and shows it.
Widgets that edit a chosen thing are seeded from the stored values whenever the choice or the
data changes (`seeded`), so they never show a previous stage's name.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from dashboard import data
from dashboard.view import View
from journey.catalog.rules import EditResult
from journey.errors import JourneyError
from journey.formatting import markdown_text, plural

FLASH = "editing_flash"


@dataclass(frozen=True)
class Chosen:
    """The journey being edited."""

    journey_id: int
    name: str
    description: str
    state: str
    current_id: int | None


def flash() -> None:
    """Show what the last edit did (it ran before the rerun that shows its effect)."""
    if message := st.session_state.pop(FLASH, None):
        st.success(markdown_text(message))


def attempt(edit: Callable[[], EditResult | str], *, reset: Iterable[str] = ()) -> None:
    """Run an edit: on refusal show why, here; on success clear the inputs and rerun."""
    try:
        result = edit()
    except JourneyError as error:  # an edit refused, a file that does not fit its schema…
        st.error(markdown_text(str(error)))
        return
    except UnicodeDecodeError as error:
        st.error(f"The file is not UTF-8 text (byte {error.start}).")
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


def choose_row(
    label: str, rows: pd.DataFrame, id_column: str, *, key: str, name: Callable[[Any], str]
) -> tuple[int, SimpleNamespace]:
    """A selectbox over the rows (by id, shown by `name`); the chosen id and its row."""
    by_id = {int(getattr(row, id_column)): row for row in data.records(rows)}
    chosen = st.selectbox(
        label, list(by_id), format_func=lambda i: name(by_id[i]), key=kept_choice(key, list(by_id))
    )
    return chosen, by_id[chosen]


def engine() -> Engine:
    return data.current_engine()


def quoted(name: str) -> str:
    """A user's name quoted for Markdown text."""
    return f"‘{markdown_text(name)}’"


def choose_journey(view: View, *, key: str, label: str = "Journey to edit") -> Chosen:
    """A journey to edit, current or future state; follows the sidebar's journey."""
    table = data.journeys(view.url, view.rev)
    rows = {str(r.name): r for r in data.records(table)}
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
