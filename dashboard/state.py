"""Session state initialised once: the UI language (zh by default, or what this browser chose
last: a reload or a new tab starts a new Streamlit session, and a person who switched to English
should not be switched back)."""

from __future__ import annotations

import streamlit as st

LANG_COOKIE = "gridpulse_lang"
LANGUAGES = ("zh", "en")


def _browser_language() -> str | None:
    try:
        chosen = st.context.cookies.get(LANG_COOKIE)
    except Exception:  # noqa: BLE001 - no browser behind this run (a script test)
        return None
    return chosen if chosen in LANGUAGES else None


def language() -> str:
    if "lang" not in st.session_state:
        st.session_state["lang"] = _browser_language() or "zh"
    return st.session_state["lang"]


def remember_language() -> None:
    """Keep the chosen language in the browser (a year; only "zh" or "en" is ever written)."""
    lang = language()
    if lang in LANGUAGES and _browser_language() != lang and st.session_state.get("lang_written") != lang:
        st.html(
            f"<script>document.cookie = '{LANG_COOKIE}={lang}; Path=/; Max-Age=31536000; SameSite=Strict';</script>",
            unsafe_allow_javascript=True,
        )
        st.session_state["lang_written"] = lang
