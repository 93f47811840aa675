"""Assessment (考核): indicators per period and object, scored by a versioned TOML rubric.

Indicators come from one SQL file (``sql/assessment/indicators.sql``, DOMAIN.md §4 definitions);
scoring, composites, grades and ranks are plain polars over that long table, so a sceptical
reader can recompute any score from the numerator and denominator stored beside it. Scores are
written as one journalled change (``Change("assess")``) and carry the rubric version and the
data snapshot they were computed on.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from warehouse import labels, sql
from warehouse.db import Change, Store, applier, arrow_of
from warehouse.settings import WorktimeSettings, settings

RUBRICS = Path(__file__).with_name("rubrics")
INDICATORS = labels.chinese("indicator")  # id → 中文 (warehouse/labels.py)
BASE_INDICATORS = ("patrol_coverage", "component_intactness", "component_problem_rate", "discovery_per_1000")  # need the grid base data
OBJECT_TYPES = ("department", "street", "community", "grid", "inspector", "call_taker", "shift_leader", "dispatcher", "grid_worker")
OBJECT_NAMES = labels.chinese("object_type")
LIMIT_DEFAULTS = {
    "verify_dispatch_hours": 0.5,
    "verify_hours": 1.0,
    "register_hours": 1.0,
    "dispatch_hours": 1.0,
    "check_dispatch_hours": 0.5,
    "check_hours": 2.0,
    "close_hours": 1.0,
    "repeat_days": 30.0,  # not hours: a request repeated within this many days (重复诉求)
}
PERIOD_RE = re.compile(r"^(\d{4})(?:-(\d{2})|-Q([1-4]))?$")


class RubricError(ValueError):
    """A rubric file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Rubric:
    text: str  # the TOML it was parsed from, stored with the scores it produced
    version: str
    name: str
    grades: list[tuple[str, float]]  # (grade, minimum composite), best first
    steps: dict[str, list[tuple[float, float]]]  # count indicator → (threshold per month, score)
    indicators: pl.DataFrame  # object_type, indicator, weight, kind, direction
    unavailable: dict[str, list[str]]
    limits: dict[str, float]
    relative: frozenset[str] = frozenset()  # count indicators whose thresholds are multiples of the peers' median
    name_en: str = ""  # the rubric's name in English (optional in the file; the Chinese name otherwise)

    def title(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name

    def post_limits(self) -> dict[str, float]:
        """Every post time limit the indicator SQL binds: the rubric's [limits] over the defaults."""
        return {k: self.limits.get(k, v) for k, v in LIMIT_DEFAULTS.items()}


def load_rubric(path: Path | None = None) -> Rubric:
    """Read, parse and validate a rubric file (default: the shipped default rubric)."""
    path = path or RUBRICS / "default.toml"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RubricError(f"rubric {path}: {exc}") from exc
    return parse_rubric(text, path.name)


def parse_rubric(text: str, label: str) -> Rubric:
    """Parse and validate a rubric's TOML text (weights sum to 100, only known indicators and
    objects); errors name ``label`` (the file) and the key."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RubricError(f"rubric {label}: {exc}") from exc

    def fail(key: str, why: str) -> RubricError:
        return RubricError(f"rubric {label}: key '{key}': {why}")

    for key in ("version", "grades", "object"):
        if key not in raw:
            raise fail(key, "missing")
    rows = []
    for obj, spec in raw["object"].items():
        if obj not in OBJECT_TYPES:
            raise fail(f"object.{obj}", f"unknown object type (known: {', '.join(OBJECT_TYPES)})")
        total = 0.0
        for i, ind in enumerate(spec.get("indicators", [])):
            where = f"object.{obj}.indicators[{i}]"
            if ind.get("id") not in INDICATORS:
                raise fail(f"{where}.id", f"unknown indicator {ind.get('id')!r}")
            kind = ind.get("kind", "rate")
            if kind not in ("rate", "count"):
                raise fail(f"{where}.kind", "use 'rate' or 'count'")
            if kind == "count" and ind["id"] not in raw.get("steps", {}):
                raise fail(f"{where}.id", f"count indicator {ind['id']!r} has no [steps.{ind['id']}] thresholds")
            direction = ind.get("direction", "higher")
            if direction not in ("higher", "lower"):
                raise fail(f"{where}.direction", "use 'higher' or 'lower'")
            weight = float(ind.get("weight", -1))
            if weight < 0:
                raise fail(f"{where}.weight", "missing or negative")
            total += weight
            rows.append({"object_type": obj, "indicator": ind["id"], "weight": weight, "kind": kind, "direction": direction})
        if abs(total - 100.0) > 1e-6:
            raise fail(f"object.{obj}.indicators", f"weights sum to {total:g}, not 100")
        for name in spec.get("unavailable", []):
            if name not in INDICATORS:
                raise fail(f"object.{obj}.unavailable", f"unknown indicator {name!r}")
    for k, v in raw.get("limits", {}).items():
        if k not in LIMIT_DEFAULTS:
            raise fail(f"limits.{k}", f"unknown limit (known: {', '.join(LIMIT_DEFAULTS)})")
        if not isinstance(v, int | float) or v <= 0 or (k == "repeat_days" and v != int(v)):
            raise fail(f"limits.{k}", "a positive number" + (" of whole days" if k == "repeat_days" else " of working hours"))
    grades = sorted(((g, float(v)) for g, v in raw["grades"].items()), key=lambda x: -x[1])
    for k, v in raw.get("steps", {}).items():
        if not isinstance(v.get("relative", False), bool):
            raise fail(f"steps.{k}.relative", "true (thresholds are multiples of the peers' median) or false (absolute monthly counts)")
    steps = {k: sorted(((float(a), float(b)) for a, b in v["thresholds"]), key=lambda x: -x[0]) for k, v in raw.get("steps", {}).items()}
    return Rubric(
        text=text,
        version=str(raw["version"]),
        name=str(raw.get("name", raw["version"])),
        grades=grades,
        steps=steps,
        indicators=pl.DataFrame(rows),
        unavailable={o: list(s.get("unavailable", [])) for o, s in raw["object"].items()},
        limits={k: float(v) for k, v in raw.get("limits", {}).items()},
        relative=frozenset(k for k, v in raw.get("steps", {}).items() if v.get("relative", False)),
        name_en=str(raw.get("name_en", "")),
    )


def period_bounds(period: str) -> tuple[dt.datetime, dt.datetime, int]:
    """[start, end) and the number of months of '2025-03', '2025-Q1' or '2025'."""
    m = PERIOD_RE.match(period)
    if not m:
        raise ValueError(f"period {period!r}: use YYYY-MM, YYYY-Qn or YYYY")
    year = int(m.group(1))
    if m.group(2):
        month, months = int(m.group(2)), 1
        if not 1 <= month <= 12:
            raise ValueError(f"period {period!r}: month out of range")
    elif m.group(3):
        month, months = (int(m.group(3)) - 1) * 3 + 1, 3
    else:
        month, months = 1, 12
    start = dt.datetime(year, month, 1)
    end_month = month - 1 + months
    end = dt.datetime(year + end_month // 12, end_month % 12 + 1, 1)
    return start, end, months


def previous_period(period: str) -> str:
    """The period before: 2025-03 → 2025-02, 2025-Q1 → 2024-Q4, 2025 → 2024."""
    start, _, months = period_bounds(period)
    before = start - dt.timedelta(days=1)
    if months == 1:
        return f"{before.year}-{before.month:02d}"
    if months == 3:
        return f"{before.year}-Q{(before.month - 1) // 3 + 1}"
    return str(before.year)


def all_periods(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every month with cases due, and their quarters and years."""
    months = sql.query(con, "assessment/periods")["month"].to_list()
    quarters = sorted({f"{m[:4]}-Q{(int(m[5:7]) - 1) // 3 + 1}" for m in months})
    years = sorted({m[:4] for m in months})
    return months + quarters + years


def indicators(con: duckdb.DuckDBPyConnection, period: str, rubric: Rubric, worktime: WorktimeSettings | None = None) -> pl.DataFrame:
    """The period's indicators: those of the case loop, then those that need the grid base data
    (patrols are judged on the configured working days of the period)."""
    start, end, _ = period_bounds(period)
    frame = sql.query(
        con,
        "assessment/indicators",
        start=start,
        end=end,
        **rubric.post_limits(),
    )
    days = workdays(start, end, worktime or settings(None).worktime)["day"].to_list()
    base = sql.query(con, "assessment/base_indicators", start=start, end=end, workdays=days)
    return pl.concat([frame, base], how="vertical_relaxed").with_columns(pl.lit(period).alias("period"))


def workdays(start: dt.datetime, end: dt.datetime, worktime: WorktimeSettings) -> pl.DataFrame:
    """The working days in [start, end) by the configured calendar (statutory holidays and
    make-up working days included): what patrol coverage counts as days a grid is to be walked."""
    from warehouse.worktime import calendar_from_config

    first, last = start.date(), (end - dt.timedelta(days=1)).date()
    cal = calendar_from_config(worktime, first, last)
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    return pl.DataFrame({"day": [d for d, on in zip(days, cal.is_workday, strict=True) if on]}, schema={"day": pl.Date})


def units_behind(
    con: duckdb.DuckDBPyConnection, period: str, object_type: str, object_code: str, indicator: str, worktime: WorktimeSettings
) -> pl.DataFrame:
    """What one base-data indicator value counted (pages/assessment_units.sql): grid-days,
    components or cases, from the same units assessment/base_indicators.sql adds up."""
    start, end, _ = period_bounds(period)
    days = workdays(start, end, worktime)["day"].to_list()
    params = {"start": start, "end": end, "workdays": days, "object_type": object_type, "object_code": object_code}
    return sql.query(con, "pages/assessment_units", indicator=indicator, **params)


def cases_behind_params(period: str, object_type: str, object_code: str, indicator: str, rubric: Rubric) -> dict[str, Any]:
    """The bound parameters of ``pages/assessment_cases.sql`` (the cases behind one indicator
    value): the page's drill-down and the report's list of late cases bind the same ones."""
    start, end, _ = period_bounds(period)
    return {
        "start": start,
        "end": end,
        "object_type": object_type,
        "object_code": object_code,
        "indicator": indicator,
        **rubric.post_limits(),
    }


def score(ind: pl.DataFrame, rubric: Rubric, months: int) -> pl.DataFrame:
    """Scores, composites (over the indicators that have a value, weights re-normalised),
    grades and ranks for one period's indicator table."""
    # every indicator is kept (for drill-down and reports); only the rubric's ones get a score
    scored = ind.filter(pl.col("object_type").is_in(rubric.indicators["object_type"].unique().to_list())).join(
        rubric.indicators, on=["object_type", "indicator"], how="left"
    )
    rate_score = pl.when(pl.col("direction") == "lower").then((1 - pl.col("value")) * 100).otherwise(pl.col("value") * 100).clip(0, 100)
    step_score = pl.lit(None, dtype=pl.Float64)
    # the peers' median of each count in the period (relative steps): a unit is measured against
    # units of its own type, not against one district's monthly volume
    peers = pl.col("value").median().over("period", "object_type", "indicator")
    for name, steps in rubric.steps.items():
        expr = pl.lit(0.0)
        measure = pl.col("value") / pl.when(peers > 0).then(peers).otherwise(None) if name in rubric.relative else pl.col("value")
        scale = 1 if name in rubric.relative else months
        for threshold, points in sorted(steps):  # ascending: the highest reached threshold wins
            expr = pl.when(measure >= threshold * scale).then(pl.lit(points)).otherwise(expr)
        step_score = pl.when(pl.col("indicator") == name).then(expr).otherwise(step_score)
    scored = scored.with_columns(
        pl.when(pl.col("value").is_null() | pl.col("weight").is_null())
        .then(None)
        .when(pl.col("kind") == "count")
        .then(step_score)
        .otherwise(rate_score)
        .alias("score")
    )
    objects = (
        scored.filter(pl.col("score").is_not_null())
        .group_by("period", "object_type", "object_code")
        .agg(((pl.col("score") * pl.col("weight")).sum() / pl.col("weight").sum()).alias("composite"))
    )
    grade = pl.lit(rubric.grades[-1][0])
    for name, minimum in reversed(rubric.grades):
        grade = pl.when(pl.col("composite") >= minimum).then(pl.lit(name)).otherwise(grade)
    objects = objects.with_columns(
        grade.alias("grade"),
        pl.col("composite").rank("min", descending=True).over("period", "object_type").cast(pl.Int32).alias("rank"),
    )
    return scored.join(objects, on=["period", "object_type", "object_code"], how="left").select(
        "period",
        "object_type",
        "object_code",
        "indicator",
        "numerator",
        "denominator",
        "value",
        "score",
        "weight",
        "composite",
        "grade",
        "rank",
        pl.lit(rubric.version).alias("rubric_version"),
        "note",
    )


def compute(
    con: duckdb.DuckDBPyConnection, periods: list[str], rubric: Rubric, snapshot_id: int, worktime: WorktimeSettings | None = None
) -> pl.DataFrame:
    parts = [score(indicators(con, p, rubric, worktime), rubric, period_bounds(p)[2]) for p in periods]
    out = pl.concat(parts) if parts else pl.DataFrame()
    return out.with_columns(pl.lit(snapshot_id, dtype=pl.Int64).alias("snapshot_id")) if out.height else out


@applier("assess")
def _write_scores(con: duckdb.DuckDBPyConnection, snapshot_id: int, change: Change) -> int:
    scores = change.frames["scores"]
    if scores.height == 0:
        return 0
    con.register("scores_frame", arrow_of(scores))
    sql.run_file(con, "assessment/new_scores")
    con.unregister("scores_frame")
    sql.run_file(con, "assessment/replace_scores")
    if "coverage" in change.frames and change.frames["coverage"].height:  # changes journalled before coverage lack it
        con.register("coverage_frame", arrow_of(change.frames["coverage"]))
        sql.run_file(con, "assessment/replace_coverage")
        con.unregister("coverage_frame")
    if "rubric_toml" in change.params:  # changes journalled before rubrics were stored lack it
        sql.run_file(
            con,
            "assessment/replace_rubrics",
            periods=sorted(set(scores["period"].to_list())),
            version=change.params["rubric_version"],
            rubric_name=change.params["rubric_name"],
            toml=change.params["rubric_toml"],
            snapshot_id=int(scores["snapshot_id"][0]),
        )
    return scores.height


def rubric_from(stored: pl.DataFrame, period: str) -> Rubric:
    """The rubric in a ``pages/assessment_rubric`` result; the default rubric for scores
    written before rubrics were stored with them."""
    return parse_rubric(stored["rubric_toml"][0], f"stored rubric of {period}") if stored.height else load_rubric()


def rubric_of(con: duckdb.DuckDBPyConnection, period: str) -> Rubric:
    """The rubric a period's stored scores were computed with."""
    return rubric_from(sql.query(con, "pages/assessment_rubric", period=period), period)


def assess(data: Path, periods: list[str] | None = None, rubric: Rubric | None = None) -> tuple[int, int, list[str]]:
    """Compute and publish scores (default rubric: the shipped one); returns (snapshot id written,
    rows, periods)."""
    rubric = rubric or load_rubric()
    store = Store(data)
    snap = store.current()
    if snap is None:
        raise FileNotFoundError(f"no warehouse in {data}: load data first")
    with store.reader() as con:
        chosen = periods or all_periods(con)
        if not chosen:
            raise ValueError(
                "nothing to assess: no case has both a registration time and a deadline (due_at), so no period can be"
                " scored; map them in the source's profile (columns.registered_at, columns.due_at) if the source records them"
            )
        for p in chosen:
            period_bounds(p)  # validate before any work
        coverage = pl.concat([period_coverage(con, p) for p in chosen], how="vertical_relaxed")
        # only periods the data covers are scored: a month with no report in it is not a month of 0
        covered = coverage.filter(pl.col("days_with_data") > 0)
        if covered.height == 0:
            raise ValueError(f"nothing to assess: the data has no reports in {', '.join(chosen)}")
        chosen = covered["period"].to_list()
        scores = compute(con, chosen, rubric, snap.snapshot_id, settings(data).worktime)
    params = {"periods": chosen, "rubric_version": rubric.version, "rubric_name": rubric.name, "rubric_toml": rubric.text}
    frames = {"scores": scores, "coverage": covered.with_columns(pl.lit(snap.snapshot_id, dtype=pl.Int64).alias("snapshot_id"))}
    new_id, rows = store.apply(Change("assess", params, frames))
    return new_id, rows, chosen


def period_coverage(con: duckdb.DuckDBPyConnection, period: str) -> pl.DataFrame:
    """What the data covers of one period (schema/19): complete or partial, days with reports,
    and over its due cases the shares closed and with a recorded disposal stage. One row."""
    start, end, _ = period_bounds(period)
    return sql.query(con, "assessment/coverage", start=start, end=end).with_columns(pl.lit(period).alias("period"))


def partial_periods(con: duckdb.DuckDBPyConnection, periods: list[str]) -> list[str]:
    """Which of ``periods`` were scored on part of their days (the data starts or ends inside)."""
    frame = sql.query(con, "assessment/partial_periods", periods=periods)
    return frame["period"].to_list()


def touched_periods(data: Path, run_id: int) -> list[str]:
    """The periods (months, their quarters and years) whose scores a load changed: the due
    months of the cases it wrote, and the months whose requests they may repeat. The first load of a warehouse scores them too, so a new user
    sees scores without a separate `warehouse assess`."""
    with Store(data).reader() as con:
        repeat_days = load_rubric().post_limits()["repeat_days"]  # assess() scores with the shipped rubric too
        months = sql.query(con, "assessment/touched_months", run_id=run_id, repeat_days=repeat_days)["month"].to_list()
    quarters = sorted({f"{m[:4]}-Q{(int(m[5:7]) - 1) // 3 + 1}" for m in months})
    return months + quarters + sorted({m[:4] for m in months})


def bottom_reasons(scores: pl.DataFrame, period: str, object_type: str, n: int = 3, lang: str = "zh") -> list[tuple[str, float, str]]:
    """The bottom n objects with a reason naming the indicators and counts that cost the most
    points, as the monthly 通报 do: (object_code, composite, reason), in Chinese or English."""
    part = scores.filter((pl.col("period") == period) & (pl.col("object_type") == object_type) & pl.col("score").is_not_null())
    if part.height == 0:
        return []
    zh = lang == "zh"
    cases, lost_word = (" 件", "，扣 {:.1f} 分") if zh else (" cases", ", {:.1f} points lost")
    objects = part.group_by("object_code").agg(pl.col("composite").first()).sort("composite", "object_code").head(n)
    out = []
    for code, composite in objects.iter_rows():
        rows = part.filter(pl.col("object_code") == code).with_columns(((100 - pl.col("score")) * pl.col("weight") / 100).alias("lost"))
        words = []
        for r in rows.sort("lost", descending=True).head(2).iter_rows(named=True):
            if r["lost"] <= 0:
                continue
            name = labels.label("indicator", r["indicator"], lang)
            if r["indicator"].endswith("_count"):
                amount = f"{int(r['value'] or 0)}{cases}"
            else:
                counts = f"{int(r['numerator'] or 0)}/{int(r['denominator'] or 0)}{cases}"
                amount = f"{r['value'] * 100:.1f}%" + (f"（{counts}）" if zh else f" ({counts})")
            words.append(f"{name} {amount}{lost_word.format(r['lost'])}")
        unscored = (
            scores.filter(
                (pl.col("period") == period)
                & (pl.col("object_type") == object_type)
                & (pl.col("object_code") == code)
                & pl.col("score").is_null()
                & pl.col("weight").is_not_null()
                & pl.col("note").is_not_null()
            )
            if "note" in scores.columns
            else scores.clear()
        )
        text = ("；" if zh else "; ").join(words) or ("各项指标均未失分" if zh else "no points lost")
        if unscored.height:  # said, so a reader knows the weights were rescaled and why
            names = ("、" if zh else ", ").join(labels.label("indicator", i, lang) for i in unscored["indicator"].to_list())
            why = labels.label("na_note", unscored["note"][0], lang)
            text += f"（{names}：{why}，权重按比例分摊）" if zh else f" ({names}: {why}; weights rescaled)"
        out.append((code, composite, text))
    return out
