"""Who may change what: settings, the one write decision, and read-only screens."""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from journey.config.access import write_access
from journey.config.settings import Settings, SettingsError, load_settings
from tests.paths import APP

EDITORS = Settings(editors=("ana@example.org",))


def test_everyone_writes_on_a_plain_install() -> None:
    assert write_access(Settings(), None, sign_in_available=False).may_write


def test_read_only_refuses_everyone_even_editors() -> None:
    settings = Settings(read_only=True, editors=("ana@example.org",))
    access = write_access(settings, "ana@example.org", sign_in_available=True)
    assert not access.may_write and "read-only" in access.reason


@pytest.mark.parametrize(
    ("email", "sign_in", "allowed", "reason"),
    [
        ("ana@example.org", True, True, ""),
        ("ANA@example.org ", True, True, ""),
        ("bob@example.org", True, False, "bob@example.org may read but not edit"),
        (None, True, False, "Sign in to edit"),
        (None, False, False, "sign-in is not configured"),
    ],
)
def test_editors_list_limits_writing_to_signed_in_editors(
    email: str | None, sign_in: bool, allowed: bool, reason: str
) -> None:
    access = write_access(EDITORS, email, sign_in_available=sign_in)
    assert access.may_write is allowed
    assert reason in access.reason


def test_settings_file_and_environment(tmp_path: Path) -> None:
    path = tmp_path / "journey.toml"
    path.write_text('read_only = true\neditors = ["Ana@Example.org"]\nprivacy_k = 10\n')
    settings = load_settings({"JOURNEY_SETTINGS": str(path)})
    assert settings == Settings(read_only=True, editors=("ana@example.org",), privacy_k=10)
    assert not load_settings({"JOURNEY_SETTINGS": str(path), "JOURNEY_READ_ONLY": "0"}).read_only
    assert load_settings({"JOURNEY_SETTINGS": str(tmp_path / "none.toml")}) == Settings()
    assert load_settings(
        {"JOURNEY_SETTINGS": str(tmp_path / "x"), "JOURNEY_READ_ONLY": "1"}
    ).read_only


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("read_only = ", "not valid TOML"),
        ("readonly = true", "readonly: unknown key (did you mean 'read_only'?)"),
        ('editors = "ana@example.org"', "editors: expected a list"),
        ("privacy_k = 0", "privacy_k: expected at least 1, got 0"),
    ],
)
def test_malformed_settings_say_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "journey.toml"
    path.write_text(text)
    with pytest.raises(SettingsError, match=re.escape(message)):
        load_settings({"JOURNEY_SETTINGS": str(path)})


def test_a_read_only_screen_hides_and_refuses_writing_pages(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOURNEY_DB_URL", f"sqlite:///{demo_copy}")
    monkeypatch.setenv("JOURNEY_READ_ONLY", "1")
    app = AppTest.from_file(APP, default_timeout=60).run()
    links = [link.proto.label for link in app.get("page_link")]
    assert "Overview" in links and "Upload" not in links
    app.switch_page("pages/upload.py").run()  # as if the page's URL were opened directly
    assert "read-only screen" in app.warning[0].value
    assert not app.get("file_uploader")
