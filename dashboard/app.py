"""Streamlit entry point: a small router (st.navigation) and the shared sidebar."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # streamlit runs this file as a script

from dashboard import auth, chrome, permissions  # noqa: E402
from dashboard.i18n import t  # noqa: E402
from dashboard.state import language, remember_language  # noqa: E402
from warehouse import labels

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
# The page scripts live in views/, not pages/: Streamlit still runs scripts in a pages/ folder
# beside the entry point by their own page id (its older multipage mode), past st.navigation and
# the sign-in (seen in AppTest: a form submit reran pages/wall.py directly).
PAGE_FILES = {
    "wall": ("views/wall.py", "page_wall", ":material/tv:", None),
    "explorer": ("views/explorer.py", "page_explorer", ":material/map:", "explorer"),
    "grid": ("views/grid_profile.py", "page_grid", ":material/location_city:", "grid"),
    "assessment": ("views/assessment.py", "page_assessment", ":material/leaderboard:", "assessment"),
    "alerts": ("views/risk_alerts.py", "page_alerts", ":material/notification_important:", "alerts"),
    "incidents": ("views/incidents.py", "page_incidents", ":material/join_inner:", "incidents"),
    "models": ("views/model_quality.py", "page_models", ":material/query_stats:", "models"),
    "status": ("views/data_status.py", "page_data", ":material/database:", "status"),
    "audit": ("views/audit_log.py", "page_audit", ":material/policy:", "audit"),
}


def page_objects(keys, runner=None) -> list:
    """The pages for ``keys``; with ``runner``, every page runs that function instead (the
    sign-in form), so that deep links resolve but no page content runs before sign-in."""
    return [
        st.Page(
            runner or PAGE_FILES[p][0],
            title=t(PAGE_FILES[p][1], lang),
            icon=PAGE_FILES[p][2],
            url_path=PAGE_FILES[p][3] or p,
            default=i == 0,
        )
        for i, p in enumerate(keys)
    ]


lang = language()
user = auth.current_user()
if user is None and st.query_params.get("token"):
    user = auth.token_session(st.query_params["token"])
auth.write_cookie()
remember_language()
chrome.skip_link(language())
chrome.calendar_words(language())
# the elements that only carry a script (cookies, the skip link, the wall's size) take no room
st.html("<style>[data-testid=stElementContainer]:has(.stHtml > script:only-child) { display: none; }</style>")
if user is None or user.must_change:
    # Every URL shows the sign-in form, so that a deep link such as /explorer resolves (instead
    # of Streamlit's "page not found" dialog over the form) and opens after sign-in.
    form = functools.partial(auth.sign_in_page, lang) if user is None else functools.partial(auth.change_password_page, user, lang)
    st.navigation(page_objects(permissions.PAGES, form), position="hidden").run()
    st.stop()
if user.via not in ("token", "none"):
    with st.sidebar:
        scope = f" · {labels.label('object_type', user.scope_kind or '', lang)} {user.scope_code}" if user.scoped else ""
        st.caption(t("signed_in_as", lang, user=user.username, role=labels.label("role", user.role, lang), scope=scope))
        if st.button(t("sign_out", lang), key="sign_out"):
            auth.sign_out()
            st.rerun()
pages = page_objects(permissions.pages_for(user.role, user.scoped))
kiosk = st.query_params.get("wall") == "1" or user.role == "display"
st.navigation(pages, position="hidden" if kiosk else "sidebar").run()
