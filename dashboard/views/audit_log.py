"""审计日志 (audit log, admins only): the newest entries by action or actor, and a check of the
hash chain that makes edits and removals visible."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import auth
from dashboard.i18n import audit_detail, t, table
from dashboard.state import language
from warehouse import labels
from warehouse.audit import ACTIONS

lang = language()
user = auth.require("audit")
st.title(t("page_audit", lang))
log = auth.audit_log()
left, right = st.columns(2)
action = left.selectbox(
    t("audit_action", lang),
    [None, *ACTIONS],
    format_func=lambda a: t("all", lang) if a is None else labels.label("audit_action", a, lang),
    key="audit_action",
    placeholder=t("choose", lang),
)
actor = right.text_input(t("audit_actor", lang), max_chars=100, key="audit_actor").strip() or None
entries = log.entries(limit=500, action=action, actor=actor)
shown = (
    pl.DataFrame(entries).with_columns(pl.col("detail").map_elements(lambda d: audit_detail(d, lang), return_dtype=pl.String))
    if entries
    else None
)
st.dataframe(
    table(shown, lang, action="audit_action") if shown is not None else pl.DataFrame(), hide_index=True, width="stretch", height=480
)
if st.button(t("audit_verify", lang), key="audit_verify"):
    v = log.verify()
    if v.ok:
        st.success(t("audit_ok", lang, n=v.entries, head=v.head))
    else:
        st.error(t("audit_broken", lang, seq=v.first_bad, reason=v.reason))
