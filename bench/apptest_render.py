"""Child process: time full AppTest renders of the overview and journey-map pages.

Prints JSON with cold (caches cleared) and warm (second run) seconds for each page.
The interpreter and Streamlit are warmed on an empty database first, so "cold" measures
the data work, not Python's start-up.
"""

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
MAP = "pages/journey_map.py"


def clear_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


def timed(app: AppTest, page: str | None = None) -> float:
    """Seconds for one full run of the app (on `page`, if given)."""
    started = time.perf_counter()
    if page:
        app.switch_page(page)
    app.run()
    if app.exception:
        raise RuntimeError(app.exception[0].value)
    return time.perf_counter() - started


def one_round() -> dict[str, float]:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    app.query_params["journey"] = "Benchmark journey"
    clear_caches()
    times = {"overview_cold": timed(app)}
    times["overview_warm"] = timed(app)
    clear_caches()
    times["journey_map_cold"] = timed(app, MAP)
    times["journey_map_warm"] = timed(app, MAP)
    return times


def main(url: str, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as empty:  # warm the interpreter and Streamlit
        os.environ["JOURNEY_DB_URL"] = f"sqlite:///{empty}/warm-up.db"
        AppTest.from_file(str(ROOT / "app.py"), default_timeout=600).run()
    os.environ["JOURNEY_DB_URL"] = url
    rounds = [one_round() for _ in range(repeat)]
    print(json.dumps({key: statistics.median(r[key] for r in rounds) for key in rounds[0]}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
