"""Session state initialised once: the UI language (zh by default)."""

from __future__ import annotations

import streamlit as st


def language() -> str:
    if "lang" not in st.session_state:
        st.session_state["lang"] = "zh"
    return st.session_state["lang"]
