"""风险预警 (risk alerts): the review queue, an alert's evidence (explanation, small map, the
grid's or dispute's history) and the review actions, with how often alerts were right."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard import auth, data, maps, permissions, risk, safe
from dashboard.filters import inside, region_choices
from dashboard.i18n import as_text, colon, column_labels, readable, t, table, version_label
from dashboard.state import language
from models.review_store import DISMISS_REASONS, Decision, ReviewError
from warehouse import labels

STATUSES = ["open", "confirmed", "escalated", "dismissed", "expired"]

lang = language()
user = auth.require("alerts")
st.title(t("page_alerts", lang))
snapshot = data.current_snapshot()
if snapshot is None:
    st.info(t("no_warehouse", lang))
    st.stop()
published = data.risk_alerts(snapshot)
if published.height:
    published = inside(published, "grid_code", user.scope_code)
if published.height == 0:
    st.info(t("no_alerts", lang))
    st.stop()
decisions = data.review_decisions()
alerts = risk.with_live_status(published, decisions)
now = data.reference_time(snapshot)
outcomes = data.alert_outcomes(snapshot, now)
evidence = risk.realised(outcomes.filter(pl.col("alert_id").is_in(alerts["alert_id"].implode())) if outcomes.height else outcomes)
precision = risk.precision_by_month(decisions, alerts)

k1, k2, k3, k4 = st.columns(4)
k1.metric(t("kpi_open_alerts", lang), f"{risk.open_count(published, decisions):,}")
reviewed = int(precision["reviewed"].sum()) if precision.height else 0
k2.metric(t("kpi_precision", lang), f"{precision['agreed'].sum() / reviewed:.0%}" if reviewed else "—", help=t("precision", lang))
hit = evidence["hotspot_hit_share"]
k3.metric(t("kpi_hotspot_real", lang), f"{hit:.0%}" if hit is not None else "—", help=f"n = {evidence['hotspot_closed']}")
esc = evidence["dispute_escalated_share"]
k4.metric(t("kpi_dispute_real", lang), f"{esc:.0%}" if esc is not None else "—", help=f"n = {evidence['dispute_flagged']}")

dims = region_choices(data.dimensions(snapshot), user.scope_code)
streets = dict(zip(dims["street"]["code"].to_list(), dims["street"]["name"].to_list(), strict=True))
f1, f2, f3, f4, f5 = st.columns([2, 3, 2, 2, 2])
kinds = f1.multiselect(
    t("alert_kind", lang),
    ["hotspot", "dispute"],
    default=["hotspot", "dispute"],
    format_func=lambda k: labels.label("alert_kind", k, lang),
    key="alert_kinds",
    placeholder=t("choose", lang),
)
statuses = f2.multiselect(
    t("alert_status", lang),
    STATUSES,
    default=["open"],
    format_func=lambda s: labels.label("alert_status", s, lang),
    key="alert_statuses",
    placeholder=t("choose", lang),
)
street = f3.selectbox(
    t("street", lang),
    [None, *streets],
    format_func=lambda c: t("all", lang) if c is None else streets[c],
    key="alert_street",
    placeholder=t("choose", lang),
)
communities = dims["community"]
if street:
    communities = communities.filter(pl.col("parent") == street)
comm_names = dict(zip(communities["code"].to_list(), communities["name"].to_list(), strict=True))
community = f4.selectbox(
    t("community", lang),
    [None, *comm_names],
    format_func=lambda c: t("all", lang) if c is None else comm_names[c],
    key="alert_community",
    placeholder=t("choose", lang),
)
min_score = f5.number_input(t("min_score", lang), min_value=0.0, value=0.0, step=0.1, key="alert_min_score", help=t("min_score", lang))

queue = risk.filter_queue(alerts, kinds, statuses, street, community, float(min_score))
queue = risk.readable(queue, {k: labels.label("alert_kind", k, lang) for k in ("hotspot", "dispute")})
if lang == "en" and "explanation_en" in queue.columns:  # alerts from before migration 005 have only the Chinese
    queue = queue.with_columns(pl.coalesce("explanation_en", "explanation").alias("explanation"))
st.subheader(t("queue", lang, n=f"{queue.height:,}"))
shown = queue.select(
    "name", "status", "expected", pl.col("probability") * 100, "rank", "street_name", "community_name", "explanation"
).rename({"name": "alert_name"})
# A click on a row opens that alert below (the selectbox stays for the keyboard).
headers = column_labels(["expected", "probability"], lang)
picked = st.dataframe(
    as_text(table(shown, lang, status="alert_status"), {headers["expected"]: "{:.1f}", headers["probability"]: "{:.0f}%"}),
    hide_index=True,
    width="stretch",
    height=320,
    on_select="rerun",
    selection_mode="single-row",
    key="alert_table",
)
if queue.height == 0:
    st.stop()
rows = list(picked.selection.rows) if picked is not None else []
clicked = queue["alert_id"][rows[0]] if rows and rows[0] < queue.height else None
if clicked is not None and st.session_state.get("alert_table_opened") != clicked:
    st.session_state["alert_chosen"] = clicked  # a new click wins over the selectbox; the same row does not pin it
    st.session_state["alert_table_opened"] = clicked

st.subheader(t("alert_detail", lang))
alert_names = dict(zip(queue["alert_id"].to_list(), queue["name"].to_list(), strict=True))
if st.session_state.get("alert_chosen") not in alert_names:
    st.session_state.pop("alert_chosen", None)
chosen = st.selectbox(
    t("alert_detail", lang),
    list(alert_names),
    format_func=lambda a: alert_names[a],
    key="alert_chosen",
    label_visibility="collapsed",
    placeholder=t("choose", lang),
)
alert = queue.filter(pl.col("alert_id") == chosen).row(0, named=True)
st.markdown(f"**{t('why', lang)}**{colon(lang)}{safe.md(alert['explanation'])}")
st.caption(
    t(
        "alert_meta",
        lang,
        method=labels.label("method", alert["method"], lang),
        version=version_label(alert["model_version"], lang),
        snapshot=alert["snapshot_id"],
        start=alert["valid_from"],
        end=alert["valid_to"],
    )
)

left, right = st.columns([3, 2])
with left:
    if alert["grid_code"]:
        # only grids inside the reviewer's scope leave the server: the neighbours' forecasts too
        drawn = maps.alert_map(
            inside(data.grid_shapes(snapshot), "grid_code", user.scope_code),
            inside(data.hotspot_forecast(snapshot), "grid_code", user.scope_code),
            alert["grid_code"],
            data.config().dashboard.tile_url,
        )
        if drawn is not None:
            st.pydeck_chart(drawn[0], height=320)
            st.markdown(
                maps.legend(drawn[1], lambda v: f"{v:.1f}", t("legend_expected", lang), t("legend_none", lang)),
                unsafe_allow_html=True,
            )
with right:
    if alert["kind"] == "hotspot":
        history = data.grid_weekly_history(snapshot, alert["grid_code"], alert["valid_from"])
        fig = go.Figure(go.Bar(x=history["week"].to_list(), y=history["cases"].to_list(), name=t("metric_cases", lang)))
        fig.add_trace(
            go.Scatter(x=[alert["valid_from"]], y=[alert["score"]], mode="markers", marker={"size": 12, "color": "red"}, name="forecast")
        )
        fig.update_xaxes(tickformat="%Y-%m-%d")
        fig.update_layout(title=t("grid_history", lang), height=320, margin={"l": 10, "r": 10, "t": 40, "b": 10}, showlegend=False)
        st.plotly_chart(fig, width="stretch")
    else:
        detail = data.dispute_detail(snapshot, alert["subject_id"])
        if detail.height:
            fields = table(detail, lang, status="dispute_status", escalation_kind="escalation_kind", scale="dispute_scale")
            st.dataframe(
                readable(fields).transpose(
                    include_header=True, header_name=t("field_header", lang), column_names=[t("value_header", lang)]
                ),
                hide_index=True,
                width="stretch",
            )
        if alert["grid_code"]:
            st.caption(t("grid_disputes", lang))
            disputes = data.grid_disputes(snapshot, alert["grid_code"], now)
            st.dataframe(
                table(disputes, lang, status="dispute_status", scale="dispute_scale"), hide_index=True, width="stretch", height=200
            )

if permissions.can(user.role, "review"):
    st.subheader(t("review", lang))
    with st.form("review_form", clear_on_submit=True):
        c1, c2, c3 = st.columns(3)
        action = c1.radio(
            t("review_action", lang),
            ["confirm", "dismiss", "escalate"],
            format_func=lambda a: labels.label("review_action", a, lang),
            horizontal=True,
            key="review_action",
        )
        reason = c2.selectbox(
            t("reason", lang),
            list(DISMISS_REASONS),
            format_func=lambda r: labels.label("dismiss_reason", r, lang),
            placeholder=t("choose", lang),
        )
        c3.text_input(t("reviewer", lang), value=user.username, disabled=True, key="review_reviewer")
        c4, c5 = st.columns(2)
        assignee = c4.text_input(t("assignee", lang), max_chars=100, key="review_assignee")
        due = c5.date_input(t("due_date", lang), value=now.date() + dt.timedelta(days=7))
        note = st.text_area(t("note", lang), max_chars=2000)
        if st.form_submit_button(t("submit_review", lang), key="review_submit"):
            try:
                review_id = data.record_review(Decision(chosen, action, user.username, reason, assignee or None, due, note or None))
                st.success(t("review_saved", lang, id=review_id))
            except ReviewError as exc:
                st.error(str(exc))

history = data.review_decisions().filter(pl.col("alert_id") == chosen)
st.caption(t("review_history", lang))
if history.height:
    st.dataframe(
        table(
            history.drop("alert_id").rename({"reason_code": "dismiss_reason"}),
            lang,
            action="review_action",
            status="alert_status",
            dismiss_reason="dismiss_reason",
        ),
        hide_index=True,
        width="stretch",
    )
else:
    st.caption(t("no_history", lang))

if precision.height:
    st.subheader(t("precision", lang))
    st.dataframe(table(precision, lang, kind="alert_kind"), hide_index=True, width="stretch")
