"""The settings file: the mail server for scheduled reports, its password from the environment."""

from pathlib import Path

import pytest

from journey.config.settings import SettingsError, SmtpSettings, load_settings


def settings_with(tmp_path: Path, text: str, **environ: str) -> object:
    path = tmp_path / "journey.toml"
    path.write_text(text, encoding="utf-8")
    return load_settings({"JOURNEY_SETTINGS": str(path), **environ})


def test_the_mail_server_with_its_password_from_the_environment(tmp_path: Path) -> None:
    settings = settings_with(
        tmp_path,
        '[smtp]\nhost = "smtp.example.org"\nuser = "reports@example.org"\n',
        JOURNEY_SMTP_PASSWORD="s3cret",
    )
    assert settings.smtp == SmtpSettings(  # type: ignore[attr-defined]
        host="smtp.example.org",
        sender="reports@example.org",  # the user, when no sender is given
        port=587,  # STARTTLS's port
        tls="starttls",
        user="reports@example.org",
        password="s3cret",
    )
    assert "s3cret" not in repr(settings)


@pytest.mark.parametrize(("tls", "port"), [("ssl", 465), ("none", 25), ("starttls", 587)])
def test_the_port_follows_the_tls_mode(tmp_path: Path, tls: str, port: int) -> None:
    text = f'[smtp]\nhost = "mail"\nsender = "a@example.org"\ntls = "{tls}"\n'
    assert settings_with(tmp_path, text).smtp.port == port  # type: ignore[attr-defined]


def test_no_mail_server_without_smtp(tmp_path: Path) -> None:
    assert settings_with(tmp_path, "privacy_k = 7\n").smtp is None  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[smtp]\nsender = "a@example.org"\n', "smtp.host: required, but missing"),
        ('[smtp]\nhost = "mail"\n', "smtp.sender: expected the From address"),
        (
            '[smtp]\nhost = "mail"\nsender = "a@b.org"\ntls = "yes"\n',
            "smtp.tls: expected 'starttls', 'ssl' or 'none'",
        ),
        (
            '[smtp]\nhost = "mail"\nsender = "a@b.org"\nport = 0\n',
            "smtp.port: expected at least 1, got 0",
        ),
        (
            '[smtp]\nhost = "mail"\nsender = "a@b.org"\npassword = "x"\n',
            "smtp.password: does not belong in a file: set JOURNEY_SMTP_PASSWORD",
        ),
        ('[smtp]\nhost = "mail"\nsender = "a@b.org"\nserver = "x"\n', "smtp.server: unknown key"),
        ('smtp = "mail"\n', "smtp: expected a mapping"),
    ],
)
def test_a_wrong_mail_server_setting_names_the_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        settings_with(tmp_path, text)
