"""Streamlit entry point: a small router (st.navigation) and the shared sidebar."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # streamlit runs this file as a script

from dashboard.i18n import t  # noqa: E402
from dashboard.state import language  # noqa: E402

st.set_page_config(page_title="GridPulse", page_icon="🛰", layout="wide", initial_sidebar_state="auto")
lang = language()
if st.query_params.get("lang") in ("zh", "en") and "lang_choice" not in st.session_state:
    st.session_state["lang"] = st.query_params["lang"]  # a wall screen's URL can fix the language


def _language_changed() -> None:
    st.session_state["lang"] = "zh" if st.session_state["lang_choice"] == "中文" else "en"


with st.sidebar:  # the choice lives in plain session state: it must outlast page switches
    st.radio(
        t("language", lang),
        ["中文", "English"],
        index=0 if language() == "zh" else 1,
        horizontal=True,
        key="lang_choice",
        on_change=_language_changed,
    )
lang = language()
pages = [
    st.Page("pages/wall.py", title=t("page_wall", lang), icon=":material/tv:", default=True),
    st.Page("pages/explorer.py", title=t("page_explorer", lang), icon=":material/map:", url_path="explorer"),
    st.Page("pages/assessment.py", title=t("page_assessment", lang), icon=":material/leaderboard:", url_path="assessment"),
    st.Page("pages/risk_alerts.py", title=t("page_alerts", lang), icon=":material/notification_important:", url_path="alerts"),
    st.Page("pages/model_quality.py", title=t("page_models", lang), icon=":material/query_stats:", url_path="models"),
    st.Page("pages/data_status.py", title=t("page_data", lang), icon=":material/database:", url_path="status"),
]
st.navigation(pages, position="hidden" if st.query_params.get("wall") == "1" else "sidebar").run()
