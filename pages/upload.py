"""Upload: survey results from any tool's export, mapped, validated, then imported whole."""

from pathlib import Path

import streamlit as st

from dashboard.access import require_write_access
from dashboard.editors.upload import (
    flash,
    history,
    recognise,
    remember,
    retheme_comments,
    run_import,
    show_report,
)
from dashboard.editors.upload_mapping import Target, mapping_editor
from dashboard.frame import page_frame
from journey.formatting import markdown_text

FORMATS = Path(__file__).resolve().parent.parent / "docs" / "formats.md"

view = page_frame("Upload survey results", "📤")
require_write_access()
flash()
uploaded = st.file_uploader(
    "Survey results: CSV, TSV or Excel (.xlsx), as exported by Qualtrics, SurveyMonkey, "
    "Google Forms, Typeform, or in the long format",
    type=["csv", "tsv", "txt", "xlsx"],
    key="upload_file",
)
with st.expander("The file formats, and the mapping file (docs/formats.md)"):
    st.markdown(FORMATS.read_text(encoding="utf-8"))
if uploaded is not None and (peek := recognise(uploaded)) is not None:
    st.success(f"Detected: {markdown_text(peek.describe())}, {peek.row_count:,} rows.")
    left, right, scale_column = st.columns([2, 2, 1])
    left.text_input(
        "Journey",
        view.journey,
        disabled=True,
        key="upload_journey",
        help="Choose the journey in the sidebar.",
    )
    wave = right.text_input("Survey wave", Path(uploaded.name).stem, key="upload_wave")
    scale = scale_column.text_input(
        "Scale (long files)", "1:5", key="upload_scale", disabled=peek.layout != "long"
    )
    target = Target(view.journey_id, view.journey, wave.strip())
    mapping = None if peek.layout == "long" else mapping_editor(peek, target)
    ready = peek.layout == "long" or mapping is not None
    check = st.button(
        "1 · Check the file", disabled=not ready or not target.wave, key="upload_check"
    )
    state_key = (peek.content_hash, target, mapping.to_yaml() if mapping else scale)
    if check:
        st.session_state["upload_checked"] = (
            state_key,
            run_import(uploaded, target, mapping, scale, dry_run=True),
        )
    checked = st.session_state.get("upload_checked")
    if checked and checked[0] == state_key and checked[1] is not None:
        report = checked[1]
        show_report(report)
        if not report.already_imported and st.button(
            f"2 · Import {report.rows_kept:,} responses into {target.journey}, wave {target.wave}",
            type="primary",
            disabled=report.rows_kept == 0,
            key="upload_commit",
        ):
            done = run_import(uploaded, target, mapping, scale, dry_run=False)
            if done is not None:
                themed = retheme_comments(target.journey_id) if done.new_comments else ""
                remember(done.summary() + themed)
                st.session_state.pop("upload_checked", None)
                st.rerun()

st.subheader(f"Imports into {markdown_text(view.journey)}")
history(view.journey_id)
