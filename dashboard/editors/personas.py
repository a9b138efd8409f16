"""The Personas page's parts: the list with respondents, a new persona, editing one."""

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.editors.common import (
    Rename,
    attempt,
    choose_row,
    delete_button,
    engine,
    quoted,
    save_button,
    seeded,
)
from dashboard.panels import show_table
from dashboard.view import View
from journey.catalog.personas import create_persona, delete_persona, update_persona
from journey.formatting import plural


def persona_list(view: View) -> pd.DataFrame:
    personas = data.persona_table(view.url, view.rev)
    shown = personas[["name", "respondents", "responses", "description", "goals", "pain_points"]]
    shown.columns = ["Persona", "Respondents", "Responses", "Description", "Goals", "Pain points"]
    show_table(shown, key="personas_table")
    st.caption("Respondents: distinct respondent ids per journey, across all journeys and waves.")
    return personas


def add_persona_form() -> None:
    st.markdown("**Add a persona**")
    name = st.text_input("Name", key="personas_new_name")
    texts = _persona_texts("personas_new", None)
    if st.button("Add persona", key="personas_add"):
        attempt(
            lambda: _added_persona(name, texts),
            reset=["personas_new_name", *[f"personas_new_{f}" for f in texts]],
        )


def _added_persona(name: str, texts: dict[str, str]) -> str:
    create_persona(engine=engine(), name=name, **texts)
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


def edit_persona_form(view: View, personas: pd.DataFrame) -> None:
    if personas.empty:
        return
    st.markdown("**Change a persona**")
    persona_id, persona = choose_row(
        "Persona", personas, "persona_id", key="personas_persona", name=lambda r: str(r.name)
    )
    owner = (persona_id, view.rev)
    name = st.text_input("Name", key=seeded("personas_name", persona.name, owner))
    texts = _persona_texts("personas", persona, owner)
    save_button(
        "Save persona",
        key="personas_save",
        rename=Rename(str(persona.name), name, int(persona.responses), "persona"),
        owner=owner,
        edit=lambda: update_persona(engine=engine(), persona_id=persona_id, name=name, **texts),
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
        edit=lambda: delete_persona(engine=engine(), persona_id=persona_id),
    )
