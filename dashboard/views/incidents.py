"""一事多报 (incidents): reports of one incident through several channels, linked by place, time
and words; the links the rule is unsure of wait here for a reviewer to confirm or split, with
both reports side by side, and every decision goes to the audit log as alert reviews do."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import auth, data, permissions
from dashboard.i18n import fmt_int, t, table, value_label
from dashboard.state import language
from models.review_store import LINK_ACTIONS, ReviewError
from warehouse import labels

lang = language()
user = auth.require("incidents")
st.title(t("page_incidents", lang))
snapshot = data.current_snapshot()
if snapshot is None:
    st.info(t("no_warehouse", lang))
    st.stop()
queue = data.incident_queue(snapshot, user.scope_code)
incidents = data.incident_list(snapshot, user.scope_code)
if queue.height == 0 and incidents.height == 0:
    st.info(t("incidents_none", lang))
    st.stop()
decided = data.link_decisions()
waiting = queue.filter(~pl.col("link_id").is_in(list(decided))) if queue.height else queue
if saved := st.session_state.pop("incident_saved", None):
    st.success(saved)
how = data.incident_evaluation()
if how and how.get("confidence") == "learned":

    def pct(x: float | None) -> str:
        return "—" if x is None else f"{x * 100:.1f}%"

    learned, rule = how["learned"], how["rule"]
    st.caption(
        t(
            "incidents_learned",
            lang,
            marked=fmt_int(how["train_marked"]),
            marks=fmt_int(how["test_marks"]),
            precision=pct(learned["precision"]),
            recall=pct(learned["recall"]),
            with_review=pct(learned["recall_with_review"]),
            rule_precision=pct(rule["precision"]),
            rule_recall=pct(rule["recall"]),
        )
    )
else:
    st.caption(t("incidents_rule", lang))
counts = data.incident_counts(snapshot, user.scope_code)  # uncapped: the lists below show the first ones
k1, k2, k3 = st.columns(3)
k1.metric(t("kpi_incidents", lang), fmt_int(counts["incidents"]))
k2.metric(t("kpi_incident_reports", lang), fmt_int(counts["reports"]))
k3.metric(t("kpi_links_waiting", lang), fmt_int(sum(1 for k in counts["uncertain"] if k not in decided)))

st.subheader(t("incident_queue", lang))
if queue.height:
    names = {
        r["link_id"]: f"{r['grid_name']} · {r['reported_a']:%Y-%m-%d %H:%M} / {r['reported_b']:%Y-%m-%d %H:%M} · {r['confidence']:.3f}"
        for r in queue.iter_rows(named=True)
    }
    order = waiting["link_id"].to_list() + [k for k in queue["link_id"].to_list() if k in decided]
    if (after := st.session_state.pop("incident_next", None)) in order:  # set before the box is drawn, so it shows it
        st.session_state["incident_link"] = after
    chosen = st.selectbox(
        t("incident_pick", lang), order, format_func=lambda k: names[k], key="incident_link", placeholder=t("choose", lang)
    )
    link = queue.filter(pl.col("link_id") == chosen).row(0, named=True)
    st.markdown(
        t(
            "incident_pair",
            lang,
            m=f"{link['distance_m']:.0f}",
            h=f"{link['hours']:.1f}",
            s=f"{link['similarity']:.2f}",
            c=f"{link['confidence']:.3f}",
        )
    )
    left, right = st.columns(2)
    for col, end, title in ((left, "a", "report_a"), (right, "b", "report_b")):
        with col.container(border=True):
            st.markdown(f"**{t(title, lang)}** · {link['case_' + end]}")
            st.caption(f"{link['reported_' + end]:%Y-%m-%d %H:%M} · {value_label('channel', link['channel_' + end], lang)}")
            st.text(link["text_" + end] or "—")
    if chosen in decided:
        st.info(t("incident_decided", lang, action=labels.label("link_action", decided[chosen], lang)))
    if permissions.can(user.role, "review"):
        with st.form("incident_form", clear_on_submit=True):
            action = st.radio(
                t("incident_decide", lang), list(LINK_ACTIONS), format_func=lambda a: labels.label("link_action", a, lang), horizontal=True
            )
            note = st.text_area(t("note", lang), max_chars=2000)
            if st.form_submit_button(t("submit_review", lang), key="incident_submit"):
                try:
                    data.record_link_review(chosen, action, user.username, note or None)
                except ReviewError as exc:
                    st.error(str(exc))
                else:  # redraw at once: the count, the queue and the decided link show the decision
                    st.session_state["incident_saved"] = t("incident_saved", lang, action=labels.label("link_action", action, lang))
                    # on to the next link waiting; naming it (not just forgetting the choice) makes
                    # the box show it too, not the link just decided above the next pair
                    after = next((k for k in waiting["link_id"].to_list() if k != chosen), None)
                    if after is None:
                        st.session_state.pop("incident_link", None)
                    else:
                        st.session_state["incident_next"] = after
                    st.rerun()

st.subheader(t("incident_list", lang))
if incidents.height < counts["incidents"]:  # the list is capped; the count above is not
    st.caption(t("incident_list_first", lang, n=fmt_int(incidents.height), total=fmt_int(counts["incidents"])))
if incidents.height:
    shown = incidents.select(
        pl.col("incident_id").str.replace(r"^[^:]*:", "").alias("incident_id"),  # its first report's case id (the source is internal)
        "incident_reports",
        "incident_channels",
        "grid_name",
        pl.col("first_at").dt.strftime("%Y-%m-%d %H:%M"),
        pl.col("last_at").dt.strftime("%Y-%m-%d %H:%M"),
        "first_text",
    )
    st.dataframe(table(shown, lang), hide_index=True, width="stretch", height=min(320, 35 * (shown.height + 1) + 3))
