"""Deployment settings: read-only screens, who may edit, privacy thresholds, the mail server.

Read from `journey.toml` (or the file named by `JOURNEY_SETTINGS`); environment variables
override the file. Everything has a default, so no settings file is needed. The mail server's
password is never in the file: it comes from `JOURNEY_SMTP_PASSWORD`.
"""

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from journey.errors import JourneyError

SETTINGS_FILE = "journey.toml"
TRUE = {"1", "true", "yes", "on"}
SMTP_PASSWORD = "JOURNEY_SMTP_PASSWORD"
TLS_MODES = ("starttls", "ssl", "none")
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
    """The settings file (if any) with the environment's overrides applied."""
    path = Path(environ.get("JOURNEY_SETTINGS", SETTINGS_FILE))
    values: dict[str, object] = {}
    if path.exists():
        try:
            values = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise SettingsError(f"{path}: not valid TOML ({error})") from None
    unknown = set(values) - {"read_only", "editors", "privacy_k", "privacy_k_comments", "smtp"}
    if unknown:
        raise SettingsError(f"{path}: unknown setting(s) {', '.join(sorted(unknown))}")
    editors = values.get("editors", [])
    if not isinstance(editors, list) or not all(isinstance(e, str) for e in editors):
        raise SettingsError(f"{path}: editors must be a list of e-mail addresses")
    privacy_k = values.get("privacy_k", 5)
    if not isinstance(privacy_k, int) or privacy_k < 1:
        raise SettingsError(f"{path}: privacy_k must be a whole number of at least 1")
    privacy_k_comments = values.get("privacy_k_comments", 10)
    if not isinstance(privacy_k_comments, int) or privacy_k_comments < 1:
        raise SettingsError(f"{path}: privacy_k_comments must be a whole number of at least 1")
    read_only = bool(values.get("read_only", False))
    if "JOURNEY_READ_ONLY" in environ:
        read_only = environ["JOURNEY_READ_ONLY"].strip().lower() in TRUE
    return Settings(
        read_only=read_only,
        editors=tuple(e.strip().lower() for e in editors if e.strip()),
        privacy_k=privacy_k,
        privacy_k_comments=privacy_k_comments,
        smtp=_smtp(values.get("smtp"), path, environ) if "smtp" in values else None,
    )


def _smtp(values: object, path: Path, environ: Mapping[str, str]) -> SmtpSettings:
    """The `[smtp]` table, checked key by key; the password from the environment."""
    if not isinstance(values, dict):
        raise SettingsError(f"{path}: smtp must be a table ([smtp] host = …)")
    if "password" in values:
        raise SettingsError(
            f"{path}: smtp.password does not belong in a file: set {SMTP_PASSWORD} instead"
        )
    unknown = set(values) - {"host", "port", "tls", "user", "sender"}
    if unknown:
        raise SettingsError(f"{path}: unknown smtp setting(s) {', '.join(sorted(unknown))}")
    texts = {}
    for key in ("host", "user", "sender"):
        value = values.get(key, "")
        if not isinstance(value, str):
            raise SettingsError(f"{path}: smtp.{key} must be text")
        texts[key] = value.strip()
    if not texts["host"]:
        raise SettingsError(f"{path}: smtp.host is missing (the mail server's name)")
    tls = values.get("tls", "starttls")
    if tls not in TLS_MODES:
        raise SettingsError(f"{path}: smtp.tls must be one of {', '.join(TLS_MODES)}")
    port = values.get("port", DEFAULT_PORTS[tls])
    if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
        raise SettingsError(f"{path}: smtp.port must be a port number (1 … 65535)")
    sender = texts["sender"] or texts["user"]
    if "@" not in sender:
        raise SettingsError(
            f"{path}: smtp.sender must be the From address, e.g. reports@example.org"
        )
    return SmtpSettings(
        host=texts["host"],
        sender=sender,
        port=port,
        tls=tls,
        user=texts["user"],
        password=environ.get(SMTP_PASSWORD, ""),
    )
