"""The upload page's parts: file recognition, validation and commit with progress, history.

The guided mapping of wide exports is in upload_mapping.py.
"""

import io
from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from dashboard import data
from dashboard.editors.upload_mapping import Target
from dashboard.panels import show_table
from journey.catalog.codebooks import retheme
from journey.errors import FileRefused, JourneyError
from journey.formatting import markdown_text
from journey.ingest.history import delete_import, import_table
from journey.ingest.importer import ImportReport, import_responses
from journey.ingest.mapping import Mapping
from journey.ingest.progress import Progress, ProgressCallback
from journey.ingest.reading import Peek, peek_table
from journey.ingest.scales import parse_scale

FLASH = "upload_flash"

HISTORY_COLUMNS = {
    "import_id": "Import",
    "file": "File",
    "layout": "Layout",
    "wave": "Wave",
    "imported_at": "Imported at",
    "read": "Rows read",
    "kept": "Responses kept",
    "rejected": "Rejected",
    "outcomes": "Outcomes",
}


def recognise(uploaded: UploadedFile) -> Peek | None:
    """What the file is, from every row (once per upload); shows why if it is unreadable."""
    key = f"peek_{uploaded.file_id}"
    if key not in st.session_state:
        with progress_bar("Reading the file") as progress:
            try:
                st.session_state[key] = peek_table(
                    uploaded, uploaded.name, progress=progress, long_evidence=False
                )
            except FileRefused as error:
                st.session_state[key] = error
    found = st.session_state[key]
    if isinstance(found, FileRefused):
        st.error(f"This file cannot be imported: {markdown_text(str(found))}")
        return None
    return found


@contextmanager
def progress_bar(action: str) -> Iterator[ProgressCallback]:
    """A progress bar with rows done and time left, while the work runs; gone after it."""
    bar = st.progress(0.0, text=f"{action}…")

    def show(progress: Progress) -> None:
        bar.progress(min(1.0, progress.fraction), text=progress.describe())

    try:
        yield show
    finally:
        bar.empty()


def _current_file_id() -> str | None:
    """The id of the file in the uploader (as of this run), if there is one."""
    current = st.session_state.get("upload_file")
    return current.file_id if isinstance(current, UploadedFile) else None


def flash() -> None:
    """Show what the last import or deletion did, until the user does something else.

    It stays through any number of reruns (a table redrawn after the import reruns the page);
    another file, a check or another deletion replaces it.
    """
    message = st.session_state.get(FLASH)
    if message is None:
        return
    text, file_id = message
    acting = any(st.session_state.get(key) for key in ("upload_check", "upload_delete"))
    if acting or file_id != _current_file_id():
        del st.session_state[FLASH]
        return
    st.success(markdown_text(text))


def remember(text: str) -> None:
    """Keep a message for `flash`, for as long as the same file is in the uploader."""
    st.session_state[FLASH] = (text, _current_file_id())


def run_import(
    uploaded: UploadedFile, target: Target, mapping: Mapping | None, scale: str, *, dry_run: bool
) -> ImportReport | None:
    """Validate (dry run) or import, with a progress bar; shows a refusal and returns None."""
    try:
        with progress_bar("Checking" if dry_run else "Importing") as progress:
            return import_responses(
                engine=data.current_engine(),
                stream=uploaded,
                file_name=uploaded.name,
                journey_name=target.journey,
                wave=target.wave,
                scale=parse_scale(scale),
                mapping=mapping,
                dry_run=dry_run,
                progress=progress,
            )
    except (JourneyError, ValueError) as error:
        st.error(f"Nothing was imported: {markdown_text(str(error))}")
        return None


def retheme_comments(journey_id: int) -> str:
    """Theme the journey's comments again after its responses changed; what it did, in words
    ("" when the journey has no comments)."""
    with st.spinner("Scoring and theming the comments…"):
        themed = retheme(engine=data.current_engine(), journey_id=journey_id)
    return f" {themed.summary()}." if themed.comments else ""


def show_report(report: ImportReport) -> None:
    """Counts, then every rejected row with its line, column and reason (and a CSV of them)."""
    if report.already_imported:
        st.info(markdown_text(report.summary()))
        return
    read, kept, rejected, outcomes = st.columns(4)
    read.metric("Responses read", f"{report.rows_read:,}")
    kept.metric("Will be kept" if report.dry_run else "Kept", f"{report.rows_kept:,}")
    rejected.metric("Rejected", f"{report.rows_rejected:,}")
    outcomes.metric("Outcomes", f"{report.outcomes_kept:,}")
    if report.new_personas:
        st.caption(f"New personas: {markdown_text(', '.join(report.new_personas))}")
    if report.new_touchpoints:
        created = "will be created" if report.dry_run else "created"
        st.caption(
            f"New touchpoints ({created}): {markdown_text(', '.join(report.new_touchpoints))}"
        )
    if report.dates_unread:
        st.warning(markdown_text(report.unread_dates_text()) + ".")
    if report.rejects.reasons:
        why = ", ".join(
            f"{count:,} × {reason}" for reason, count in report.rejects.reasons.most_common()
        )
        st.markdown(f"**Why rows were rejected:** {markdown_text(why)}")
    if report.rejects.count or report.rejects.other:
        rows = pd.DataFrame(
            [(r.line, r.column, r.reason) for r in report.rejects.preview],
            columns=["Line", "Column", "Reason"],
        )
        st.dataframe(rows, hide_index=True, key="upload_rejects")
        out = io.StringIO()
        report.rejects.write_csv(out)
        st.download_button(
            "Download the rejected rows (CSV)",
            out.getvalue().encode("utf-8-sig"),
            file_name=f"{report.file_name}-rejects.csv",
            mime="text/csv",
            key="upload_rejects_csv",
            on_click="ignore",
        )


def history(journey_id: int, read_only: bool = False) -> None:
    """Every import of the journey, and deleting one (exactly its rows) after confirmation."""
    imports = import_table(engine=data.current_engine(), journey_id=journey_id)
    if imports.empty:
        st.caption("No imports yet.")
        return
    when = pd.to_datetime(imports["imported_at"], utc=True).dt.strftime("%Y-%m-%d %H:%M UTC")
    shown = imports.drop(columns=["new_personas"]).assign(imported_at=when)
    show_table(shown.rename(columns=HISTORY_COLUMNS), key="upload_history")
    if read_only:
        return
    labels = {
        f"#{r.import_id} {r.file} (wave {r.wave}, {r.kept:,} responses)": int(r.import_id)
        for r in data.records(imports)
    }
    chosen = st.selectbox(
        "Delete an import",
        list(labels),
        index=None,
        key="upload_delete_choice",
        placeholder="Choose an import to delete…",
    )
    if chosen is None:
        return
    sure = st.checkbox(
        f"Yes, delete {chosen} and all its responses and outcomes", key="upload_delete_confirm"
    )
    if st.button("Delete import", type="primary", disabled=not sure, key="upload_delete"):
        with progress_bar("Deleting") as progress:
            responses, outcomes = delete_import(
                engine=data.current_engine(), import_id=labels[chosen], progress=progress
            )
        remember(
            f"Deleted {chosen}: {responses:,} responses and {outcomes:,} outcomes removed."
            + retheme_comments(journey_id)
        )
        for key in ("upload_delete_confirm", "upload_delete_choice"):
            st.session_state.pop(key, None)
        st.rerun()
