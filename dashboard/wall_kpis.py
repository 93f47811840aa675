"""Wall KPIs as CityScore-style tiles: each value beside its configured target, as a ratio
(actual ÷ target, or target ÷ actual where lower is better) coloured by band. Kept apart from
the page so the arithmetic is tested without a browser."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from dashboard.i18n import fmt_int, fmt_pct, t


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str
    value: str
    note: str
    help: str
    ratio: float | None
    band: str  # good | warn | bad | none


# The colour of each band, on the wall's dark background.
BAND = {"good": "#2fb36d", "warn": "#e0a526", "bad": "#e0463a", "none": "#5b6b86"}


def band(ratio: float | None) -> str:
    """good at or beyond the target, warn within 10 % of it, bad further off; none without one."""
    if ratio is None:
        return "none"
    return "good" if ratio >= 1.0 else "warn" if ratio >= 0.9 else "bad"


def rate_bands(rates: list[float | None], target: float | None) -> list[str]:
    """Each unit's band against the target (not its place in the ranking): 76.6 % and 76.0 % are
    both short of a 90 % target, and coloured alike."""
    return [band(None if r is None or not target else r / target) for r in rates]


def overdue_text(hours: float, lang: str) -> str:
    """How long past its deadline, as a person says it: hours up to two days, then whole days
    (7,212 hours is "300 天", not a number of hours nobody can picture)."""
    h = int(hours)
    return t("overdue_hours", lang, n=f"{h:,}") if h < 48 else t("overdue_days", lang, n=f"{h // 24:,}")


SCORE_CAP = 2.0


def score(actual: float | None, target: float | None, lower_better: bool) -> float | None:
    """CityScore ratio, at most SCORE_CAP; None when there is no value or target. Capped: 88 open
    cases against a ceiling of 3,000 is "well within the target", not a score of 34 that would
    swamp every other metric in an average."""
    if actual is None or not target:
        return None
    if lower_better:
        return min(SCORE_CAP, float(target) / actual) if actual else SCORE_CAP
    return min(SCORE_CAP, actual / float(target))


def kpis(row: dict[str, Any], targets: dict[str, float], lang: str) -> list[Kpi]:
    """The seven wall KPIs, in display order."""
    out: list[Kpi] = []

    def add(
        key: str, label: str, actual: float | None, shown: str, target_key: str | None, lower_better: bool, help_text: str = ""
    ) -> None:
        target = targets.get(target_key) if target_key else None
        ratio = score(actual, target, lower_better)
        if target_key is None:  # today's new cases: beside yesterday by the same hour and a year ago
            note = t("kpi_new_compare", lang, yesterday=fmt_int(row.get("new_yesterday")), last_year=fmt_int(row.get("new_last_year")))
        else:
            shown_target = fmt_pct(target, lang) if key in ("on_time", "satisfaction") else fmt_int(target)
            note = t("kpi_target", lang, target=shown_target, ratio="—" if ratio is None else f"{ratio:.2f}")
        out.append(Kpi(key, label, shown, note, help_text, ratio, band(ratio) if target_key else "none"))

    add("new_today", t("kpi_new_today", lang), row["new_today"], fmt_int(row["new_today"]), None, False)
    add("open", t("kpi_open", lang), row["open_now"], fmt_int(row["open_now"]), "open_now", True)
    add("overdue", t("kpi_overdue", lang), row["overdue_now"], fmt_int(row["overdue_now"]), "overdue_now", True)
    on_time = row["closed_on_time"] / row["on_time_base"] if row["on_time_base"] else None
    add(
        "on_time",
        t("kpi_on_time", lang),
        on_time,
        fmt_pct(on_time, lang),
        "on_time_rate",
        False,
        t("kpi_on_time_help", lang, num=fmt_int(row["closed_on_time"]), den=fmt_int(row["on_time_base"])),
    )
    satisfaction = row["satisfied_mtd"] / row["surveyed_mtd"] if row["surveyed_mtd"] else None
    add("satisfaction", t("kpi_satisfaction", lang), satisfaction, fmt_pct(satisfaction, lang), "satisfaction_rate", False)
    add("disputes", t("kpi_disputes", lang), row["disputes_pending"], fmt_int(row["disputes_pending"]), "disputes_pending", True)
    alerts = row.get("alerts_pending")
    add("alerts", t("kpi_alerts", lang), alerts, t("not_available", lang) if alerts is None else fmt_int(alerts), "alerts_pending", True)
    return out


# The overall score's parts: (target key, numerator column, denominator column, lower is better).
# Each is measured over the window (pages/wall_cityscore.sql); stocks such as "open now" are the
# same in every window and stay in their own tiles.
CITYSCORE_PARTS = (
    ("on_time_rate", "closed_on_time", "due", False),
    ("on_time_disposal_rate", "disposed_on_time", "disposal_due", False),
    ("rework_rate", "reworked", "rework_due", True),
    ("satisfaction_rate", "satisfied", "surveyed", False),
)
PERIODS = ("day", "week", "month", "quarter")


@dataclass(frozen=True)
class PeriodScore:
    period: str  # day | week | month | quarter
    score: float | None  # the mean of the parts that could be scored; None when none could
    parts: dict[str, float]  # target key → that part's score


def cityscore(rows: list[dict[str, Any]], targets: dict[str, float]) -> list[PeriodScore]:
    """One overall score per window, Boston's CityScore rule: each targeted metric's score
    (``score``: actual ÷ target, capped) averaged with equal weight. A metric with nothing to
    measure in the window (no case due, no survey) or without a target is left out of that
    window's mean, not scored 0: a quiet morning is not a failing one."""
    out = []
    for row in rows:
        parts = {}
        for key, num, den, lower_better in CITYSCORE_PARTS:
            if row[den] and targets.get(key):
                value = score(row[num] / row[den], targets[key], lower_better)
                if value is not None:
                    parts[key] = value
        mean = sum(parts.values()) / len(parts) if parts else None
        out.append(PeriodScore(row["period"], mean, parts))
    return out


def ranking_html(names: list[str], rates: list[float | None], target: float | None, lang: str, row_px: float, box_px: int) -> str:
    """A ranked list, best first, each row a bar as long as its rate and coloured by the target
    (not by its place), the target a dotted mark on every row. Plain HTML, not a chart: a wall
    cannot be scrolled by hand, so a list longer than its box scrolls itself (shown twice for a
    seamless loop, about three seconds a row) and stops under the pointer. A unit with nothing
    due has no rate ("暂无"/"n/a"), ranked last, no bar."""
    rows = []
    for i, (name, rate, colour) in enumerate(zip(names, rates, rate_bands(rates, target), strict=True), start=1):
        width = 0.0 if rate is None else max(0.0, min(rate, 1.0)) * 100
        mark = f"<i style='left:{target * 100:.1f}%'></i>" if target else ""
        rows.append(
            f"<div class='rk' data-band='{colour}' title='{html.escape(name)}'"
            f" style='background:linear-gradient(to right,{BAND[colour]}66 {width:.1f}%,transparent {width:.1f}%)'>"
            f"<span class='n'>{i}</span><span class='u'>{html.escape(name)}</span>"
            f"<span class='p'>{html.escape(fmt_pct(rate, lang))}</span>{mark}</div>"
        )
    return scroll_box("gp-rank", rows, row_px, box_px)


def scroll_box(css_class: str, rows: list[str], row_px: float, box_px: float) -> str:
    """Rows in a box of ``box_px``; when they do not fit, the box scrolls itself (a wall cannot be
    scrolled by hand): about three seconds a row, at least ten, the rows shown twice for a
    seamless loop. The wall's rankings and its overdue ticker."""
    body = "".join(rows)
    if len(rows) * row_px <= box_px:
        return f"<div class='{css_class}'><div class='inner'>{body}</div></div>"
    seconds = max(10, 3 * len(rows))
    return f"<div class='{css_class} scroll' style='--gp-scroll-seconds:{seconds}s'><div class='inner'>{body}{body}</div></div>"


@dataclass(frozen=True)
class MapView:
    """One of the wall map's rotating views: its heading, legend title, value text and whether a
    high value is good (greens) or bad (reds)."""

    name: str
    heading: str
    legend: str
    good_high: bool
    fmt: Any


MAP_VIEWS = {  # name: (heading key, legend key, good_high)
    "grid_load": ("wall_map", "legend_cases", False),
    "grid_overdue": ("wall_map_overdue", "legend_cases", False),
    "grid_per_1000": ("wall_map_per_1000", "legend_per_1000", False),
    "grid_patrol": ("wall_map_patrol", "legend_patrol", True),
}


def map_views(population: bool, staff: bool, lang: str) -> list[MapView]:
    """The views the wall map rotates through: the 7-day load and the cases overdue now, then the
    7-day load per 1,000 residents and the 7-day patrol coverage where those registers are loaded."""
    names = ["grid_load", "grid_overdue", *(["grid_per_1000"] if population else []), *(["grid_patrol"] if staff else [])]
    formats = {"grid_per_1000": lambda v: f"{v:.1f}", "grid_patrol": lambda v: fmt_pct(v, lang)}
    return [MapView(n, t(MAP_VIEWS[n][0], lang), t(MAP_VIEWS[n][1], lang), MAP_VIEWS[n][2], formats.get(n, fmt_int)) for n in names]


def map_values(view: str, load: Any, overdue: Any, measures: Any) -> Any:
    """A view's value per grid (grid_code, value): cases, cases per 1,000 residents (none where no
    resident count), or the share of assigned working days patrolled (none where no grid worker)."""
    import polars as pl

    if view == "grid_overdue":
        return overdue.select("grid_code", pl.col("cases").cast(pl.Float64).alias("value"))
    if view == "grid_per_1000":
        return load.join(measures.select("grid_code", "residents"), on="grid_code", how="left").select(
            "grid_code", (pl.col("cases") * 1000 / pl.col("residents")).alias("value")
        )
    if view == "grid_patrol":
        return measures.select("grid_code", pl.col("patrol_7d").alias("value"))
    return load.select("grid_code", pl.col("cases").cast(pl.Float64).alias("value"))


def current_view(views: list[MapView], rotate_seconds: int, now_s: float) -> MapView:
    """The view on screen at ``now_s`` (epoch seconds): each shows for ``rotate_seconds`` in turn
    (0: the first one only), so every wall showing the same data shows the same view."""
    return views[int(now_s // rotate_seconds) % len(views)] if rotate_seconds > 0 else views[0]
