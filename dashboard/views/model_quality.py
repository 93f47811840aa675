"""模型评估 (model quality): every hotspot method's hit rate and PAI against area covered, the
baselines beside the learned model, which one the alerts use and why, and the dispute model's
calibration against its rule baseline — the evidence reviewers need to trust the flags."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard import auth, charts, data
from dashboard.i18n import cells_label, t, table, version_label
from dashboard.state import language
from warehouse import labels

lang = language()
user = auth.require("models")
st.title(t("page_models", lang))

result = data.backtest_result("week")
st.subheader(t("backtest_title", lang))
if result is None:
    st.info(t("no_backtest", lang))
else:
    horizons = list(result.horizons)
    h = st.radio(t("horizon", lang), horizons, horizontal=True, key="model_horizon")
    w = result.horizons[h]
    st.caption(
        t(
            "backtest_window",
            lang,
            cells=cells_label(result.panel["cells"], lang),
            grids=result.panel["grids"],
            h=h,
            n=w.origins,
            first=w.first_origin,
            last=w.last_origin,
        )
        + f" · {version_label(result.version, lang)} · {t('snapshot_word', lang)} {result.snapshot_id or '—'}"
    )
    c = result.chosen
    if c.learned_used and c.pai is not None and c.best_baseline_pai:
        gain = c.pai / c.best_baseline_pai - 1
        st.success(
            t(
                "chosen_learned",
                lang,
                method=labels.label("method", c.method or "—", lang),
                pai=c.pai,
                baseline=labels.label("method", c.best_baseline or "—", lang),
                bpai=c.best_baseline_pai,
                gain=gain,
            )
        )
    else:
        st.info(
            t(
                "chosen_baseline",
                lang,
                method=labels.label("method", c.method or "—", lang),
                pai=c.pai,
                learned=labels.label("method", c.learned, lang) if c.learned else "—",
                lpai=c.learned_pai or 0,
            )
        )
    st.dataframe(charts.backtest_table(result, h, lang), hide_index=True, width="stretch")
    left, right = st.columns(2)
    left.plotly_chart(charts.coverage_curves(result, h, "hit_rate", t("hit_curve", lang), t("coverage", lang), lang), width="stretch")
    right.plotly_chart(charts.coverage_curves(result, h, "pai", t("pai_curve", lang), t("coverage", lang), lang), width="stretch")


def dispute_section() -> None:
    """The dispute model's scores and calibration against its rule baseline."""
    ev = data.dispute_evaluation()
    if ev is None:
        st.info(t("no_dispute_eval", lang))
        return
    st.caption(
        t(
            "dispute_windows",
            lang,
            tn=ev.train.n,
            tf=ev.train.start[:10],
            tt=ev.train.to[:10],
            vn=ev.test.n,
            vf=ev.test.start[:10],
            vt=ev.test.to[:10],
            days=ev.outcome_days,
        )
    )
    metrics = pl.DataFrame(
        [
            {"dispute_model": name, **{m: getattr(scores, m) for m in ("roc_auc", "pr_auc", "brier", "base_rate", "n", "positives")}}
            for name, scores in (("model", ev.model), ("rule_baseline", ev.rule_baseline))
        ]
    )
    st.dataframe(table(metrics, lang, dispute_model="dispute_model"), hide_index=True, width="stretch")
    fig = go.Figure(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", line={"dash": "dot", "color": "grey"}, name=t("ideal", lang)))
    for name, scores in (("model", ev.model), ("rule_baseline", ev.rule_baseline)):
        cal = scores.calibration
        fig.add_trace(
            go.Scatter(
                x=[r.mean_predicted for r in cal],
                y=[r.observed_rate for r in cal],
                mode="lines+markers",
                name=labels.label("dispute_model", name, lang),
                text=[f"n={r.n}" for r in cal],
            )
        )
    fig.update_layout(title=t("calibration", lang), xaxis_title=t("predicted", lang), yaxis_title=t("observed", lang), height=380)
    st.plotly_chart(fig, width="stretch")


def pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def text_section() -> None:
    """How well the case text predicts the category and the department: the model beside the
    majority label and a keyword rulebook, on the latest cases it never saw, and the labels
    it confuses (what a dispatcher should not take on trust)."""
    results = data.text_evaluation()
    if results is None:
        st.info(t("no_text_eval", lang))
        return
    target = st.radio(
        t("text_target", lang),
        list(results),
        format_func=lambda v: labels.label("text_target", v, lang),
        horizontal=True,
        key="text_target",
    )
    r = results[target]
    if r["status"] != "ok":
        st.info(r["message"])
        return
    tr, te = r["train"], r["test"]
    st.caption(
        t(
            "text_windows",
            lang,
            tn=f"{tr['n']:,}",
            tf=tr["first"][:10],
            tt=tr["last"][:10],
            fit=f"{tr['fitted_on']:,}",
            labels=tr["labels"],
            vn=f"{te['n']:,}",
            vf=te["first"][:10],
            vt=te["last"][:10],
            unseen=f"{te['unseen_cases']:,}",
        )
    )
    methods = pl.DataFrame(
        [
            {"text_method": m, "accuracy": pct(sc["accuracy"]), "macro_f1": pct(sc["macro_f1"]), "top3_accuracy": pct(sc["top3_accuracy"])}
            for m, sc in r["methods"].items()
        ]
    )
    st.dataframe(table(methods, lang, text_method="text_method"), hide_index=True, width="stretch")
    c = r["confident"]
    st.caption(
        t(
            "text_confident",
            lang,
            p=c["threshold"],
            share=pct(c["share"]),
            acc=pct(c["accuracy"]),
            chosen=labels.label("text_method", r["chosen"], lang),
        )
    )
    routing = r.get("routing") or {}
    if routing:  # department: the real dispatch and the suggestion, judged by the final department
        st.caption(
            t(
                "text_routing",
                lang,
                n=f"{routing['cases']:,}",
                first=pct(routing["dispatch_first_time"]),
                returned=f"{routing['returned']:,}",
                sugg=pct(routing["suggestion"]),
                on_returned=pct(routing["suggestion_on_returned"]),
            )
        )
    st.markdown(f"**{t('text_worst_department' if target == 'department' else 'text_worst', lang)}**")
    worst = pl.DataFrame(
        [
            {
                "label_name": w["name"] or w["label"],
                "f1": pct(w["f1"]),
                "support": w["support"],
                "confused_with": "、".join(f"{x['name'] or x['label']} ({x['n']})" for x in w["confused_with"]) or "—",
            }
            for w in r["worst_confusions"]
        ],
        schema={"label_name": pl.Utf8, "f1": pl.Utf8, "support": pl.Int64, "confused_with": pl.Utf8},
    )
    st.dataframe(table(worst, lang), hide_index=True, width="stretch")
    if target in ("category", "department"):
        review_section(target, r["confident"]["accuracy"])


def review_section(target: str, confident_accuracy: float | None) -> None:
    """The recorded choices a confident suggestion disagrees with, for a supervisor to check,
    with how often such a suggestion matched the record in the evaluation (the list is a lead
    to check, not a verdict: a model right in 60 % of its sure cases flags many correct ones)."""
    st.markdown(f"**{t('text_review_title_category' if target == 'category' else 'text_review_title', lang)}**")
    snapshot = data.current_snapshot()
    rows = data.text_disagreements(snapshot, target, user.scope_code) if snapshot is not None else pl.DataFrame()
    if rows.height == 0:
        st.caption(t("text_review_none", lang))
        return
    st.caption(t("text_review_note", lang, target=labels.label("text_target", target, lang), p=rows["threshold"][0]))
    if confident_accuracy is not None:
        st.warning(t("text_review_trust", lang, p=rows["threshold"][0], acc=pct(confident_accuracy)))
    shown = rows.select(
        "case_id",
        pl.col("reported_at").dt.strftime("%Y-%m-%d %H:%M"),
        "description",
        "recorded_name",
        "suggested_name",
        pl.col("probability").map_elements(pct, return_dtype=pl.Utf8).alias("suggestion_p"),
    )
    st.dataframe(table(shown, lang), hide_index=True, width="stretch", height=300)


st.subheader(t("dispute_model", lang))
dispute_section()
st.subheader(t("text_model", lang))
text_section()
