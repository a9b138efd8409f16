"""Deployment settings: read-only screens, who may edit, privacy thresholds, the mail server.

Read from `journey.toml` (or the file named by `JOURNEY_SETTINGS`); environment variables
override the file. Everything has a default, so no settings file is needed. The mail server's
password is never in the file: it comes from `JOURNEY_SMTP_PASSWORD`.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from journey.errors import JourneyError
from journey.schemas.base import FileError, load_toml_model
from journey.schemas.settings import SMTP_PASSWORD, SettingsFile, SmtpTable

SETTINGS_FILE = "journey.toml"
TRUE = {"1", "true", "yes", "on"}
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


class SettingsError(JourneyError):
    """The settings file is malformed; the message names the file and the key."""


@dataclass(frozen=True)
class SmtpSettings:
    """The mail server scheduled reports go out through (`[smtp]` in the settings file)."""

    host: str
    sender: str  # the From address
    port: int = 587
    tls: str = "starttls"  # "starttls" (upgrade a plain connection), "ssl" (from the start), "none"
    user: str = ""  # empty: the server takes mail without signing in
    password: str = field(default="", repr=False)  # from JOURNEY_SMTP_PASSWORD, never the file


@dataclass(frozen=True)
class Settings:
    read_only: bool = False  # kiosks and meeting screens: nothing can be changed
    editors: tuple[str, ...] = ()  # e-mails of signed-in users who may change data; empty: all
    privacy_k: int = 5  # groups with fewer respondents show no figures and no verbatims
    privacy_k_comments: int = 10  # themes and quotes need more: a quote identifies sooner
    smtp: SmtpSettings | None = None  # None: scheduled reports cannot be sent


def load_settings(environ: Mapping[str, str] = os.environ) -> Settings:
    """The settings file (if any) with the environment's overrides applied.

    The file is read into its declared schema (journey.schemas.settings); SettingsError names
    the file and the key that is wrong.
    """
    path = Path(environ.get("JOURNEY_SETTINGS", SETTINGS_FILE))
    document = SettingsFile()
    if path.is_file():
        try:
            document = load_toml_model(path.read_text(encoding="utf-8"), SettingsFile, str(path))
        except FileError as error:
            raise SettingsError(
                error.reason, file=error.file, line=error.line, column=error.column
            ) from None
        except (OSError, UnicodeDecodeError) as error:
            raise SettingsError(f"cannot read ({error})", file=str(path)) from None
    read_only = document.read_only
    if "JOURNEY_READ_ONLY" in environ:
        read_only = environ["JOURNEY_READ_ONLY"].strip().lower() in TRUE
    return Settings(
        read_only=read_only,
        editors=tuple(e.strip().lower() for e in document.editors if e.strip()),
        privacy_k=document.privacy_k,
        privacy_k_comments=document.privacy_k_comments,
        smtp=_smtp(document.smtp, environ) if document.smtp else None,
    )


def _smtp(table: SmtpTable, environ: Mapping[str, str]) -> SmtpSettings:
    """The mail server of the `[smtp]` table; the password from the environment."""
    return SmtpSettings(
        host=table.host,
        sender=table.sender,
        port=table.port if table.port is not None else DEFAULT_PORTS[table.tls],
        tls=table.tls,
        user=table.user,
        password=environ.get(SMTP_PASSWORD, ""),
    )
