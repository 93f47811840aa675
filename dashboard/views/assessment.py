"""考核评价 (assessment): scoreboards per object type with grades, the bottom three and their
reasons, an object's indicator breakdown and monthly trend, period against the previous one,
the rubric in force, and from any indicator the cases behind its numerator and denominator."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard import auth, data, export, permissions, safe
from dashboard.filters import inside
from dashboard.i18n import as_text, fmt_datetime, fmt_int, fmt_pct, t, table
from dashboard.state import language
from warehouse import assessment, labels

GRADE_COLOURS = {"A": "#1a9850", "B": "#91cf60", "C": "#fee08b", "D": "#fc8d59", "E": "#d73027"}
DRILL_LIMIT = 5000  # the case list shows up to this many rows
BOARD_HEADERS = {
    "rank": "rank",
    "object_code": "code",
    "name": "name",
    "composite": "composite",
    "grade": "grade",
    "change": "change_vs_previous",
}

lang = language()


def limit_unit(key: str, value: float) -> str:
    """A rubric limit's unit, singular for 1 in English ("1 working hour")."""
    unit = t("days_unit" if key == "repeat_days" else "hours_unit", lang)
    return unit.removesuffix("s") if lang == "en" and value == 1 else unit


user = auth.require("assessment")
st.title(t("page_assessment", lang))
snapshot = data.current_snapshot()
if snapshot is None:
    st.info(t("no_warehouse", lang))
    st.stop()
assert snapshot is not None  # st.stop() ended the script above
snap: int = snapshot  # narrowed, for the functions below
periods = data.assessment_periods(snapshot)
if periods.height == 0:
    st.info(t("no_scores", lang))
    st.stop()


def indicator_label(ind: str) -> str:
    return labels.label("indicator", ind, lang)


def object_names(object_type: str) -> dict[str, str]:
    dims = data.dimensions(snap)
    kind = {"department": "department", "street": "street", "community": "community", "grid": "grid"}.get(object_type)
    return dict(zip(dims[kind]["code"].to_list(), dims[kind]["name"].to_list(), strict=True)) if kind else {}


left, mid, right = st.columns([2, 2, 3])
partial = set(periods.filter(pl.col("complete").is_not_null() & ~pl.col("complete"))["period"].to_list())
# newest first by when the period ends, a month before the quarter and year ending with it
choices = sorted(periods["period"].to_list(), key=lambda p: (-assessment.period_bounds(p)[1].timestamp(), assessment.period_bounds(p)[2]))
# opens on the newest complete period: a month still running is not compared with a full one
default = next((i for i, p in enumerate(choices) if p not in partial), 0)
period = left.selectbox(
    t("assessment_period", lang),
    choices,
    index=default,
    format_func=lambda p: t("period_partial", lang, period=p) if p in partial else p,
    key="assess_period",
    placeholder=t("choose", lang),
)
rubric = data.assessment_rubric(snapshot, period)  # the rubric these scores were computed with
types = [o for o in assessment.OBJECT_TYPES if o in rubric.unavailable or o in rubric.indicators["object_type"].to_list()]
if user.scoped and user.scope_code:  # only regions inside the scope: department and post scores are district-wide
    types = [o for o in types if o in ("street", "community", "grid") and not (o == "street" and len(user.scope_code) > 9)]
    st.caption(t("scope_note", lang, scope=user.scope_code))
object_type = mid.selectbox(
    t("object_type", lang),
    types,
    format_func=lambda o: labels.label("object_type", o, lang),
    key="assess_object",
    placeholder=t("choose", lang),
)
info = periods.filter(pl.col("period") == period).row(0, named=True)
# the data's publication time, not its internal snapshot number (kept in the exports for citing)
published = info["snapshot_published_at"]
right.caption(
    t("rubric_info", lang, name=rubric.title(lang), version=info["rubric_version"], at=fmt_datetime(published, lang) if published else "—"),
    help=t("snapshot_cite", lang, id=info["snapshot_id"]),
)
if info["days_in_period"] is not None:  # what the data covers of this period, beside its scores
    st.caption(
        t(
            "coverage_note",
            lang,
            days=fmt_int(info["days_with_data"]),
            of=fmt_int(info["days_in_period"]),
            due=fmt_int(info["due_cases"]),
            closed=fmt_pct(info["share_closed"], lang),
            disposal=fmt_pct(info["share_disposal_recorded"], lang),
        )
    )
if period in partial:
    st.warning(t("period_partial_warning", lang, period=period))

scores = inside(data.assessment_scores(snapshot, period, object_type), "object_code", user.scope_code)
names = object_names(object_type)
board = (
    scores.group_by("object_code")
    .agg(pl.col("composite").first(), pl.col("grade").first(), pl.col("rank").first())
    .sort("rank", "object_code")
    .with_columns(pl.col("object_code").replace_strict(names, default=pl.col("object_code")).alias("name"))
)
previous_period = assessment.previous_period(period)
if previous_period in periods["period"].to_list():
    before = (
        inside(data.assessment_scores(snapshot, previous_period, object_type), "object_code", user.scope_code)
        .group_by("object_code")
        .agg(pl.col("composite").first().alias("prev"))
    )
    board = board.join(before, on="object_code", how="left").with_columns((pl.col("composite") - pl.col("prev")).alias("change"))

st.subheader(t("scoreboard", lang))
header = {c: t(k, lang) for c, k in BOARD_HEADERS.items()}
shown = board.select(
    "rank",
    "object_code",
    "name",
    pl.col("composite").round(1),
    "grade",
    *([pl.col("change").round(1)] if "change" in board.columns else []),
).rename(lambda c: header[c])
st.dataframe(
    as_text(shown, {header["composite"]: "{:.1f}", header["change"]: "{:+.1f}"})
    .to_pandas()
    .style.apply(lambda col: [f"background-color: {GRADE_COLOURS.get(v, '')}" for v in col], subset=[header["grade"]]),
    hide_index=True,
    width="stretch",
    height=320,
)
st.subheader(t("bottom_three", lang))
for code, composite, reason in assessment.bottom_reasons(scores, period, object_type, lang=lang):
    coded = f"（{safe.md(code)}）" if lang == "zh" else f" ({safe.md(code)}) "
    st.markdown(f"- **{safe.md(names.get(code, code))}**{coded}{composite:.1f} — {safe.md(reason)}")

st.subheader(t("indicator_breakdown", lang))
choice = st.selectbox(
    t("object", lang),
    board["object_code"].to_list(),
    format_func=lambda c: f"{names.get(c, c)} ({c})",
    key="assess_pick",
    placeholder=t("choose", lang),
)
detail = scores.filter(pl.col("object_code") == choice)
DETAIL = ["indicator", "numerator", "denominator", "value", "score", "weight", "note"]
# numbers written out, an empty cell as "—": the grid draws a missing number as "None" whatever a
# Styler says (as_text), so a count's missing denominator or an unweighted indicator's weight
# would read "None" in the Chinese page
formats = {"denominator": "{:,.0f}", "score": "{:.1f}", "weight": "{:g}"}
# a value as its indicator means it: a share in %, a count whole, hours and per-1,000 figures to
# two places (and an hours sum's numerator to one: 99.6 ÷ 18 read "100 ÷ 18 = 5.536")
UNITLESS = ("mean_disposal_hours", "median_disposal_hours", "discovery_per_1000")
shown_values = detail.select(DETAIL).with_columns(
    pl.when(pl.col("indicator").str.ends_with("_count"))
    .then(pl.col("value").map_elements("{:,.0f}".format, return_dtype=pl.String, skip_nulls=True))
    .when(pl.col("indicator").is_in(UNITLESS))
    .then(pl.col("value").map_elements("{:,.2f}".format, return_dtype=pl.String, skip_nulls=True))
    .otherwise(pl.col("value").map_elements(lambda v: fmt_pct(v, lang), return_dtype=pl.String, skip_nulls=True))
    .fill_null("—")
    .alias("value"),
    pl.when(pl.col("indicator").is_in(UNITLESS))
    .then(pl.col("numerator").map_elements("{:,.1f}".format, return_dtype=pl.String, skip_nulls=True))
    .otherwise(pl.col("numerator").map_elements("{:,.0f}".format, return_dtype=pl.String, skip_nulls=True))
    .fill_null("—")
    .alias("numerator"),
)
shown_detail = table(as_text(shown_values, formats), lang, indicator="indicator", note="na_note")
st.dataframe(shown_detail, hide_index=True, width="stretch")
trend = data.assessment_trend(snapshot, object_type, choice)
if trend.height:
    fig = go.Figure(
        go.Scatter(x=trend["period"].to_list(), y=trend["composite"].to_list(), mode="lines+markers", name=t("composite", lang))
    )
    fig.update_layout(height=260, margin={"l": 0, "r": 0, "t": 10, "b": 0}, yaxis_title=t("composite", lang))
    fig.update_xaxes(type="category")  # periods as written (2026-03), not English month names
    st.plotly_chart(fig, width="stretch", key="assess_trend")

st.subheader(t("cases_behind", lang))
drill = detail["indicator"].to_list()
if drill:
    ind = st.selectbox(t("indicator", lang), drill, format_func=indicator_label, key="assess_drill", placeholder=t("choose", lang))
    row = detail.filter(pl.col("indicator") == ind).row(0, named=True)
    stored = {
        "stored_num": fmt_int(row["numerator"]),
        "stored_den": fmt_int(row["denominator"] if row["denominator"] is not None else row["numerator"]),
    }
    if ind in assessment.BASE_INDICATORS:  # grid-days, components or cases, as the score counted them
        units = data.assessment_units(snapshot, period, object_type, choice, ind)
        more = "+" if units.height >= DRILL_LIMIT else ""
        rate = ind in ("patrol_coverage", "component_intactness")  # the listed units are the denominator
        st.caption(
            t(
                "units_behind_note",
                lang,
                num=fmt_int(int(units["in_numerator"].sum())) + more,
                den=fmt_int(units.height) + more if rate else stored["stored_den"],
                what=t("units_behind_rate" if rate else "units_behind_count", lang),
                **stored,
            )
        )
        condition = labels.LABELS["component_condition"]
        units = units.with_columns(
            pl.col("state").map_elements(
                lambda s: labels.label("component_condition" if s in condition else "status", s, lang), return_dtype=pl.Utf8
            )
        )
        st.dataframe(table(units, lang, unit="count_unit"), hide_index=True, width="stretch", height=300)
    else:
        cases = data.assessment_cases(snapshot, period, object_type, choice, ind)
        if ind != "repeat_request_rate":  # the request that repeated each: only this indicator has one
            cases = cases.drop("repeat_case_id", strict=False)
        st.caption(
            t(
                "cases_behind_note",
                lang,
                num=fmt_int(int(cases["in_numerator"].sum())),
                den=fmt_int(cases.height) + ("+" if cases.height >= DRILL_LIMIT else ""),
                **stored,
            )
        )
        if cases.height == 0:  # an empty grid says "empty" in English
            st.info(t("cases_behind_none", lang))
        else:
            shown_cases = cases.with_columns(pl.col(pl.Datetime).dt.strftime("%Y-%m-%d %H:%M"))
            shown_cases = as_text(shown_cases, {c: "{:,.4g}" for c, d in cases.schema.items() if d.is_numeric()})
            st.dataframe(table(shown_cases, lang, status="status", channel="channel"), hide_index=True, width="stretch", height=300)
else:
    st.caption(t("cases_behind_unavailable", lang))

with st.expander(t("rubric", lang)):
    st.dataframe(
        table(
            rubric.indicators.filter(pl.col("object_type") == object_type).drop("object_type"),
            lang,
            indicator="indicator",
            kind="indicator_kind",
            direction="direction",
        ),
        hide_index=True,
    )
    if rubric.limits:
        st.caption(
            t(
                "rubric_limits",
                lang,
                limits=("；" if lang == "zh" else "; ").join(
                    f"{labels.label('post_limit', k, lang)} {v:g} {limit_unit(k, v)}" for k, v in sorted(rubric.limits.items())
                ),
            )
        )
    if rubric.unavailable.get(object_type):
        listed = ("、" if lang == "zh" else ", ").join(indicator_label(i) for i in rubric.unavailable[object_type])
        st.caption(t("rubric_unavailable", lang, names=listed))

st.subheader(t("monthly_bulletin", lang))
months = periods.filter(pl.col("period").str.contains(r"^\d{4}-\d{2}$"))
on_lake = data.reads_lake()  # the documents are built from snapshot files (issue 19, begun)
if user.scoped or not permissions.can(user.role, "export"):
    st.caption(t("report_scoped", lang))
elif on_lake:
    st.caption(t("report_on_lake", lang))
elif months.height:
    complete = {p: c is not False for p, c in months.select("period", "complete").iter_rows()}
    newest_complete = next((i for i, p in enumerate(months["period"].to_list()) if complete[p]), 0)
    month = st.selectbox(
        t("bulletin_month", lang),
        months["period"].to_list(),
        index=newest_complete,
        format_func=lambda p: p if complete[p] else t("period_partial", lang, period=p),
        key="assess_bulletin_month",
        placeholder=t("choose", lang),
    )

    def bulletin_file(fmt: str) -> bytes:
        """The month's bulletin, built when clicked, and its download written to the audit log."""
        auth.audit(user.username, "export", f"monthly bulletin {month}", {"format": fmt, "snapshot_id": snapshot})
        return data.monthly_bulletin(snap, month, fmt)

    export.download_buttons("bulletin", f"bulletin_{month}", ("pdf", "xlsx"), bulletin_file, lang)

st.subheader(t("annual_report", lang))
years = sorted({p for p in periods["period"].to_list() if len(p) == 4}, reverse=True)
if user.scoped or not permissions.can(user.role, "export"):
    st.caption(t("report_scoped", lang))
elif on_lake:
    st.caption(t("report_on_lake", lang))
elif years:
    year = st.selectbox(t("report_year", lang), years, key="assess_report_year", placeholder=t("choose", lang))

    def report_file(fmt: str) -> bytes:
        """The report, built when clicked, and its download written to the audit log."""
        auth.audit(user.username, "export", f"annual report {year}", {"format": fmt, "snapshot_id": snapshot})
        return data.annual_report(snap, int(year), fmt)

    export.download_buttons("report", f"assessment_{year}", ("xlsx", "pdf"), report_file, lang)
