"""The settings file as every page reads it."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import shown
from tests.paths import APP


def test_a_bad_settings_file_is_named_on_the_page(
    demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tmp_path / "journey.toml"
    settings.write_text("privacy_k = 0\n", encoding="utf-8")
    monkeypatch.setenv("JOURNEY_SETTINGS", str(settings))
    monkeypatch.setenv("JOURNEY_DB_URL", f"sqlite:///{demo_copy}")
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert not app.exception
    assert [shown(e.value) for e in app.error] == [
        f"The settings file is not valid: {settings}: privacy_k: expected at least 1, got 0"
    ]
