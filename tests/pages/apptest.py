"""Opening the app's pages in AppTest, and reading what they show."""

import json

import pyarrow as pa
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from journey.store.queries import stage_table
from tests.conftest import shown
from tests.factories import journey_id
from tests.paths import APP

JOURNEYS = "pages/journeys.py"
PERSONAS = "pages/personas.py"
NOTES = "pages/notes.py"
SUBSCRIPTIONS = "pages/subscriptions.py"


def open_page(page: str, **params: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    app.switch_page(page).run()
    assert_ok(app)
    return app


def assert_ok(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]


def flash(app: AppTest) -> str:
    assert_ok(app)
    assert app.success, [shown(e.value) for e in app.error]
    return shown(app.success[0].value)


def errors(app: AppTest) -> list[str]:
    return [shown(e.value) for e in app.error]


def stages(engine: Engine, journey: str = "First purchase") -> list[str]:
    return list(stage_table(engine=engine, journey_id=journey_id(engine, journey))["stage"])


def chart_texts(app: AppTest) -> set[str]:
    """Every stage name and text drawn in the page's charts."""
    found: set[str] = set()
    for chart in app.get("vega_lite_chart"):
        for dataset in chart.proto.datasets:
            for row in pa.ipc.open_stream(dataset.data.data).read_all().to_pylist():
                found |= {str(row[k]) for k in ("stage", "wrapped", "text") if row.get(k)}
        found |= set(json.dumps(json.loads(chart.proto.spec)).split('"'))
    return found
