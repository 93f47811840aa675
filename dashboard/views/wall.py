"""指挥大屏 (wall display): KPIs against targets, the grid map, the 30-day trend (reports and
the incidents they make), top categories, the week's hot issues, the department ranking with the bottom three and their reason, and an overdue
ticker. Fills any 16:9 screen from 1366×768 to 3840×2160 without scrolling (dashboard/
wall_layout.py sizes it to the viewport); ``?wall=1`` hides the sidebar and toolbar (kiosk).
Refreshes itself in a fragment and re-reads data only when a new snapshot is published."""

from __future__ import annotations

import datetime as dt
import html
import time

import polars as pl
import streamlit as st

from dashboard import auth, data, maps, wall_charts, wall_layout
from dashboard.i18n import fmt_datetime, fmt_int, fmt_pct, t
from dashboard.state import language
from dashboard.wall_kpis import (
    BAND,
    Kpi,
    PeriodScore,
    band,
    cityscore,
    current_view,
    kpis,
    map_values,
    map_views,
    overdue_text,
    ranking_html,
    scroll_box,
)
from warehouse import labels

DARK = "#0b1220"
PANEL = "#111a2e"
TEXT = "#e6edf7"

lang = language()
user = auth.require("wall")
settings = data.config().dashboard
kiosk = st.query_params.get("wall") == "1"
L = wall_layout.layout(*wall_layout.viewport(st.query_params), kiosk)
RANK_ROW = round(L.text_font * 1.55)  # one ranked unit per line
# each list's box under its heading: the ranking's height, or half of it each where they are stacked
RANK_BOX = (L.ranking_height // (2 if L.stack_rankings else 1)) - round(L.small_font * 1.6)
st.html(wall_layout.BOOTSTRAP, unsafe_allow_javascript=True)
st.markdown(
    f"""<style>
    .stApp, [data-testid="stAppViewContainer"], [data-testid="stHeader"] {{ background: {DARK}; color: {TEXT}; }}
    [data-testid="stMainBlockContainer"] {{ padding: {L.top}px 1.2rem 0 1.2rem; max-width: 100%; }}
    [data-testid="stMain"] [data-testid="stVerticalBlock"] {{ gap: {L.gap}px; }}
    [data-testid="stMain"] .stMarkdown p {{ margin-bottom: 0; }}
    [data-testid="stSidebar"] {{ background: {PANEL}; }}  /* signed in: the menu in the wall's colours, readable */
    [data-testid="stSidebar"] input, [data-testid="stSidebar"] button p {{ color: #111; }}
    h1, h2, h3, h4, p, span, div, label {{ color: {TEXT}; }}
    .gp-head {{ display: flex; justify-content: space-between; align-items: baseline; }}
    .gp-head .t {{ font-size: {L.title_font}px; font-weight: 700; line-height: 1.4; }}
    .gp-head .a {{ font-size: {L.text_font}px; }}
    .gp-note {{ font-size: {L.small_font}px; opacity: 0.75; line-height: 1.6; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }}
    .gp-title {{ font-size: {L.text_font}px; font-weight: 700; line-height: {L.section_title}px; height: {L.section_title}px; }}
    .gp-kpi {{ background: {PANEL}; border-radius: 8px; padding: {round(6 * L.scale)}px {round(12 * L.scale)}px; border-left: 6px solid; height: {L.kpi_height}px; overflow: hidden; }}
    .gp-kpi .v {{ font-size: {L.kpi_value_font}px; font-weight: 700; line-height: 1.15; }}
    .gp-kpi .l {{ font-size: {L.text_font}px; opacity: 0.85; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }}
    .gp-kpi .s {{ font-size: {L.small_font}px; opacity: 0.75; white-space: nowrap; }}
    .gp-banner {{ background: #7a1f1a; padding: 2px 12px; border-radius: 6px; font-size: {L.small_font}px; line-height: 1.6; white-space: nowrap; overflow: hidden; }}
    .gp-legend {{ font-size: {L.small_font}px !important; line-height: 2; }}
    .gp-legend span > span {{ width: {L.small_font}px !important; height: {L.small_font}px !important; }}
    .gp-bottom {{ color: #ff8a80; font-size: {L.text_font}px; line-height: 1.45; overflow: hidden; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; }}
    .gp-bottom-box {{ height: {L.bottom_height}px; }}
    .gp-ticker {{ font-size: {L.text_font}px; line-height: 1.5; height: {L.ticker_height}px; overflow: hidden; }}
    .gp-ticker .row {{ white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }}
    .gp-chart {{ background: {PANEL}; border-radius: 6px; padding: 4px 8px; box-sizing: border-box; overflow: hidden; line-height: 1.3; }}
    .gp-chart i, .gp-chart b {{ display: block; }}
    .gp-trend .lg {{ display: flex; gap: 1.2em; line-height: 1.6; }}
    .gp-trend .lg i {{ display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.3em; border-radius: 2px; }}
    .gp-trend .pl {{ position: relative; margin: 0.5em 0 0 3.4em; }}
    .gp-trend .tk {{ position: absolute; left: 0; right: 0; border-top: 1px solid #26324d; }}
    .gp-trend .tk span {{ position: absolute; left: -3.4em; width: 3.1em; text-align: right; transform: translateY(-50%); opacity: 0.75; }}
    .gp-trend .cols {{ position: absolute; inset: 0; display: flex; align-items: flex-end; gap: 2px; }}
    .gp-trend .d {{ position: relative; flex: 1; height: 100%; display: flex; align-items: flex-end; gap: 1px; }}
    .gp-trend .d i {{ flex: 2; }}
    .gp-trend .d i.c {{ flex: 1; }}
    .gp-trend .d b {{ position: absolute; left: -1px; right: -1px; height: 3px; }}
    .gp-trend .xa {{ display: flex; gap: 2px; margin-left: 3.4em; line-height: 1.6; opacity: 0.75; }}
    .gp-trend .xa span {{ flex: 1; white-space: nowrap; }}
    .gp-stages {{ display: flex; gap: 0.6em; }}
    .gp-stages .s {{ flex: 1; display: flex; flex-direction: column; }}
    .gp-stages .bx {{ flex: 1; display: flex; flex-direction: column; justify-content: flex-end; align-items: center; }}
    .gp-stages .bx i {{ width: 60%; }}
    .gp-stages .n {{ text-align: center; line-height: 1.5; opacity: 0.85; white-space: nowrap; }}
    .gp-bars .r {{ display: flex; align-items: center; gap: 0.5em; height: 1.7em; }}
    .gp-bars .n {{ width: 36%; text-align: right; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; opacity: 0.9; }}
    .gp-bars .b {{ flex: 1; display: flex; align-items: center; gap: 0.4em; }}
    .gp-bars .b i {{ height: 1.05em; }}
    .gp-bars em {{ font-style: normal; opacity: 0.85; }}
    .gp-hot {{ font-size: {L.text_font}px; line-height: 1.5; height: {L.hot_height}px; overflow: hidden; }}
    .gp-hot .row {{ display: flex; gap: 8px; white-space: nowrap; }}
    .gp-hot .hv {{ color: #ffb74d; font-weight: 700; min-width: 2.2em; text-align: right; }}
    .gp-hot .ht {{ flex: 1; overflow: hidden; text-overflow: ellipsis; }}
    .gp-hot .hs {{ opacity: 0.75; font-size: {L.small_font}px; }}
    .gp-rankings {{ display: grid; grid-template-columns: {"minmax(0, 1fr)" if L.stack_rankings else "minmax(0, 3fr) minmax(0, 2fr)"}; gap: 0 {L.gap * 2}px; }}
    .gp-rankings .h {{ font-size: {L.small_font}px; opacity: 0.8; line-height: {L.small_font * 1.6}px; }}
    .gp-rank {{ height: {RANK_BOX}px; overflow: hidden; font-size: {L.text_font}px; }}
    .gp-rank .rk {{ position: relative; display: flex; gap: 6px; line-height: {RANK_ROW}px; height: {RANK_ROW}px; white-space: nowrap; border-bottom: 1px solid #1d2944; }}
    .gp-rank .rk .n {{ width: 1.6em; text-align: right; opacity: 0.8; }}
    .gp-rank .rk .u {{ flex: 1; overflow: hidden; text-overflow: ellipsis; }}
    .gp-rank .rk .p {{ font-weight: 700; padding-right: 4px; }}
    .gp-rank .rk i {{ position: absolute; top: 0; bottom: 0; border-left: 2px dotted {TEXT}; opacity: 0.6; }}
    .scroll .inner {{ animation: gp-scroll var(--gp-scroll-seconds) linear infinite; }}
    .scroll:hover .inner {{ animation-play-state: paused; }}
    .gp-score {{ font-size: {L.text_font}px; white-space: nowrap; }}
    .gp-score b {{ font-size: {round(L.title_font * 0.9)}px; margin: 0 {round(14 * L.scale)}px 0 {round(4 * L.scale)}px; }}
    @keyframes gp-scroll {{ from {{ transform: translateY(0); }} to {{ transform: translateY(-50%); }} }}
    {'[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header, [data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }' if kiosk else ""}
    </style>""",
    unsafe_allow_html=True,
)


def title(text: str) -> None:
    """A section title of fixed height (the layout counts on it)."""
    st.html(f"<div class='gp-title'>{html.escape(text)}</div>")


def kpi_tile(k: Kpi) -> str:
    colour = BAND[k.band]
    return (
        f'<div class="gp-kpi" style="border-left-color:{colour}" title="{html.escape(k.help or k.label)}">'
        f'<div class="l">{html.escape(k.label)}</div><div class="v" style="color:{colour}">{html.escape(k.value)}</div>'
        f'<div class="s">{html.escape(k.note)}</div></div>'
    )


REFRESH = max(1, int(settings.wall_refresh_seconds))
if int(settings.wall_rotate_seconds) > 0:
    REFRESH = min(REFRESH, max(1, int(settings.wall_rotate_seconds)))


def score_line(scores: list[PeriodScore]) -> str:
    """CityScore for today, 7, 30 and 90 days side by side, each coloured by its band; the
    hover text names the parts behind each."""
    items = []
    for p in scores:
        parts = "; ".join(f"{t('target_' + k, lang)} {v:.2f}" for k, v in p.parts.items()) or t("not_available", lang)
        value = "—" if p.score is None else f"{p.score:.2f}"
        colour = BAND[band(p.score)]
        items.append(
            f"<span title='{html.escape(parts)}'>{html.escape(t('period_' + p.period, lang))}<b style='color:{colour}'>{value}</b></span>"
        )
    return f"<span class='gp-score' title='{html.escape(t('cityscore_help', lang))}'>{html.escape(t('cityscore', lang))}&nbsp; {''.join(items)}</span>"


def header(now: dt.datetime, newest: dt.datetime | None, demo: bool = False, scores: list[PeriodScore] | None = None) -> None:
    """Title, the overall score by period, one "data as of" line, and a banner when the newest
    record is stale — or, for the generated demo city, a note that its clock stopped where it was
    generated."""
    # "Data as of" is the newest record, the same time the stale banner names; the moment the
    # figures are computed for ("today", "overdue now") is shown beside it when it differs (the
    # newest report time by default, or the clock), so a leader never sees two unexplained dates.
    as_of = t("data_as_of", lang, at=fmt_datetime(newest or now, lang))
    if newest is not None and fmt_datetime(newest, lang) != fmt_datetime(now, lang):
        as_of += " · " + t("figures_at", lang, at=fmt_datetime(now, lang))
    st.html(
        f"<div class='gp-head'><span class='t'>{html.escape(t('page_wall', lang))}</span>{score_line(scores or [])}"
        f"<span class='a'>{html.escape(as_of)}</span></div>"
    )
    age_h = (dt.datetime.now() - newest).total_seconds() / 3600 if newest else None
    if demo and newest is not None:
        note = f"<div class='gp-note'>{html.escape(t('demo_clock', lang, at=fmt_datetime(newest, lang)))}</div>"
    elif newest is not None and age_h is not None and age_h > float(settings.stale_after_hours):
        note = f"<div class='gp-banner'>{html.escape(t('stale_banner', lang, hours=fmt_int(age_h), at=fmt_datetime(newest, lang)))}</div>"
    else:
        note = "<div class='gp-note'>&nbsp;</div>"  # the line is kept: the layout below does not move
    st.html(note)


@st.cache_data(max_entries=8, show_spinner=False)
def svg_base(snapshot: int, width: int, height: int) -> maps.SvgBase:
    """The map's projected grids and outlines, once per snapshot and screen size."""
    return maps.svg_base(data.grid_shapes(snapshot), data.region_shapes(snapshot), width, height)


def grid_map(snapshot: int, bundle: dict[str, pl.DataFrame]) -> None:
    """The grid map, rotating (when configured) between the 7-day load, the cases overdue now and,
    where the registers are loaded, the load per 1,000 residents and the patrol coverage."""
    present = data.base_data_present(snapshot)
    views = map_views(present["population"], present["staff"], lang)
    view = current_view(views, int(settings.wall_rotate_seconds), time.time())
    title(view.heading)
    shapes = data.grid_shapes(snapshot)
    if shapes.height == 0:
        st.info(t("no_grids", lang))
        return
    measures = data.grid_measures(snapshot, data.reference_time(snapshot)) if view.name in ("grid_per_1000", "grid_patrol") else None
    load = map_values(view.name, bundle["grid_load"], bundle["grid_overdue"], measures).rename({"value": "cases"})
    urgent = bundle["urgent"]
    pins = [
        {
            "lon": r["lon"],
            "lat": r["lat"],
            "title": f"{r['category_name'] or ''} {r['case_id']}",
            "detail": t("pin_detail", lang, hours=f"{r['hours_open']:,.1f}") + (" · " + t("pin_overdue", lang) if r["overdue"] else ""),
        }
        for r in urgent.iter_rows(named=True)
    ]
    counts = maps.metric_values(shapes, load, "cases")
    width = round(L.content_width * 5 / 13)
    # An inline SVG, not deck.gl (maps.svg_map says why); intranet tiles, where configured, serve
    # the explorer's street-level maps: the wall is read at district scale from five metres.
    titles = [f"{name} · {view.legend}: {view.fmt(v) if v == v else '–'}" for name, v in zip(shapes["grid_name"], counts, strict=True)]
    base = svg_base(snapshot, width, L.map_height)
    svg = maps.svg_map(base, counts, titles, pins, max(16, round(18 * L.scale)), max(6, round(8 * L.scale)), view.good_high)
    # in its own frame: st.html's sanitiser drops SVG, and the hover titles need the live SVG
    page = f"<html><body style='margin:0;background:transparent;overflow:hidden'>{svg}</body></html>"
    st.iframe(page, height=L.map_height)  # every text in it is escaped by maps.svg_map
    limit = float(settings.urgent_limit_hours)
    pin_key = t("legend_urgent", lang, hours=f"{limit:g}", n=fmt_int(urgent.height)) if limit > 0 else None
    st.html(maps.legend(counts, view.fmt, view.legend, t("legend_none", lang), view.good_high, dark=True, pins=pin_key))


def trend_and_categories(bundle: dict[str, pl.DataFrame], incident_days: pl.DataFrame, hot: pl.DataFrame) -> None:
    """New and closed cases over 30 days (and the incidents they make, where linking has run),
    today's stages, the top categories and the week's hot issues."""
    title(t("wall_trend", lang))
    trend = bundle["trend"]
    incidents = None
    if incident_days.height:  # 一事多报 counted once, beside the reports
        incidents = trend.select("day").join(incident_days, on="day", how="left")["incidents"].fill_null(0).to_list()
    names = {"new": t("new", lang), "closed": t("closed", lang), "incidents": t("wall_incidents", lang)}
    st.html(
        wall_charts.trend_html(
            trend["day"].to_list(), trend["cases"].to_list(), trend["closed"].to_list(), incidents, names, L.trend_height, L.axis_font
        )
    )
    stages(bundle["stages"].row(0, named=True))
    title(t("wall_top_categories", lang))
    top = bundle["top_categories"]
    st.html(
        wall_charts.bars_html([n or "" for n in top["category_name"].to_list()], top["cases"].to_list(), L.categories_height, L.axis_font)
    )
    hot_issues(hot)


STAGES = ("reported", "registered", "dispatched", "disposed", "checked", "closed")


def stages(row: dict) -> None:
    """Today's work at each stage of the case loop, in the loop's order; a stage no source
    records is written as such, not drawn as zero."""
    title(t("wall_stages", lang))
    names = [labels.label("case_stage", s, lang) for s in STAGES]
    values = [row[s] if row[f"{s}_recorded"] else None for s in STAGES]
    st.html(wall_charts.stages_html(names, values, t("not_recorded", lang), L.stages_height, L.axis_font))


def hot_issues(hot: pl.DataFrame) -> None:
    """The week's hottest issues (热点诉求, ``models hot``): heat, place, what people wrote and
    how many reports, people and channels; the list scrolls when it is longer than its box."""
    title(t("wall_hot", lang))
    if hot.height == 0:
        st.html(f"<div class='gp-hot'>{html.escape(t('wall_hot_none', lang))}</div>")
        return
    rows = []
    for r in hot.iter_rows(named=True):
        what = t("wall_hot_item", lang, grid=r["grid_name"] or "", text=r["hot_text"] or "")
        stats = t(
            "wall_hot_stats",
            lang,
            reports=fmt_int(r["hot_reports"]),
            reporters=fmt_int(r["hot_reporters"]),
            channels=fmt_int(r["hot_channels"]),
        )
        rows.append(
            f"<div class='row' title='{html.escape(what)} · {html.escape(stats)}'><span class='hv'>{r['heat']:.1f}</span>"
            f"<span class='ht'>{html.escape(what)}</span><span class='hs'>{html.escape(stats)}</span></div>"
        )
    st.html(scroll_box("gp-hot", rows, L.text_font * 1.5, L.hot_height))


def rankings(bundle: dict[str, pl.DataFrame]) -> None:
    """Every department and every street ranked by on-time closure this month, side by side,
    each bar coloured by the target (scrolling itself when long); then the bottom three
    departments with their reason."""
    title(t("wall_rankings", lang))
    target = settings.targets.get("on_time_rate")
    lists = []
    for heading, frame, name in (
        (t("wall_rank_departments", lang), bundle["departments"], "department_name"),
        (t("wall_rank_streets", lang), bundle["streets"], "street_name"),
    ):
        ranked = ranking_html(frame[name].to_list(), frame["on_time_rate"].to_list(), target, lang, RANK_ROW, RANK_BOX)
        lists.append(f"<div><div class='h'>{html.escape(heading)}</div>{ranked}</div>")
    st.html(f"<div class='gp-rankings'>{''.join(lists)}</div>")
    bottom = bundle["departments"].filter(pl.col("on_time_rate").is_not_null()).tail(3)  # nothing due: not a bottom unit
    title(t("wall_bottom", lang))
    lines = []
    for row in bottom.reverse().iter_rows(named=True):
        reason = t(
            "bottom_reason", lang, due=fmt_int(row["due_cases"]), late=fmt_int(row["closed_late"]), open=fmt_int(row["open_overdue"])
        )
        text = f"{row['department_name']} · {fmt_pct(row['on_time_rate'], lang)} — {reason}"
        lines.append(f"<div class='gp-bottom' title='{html.escape(text)}'>{html.escape(text)}</div>")
    st.html(f"<div class='gp-bottom-box'>{''.join(lines)}</div>")


def ticker(bundle: dict[str, pl.DataFrame]) -> None:
    """The longest-overdue open cases; the list scrolls when it is longer than its box."""
    title(t("wall_ticker", lang))
    items = [
        html.escape(
            t(
                "ticker_item",
                lang,
                case=r["case_id"],
                category=r["category_name"] or "",
                dept=r["department_name"] or "",
                overdue=overdue_text(r["hours_overdue"], lang),
            )
        )
        for r in bundle["ticker"].iter_rows(named=True)
    ]
    st.html(scroll_box("gp-ticker", [f"<div class='row'>{item}</div>" for item in items], L.text_font * 1.5, L.ticker_height))


@st.fragment(run_every=dt.timedelta(seconds=REFRESH))
def wall() -> None:
    """The whole screen; re-run every REFRESH seconds, reading data again only for a new snapshot."""
    if auth.current_user(touch=False) is None:  # the session ended (idle, account changed, token revoked)
        st.rerun()
    snapshot = data.current_snapshot()
    if snapshot is None:
        st.info(t("no_warehouse", lang))
        return
    now = data.reference_time(snapshot)
    extent = data.data_extent(snapshot)
    bundle = data.wall_bundle(snapshot, now)
    header(now, extent["newest_update"], bool(extent.get("demo_only")), cityscore(bundle["cityscore"].to_dicts(), settings.targets))
    counts = {**bundle["kpis"], "alerts_pending": data.open_alerts(snapshot)}  # live: reviews change it between loads
    tiles = kpis(counts, settings.targets, lang)
    for col, k in zip(st.columns(len(tiles)), tiles, strict=True):
        col.html(kpi_tile(k))
    left, middle, right = st.columns([5, 4, 4])
    with left:
        grid_map(snapshot, bundle)
    with middle:
        trend_and_categories(bundle, data.wall_incident_days(snapshot, now), data.wall_hot_issues(snapshot, now))
    with right:
        rankings(bundle)
        ticker(bundle)


wall()
