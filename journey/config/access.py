"""Who may change data: the one decision every editing page asks for."""

from dataclasses import dataclass

from journey.config.settings import Settings


@dataclass(frozen=True)
class Access:
    may_write: bool
    reason: str  # why not, in words for the person at the screen (empty when allowed)


def write_access(settings: Settings, user_email: str | None, *, sign_in_available: bool) -> Access:
    """Whether this user may upload, edit, delete or write notes.

    A read-only deployment refuses everyone. Without an editors list, everyone may write (a
    single team's install). With one, only signed-in users on the list may.
    """
    if settings.read_only:
        return Access(
            False, "This is a read-only screen: uploads, edits and notes are switched off."
        )
    if not settings.editors:
        return Access(True, "")
    if user_email is None:
        if not sign_in_available:
            return Access(
                False,
                "Editing is limited to the editors in the settings, and sign-in "
                "is not configured on this server.",
            )
        return Access(False, "Sign in to edit: editing is limited to the editors in the settings.")
    if user_email.strip().lower() in settings.editors:
        return Access(True, "")
    return Access(False, f"{user_email} may read but not edit: ask an editor to add you.")
