"""Plotly figures shared by pages; every label comes from i18n."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard.i18n import column_labels, t, value_label
from models.results import COVERAGE_KEYS, BacktestResult
from warehouse import labels


def trend_vs_previous(current: pl.DataFrame, previous: pl.DataFrame, lang: str, height: int = 300) -> go.Figure:
    """This period's counts with the previous period's aligned by position (bucket 1 vs 1 …)."""
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(x=current["bucket"].to_list(), y=current["cases"].to_list(), name=t("this_period", lang), mode="lines+markers")
    )
    n = min(current.height, previous.height)
    if n:
        fig.add_trace(
            go.Scatter(
                x=current["bucket"].to_list()[-n:],
                y=previous["cases"].to_list()[-n:],
                name=t("previous_period", lang),
                mode="lines",
                line={"dash": "dot"},
            )
        )
    fig.update_layout(
        height=height,
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        yaxis_title=t("cases", lang),
        legend={"orientation": "h", "y": -0.2},
        xaxis={"tickformat": "%Y-%m-%d" if lang == "zh" else "%d %b"},
    )
    return fig


def dow_hour_heatmap(frame: pl.DataFrame, lang: str, height: int = 320) -> go.Figure:
    grid = [[0] * 24 for _ in range(7)]
    for dow, hour, n in frame.select("dow", "hour", "cases").iter_rows():
        grid[int(dow) - 1][int(hour)] = int(n)
    fig = go.Figure(
        go.Heatmap(
            z=grid,
            x=[f"{h:02d}" for h in range(24)],
            y=[value_label("weekday", str(d), lang) for d in range(1, 8)],
            colorscale="YlOrRd",
            colorbar={"title": t("cases", lang)},
            hovertemplate=f"{t('weekday', lang)} %{{y}} %{{x}}{t('hour', lang)}: %{{z}}<extra></extra>",
        )
    )
    fig.update_layout(height=height, margin={"l": 0, "r": 0, "t": 10, "b": 0}, yaxis={"autorange": "reversed"}, xaxis_title=t("hour", lang))
    return fig


def backtest_table(result: BacktestResult, horizon: str, lang: str) -> pl.DataFrame:
    """One row per method: hit rate, PAI and PEI at 1/5/10 % and the Poisson deviance, headed
    in the UI language (PAI and PEI are the field's names in both)."""
    rows = []
    for method, entry in result.methods.items():
        r = entry.horizons.get(horizon)
        if r is None:
            continue
        row: dict[str, object] = {
            "method": labels.label("method", method, lang),
            "method_kind": labels.label("method_kind", entry.kind, lang),
        }
        for c in COVERAGE_KEYS:
            row |= {
                f"hit {c}": round(r.coverage[c].hit_rate, 3),
                f"PAI {c}": round(r.coverage[c].pai, 2),
                f"PEI {c}": round(r.coverage[c].pei, 3),
            }
        rows.append(row | {"deviance": round(r.poisson_deviance, 3), "flagged_with_case": round(r.flagged_event_share, 3)})
    frame = pl.DataFrame(rows)
    return frame.rename({c: f"{t('hit_rate_short', lang)} {c[4:]}" if c.startswith("hit ") else c for c in frame.columns}).rename(
        column_labels([c for c in frame.columns if not c.startswith("hit ")], lang)
    )


def coverage_curves(
    result: BacktestResult, horizon: str, measure: str, title: str, x_title: str, lang: str, height: int = 360
) -> go.Figure:
    """Hit rate (or PAI = hit rate ÷ coverage) against the share of area covered, per method."""
    fig = go.Figure()
    for method, entry in result.methods.items():
        r = entry.horizons.get(horizon)
        if r is None:
            continue
        x = [c for c, _ in r.curve]
        y = [h if measure == "hit_rate" else h / c for c, h in r.curve]
        dash = "solid" if entry.kind == "learned" else "dash"
        fig.add_trace(go.Scatter(x=x, y=y, mode="lines", name=labels.label("method", method, lang), line={"dash": dash}))
    fig.update_layout(title=title, xaxis_title=x_title, xaxis_tickformat=".0%", height=height, margin={"l": 10, "r": 10, "t": 40, "b": 10})
    return fig
