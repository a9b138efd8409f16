"""Child process: import a file through the upload page (AppTest): check, then commit.

Prints JSON: seconds for the check (a dry run) and for the import, and the peak memory.
"""

import json
import os
import resource
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]


def main(url: str, source: Path) -> None:
    os.environ["JOURNEY_DB_URL"] = url
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=3600)
    app.query_params["journey"] = "Benchmark journey"
    app.run()
    app.switch_page("pages/upload.py").run()
    app.file_uploader(key="upload_file").upload(source.name, source.read_bytes(), "text/csv").run()
    app.text_input(key="upload_wave").set_value("page").run()
    started = time.perf_counter()
    app.button(key="upload_check").click().run()
    checked = time.perf_counter() - started
    started = time.perf_counter()
    app.button(key="upload_commit").click().run()
    imported = time.perf_counter() - started
    if app.exception:
        raise RuntimeError(app.exception[0].value)
    flash = [message.value for message in app.success]
    if not any("kept" in message for message in flash):
        raise RuntimeError(f"the import did not report success: {flash}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"check_seconds": checked, "import_seconds": imported, "peak_mb": peak}))


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
