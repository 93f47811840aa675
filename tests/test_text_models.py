"""Reading what people wrote (issue 18): the time split, the baselines, the leakage guard, the
too-little-data message and the command, on hand-made Chinese texts with known answers."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from models import text
from orchestration.cli.models import main as models_main
from warehouse import sql
from warehouse.db import Store

START = dt.datetime(2026, 1, 1, 8)
WORDS = {
    "A": ["井盖破了", "井盖不见了", "井盖松动"],
    "B": ["垃圾桶满了", "垃圾没人清", "垃圾溢出来"],
    "C": ["晚上噪音太大", "噪音扰民", "半夜很吵噪音"],
}


def texts(n_per_label: int, mapping: dict[str, list[str]] = WORDS, start: dt.datetime = START) -> pl.DataFrame:
    """``n_per_label`` texts per label, interleaved one hour apart, each a phrasing of its label
    after a place that says nothing about it."""
    rows = []
    places = ["中山路12号", "小区门口", "菜场旁边", "学校对面"]
    for i in range(n_per_label):
        for label, phrasings in mapping.items():
            rows.append((start + dt.timedelta(hours=len(rows)), f"{places[i % 4]}{phrasings[i % 3]}", label))
    return pl.DataFrame(rows, schema=["reported_at", "text", "label"], orient="row")


def test_the_split_is_by_time_and_no_report_time_is_on_both_sides():
    frame = texts(100)  # 300 texts, one per hour
    frame = pl.concat([frame, frame.slice(240, 1).with_columns(pl.lit("B").alias("label"))])  # a tie at the cut
    train, test = text.split(frame)
    assert train.height == 240 and test.height == 61
    assert train["reported_at"].max() < test["reported_at"].min()


def test_distinct_phrasings_are_learned_and_the_baselines_are_exact():
    r = text.evaluate(texts(100), "category", {"A": "井盖", "B": "垃圾", "C": "噪音"})
    assert r.status == "ok" and r.train["n"] == 240 and r.test["n"] == 60
    assert r.methods["char_ngram_linear"].accuracy == 1.0 and r.methods["char_ngram_linear"].top3_accuracy == 1.0
    # majority: the most common training label (a tie of 80 each: the first by name, A) is a third of the test span
    assert r.methods["majority"].accuracy == pytest.approx(20 / 60) and r.methods["majority"].top3_accuracy is None
    assert r.methods["keyword_rules"].accuracy == 1.0  # each label's words are its own
    assert [row["label"] for row in r.per_label] == ["A", "B", "C"] and all(row["support"] == 20 for row in r.per_label)
    assert r.per_label[0]["name"] == "井盖" and r.chosen in ("char_ngram_linear", "keyword_rules")


def test_the_model_never_sees_the_future():
    """Before the cut 井盖 means A; after it, B (a reorganisation). A model that saw the test span
    would learn B; one fitted on the past alone calls every later 井盖 A."""
    early = texts(160, {"A": WORDS["A"], "C": WORDS["C"]})
    late = texts(40, {"B": WORDS["A"], "C": WORDS["C"]}, start=early["reported_at"].max() + dt.timedelta(hours=1))
    r = text.evaluate(pl.concat([early, late]), "category")
    assert r.train["last"] < r.test["first"]
    assert r.test["unseen_labels"] == 1 and r.test["unseen_cases"] == 40
    b_row = next(row for row in r.per_label if row["label"] == "B")
    assert b_row["recall"] == 0.0  # never predicted: B does not exist in the past
    assert r.methods["char_ngram_linear"].accuracy == pytest.approx(20 / 40)  # C right, every B called A


def test_too_little_text_says_so_with_the_counts():
    r = text.evaluate(texts(20), "department")
    assert r.status == "too_little_data" and not r.methods
    assert "48 texts before the test span (200 needed)" in r.message


def test_the_keyword_rulebook_picks_the_telling_and_common_grams():
    # grams: 0 = in every A and no B (the keyword), 1 = in one A only (too rare), 2 = everywhere
    x = np.array([[1, 1, 1], [1, 0, 1], [1, 0, 1], [0, 0, 1], [0, 0, 1], [0, 0, 1]], dtype=np.float32)
    import scipy.sparse as sp

    rules = text.keyword_rulebook(sp.csr_matrix(x), np.array(["A", "A", "A", "B", "B", "B"]), np.array(["A", "B"]), k=1).toarray()
    assert rules[:, 0].tolist() == [1, 0, 0]  # A's keyword: gram 0
    assert rules[:, 1].tolist() == [0, 0, 1]  # B's best: the common gram 2 (nothing is B's alone)


def test_models_text_prints_each_targets_evaluation_on_the_demo(loaded_city: Path, tmp_path: Path, capsys):
    import shutil

    city = tmp_path / "city"
    shutil.copytree(loaded_city, city, ignore=shutil.ignore_patterns("*.wal"))
    assert models_main(["text", "--json", "--data", str(city)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == set(text.TARGETS)
    with Store(city).reader() as con:
        frame = sql.query(con, "model_inputs/text_labelled")
    train, test = text.split(frame.filter(pl.col("category").is_not_null(), pl.col("text").str.strip_chars().str.len_chars() > 0))
    top = train["category"].value_counts().sort(["count", "category"], descending=[True, False])["category"][0]
    cat = out["category"]
    assert cat["status"] == "ok" and cat["train"]["n"] == train.height and cat["test"]["n"] == test.height
    assert cat["methods"]["majority"]["accuracy"] == pytest.approx((test["category"] == top).mean())
    assert (city / "models" / "text_evaluation.json").exists()


def test_the_demos_texts_do_not_read_out_the_catalogue(loaded_city: Path):
    """Reporters describe, they do not quote the catalogue: few texts carry the category's name,
    and a category is put in many ways."""
    with Store(loaded_city).reader() as con:
        cases = con.sql("SELECT description, category_name, category_code FROM cases WHERE duplicate_of IS NULL").pl()
    verbatim = cases.filter(pl.col("description").str.contains(pl.col("category_name"), literal=True)).height / cases.height
    assert verbatim < 0.25, verbatim
    ways = cases.filter(pl.col("category_code") == "09006")["description"].n_unique()
    assert ways > 50


def test_the_model_page_shows_the_text_evaluation_it_saved(loaded_city: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """模型评估 reads the saved evaluation: the methods' scores as the command printed them, in
    the UI's language, for the target chosen; the worst labels by name."""
    import shutil

    from streamlit.testing.v1 import AppTest

    from models import refresh
    from tests.helpers import sign_in

    city = tmp_path / "city"
    shutil.copytree(loaded_city, city, ignore=shutil.ignore_patterns("raw"))
    results = refresh.run_text(city)
    monkeypatch.setenv("GRIDPULSE_DATA", str(city))
    monkeypatch.delenv("GRIDPULSE_STORE_URL", raising=False)
    app = sign_in(AppTest.from_file(str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py"), default_timeout=60))
    app.run()
    app.switch_page("views/model_quality.py").run()
    assert not app.exception
    radio = next(r for r in app.radio if r.key == "text_target")
    assert radio.options == ["案件小类", "案件大类", "责任单位"]
    methods = next(d.value for d in app.dataframe if "宏平均F1" in d.value.columns)
    cat = results["category"]
    assert methods["方法"].tolist() == ["最常见类别", "关键词规则", "字符片段线性模型"]
    assert methods["准确率"].tolist() == [f"{cat.methods[m].accuracy * 100:.1f}%" for m in cat.methods]
    assert methods["前三命中率"].tolist()[0] == "—"
    worst = next(d.value for d in app.dataframe if "常被误判为" in d.value.columns)
    assert worst["预测结果"].tolist() == [w["name"] or w["label"] for w in cat.worst_confusions]
    assert any(f"训练 {cat.train['n']:,} 条" in c.value for c in app.caption)
    radio.set_value("department").run()
    methods = next(d.value for d in app.dataframe if "宏平均F1" in d.value.columns)
    dept = results["department"]
    assert methods["宏平均F1"].tolist() == [f"{dept.methods[m].macro_f1 * 100:.1f}%" for m in dept.methods]


def test_suggestions_fill_gaps_and_question_only_confident_disagreements():
    """Fitted on the past alone: a case without a category gets one (and never "disagrees"), a
    recorded category a sure suggestion contradicts is flagged, an agreeing one is not."""
    past = texts(100).with_columns(pl.col("label").alias("category"), pl.col("label").alias("department"), pl.lit("S1").alias("street"))
    since = past["reported_at"].max() + dt.timedelta(hours=1)
    # after the cut, 井盖 is labelled D: a model that saw these would learn it; ours must not
    later = texts(100, {"D": WORDS["A"]}, start=since).with_columns(
        pl.col("label").alias("category"), pl.col("label").alias("department"), pl.lit("S1").alias("street")
    )
    cases = pl.DataFrame(
        {
            "source": ["dcm"] * 3,
            "case_id": ["1", "2", "3"],
            "text": ["小区门口井盖不见了", "菜场旁边垃圾没人清", "学校对面噪音扰民"],
            "street": ["S1"] * 3,
            "category": [None, "A", "C"],
            "department": ["A", "A", "C"],
        }
    )
    frame, summary = text.suggestions(pl.concat([past, later]), cases, since, threshold=0.5)
    cat = frame.filter(pl.col("target") == "category").sort("case_id")
    assert cat["suggested"].to_list() == ["A", "B", "C"]
    assert cat["recorded"].to_list() == [None, "A", "C"]
    assert cat["disagrees"].to_list() == [False, True, False]
    assert (cat["probability"] >= cat["second_probability"]).all()
    assert summary["category"] == {"fitted_on": 300, "suggested": 3, "gaps_filled": 1, "disagreements": 1}
    assert cat["fitted_until"][0] == since and cat["model_version"][0] == f"char_ngram_linear@{past['reported_at'].max():%Y-%m-%d}"
    # with a threshold no suggestion reaches, nothing is questioned
    strict, _ = text.suggestions(past, cases, since, threshold=1.01)
    assert not strict["disagrees"].any()


def test_models_suggest_publishes_what_the_model_page_lists(loaded_city: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import shutil

    from streamlit.testing.v1 import AppTest

    from tests.helpers import sign_in

    city = tmp_path / "city"
    shutil.copytree(loaded_city, city, ignore=shutil.ignore_patterns("raw"))
    assert models_main(["suggest", "--days", "30", "--data", str(city)]) == 0
    with Store(city).reader() as con:
        as_of = sql.scalar(con, "model_inputs/as_of")
        window = con.execute(
            "SELECT count(*) FROM cases WHERE duplicate_of IS NULL AND description IS NOT NULL AND reported_at >= ?",
            [as_of - dt.timedelta(days=30)],
        ).fetchone()[0]
        got = con.sql("SELECT target, count(*), count(*) FILTER (disagrees) FROM text_suggestions GROUP BY ALL ORDER BY 1").fetchall()
        wrong = con.sql(
            "SELECT count(*) FROM text_suggestions WHERE target = 'category' AND recorded <> suggested AND probability >= threshold"
        ).fetchone()[0]
    assert [(t, n) for t, n, _ in got] == [("category", window), ("department", window)]
    assert got[0][2] == wrong
    refresh_json = city / "models" / "text_evaluation.json"
    assert not refresh_json.exists()  # suggest does not evaluate; the page says how to
    monkeypatch.setenv("GRIDPULSE_DATA", str(city))
    monkeypatch.delenv("GRIDPULSE_STORE_URL", raising=False)
    from models import refresh

    refresh.run_text(city, ("category",))
    app = sign_in(AppTest.from_file(str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py"), default_timeout=60))
    app.run()
    app.switch_page("views/model_quality.py").run()
    assert not app.exception
    listed = next(d.value for d in app.dataframe if "模型建议" in d.value.columns)
    assert len(listed) == min(wrong, 200)
    shares = [float(p.rstrip("%")) for p in listed["建议置信度"]]
    assert shares == sorted(shares, reverse=True) and min(shares) >= 80.0
    assert (listed["记录"] != listed["模型建议"]).all()
    evaluated = json.loads((city / "models" / "text_evaluation.json").read_text(encoding="utf-8"))["targets"]["category"]
    trust = f"{evaluated['confident']['accuracy'] * 100:.1f}%"
    assert any(f"置信度 ≥ 0.8 的建议与记录一致的比例为 {trust}" in w.value for w in app.warning)


def test_a_run_for_one_target_keeps_the_others_evaluation(loaded_city: Path, tmp_path: Path, capsys):
    import shutil

    city = tmp_path / "city"
    shutil.copytree(loaded_city, city, ignore=shutil.ignore_patterns("raw"))
    assert models_main(["text", "--data", str(city)]) == 0
    saved = json.loads((city / "models" / "text_evaluation.json").read_text(encoding="utf-8"))["targets"]
    assert models_main(["text", "--target", "department", "--data", str(city)]) == 0
    again = json.loads((city / "models" / "text_evaluation.json").read_text(encoding="utf-8"))["targets"]
    assert list(again) == list(text.TARGETS) and again["category"] == saved["category"]
    assert models_main(["suggest", "--threshold", "1.5", "--data", str(city)]) == 2
    assert models_main(["suggest", "--threshold", "nan", "--data", str(city)]) == 2
    assert "--threshold: a probability above 0 and at most 1" in capsys.readouterr().err


def test_routing_sets_the_real_dispatch_beside_the_suggestion():
    """Both judged by the final department: the real dispatch was right first time unless the
    case was returned; a case whose source records no returns (None) is left out."""
    test = pl.DataFrame({"label": ["A", "A", "B", "B"], "returned": [False, True, True, None]})
    got = text.routing(test, np.array(["A", "B", "B", "A"]), np.array([0.9, 0.9, 0.5, 0.9]))
    assert got == {
        "cases": 3,
        "returned": 2,
        "dispatch_first_time": pytest.approx(1 / 3),
        "suggestion": pytest.approx(2 / 3),
        "suggestion_on_returned": 0.5,
        "confident_on_returned": 1,
        "confident_right_on_returned": 0.0,
    }
    assert text.routing(test.with_columns(pl.lit(None, dtype=pl.Boolean).alias("returned")), np.array(["A"] * 4), np.ones(4)) == {}


SERVICES = {  # another city's own catalogue (Open311 service codes), in English, with everyday phrasings
    "POT": ["pothole on {s}", "big hole in the road at {s}", "my tire hit a pothole near {s}", "road surface broken {s}"],
    "SLT": ["streetlight out on {s}", "street lamp not working at {s}", "dark street, light is off near {s}", "light pole flickering {s}"],
    "GRF": ["graffiti on wall at {s}", "someone sprayed tags on the fence {s}", "vandalism paint on building {s}", "graffitti near {s}"],
    "TRS": ["trash not collected {s}", "garbage cans overflowing at {s}", "missed pickup on {s}", "rubbish piled up {s}"],
    "ABV": ["abandoned car on {s}", "vehicle parked for weeks at {s}", "car with no plates left near {s}", "junk vehicle {s}"],
    "TRE": ["tree branch fell on {s}", "dead tree needs removal at {s}", "tree blocking sidewalk {s}", "fallen limb near {s}"],
}
STREETS = ["Main St", "Oak Ave", "5th Street", "Elm Rd", "Lake Shore Dr", "Pine St", "Cedar Ln", "Maple Ave"]


def _open311(n: int, seed: int = 7) -> list[dict]:
    rng = np.random.default_rng(seed)
    codes = list(SERVICES)
    out = []
    for i in range(n):
        code = codes[rng.integers(len(codes))]
        phrase = SERVICES[code][rng.integers(4)].format(s=STREETS[rng.integers(len(STREETS))])
        when = dt.datetime(2024, 1, 1) + dt.timedelta(hours=int(i * 7 + rng.integers(0, 5)))
        out.append(
            {
                "service_request_id": f"SR{i}",
                "service_code": code,
                "service_name": code.lower(),
                "description": phrase if rng.uniform() > 0.1 else phrase.upper(),
                "requested_datetime": when.strftime("%Y-%m-%dT%H:%M:%S"),
                "updated_datetime": when.strftime("%Y-%m-%dT%H:%M:%S"),
                "status": "open",
                "lat": 41.8 + rng.uniform(-0.01, 0.01),
                "long": -87.6 + rng.uniform(-0.01, 0.01),
            }
        )
    return out


def test_another_citys_english_export_with_its_own_categories(data: Path, tmp_path: Path, capsys):
    """Not the demo: an Open311 export (English, the city's own service codes, no department
    codes) is evaluated on the same time split; its department says there is nothing to learn
    from, and an export too small says so with its counts."""
    from pipelines import profiles
    from pipelines.load import load

    path = tmp_path / "requests.json"
    path.write_text(json.dumps(_open311(800)), encoding="utf-8")
    load(data, profiles.resolve("open311"), [path])
    assert models_main(["text", "--json", "--data", str(data)]) == 0
    out = json.loads(capsys.readouterr().out)
    cat = out["category"]
    assert cat["status"] == "ok" and cat["train"]["labels"] == 6 and cat["test"]["n"] == 160
    scores = {m: s["accuracy"] for m, s in cat["methods"].items()}
    assert scores["char_ngram_linear"] >= 0.95 > scores["majority"]
    assert scores["char_ngram_linear"] >= scores["keyword_rules"]
    assert out["department"]["status"] == "too_little_data" and "0 texts before the test span" in out["department"]["message"]

    small = tmp_path / "small"
    small.mkdir()
    path.write_text(json.dumps(_open311(120)), encoding="utf-8")
    load(small, profiles.resolve("open311"), [path])
    assert models_main(["text", "--json", "--target", "category", "--data", str(small)]) == 0
    message = json.loads(capsys.readouterr().out)["category"]["message"]
    assert message.startswith("too little labelled text to train a category model: 96 texts before the test span (200 needed)")
