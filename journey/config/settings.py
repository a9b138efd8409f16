"""Deployment settings: read-only screens, who may edit, privacy and reliability thresholds.

Read from `journey.toml` (or the file named by `JOURNEY_SETTINGS`); environment variables
override the file. Everything has a default, so no settings file is needed.
"""

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from journey.errors import JourneyError

SETTINGS_FILE = "journey.toml"
TRUE = {"1", "true", "yes", "on"}


class SettingsError(JourneyError):
    """The settings file is malformed; the message names the file and the key."""


@dataclass(frozen=True)
class Settings:
    read_only: bool = False  # kiosks and meeting screens: nothing can be changed
    editors: tuple[str, ...] = ()  # e-mails of signed-in users who may change data; empty: all
    privacy_k: int = 5  # groups with fewer respondents show no figures and no verbatims
    privacy_k_comments: int = 10  # themes and quotes need more: a quote identifies sooner


def load_settings(environ: Mapping[str, str] = os.environ) -> Settings:
    """The settings file (if any) with the environment's overrides applied."""
    path = Path(environ.get("JOURNEY_SETTINGS", SETTINGS_FILE))
    values: dict[str, object] = {}
    if path.exists():
        try:
            values = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise SettingsError(f"{path}: not valid TOML ({error})") from None
    unknown = set(values) - {"read_only", "editors", "privacy_k", "privacy_k_comments"}
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
    )
