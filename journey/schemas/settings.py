"""The settings file (`journey.toml`): read-only screens, editors, privacy thresholds, mail.

```toml
read_only = false
editors = ["ana@example.org"]
privacy_k = 5
privacy_k_comments = 10

[smtp]
host = "smtp.example.org"
sender = "reports@example.org"
```

The mail server's password is never in the file: it comes from `JOURNEY_SMTP_PASSWORD`.
"""

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, ValidationInfo, field_validator
from pydantic.json_schema import SkipJsonSchema

from journey.schemas.base import StrictModel

SMTP_PASSWORD = "JOURNEY_SMTP_PASSWORD"
TlsMode = Literal["starttls", "ssl", "none"]


class SmtpTable(StrictModel):
    """The mail server scheduled reports go out through."""

    host: Annotated[str, Field(min_length=1, description="The mail server's name")]
    port: Annotated[
        int | None,
        Field(
            strict=True,
            ge=1,
            le=65535,
            description="The server's port (default: 587 for starttls, 465 for ssl, 25 for none)",
        ),
    ] = None
    tls: Annotated[
        TlsMode,
        Field(
            description="starttls: upgrade a plain connection; ssl: encrypted from the start; "
            "none: no encryption"
        ),
    ] = "starttls"
    user: Annotated[str, Field(description="The account to sign in with (empty: no sign-in)")] = ""
    sender: Annotated[
        str,
        Field(
            validate_default=True,
            description="The From address (default: the user, when it is an address)",
        ),
    ] = ""
    # Declared only to refuse it by name: a password in a file ends up in backups and commits.
    password: SkipJsonSchema[str | None] = None

    @field_validator("password")
    @classmethod
    def not_in_a_file(cls, value: str | None) -> None:
        if value is not None:
            raise ValueError(f"does not belong in a file: set {SMTP_PASSWORD} instead")
        return value

    @field_validator("sender")
    @classmethod
    def is_an_address(cls, value: str, info: ValidationInfo) -> str:
        sender = value or str(info.data.get("user", ""))
        if "@" not in sender:
            raise ValueError("expected the From address, e.g. reports@example.org")
        return sender


class SettingsFile(StrictModel):
    """Deployment settings of Journey Lens; environment variables override them."""

    model_config = ConfigDict(title="Journey Lens settings file")

    read_only: Annotated[
        bool,
        Field(strict=True, description="Kiosks and meeting screens: nothing can be changed"),
    ] = False
    editors: Annotated[
        tuple[str, ...],
        Field(description="E-mails of the signed-in users who may change data (empty: all)"),
    ] = ()
    privacy_k: Annotated[
        int,
        Field(
            strict=True,
            ge=1,
            description="Groups with fewer respondents show no figures and no verbatims",
        ),
    ] = 5
    privacy_k_comments: Annotated[
        int,
        Field(
            strict=True,
            ge=1,
            description="Themes and quotes need this many respondents: a quote identifies sooner",
        ),
    ] = 10
    smtp: Annotated[
        SmtpTable | None,
        Field(description="The mail server for scheduled reports (absent: none are sent)"),
    ] = None
