"""Child process: time full AppTest renders of the overview and journey-map pages.

Prints JSON with cold (caches cleared) and warm (second run) seconds for each page, without
filters and under each filter of VIEWS (as a shared link would set them).
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
# The filters a user sets most, as URL parameters (bench/datasets.py has these values).
VIEWS: dict[str, dict[str, str]] = {
    "no filter": {},
    "persona": {"persona": "Tech enthusiast"},
    "wave": {"wave": "2026-03"},
    "dates": {"date_from": "2026-03-01", "date_to": "2026-03-15"},
    "channel": {"channel": "web"},
    "attribute": {"attr": "region:North"},
}


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
    times = {}
    for view, params in VIEWS.items():
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        app.query_params["journey"] = "Benchmark journey"
        for key, value in params.items():
            app.query_params[key] = value
        clear_caches()
        times[f"overview_cold/{view}"] = timed(app)
        if not params:
            times["overview_warm/no filter"] = timed(app)
        clear_caches()
        times[f"journey_map_cold/{view}"] = timed(app, MAP)
        if not params:
            times["journey_map_warm/no filter"] = timed(app, MAP)
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
