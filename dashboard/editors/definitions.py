"""The definitions YAML in the app: download the export, import a file."""

from datetime import date

import streamlit as st

from dashboard import data
from dashboard.editors.common import attempt, engine
from dashboard.view import View
from journey.catalog.definitions_file import import_definitions_file


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
            lambda: import_definitions_file(
                engine=engine(), content=uploaded.getvalue(), file_name=uploaded.name
            )
        )
