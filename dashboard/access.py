"""The Streamlit side of `journey.access`: who is signed in, and stopping pages that write."""

import streamlit as st

from journey.config.access import Access, write_access
from journey.config.settings import load_settings


def sign_in_available() -> bool:
    """Whether an OIDC provider is configured (`[auth]` in .streamlit/secrets.toml)."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all is the usual case
        return False


def signed_in_email() -> str | None:
    if not sign_in_available() or not st.user.is_logged_in:
        return None
    email = st.user.get("email")
    return str(email) if email else None


def current_access() -> Access:
    return write_access(load_settings(), signed_in_email(), sign_in_available=sign_in_available())


def require_write_access() -> None:
    """Stop a page that changes data when this user may not (also when opened by URL)."""
    access = current_access()
    if not access.may_write:
        st.warning(access.reason)
        st.stop()


def sign_in_controls() -> None:
    """Sign in / sign out in the sidebar, where a provider is configured."""
    if not sign_in_available():
        return
    if st.user.is_logged_in:
        st.caption(f"Signed in as {signed_in_email() or 'unknown'}")
        st.button("Sign out", on_click=st.logout, key="frame_sign_out")
    else:
        st.button("Sign in to edit", on_click=st.login, key="frame_sign_in")
