"""python -m models: backtest | train | score | alerts | review (see README)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

import duckdb

from models import alerts, hotspot, refresh, text
from models.results import COVERAGE_KEYS, BacktestResult
from models.review_store import DISMISS_REASONS, Decision, LinkReviewStore, ReviewError, ReviewStore
from orchestration.cli import Cli, UsageError
from warehouse import audit, sql
from warehouse.db import Store
from warehouse.operational import default_url


def _table(result: BacktestResult) -> str:
    p = result.panel
    lines = [f"{p['cells']}: {p['grids']} cells, {p['steps']} steps of {p['step_days']} d"]
    if "area_km2" in p:
        lines.append(f"shares of area (coverage, PAI) are of the cells' {p['area_km2']:,.2f} km²")
    for h, w in result.horizons.items():
        lines.append(f"horizon {h}: {w.origins} origins {w.first_origin} … {w.last_origin} (evaluated until {w.evaluated_until})")
    lines.append(
        f"{'method':<16}{'h':>3}"
        + "".join(f"{'hit ' + c:>10}{'PAI ' + c:>10}{'PEI ' + c:>10}" for c in COVERAGE_KEYS)
        + f"{'deviance':>10}"
    )
    for m, e in result.methods.items():
        for h, r in e.horizons.items():
            if r is None:
                continue
            cells = "".join(f"{r.coverage[c].hit_rate:>10.3f}{r.coverage[c].pai:>10.2f}{r.coverage[c].pei:>10.3f}" for c in COVERAGE_KEYS)
            lines.append(f"{m:<16}{h:>3}{cells}{r.poisson_deviance:>10.3f}")
    c = result.chosen

    def num(x: float | None) -> str:
        return "—" if x is None else f"{x:.2f}"

    margin = f", margin {num(c.margin)} (10–90 %: {num(c.margin_p10)} … {num(c.margin_p90)})" if c.margin is not None else ""
    learned = (
        f"learned {c.learned} {num(c.learned_pai)}, better in {c.learned_wins} of {c.origins_compared} origins{margin}"
        if c.learned
        else "no learned model"
    )
    lines.append(
        f"chosen at horizon {c.horizon}: {c.method} (PAI 5% {num(c.pai)}; best baseline {c.best_baseline} {num(c.best_baseline_pai)}; {learned}; used: {c.learned_used})"
    )
    return "\n".join(lines)


WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _need_warehouse(data: Path) -> None:
    if Store(data).current() is None:
        raise UsageError(f"no warehouse in {data}: load data first (python -m pipelines demo --load)")


def cmd_backtest(args: argparse.Namespace, data: Path) -> int:
    _need_warehouse(data)
    methods = tuple(args.method) if args.method else hotspot.BASELINES + hotspot.LEARNED
    until = dt.date.fromisoformat(args.until) if args.until else None
    result = refresh.run_backtest(
        data,
        args.step,
        args.cell,
        tuple(args.horizon or (1, 4)),
        args.origins,
        args.window,
        methods,
        WEEKDAYS.index(args.week_start),
        until,
    )
    print(json.dumps(result.to_json(), ensure_ascii=False) if args.format == "json" else _table(result))
    return 0


def cmd_train(args: argparse.Namespace, data: Path) -> int:
    _need_warehouse(data)
    result = refresh.run_train(data)
    if args.format == "json":
        print(json.dumps(result.to_json(), ensure_ascii=False))
        return 0
    print(f"dispute escalation: train {result.train.n} ({result.train.start} … {result.train.to}), test {result.test.n}")
    for name, r in (("model", result.model), ("rule_baseline", result.rule_baseline)):
        print(f"{name:<14} ROC-AUC {r.roc_auc:.3f}  PR-AUC {r.pr_auc:.3f}  Brier {r.brier:.4f}  (base rate {r.base_rate:.3f})")
    return 0


def _need_window(args: argparse.Namespace, data: Path) -> None:
    """A warehouse, and a window of at least one day (suggest, hot, incidents)."""
    _need_warehouse(data)
    if args.days < 1:
        raise UsageError("--days: at least 1")


def _text_table(results: dict) -> str:
    """The text evaluation as a dispatcher's supervisor reads it: each method's scores, how often
    a confident suggestion is right, and the labels the model gets wrong most."""

    def pct(x: float | None) -> str:
        return "—" if x is None else f"{x * 100:.1f}%"

    lines = []
    for target, r in results.items():
        if r.status != "ok":
            lines.append(f"{target}: {r.message}")
            continue
        lines.append(
            f"{target}: train {r.train['n']:,} texts ({r.train['first']} … {r.train['last']}, {r.train['labels']} labels), "
            f"test {r.test['n']:,} ({r.test['first']} … {r.test['last']}; {r.test['unseen_cases']} with a label unseen in training)"
        )
        lines.append(f"  {'method':<20}{'accuracy':>10}{'macro-F1':>10}{'top-3':>10}")
        for m, sc in r.methods.items():
            lines.append(f"  {m:<20}{pct(sc.accuracy):>10}{pct(sc.macro_f1):>10}{pct(sc.top3_accuracy):>10}")
        c = r.confident
        lines.append(
            f"  chosen {r.chosen}; suggestions with p ≥ {c['threshold']}: {pct(c['share'])} of cases, right in {pct(c['accuracy'])}; "
            f"fit {r.fit_seconds:.1f} s, {r.predict_rows_per_s:,.0f} texts/s"
        )
        if r.routing:
            g = r.routing
            lines.append(
                f"  routing ({g['cases']:,} test cases, judged by the final department): real dispatch right first time "
                f"{pct(g['dispatch_first_time'])} ({g['returned']:,} returned); suggestion {pct(g['suggestion'])}, "
                f"on the returned cases {pct(g['suggestion_on_returned'])}"
            )
        for w in r.worst_confusions:
            confused = ", ".join(f"{x['name'] or x['label']} ({x['n']})" for x in w["confused_with"]) or "—"
            lines.append(f"  worst: {w['name'] or w['label']} F1 {pct(w['f1'])} of {w['support']} → {confused}")
    return "\n".join(lines)


def cmd_text(args: argparse.Namespace, data: Path) -> int:
    _need_warehouse(data)
    results = refresh.run_text(data, tuple(args.target) if args.target else text.TARGETS)
    if args.format == "json":
        print(json.dumps({k: v.to_json() for k, v in results.items()}, ensure_ascii=False))
    else:
        print(_text_table(results))
    return 0


def cmd_suggest(args: argparse.Namespace, data: Path) -> int:
    _need_window(args, data)
    if not 0 < args.threshold <= 1:  # also refuses nan
        raise UsageError(f"--threshold: a probability above 0 and at most 1, got {args.threshold}")
    summary = refresh.run_suggest(data, args.days, args.threshold)
    if args.format == "json":
        print(json.dumps(summary, ensure_ascii=False))
        return 0
    print(f"review window from {summary['since']}, threshold p ≥ {summary['threshold']} (snapshot {summary['snapshot_id']})")
    for target, s in summary["targets"].items():
        if isinstance(s, str):
            print(f"{target}: {s}")
        else:
            print(
                f"{target}: fitted on {s['fitted_on']:,} texts; {s['suggested']:,} cases suggested, "
                f"{s['gaps_filled']:,} without a recorded {target}, {s['disagreements']:,} possible mis-dispatches to review"
            )
    return 0


def _n(n: int, noun: str) -> str:
    """A count and its noun: 1 channel, 2 channels."""
    return f"{n} {noun}" + ("" if n == 1 else "s")


def cmd_hot(args: argparse.Namespace, data: Path) -> int:
    _need_window(args, data)
    summary = refresh.run_hot(data, args.days)
    if args.format == "json":
        print(json.dumps(summary, ensure_ascii=False))
        return 0
    print(
        f"{summary['reports']:,} reports {summary['window_start']} … {summary['window_end']}: "
        f"{summary['hot_issues']:,} hot issues of {summary['grouped_reports']:,} reports (snapshot {summary['snapshot_id']})"
    )
    for h in summary["top"]:
        print(
            f"  heat {h['heat']:6.1f}  {h['reports']:3d} reports, {_n(h['reporters'], 'reporter')}, {_n(h['channels'], 'channel')}, "
            f"growth {h['growth']:.2f}  grid {h['grid_code']}  {h['first_at'][:10]} … {h['last_at'][:10]}  {h['text']}"
        )
    return 0


def cmd_incidents(args: argparse.Namespace, data: Path) -> int:
    _need_window(args, data)
    summary = refresh.run_incidents(data, args.days)
    if args.format == "json":
        print(json.dumps(summary, ensure_ascii=False))
        return 0
    links = ", ".join(f"{n:,} {status}" for status, n in sorted(summary["links"].items())) or "none"
    print(
        f"{summary['reports']:,} located reports {summary['window_start']} … {summary['window_end']}: links {links}; "
        f"{summary['incidents']:,} incidents of {summary['reports_in_incidents']:,} reports (snapshot {summary['snapshot_id']})"
    )
    print(_link_evaluation(summary["evaluation"]))
    return 0


def _link_evaluation(e: dict) -> str:
    """How the link confidence was chosen and how it did on the time split, against the marks."""
    if e["status"] != "ok":
        return f"confidence: the rule ({e['message']})"

    def line(name: str, m: dict) -> str:
        precision = "—" if m["precision"] is None else f"{m['precision'] * 100:.1f}%"
        return (
            f"  {name:<8} linked {m['linked']:,} (precision {precision}, recall {m['recall'] * 100:.1f}%), "
            f"to review {m['queued']:,} (recall with review {m['recall_with_review'] * 100:.1f}%)"
        )

    return "\n".join(
        [
            f"confidence: {e['confidence']} from {e['train_marked']:,} marked of {e['train_pairs']:,} candidate pairs; "
            f"judged on the {e['test_pairs']:,} pairs after {e['cut']} against {e['test_marks']:,} marked repeats",
            line("learned", e["learned"]),
            line("rule", e["rule"]),
        ]
    )


def cmd_link_review(args: argparse.Namespace, data: Path) -> int:
    _need_warehouse(data)
    with Store(data).reader() as con:
        try:
            found = sql.scalar(con, "model_outputs/link_exists", link_id=args.link_id)
        except duckdb.CatalogException:
            found = False
    if not found:
        raise ReviewError(f"link_id: no published incident link {args.link_id!r} (run python -m models incidents)")
    store = LinkReviewStore(default_url(data))
    review_id = store.record(args.link_id, args.action, args.reviewer, args.note)
    store.dispose()
    audit.record(
        data,
        audit.os_actor(),
        "incident_link_review",
        args.link_id,
        {"review_id": review_id, "action": args.action, "reviewer": args.reviewer},
    )
    print(f"review {review_id}: {args.link_id} {args.action} (applied by the next python -m models incidents)")
    return 0


def _alerts(args: argparse.Namespace, data: Path, forecast_only: bool) -> int:
    _need_warehouse(data)
    summary = alerts.run(data, forecast_only=forecast_only)
    print(json.dumps(summary, ensure_ascii=False) if args.format == "json" else "  ".join(f"{k}={v}" for k, v in summary.items()))
    return 0


def cmd_score(args: argparse.Namespace, data: Path) -> int:
    return _alerts(args, data, forecast_only=True)


def cmd_alerts(args: argparse.Namespace, data: Path) -> int:
    return _alerts(args, data, forecast_only=False)


def cmd_review(args: argparse.Namespace, data: Path) -> int:
    _need_warehouse(data)
    with Store(data).reader() as con:
        try:
            found = sql.scalar(con, "model_outputs/alert_exists", alert_id=args.alert_id)
        except duckdb.CatalogException:
            found = False
    if not found:
        raise ReviewError(f"alert_id: no published alert {args.alert_id!r} (run python -m models alerts)")
    store = ReviewStore(default_url(data))
    due = dt.date.fromisoformat(args.due) if args.due else None
    review_id = store.record(Decision(args.alert_id, args.action, args.reviewer, args.reason, args.assignee, due, args.note))
    detail = {
        "review_id": review_id,
        "action": args.action,
        "reviewer": args.reviewer,
        "reason_code": args.reason,
        "assignee": args.assignee,
    }
    audit.record(data, audit.os_actor(), "alert_review", args.alert_id, detail)
    print(f"review {review_id}: {args.alert_id} {args.action}")
    return 0


def build() -> Cli:
    cli = Cli("python -m models", "Hotspot forecasts, dispute escalation risk and alerts.", (ReviewError,))
    b = cli.command(
        "backtest", "rolling-origin backtest of every hotspot method (hit rate, PAI, PEI)", cmd_backtest, formats=("table", "json")
    )
    b.epilog = (
        "An origin is a point in time: every method sees only the steps before it and forecasts the next HORIZON steps, "
        "which are then compared with what happened. ORIGINS origins, one step apart, end where the data (or --until) ends; "
        "the scores are means over them. WINDOW is how many steps of history the baselines look back."
    )
    b.add_argument("--step", choices=["week", "day"], default="week", help="time step of the panel")
    b.add_argument("--week-start", choices=WEEKDAYS, default="mon", help="the weekday weeks start on (default mon)")
    b.add_argument("--until", metavar="YYYY-MM-DD", help="evaluate only up to the day before this date (default: the last complete step)")
    b.add_argument("--horizon", type=int, action="append", help="steps ahead (repeatable; default 1 and 4)")
    b.add_argument("--origins", type=int, default=52, help="number of rolling origins, one step apart (default 52)")
    b.add_argument("--window", type=int, default=8, help="steps of history the baselines look back (default 8)")
    b.add_argument("--cell", type=float, help="square cells of this many metres instead of the loaded grids")
    b.add_argument("--method", action="append", choices=hotspot.BASELINES + hotspot.LEARNED, help="limit to methods (repeatable)")
    cli.command("train", "fit and evaluate the dispute escalation model on a time split", cmd_train, formats=("table", "json"))
    x = cli.command(
        "text", "evaluate category and department suggestion from case text on a time split", cmd_text, formats=("table", "json")
    )
    x.add_argument("--target", action="append", choices=list(text.TARGETS), help="limit to targets (repeatable; default all)")
    g = cli.command(
        "suggest",
        "publish text_suggestions: a category and department for cases without one, and possible mis-dispatches of the last days",
        cmd_suggest,
        formats=("table", "json"),
    )
    g.add_argument("--days", type=int, default=30, help="review window: cases reported in the last DAYS days (default 30)")
    g.add_argument(
        "--threshold", type=float, default=text.CONFIDENT, help="probability a suggestion needs to question a recorded label (default 0.8)"
    )
    hot = cli.command(
        "hot", "publish hot_issues: similar reports grouped by grid, time and text, with their heat", cmd_hot, formats=("table", "json")
    )
    hot.add_argument("--days", type=int, default=30, help="the window: reports of the last DAYS days (default 30)")
    inc = cli.command(
        "incidents",
        "publish incident_links and case_incidents: reports of one incident (一事多报) linked",
        cmd_incidents,
        formats=("table", "json"),
    )
    inc.add_argument("--days", type=int, default=30, help="the window: reports of the last DAYS days (default 30)")
    lr = cli.command("link-review", "record a decision on an uncertain incident link", cmd_link_review)
    lr.add_argument("link_id")
    lr.add_argument("--action", required=True, choices=["confirm", "split"])
    lr.add_argument("--reviewer", required=True)
    lr.add_argument("--note")
    cli.command("score", "publish hotspot_forecast with the backtest's winning method", cmd_score, formats=("table", "json"))
    cli.command("alerts", "score and refresh risk_alerts", cmd_alerts, formats=("table", "json"))
    r = cli.command("review", "record a review decision on an alert", cmd_review)
    r.add_argument("alert_id")
    r.add_argument("--action", required=True, choices=["confirm", "dismiss", "escalate"])
    r.add_argument("--reviewer", required=True)
    r.add_argument("--reason", choices=list(DISMISS_REASONS), help="dismissal reason code")
    r.add_argument("--assignee")
    r.add_argument("--due", help="due date for an escalation (YYYY-MM-DD)")
    r.add_argument("--note")
    return cli


def main(argv: list[str] | None = None) -> int:
    return build().main(argv)
