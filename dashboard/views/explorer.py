"""态势分析 (analyst explorer): the shared filter, a grid map that drills down, trends against
the previous period, categories, channels, day × hour, time to close, overdue and repeat
locations, and the filtered cases with export."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import plotly.express as px
import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard import auth, charts, data, export, filter_panel, map_widget, maps, permissions, safe
from dashboard.filters import around
from dashboard.i18n import colon, fmt_int, fmt_pct, t, table, value_label
from dashboard.state import language

TABLE_ROWS = 1_000
EXPORT_MAX = 200_000
POINTS_MAX = 20_000
MAP_WIDTH, MAP_HEIGHT = 600, 460  # fitted for the narrowest column (1366 px screens); wider ones show more around it

lang = language()
user = auth.require("explorer")
snapshot = data.current_snapshot()
st.title(t("page_explorer", lang))
if snapshot is None:
    st.info(t("no_warehouse", lang))
    st.stop()
assert snapshot is not None  # st.stop() ended the script above
snap: int = snapshot  # narrowed, for the functions below


def _map_picked() -> None:
    """A grid clicked on the map drills the filter down before the page reruns, so the click's
    one rerun draws the drilled-down page (drilling after the map was drawn cost a second full
    run of the page: a click took up to 4 s to show its grid on a busy 2-core machine)."""
    code = map_widget.picked("explorer_map")
    if code:
        filter_panel.drill_to_grid(code, snap)


@st.cache_data(max_entries=16, show_spinner=False)
def map_base(snapshot_id: int, street: str | None, community: str | None, scope: str | None, tiled: bool) -> maps.SvgBase:
    """The explorer map's projected grids and outlines, once per snapshot and region shown."""
    shapes = data.grid_shapes(snapshot_id)
    if community:
        shapes = shapes.filter(pl.col("community_code") == community)
    elif street:
        shapes = shapes.filter(pl.col("street_code") == street)
    regions = around(data.region_shapes(snapshot_id), "code", scope)
    return maps.svg_base(shapes, regions, MAP_WIDTH, MAP_HEIGHT, stroke="#3c3c3c", tiled=tiled)


now = data.reference_time(snapshot)
filters = filter_panel.sidebar(snapshot, lang, user.scope_code)
unit = st.session_state.get("explorer_unit") or "day"
by = st.session_state.get("explorer_sla_by") or "department"
bundle = data.explorer_bundle(snapshot, filters, now, unit, by, TABLE_ROWS)
summary, previous = bundle["summary"], bundle["previous"]
filter_panel.chips(filters, snapshot, lang, summary["cases"])

cols = st.columns(6)
delta = summary["cases"] - previous["cases"]
cols[0].metric(t("summary_cases", lang), fmt_int(summary["cases"]), t("vs_previous", lang, delta=f"{delta:+,}"), delta_color="off")
linked = data.explorer_incidents(snapshot, filters, now)  # 一事多报 counted once, beside the reports
incidents = None if linked is None else summary["cases"] - linked["linked_reports"] + linked["linked_incidents"]
cols[5].metric(
    t("summary_incidents", lang),
    "—" if incidents is None else fmt_int(incidents),
    help=t("summary_incidents_none", lang)
    if linked is None
    else t("summary_incidents_help", lang, reports=fmt_int(linked["linked_reports"]), incidents=fmt_int(linked["linked_incidents"])),
)
cols[1].metric(t("summary_closed", lang), fmt_int(summary["closed"]))
cols[2].metric(t("summary_overdue", lang), fmt_int(summary["overdue_now"]))
base = summary["due"]
cols[3].metric(
    t("summary_on_time", lang),
    fmt_pct(summary["closed_on_time"] / base if base else None, lang),
    help=t("on_time_help_period", lang, num=fmt_int(summary["closed_on_time"]), den=fmt_int(base)),
)
median = summary["median_close_hours"]
# the unit in the label (工时: working hours), not the value: "4.7 工作小时" was cut to "4.7 工作…" at 1366 px
cols[4].metric(t("summary_median_hours", lang), "—" if median is None else f"{median:.1f}", help=t("summary_median_help", lang))
if summary["cases"] == 0:
    st.info(t("empty", lang))

# --- map ---------------------------------------------------------------------------------------
left, right = st.columns([3, 2])
with left:
    st.subheader(t("explorer_map", lang))
    present = data.base_data_present(snapshot)
    metrics = [
        "cases",
        "per_ha",
        *(["per_1000"] if present["population"] else []),
        "on_time_rate",
        *(["patrol_30d"] if present["staff"] else []),
    ]
    metric_key = {"cases": "metric_count", "per_ha": "metric_per_ha", "per_1000": "metric_per_1000", "on_time_rate": "metric_on_time"}
    metric_key["patrol_30d"] = "metric_patrol"
    metric = st.radio(
        t("map_metric", lang), metrics, format_func=lambda m: t(metric_key[m], lang), horizontal=True, key="explorer_map_metric"
    )
    good_high = metric in ("on_time_rate", "patrol_30d")
    shapes = data.grid_shapes(snapshot)
    if shapes.height == 0:  # a source without grids: everything else still works
        st.info(t("no_grids", lang))
    else:
        # drilled to one grid: its community's grids with their own numbers, the grid outlined
        values = data.explorer_grids(snapshot, dataclasses.replace(filters, grid=None), now) if filters.grid else bundle["grids"]
        if metric in ("per_1000", "patrol_30d"):  # the grid profile's numbers (read only when asked for)
            measures = data.grid_measures(snapshot, data.reference_time(snapshot)).select("grid_code", "residents", "patrol_30d")
            values = values.join(measures, on="grid_code", how="left").with_columns(
                (pl.col("cases") * 1000 / pl.col("residents")).alias("per_1000")
            )
        if filters.community:
            shapes = shapes.filter(pl.col("community_code") == filters.community)
        elif filters.street:
            shapes = shapes.filter(pl.col("street_code") == filters.street)
        metric_fmt = {
            "cases": fmt_int,
            "per_ha": lambda v: f"{v:.2f}",
            "per_1000": lambda v: f"{v:.1f}",
            "on_time_rate": lambda v: fmt_pct(v, lang),
            "patrol_30d": lambda v: fmt_pct(v, lang),
        }[metric]
        extra = metric in ("per_1000", "patrol_30d")  # a base-data metric gets its own hover line

        def text(v: object, fmt: Callable[[Any], str]) -> str:
            return "—" if v is None or v != v else fmt(v)

        joined = shapes.select("grid_code", "grid_name").join(values, on="grid_code", how="left")
        tips = [
            "\n".join(
                [
                    f"{r['grid_name']} {r['grid_code']}",
                    f"{t('metric_count', lang)}: {fmt_int(r['cases'] or 0)}",
                    f"{t('metric_per_ha', lang)}: {text(r['per_ha'], lambda v: f'{v:.2f}')}",
                    f"{t('metric_on_time', lang)}: {text(r['on_time_rate'], lambda v: fmt_pct(v, lang))}",
                    *([f"{t(metric_key[metric], lang)}: {text(r[metric], metric_fmt)}"] if extra else []),
                ]
            )
            for r in joined.iter_rows(named=True)
        ]
        points = None
        if filters.community:
            found = data.explorer_points(snapshot, filters, POINTS_MAX)
            points = found.select("lon", "lat", pl.concat_str(["case_id", "category_name"], separator=" ", ignore_nulls=True).alias("tip"))
            st.caption(t("map_points_note", lang, n=fmt_int(POINTS_MAX)))
        tile_url = data.config().dashboard.tile_url
        base = map_base(snapshot, filters.street, filters.community, user.scope_code, bool(tile_url))
        counts = maps.metric_values(shapes, values, metric)
        codes = shapes["grid_code"].to_list()
        svg = maps.explorer_svg(base, codes, counts, tips, filters.grid, points, tile_url, good_high)
        map_widget.grid_map(svg, "explorer_map", _map_picked)
        metric_title = t(metric_key[metric], lang)
        st.markdown(
            maps.legend(counts, metric_fmt, metric_title, t("legend_none", lang), good_high),
            unsafe_allow_html=True,
        )
        st.caption(t("map_select_hint", lang))
        may_open = filters.grid and "grid" in permissions.pages_for(user.role, user.scoped)
        if may_open and st.button(t("open_grid_profile", lang), icon=":material/location_city:", key="explorer_grid_profile"):
            st.session_state["profile_grid_request"] = filters.grid
            st.switch_page("views/grid_profile.py")

with right:
    st.subheader(t("trend", lang))
    st.segmented_control(
        t("granularity", lang), ["day", "week", "month"], default="day", format_func=lambda u: t(f"unit_{u}", lang), key="explorer_unit"
    )
    st.plotly_chart(charts.trend_vs_previous(bundle["trend"], bundle["trend_previous"], lang), width="stretch", key="explorer_trend_chart")
    st.subheader(t("channel_mix", lang))
    channels = bundle["channels"].with_columns(
        pl.col("channel").map_elements(lambda v: value_label("channel", v, lang), return_dtype=pl.Utf8).alias("label")
    )
    fig = px.pie(channels.to_pandas(), names="label", values="cases", hole=0.5)
    fig.update_layout(height=260, margin={"l": 0, "r": 0, "t": 10, "b": 0}, legend={"orientation": "v"})
    st.plotly_chart(fig, width="stretch", key="explorer_channels_chart")

# --- below the fold, in tabs drawn only when open ----------------------------------------------
# Chromium drew all seven charts, three tables and the map at once: 4.3 s on first visit at 10 M
# cases without a GPU, of which the server's share is 0.2-0.4 s. A tab's content runs (and is
# drawn) only while the tab is open (Streamlit's lazy tabs: on_change="rerun" and tab.open).
TABS = ("tab_categories", "tab_sla", "tab_lists", "tab_hot", "tab_cases")
tabs = st.tabs([t(k, lang) for k in TABS], key="explorer_tab", on_change="rerun")
opened = {k: tab for k, tab in zip(TABS, tabs, strict=True) if tab.open}

if "tab_categories" in opened:
    with opened["tab_categories"]:
        left, right = st.columns(2)
        with left:
            st.subheader(t("category_breakdown", lang))
            cats = bundle["categories"]
            if cats.height:
                top = (
                    cats.head(60)
                    .with_columns(
                        pl.Series("major_name", safe.plotly_text(cats.head(60)["major_name"].to_list()), dtype=pl.Utf8),
                        pl.Series("name", safe.plotly_text(cats.head(60)["name"].to_list()), dtype=pl.Utf8),
                    )
                    .to_pandas()
                )
                fig = px.sunburst(top, path=["major_name", "name"], values="cases")
                fig.update_layout(height=420, margin={"l": 0, "r": 0, "t": 10, "b": 0})
                st.plotly_chart(fig, width="stretch", key="explorer_categories_chart")
        with right:
            st.subheader(t("dow_hour", lang))
            st.plotly_chart(charts.dow_hour_heatmap(bundle["dow_hour"], lang), width="stretch", key="explorer_heatmap")

if "tab_sla" in opened:
    with opened["tab_sla"]:
        st.subheader(t("sla", lang))
        st.segmented_control(
            t("sla_by", lang),
            ["department", "category"],
            default="department",
            format_func=lambda b: t(f"by_{b}", lang),
            key="explorer_sla_by",
        )
        sla = bundle["sla"]
        if sla.height:
            fig = go.Figure()
            for row in sla.sort("p50", nulls_last=True).iter_rows(named=True):  # quickest median first
                fig.add_trace(
                    go.Box(
                        x=safe.plotly_text([row["name"] or row["key"]]),  # one box per category on its own place on the axis
                        name=safe.plotly_text([row["name"] or row["key"]])[0],
                        q1=[row["p25"]],
                        median=[row["p50"]],
                        q3=[row["p75"]],
                        lowerfence=[row["p10"]],
                        upperfence=[row["p90"]],
                        showlegend=False,
                    )
                )
            fig.update_layout(height=360, margin={"l": 0, "r": 0, "t": 10, "b": 0}, yaxis_title=t("working_hours", lang))
            st.plotly_chart(fig, width="stretch", key="explorer_sla_chart")

if "tab_lists" in opened:
    with opened["tab_lists"]:
        left, right = st.columns(2)
        with left:
            st.subheader(t("overdue_list", lang))
            overdue = bundle["overdue"]
            st.dataframe(table(overdue, lang, status="status"), hide_index=True, width="stretch", height=300)
        with right:
            st.subheader(t("repeat_list", lang))
            repeats = bundle["repeats"]
            st.dataframe(table(repeats, lang), hide_index=True, width="stretch", height=300)

if "tab_hot" in opened:
    with opened["tab_hot"]:
        st.subheader(t("hot_title", lang))
        hot = data.hot_issues(snap, filters, user.scope_code)
        if hot.height == 0:
            st.info(t("hot_none", lang))
        else:
            st.caption(t("hot_note", lang, start=f"{hot['window_start'][0]:%Y-%m-%d}", end=f"{hot['window_end'][0]:%Y-%m-%d}"))
            shown = hot.select(
                pl.col("heat").round(1),
                "hot_reports",
                "hot_reporters",
                "hot_channels",
                pl.col("growth").round(2),
                "grid_name",
                "category_name",
                pl.col("first_at").dt.strftime("%Y-%m-%d %H:%M"),
                pl.col("last_at").dt.strftime("%Y-%m-%d %H:%M"),
                "hot_text",
            )
            event = st.dataframe(
                table(shown, lang),
                hide_index=True,
                width="stretch",
                height=300,
                on_select="rerun",
                selection_mode="single-row",
                key="explorer_hot",
            )
            chosen = event.selection.rows if event and event.selection else []
            if chosen:
                issue = hot.row(chosen[0], named=True)
                st.markdown(f"**{t('hot_cases_title', lang)}** · {issue['grid_name']} · {issue['hot_text']}")
                reports = data.hot_issue_cases(snap, issue["issue_id"]).with_columns(pl.col("similarity").round(2))
                st.dataframe(table(reports, lang, status="status", channel="channel"), hide_index=True, width="stretch", height=260)

if "tab_cases" in opened:
    with opened["tab_cases"]:
        st.subheader(t("case_table", lang))
        cases = bundle["cases"]
        st.caption(t("showing_rows", lang, shown=fmt_int(cases.height), total=fmt_int(summary["cases"])))
        st.dataframe(export.display(cases, lang), hide_index=True, width="stretch", height=360)
        if not permissions.can(user.role, "export"):
            pass  # this role views, it does not take data away
        elif summary["cases"] > EXPORT_MAX:
            st.caption(t("export_too_big", lang, n=fmt_int(EXPORT_MAX)))
        else:

            def exported(fmt: str) -> bytes:
                """The export file, built when clicked, and the export written to the audit log."""
                frame = data.explorer_cases(snap, filters, EXPORT_MAX)
                data.record_export(user.username, filters, frame.height, fmt)
                if fmt == "csv":
                    return export.csv_bytes(frame, lang)
                lines = [f"{t('period', lang)}{colon(lang)}{filters.start:%Y-%m-%d} – {filters.end:%Y-%m-%d}"]
                lines += [filter_panel.chip_label(name, value, snap, lang).removesuffix(" ✕") for name, value in filters.active()]
                return export.xlsx_bytes(frame, lang, lines)

            export.download_buttons("export", "gridpulse_cases", ("csv", "xlsx"), exported, lang)
