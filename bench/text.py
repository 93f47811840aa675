"""Text-model benchmark on a loaded warehouse (default demo: ``pipelines demo --load``):

    python bench/text.py --data /tmp/gpdef [--rows 10000] [--repeat 5]

1. Fitting the category model (the latest ``TRAIN_MAX`` labelled texts; goal < 60 s on the
   default demo).
2. Suggestions for ``--rows`` new cases (the latest ones, as they would arrive): median of
   ``--repeat`` (goal < 2 s for 10,000). References, same run and same texts: the keyword
   rulebook as a user would write it in pandas (``str.contains`` per keyword, the label with the
   most hits), and the same rulebook in plain DuckDB SQL (``contains`` joined to a keyword table:
   the floor for "look at the words"). The ratio says what the model's reading costs over both.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models import text  # noqa: E402
from warehouse import sql  # noqa: E402
from warehouse.db import Store  # noqa: E402


def rulebook_words(fitted: text.Fitted) -> pl.DataFrame:
    """The keyword rulebook (label, keyword) learned from the model's own training texts."""
    classes = fitted.model.classes_
    rules = text.keyword_rulebook(fitted.words_fitted, fitted.labels_fitted, classes).tocoo()
    grams = fitted.words.get_feature_names_out()
    return pl.DataFrame({"label": classes[rules.col].astype(str), "keyword": grams[rules.row].astype(str)}).filter(
        pl.col("keyword").str.strip_chars().str.len_chars() > 0
    )


def pandas_rules(texts: pd.Series, words: pd.DataFrame) -> pd.Series:
    """The label with the most keyword hits, one ``str.contains`` per keyword."""
    hits = pd.DataFrame(dict.fromkeys(words["label"].unique(), 0), index=texts.index)
    for label, keyword in words.itertuples(index=False):
        hits[label] += texts.str.contains(keyword, regex=False).astype(int)
    return hits.idxmax(axis=1)


def duckdb_rules(con: duckdb.DuckDBPyConnection) -> int:
    """The same rulebook as SQL over registered ``new_cases`` and ``keywords``."""
    return con.sql(
        "SELECT count(*) FROM (SELECT n.case_id, arg_max(k.label, 1) FROM new_cases n JOIN keywords k ON contains(n.text, k.keyword) GROUP BY ALL)"
    ).fetchone()[0]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, type=Path)
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with Store(args.data).reader() as con:
        labelled = sql.query(con, "model_inputs/text_labelled")
    frame = text.prepared(labelled.select("reported_at", "text", "street", pl.col("category").alias("label"))).filter(
        pl.col("label").is_not_null()
    )
    past, new = frame.head(frame.height - args.rows), frame.tail(args.rows)
    new = new.with_columns(pl.lit("bench").alias("source"), pl.int_range(pl.len()).cast(pl.Utf8).alias("case_id"))

    started = time.perf_counter()
    fitted = text.fit(past)
    fit_s = time.perf_counter() - started
    print(f"fit: {len(fitted.labels_fitted):,} texts, {len(fitted.model.classes_)} categories in {fit_s:.1f} s (goal < 60 s)")

    model_s, pandas_s, sql_s = [], [], []
    words = rulebook_words(fitted)
    con = duckdb.connect()
    con.register("new_cases", new.select("case_id", "text").to_arrow())
    con.register("keywords", words.to_arrow())
    for _ in range(args.repeat):
        started = time.perf_counter()
        out = text.suggest(fitted, new, "label")
        model_s.append(time.perf_counter() - started)
        started = time.perf_counter()
        duckdb_rules(con)
        sql_s.append(time.perf_counter() - started)
    for _ in range(max(1, args.repeat // 2)):  # the slow one, fewer times
        started = time.perf_counter()
        ruled = pandas_rules(new["text"].to_pandas(), words.to_pandas())
        pandas_s.append(time.perf_counter() - started)
    m, p, q = statistics.median(model_s), statistics.median(pandas_s), statistics.median(sql_s)
    right = (out["suggested"] == new["label"]).mean()
    ruled_right = float(np.mean(ruled.to_numpy() == new["label"].to_numpy()))
    print(f"suggest {args.rows:,} cases: median {m:.3f} s ({args.rows / m:,.0f} rows/s; goal < 2 s), accuracy {right:.3f}")
    print(f"keyword rulebook ({words.height:,} keywords): pandas str.contains {p:.3f} s (accuracy {ruled_right:.3f}), DuckDB SQL {q:.3f} s")
    print(f"ratios: model / pandas rules {m / p:.2f}, model / SQL rules {m / q:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
