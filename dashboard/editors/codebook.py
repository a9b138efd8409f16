"""The Themes page's codebook: create, rename, merge and delete themes, keywords, examples.

Every change stores the journey's codebook and re-themes its comments at once (a few seconds
on a large journey, under a spinner), so the tables above always follow the codebook.
"""

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.editors.common import attempt, engine, seeded
from dashboard.view import View
from journey.analysis.themes import Codebook
from journey.catalog.codebooks import (
    add_example,
    add_theme,
    codebook_from_yaml,
    codebook_to_yaml,
    delete_theme,
    merge_themes,
    promote_theme,
    rename_theme,
    retheme,
    save_codebook,
    set_keywords,
)
from journey.formatting import markdown_text


def _save(view: View, codebook: Codebook, done: str) -> str:
    with st.spinner("Theming the comments with the new codebook…"):
        report = save_codebook(engine=engine(), journey_id=view.journey_id, codebook=codebook)
    return f"{done} {report.summary()}."


def _words(text: str) -> list[str]:
    return [word.strip() for word in text.split(",") if word.strip()]


def theme_now_button(view: View) -> None:
    """For a journey whose comments are not themed yet (an older database): theme them."""
    if st.button("Theme the comments now", type="primary", key="themes_theme_now"):
        with st.spinner("Scoring and theming the comments…"):
            attempt(lambda: retheme(engine=engine(), journey_id=view.journey_id).summary())


def move_comment_form(view: View, comment: str, *, key: str) -> None:
    """Put one comment into a codebook theme: it becomes one of the theme's examples."""
    codebook = view.codebook().codebook
    names = [theme.name for theme in codebook.themes]
    if not names:
        st.caption("Write a codebook below to move comments into its themes.")
        return
    target = st.selectbox("Move this comment to the theme", names, key=f"{key}_target")
    if st.button("Move it", key=f"{key}_move"):
        attempt(
            lambda: _save(
                view,
                add_example(codebook, target, comment),
                f"The comment is now an example of {target!r}.",
            )
        )


def promote_buttons(view: View, discovered: pd.DataFrame) -> None:
    """One click keeps a discovered theme: its name and telling terms join the codebook."""
    for row in data.records(discovered):
        name, terms = str(row.theme), [str(t) for t in row.terms]
        left, right = st.columns([3, 1])
        left.markdown(f"**{markdown_text(name)}** — {markdown_text(', '.join(terms))}")
        if right.button("Add to the codebook", key=f"themes_promote_{name}"):
            _promote(view, name, terms)


def _promote(view: View, name: str, terms: list[str]) -> None:
    codebook = view.codebook().codebook
    attempt(
        lambda: _save(
            view, promote_theme(codebook, name, terms), f"Added {name!r} to the codebook."
        )
    )


def codebook_editor(view: View) -> None:
    """The journey's codebook: its themes, and forms that change them."""
    codebook = view.codebook().codebook
    if codebook.themes:
        st.dataframe(
            pd.DataFrame(
                {
                    "Theme": [t.name for t in codebook.themes],
                    "Keywords": [", ".join(t.keywords) for t in codebook.themes],
                    "Examples": [len(t.examples) for t in codebook.themes],
                }
            ),
            hide_index=True,
            key="themes_codebook_table",
        )
    else:
        st.caption("No codebook yet: every theme is discovered from the comments.")
    names = [theme.name for theme in codebook.themes]
    new, edit, merge, files = st.tabs(["New theme", "Change a theme", "Merge", "YAML file"])
    with new:
        name = st.text_input("Name", key="themes_new_name")
        keywords = st.text_input(
            "Keywords or phrases, separated by commas", key="themes_new_keywords",
            placeholder="late, delayed, still waiting",
        )  # fmt: skip
        if st.button("Add the theme", key="themes_new_add"):
            attempt(
                lambda: _save(view, add_theme(codebook, name, _words(keywords)), "Theme added."),
                reset=["themes_new_name", "themes_new_keywords"],
            )
    with edit:
        if not names:
            st.caption("Add a theme first.")
        else:
            chosen = st.selectbox("Theme", names, key="themes_edit_theme")
            theme = codebook.themes[names.index(chosen)]
            renamed = st.text_input("Name", key=seeded("themes_edit_name", theme.name, chosen))
            words = st.text_input(
                "Keywords or phrases, separated by commas",
                key=seeded("themes_edit_keywords", ", ".join(theme.keywords), chosen),
            )
            save, remove = st.columns(2)
            if save.button("Save the theme", key="themes_edit_save"):
                changed = set_keywords(codebook, chosen, _words(words))
                if renamed.strip() != chosen:
                    changed = rename_theme(changed, chosen, renamed)
                attempt(lambda: _save(view, changed, f"Saved {renamed.strip()!r}."))
            if remove.button("Delete the theme", key="themes_edit_delete"):
                attempt(lambda: _save(view, delete_theme(codebook, chosen), f"Deleted {chosen!r}."))
    with merge:
        merged = st.multiselect("Themes to merge", names, key="themes_merge_themes")
        into = st.text_input("Name of the merged theme", key="themes_merge_into")
        if st.button("Merge", key="themes_merge"):
            attempt(lambda: _save(view, merge_themes(codebook, merged, into or ""), "Merged."))
    with files:
        st.download_button(
            "Download the codebook (YAML)",
            codebook_to_yaml(codebook).encode("utf-8"),
            file_name=f"{view.journey}-codebook-{date.today().isoformat()}.yaml",
            mime="application/x-yaml",
            key="themes_codebook_download",
            on_click="ignore",
        )
        uploaded = st.file_uploader(
            "Replace the codebook with a YAML file",
            type=["yaml", "yml"],
            key="themes_codebook_file",
        )
        if uploaded is not None and st.button("Import the codebook", key="themes_codebook_import"):
            attempt(
                lambda: _save(
                    view,
                    codebook_from_yaml(uploaded.getvalue().decode("utf-8-sig"), uploaded.name),
                    f"Imported {uploaded.name}.",
                )
            )
