"""数据状态: pipeline runs, per-source rows and freshness, quarantined rows with reasons."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import auth, chrome, data, permissions, uploads
from dashboard.i18n import readable, t, table
from dashboard.state import language
from pipelines import profiles
from pipelines.profiles import ProfileError
from pipelines.readers import InputError
from warehouse import labels

lang = language()
user = auth.require("status")
st.title(t("page_data", lang))
snapshot = data.current_snapshot()
if snapshot is None:
    st.info(t("no_warehouse", lang))
    st.stop()

info = data.snapshot_info(snapshot)
st.caption(t("snapshot", lang, id=snapshot, at=str(info["published_at"][0])[:19] if info.height else "—"))
sources = data.source_status(snapshot)
reasons = data.quarantine_reasons(snapshot)

cols = st.columns(5)
cols[0].metric(t("metric_cases", lang), f"{int(sources.filter(target='cases')['rows'].sum()):,}")
cols[1].metric(t("metric_disputes", lang), f"{int(sources.filter(target='disputes')['rows'].sum()):,}")
cols[2].metric(t("metric_grids", lang), f"{int(sources.filter(target='grids')['rows'].sum()):,}")
cols[3].metric(t("metric_quarantined", lang), f"{int(reasons['rows'].sum()) if reasons.height else 0:,}")
cols[4].metric(t("metric_unlocated", lang), f"{int(sources['unlocated'].fill_null(0).sum()):,}")

st.subheader(t("sources", lang))
st.dataframe(table(readable(sources), lang), hide_index=True, width="stretch")

st.subheader(t("runs", lang))
runs = data.recent_runs(snapshot)
st.dataframe(table(readable(runs), lang), hide_index=True, width="stretch")

st.subheader(t("quarantine_reasons", lang))
st.dataframe(
    table(reasons.with_columns(pl.col("reason_code").alias("reason_label")), lang, reason_label="quarantine_reason"),
    hide_index=True,
    width="stretch",
)

st.subheader(t("quarantine", lang))
options = [None, *sorted(reasons["reason_code"].unique().to_list())] if reasons.height else [None]
picked = st.selectbox(
    t("reason_filter", lang),
    options,
    format_func=lambda r: t("all", lang) if r is None else labels.label("quarantine_reason", r, lang),
    key="quarantine_reason",
    placeholder=t("choose", lang),
)
rows = data.quarantine_rows(snapshot, picked)
if rows.height:  # reasons are stored in English (the CLI's language); said here in the UI's
    rows = rows.with_columns(pl.col("reason").map_elements(lambda r: labels.reason_text(r, lang), return_dtype=pl.String))
st.dataframe(table(rows, lang), hide_index=True, width="stretch")

if permissions.can(user.role, "upload", user.scoped):
    st.subheader(t("upload", lang))
    max_mb = data.security().upload_max_mb
    with st.form("upload_form", clear_on_submit=True):
        profile = st.selectbox(t("upload_profile", lang), sorted(profiles.builtin()), key="upload_profile", placeholder=t("choose", lang))
        chrome.uploader_words(lang, max_mb, [s.lstrip(".") for s in uploads.ALLOWED_SUFFIXES])
        file = st.file_uploader(
            t("upload_file", lang, mb=max_mb), type=[s.lstrip(".") for s in uploads.ALLOWED_SUFFIXES], key="upload_file"
        )
        submitted = st.form_submit_button(t("upload_submit", lang), key="upload_submit")
    if submitted and file is not None:
        try:
            path = uploads.save(data.data_path(), file.name, file.getvalue(), max_mb * 1024 * 1024)
            summary = uploads.load_upload(data.data_path(), profile, path, actor=user.username).summary
        except (uploads.UploadError, InputError, ProfileError) as exc:
            if not getattr(exc, "audited", False):
                auth.audit(user.username, "upload", str(file.name)[:200], {"profile": profile, "refused": str(exc)[:500]})
            st.error(str(exc))
        else:  # the load flow audited it as an upload and refreshed the scores it touched
            st.success(
                t("upload_done", lang, rows=f"{summary.rows_in:,}", inserted=f"{summary.inserted:,}", rejected=f"{summary.rejected:,}")
            )
