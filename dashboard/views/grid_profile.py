"""网格画像: one unit grid as its staff know it — who lives there, what stands there, who serves
it and whether they walked it, its open cases, disputes and alerts, every rate per 1,000
residents beside the district's median grid — and one click to print it.

Reached from a grid search here, from a click on the explorer's map, or by a link
(``/grid?grid=<code>``). A street or community user sees only their grids; special-group counts
need the ``special_groups`` permission.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl
import streamlit as st

from dashboard import auth, data, permissions
from dashboard.i18n import GRID_COLUMNS, fmt_datetime, fmt_int, fmt_pct, t, table
from dashboard.state import language
from warehouse import grid_profile, labels

lang = language()
user = auth.require("grid")
st.title(t("page_grid", lang))
snapshot = data.current_snapshot()
if snapshot is None:
    st.info(t("no_warehouse", lang))
    st.stop()
now = data.reference_time(snapshot)
measures = data.grid_measures(snapshot, now)
shown = measures
if user.scoped:  # the scope applies to the choice itself: another street's grid is not offered
    column = "street_code" if user.scope_kind == "street" else "community_code"
    shown = measures.filter(pl.col(column) == user.scope_code)
if shown.height == 0:
    st.info(t("grid_none_in_scope", lang))
    st.stop()

codes = shown["grid_code"].to_list()
names = dict(zip(shown["grid_code"], shown["grid_name"], strict=True))
# a grid asked for by the explorer's map click, else by the link, preselects the choice once
requested = st.session_state.pop("profile_grid_request", None) or (
    None if "grid_profile_pick" in st.session_state else st.query_params.get("grid")
)
if requested in names:
    st.session_state["grid_profile_pick"] = requested
code = st.selectbox(
    t("grid_pick", lang), codes, format_func=lambda c: f"{names[c]} · {c}", key="grid_profile_pick", placeholder=t("choose", lang)
)
st.query_params["grid"] = code  # a deep link to this grid
g = shown.filter(pl.col("grid_code") == code).row(0, named=True)
details = data.grid_details(snapshot, code, now)
st.caption(
    t("grid_where", lang, street=g["street_name"] or "—", community=g["community_name"] or "—", code=code, at=fmt_datetime(now, lang))
)


def count(v: float | None) -> str:
    return "—" if v is None else fmt_int(v)


def share(v: float | None) -> str:
    return "—" if v is None else fmt_pct(v, lang)


intact = g["components_intact"] / g["components"] if g["components"] else None
figures = [
    (t("grid_residents", lang), count(g["residents"])),
    (t("grid_households", lang), count(g["households"])),
    (t("grid_buildings", lang), count(g["buildings"])),
    (t("grid_orgs", lang), count(g["organisations"])),
    (t("grid_components", lang), f"{count(g['components'])} ({share(intact)})"),
    (t("grid_staff", lang), count(g["staff_on_duty"])),
    (t("grid_patrol_7d", lang), share(g["patrol_7d"])),
    (t("grid_patrol_30d", lang), share(g["patrol_30d"])),
    (t("grid_open", lang), f"{count(g['open_cases'])} ({count(g['overdue_cases'])})"),
    (t("grid_disputes_90d", lang), f"{count(g['disputes_90d'])} ({count(g['open_disputes'])})"),
]
for row in (figures[:5], figures[5:]):
    for col, (label, value) in zip(st.columns(5), row, strict=False):
        col.metric(label, value)

RATES = [
    ("cases_30d_per_1000", "grid_rate_cases"),
    ("open_cases_per_1000", "grid_rate_open"),
    ("disputes_90d_per_1000", "grid_rate_disputes"),
    ("organisations_per_1000", "grid_rate_orgs"),
]


def per_1000(v: object) -> str:
    return "—" if v is None else f"{float(v):.1f}"  # type: ignore[arg-type]  # a number or None from polars


rate_rows = [[t(key, lang), per_1000(g[col]), per_1000(measures[col].median())] for col, key in RATES]
rate_head = [t("grid_rate_metric", lang), t("grid_rate_here", lang), t("grid_rate_median", lang)]
left, right = st.columns(2)
with left:
    st.subheader(t("grid_rates", lang))
    if g["residents"]:
        st.dataframe(pl.DataFrame(rate_rows, schema=rate_head, orient="row"), hide_index=True, width="stretch")
    else:
        st.info(t("grid_no_residents", lang))
    st.subheader(t("grid_special", lang))
    special = details["special_groups"]
    may_see = permissions.can(user.role, "special_groups", user.scoped)
    special_rows: list[list[str]] = []
    if not may_see:
        st.caption(t("grid_special_hidden", lang))
    elif special.height:
        counts = special.row(0, named=True)
        special_rows = [[labels.label("special_group", k, lang), fmt_int(counts[k] or 0)] for k in labels.LABELS["special_group"]]
        st.dataframe(
            pl.DataFrame(special_rows, schema=[t("grid_rate_metric", lang), GRID_COLUMNS["staff"][lang]], orient="row"), hide_index=True
        )
    st.subheader(t("grid_staff_title", lang))
    staff = details["staff"].with_columns(
        pl.col("role").map_elements(lambda r: labels.label("staff_role", r, lang), return_dtype=pl.Utf8).alias("staff_role")
    )
    staff_shown = staff.select("staff_role", "staff", pl.col("since").cast(pl.Utf8))
    st.dataframe(staff_shown.rename({c: GRID_COLUMNS[c][lang] for c in staff_shown.columns}), hide_index=True, width="stretch")
with right:
    st.subheader(t("grid_components_title", lang))
    comps = details["components"].drop("class_code")
    st.dataframe(comps.rename({c: GRID_COLUMNS[c][lang] for c in comps.columns}), hide_index=True, width="stretch", height=300)
    st.subheader(t("grid_alerts_title", lang))
    alerts = data.risk_alerts(snapshot)
    mine = alerts.filter(pl.col("grid_code") == code) if "grid_code" in alerts.columns else alerts.clear()
    if mine.height:
        for a in mine.head(10).iter_rows(named=True):  # the alert's own explanation, in the UI's language
            why = a["explanation"] if lang == "zh" else (a["explanation_en"] or a["explanation"])
            st.markdown(
                f"**{labels.label('alert_kind', a['kind'], lang)}** · {labels.label('alert_status', a['status'], lang)} · "
                f"{a['valid_from']:%Y-%m-%d}–{a['valid_to']:%Y-%m-%d}  \n{why or ''}"
            )
    else:
        st.caption(t("grid_no_alerts", lang))

components = data.grid_component_list(snapshot, code)
if components.height:  # one component: its conditions across surveys and the cases that name it
    st.subheader(t("grid_component_lookup", lang))
    by_id = {r["component_id"]: r for r in components.iter_rows(named=True)}

    def component_label(c: str) -> str:
        r = by_id[c]
        condition = labels.label("component_condition", r["condition"], lang)
        return f"{r['class_name']} · {c} · {condition} · {t('grid_component_cases', lang, n=fmt_int(r['cases']))}"

    pick = st.selectbox(
        t("grid_component_pick", lang),
        list(by_id),
        format_func=component_label,
        key=f"grid_component_{code}",
        placeholder=t("choose", lang),
    )
    st.caption(t("grid_component_where", lang, address=by_id[pick]["address"] or "—", owner=by_id[pick]["department_name"] or "—"))
    detail = data.component_detail(snapshot, pick)
    history_col, cases_col = st.columns(2)
    with history_col:
        history = detail["history"].with_columns(
            pl.col(c).map_elements(lambda v: labels.label("component_condition", v, lang), return_dtype=pl.Utf8).fill_null("—")
            for c in ("previous_condition", "condition")
        )
        st.dataframe(table(history, lang), hide_index=True, width="stretch", height=min(200, 35 * (history.height + 1) + 3))
    with cases_col:
        if detail["cases"].height:
            st.dataframe(table(detail["cases"], lang, status="status", channel="channel"), hide_index=True, width="stretch", height=200)
        else:
            st.caption(t("grid_component_no_cases", lang))

sheet = grid_profile.Sheet(
    title=f"{t('page_grid', lang)} · {g['grid_name']}",
    where=t(
        "grid_where", lang, street=g["street_name"] or "—", community=g["community_name"] or "—", code=code, at=fmt_datetime(now, lang)
    ),
    figures=figures,
    tables=[(t("grid_rates", lang), [rate_head, *rate_rows])]
    + ([(t("grid_special", lang), [[t("grid_rate_metric", lang), GRID_COLUMNS["staff"][lang]], *special_rows])] if special_rows else [])
    + [
        (
            t("grid_staff_title", lang),
            [[GRID_COLUMNS[c][lang] for c in staff_shown.columns], *[[str(v) for v in r] for r in staff_shown.rows()]],
        ),
        (t("grid_components_title", lang), [[GRID_COLUMNS[c][lang] for c in comps.columns], *[[str(v) for v in r] for r in comps.rows()]]),
    ],
    footer=f"GridPulse · {g['grid_name']}",
)


def pdf_bytes() -> bytes:
    """The sheet's PDF, built when the button is pressed (on Streamlit's thread for it), not on
    every visit: the first PDF of a server loads the CJK font, a third of a second."""
    with tempfile.TemporaryDirectory() as tmp:
        return grid_profile.write_pdf(sheet, Path(tmp) / "grid.pdf").read_bytes()


st.download_button(
    t("grid_pdf", lang),
    pdf_bytes,
    file_name=f"grid_profile_{code}.pdf",
    mime="application/pdf",
    icon=":material/print:",
    key="grid_profile_pdf",
)
