"""Streamlit entry point: a small router (st.navigation) and the shared sidebar."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # streamlit runs this file as a script

from dashboard.i18n import t  # noqa: E402
from dashboard.state import language  # noqa: E402

st.set_page_config(page_title="GridPulse", page_icon="🛰", layout="wide")
lang = language()
with st.sidebar:
    choice = st.radio(t("language", lang), ["中文", "English"], index=0 if lang == "zh" else 1, horizontal=True, key="lang_choice")
    st.session_state["lang"] = "zh" if choice == "中文" else "en"
lang = st.session_state["lang"]
pages = [st.Page("pages/data_status.py", title=t("page_data", lang), icon="🗄", url_path="data")]
st.navigation(pages).run()
