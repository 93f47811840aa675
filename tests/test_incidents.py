"""一事多报 (issue 18): reports of one incident linked by place, time and words, with the rule's
confidence; uncertain links reviewed (confirm / split) with an audit entry, applied by the next
run. Hand-made Chinese reports with known answers."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from models import incidents
from models.review_store import LinkReviewStore, ReviewError
from orchestration.cli.models import main as models_main
from warehouse.db import Store

T0 = dt.datetime(2026, 5, 1, 8)
LON, LAT = 120.0, 30.0
M_LON = 1 / (111_320 * np.cos(np.radians(LAT)))  # one metre east, in degrees


def rep(case_id: str, east_m: float, hours: float, text: str, channel: str = "hotline", source: str = "12345") -> dict:
    return {
        "source": source,
        "case_id": case_id,
        "reported_at": T0 + dt.timedelta(hours=hours),
        "lon": LON + east_m * M_LON,
        "lat": LAT,
        "channel": channel,
        "text": text,
    }


CASES = pl.DataFrame(
    [
        rep("a", 0, 0, "井盖不见了，很危险", channel="inspector", source="dcm"),
        rep("b", 30, 2, "井盖不见了，很危险"),  # same words, 30 m, 2 h: linked
        rep("c", 120, 30, "路上井盖没了"),  # near enough, later, other words: uncertain or below
        rep("d", 400, 1, "井盖不见了，很危险"),  # the same words 400 m away: no candidate
        rep("e", 10, 60, "井盖不见了，很危险"),  # 60 h after a: no candidate with a (but with b? 58 h: no)
        rep("f", 20, 1, "晚上噪音太大"),  # next to a, another matter
    ]
)


def test_the_confidence_is_the_documented_sum():
    assert incidents.confidence(np.array([1.0]), np.array([0.0]), np.array([0.0]))[0] == pytest.approx(1.0)
    assert incidents.confidence(np.array([0.5]), np.array([75.0]), np.array([24.0]))[0] == pytest.approx(0.25 + 0.15 + 0.1)


def test_reports_of_one_incident_are_linked_and_others_are_not():
    links = incidents.candidate_links(CASES)
    pairs = {(r["case_a"], r["case_b"]): r for r in links.iter_rows(named=True)}
    ab = pairs[("a", "b")]
    assert ab["distance_m"] == pytest.approx(30, abs=0.5) and ab["hours"] == pytest.approx(2)
    assert ab["similarity"] == pytest.approx(1.0, abs=1e-5)
    assert ab["confidence"] == pytest.approx(0.5 + 0.3 * (1 - 30 / 150) + 0.2 * (1 - 2 / 48), abs=1e-3)
    assert ab["status"] == "linked" and ab["source_a"] == "dcm" and ab["source_b"] == "12345"
    assert not any("d" in p or "e" in p for p in pairs)  # too far in space, too far in time
    assert all(r["confidence"] >= incidents.UNCERTAIN for r in pairs.values())
    members = incidents.incidents(CASES, links)
    one = members.filter(pl.col("case_id").is_in(["a", "b"]))
    assert one["incident_id"].unique().to_list() == ["dcm:a"] and one["reports"].to_list() == [2, 2] and one["channels"][0] == 2
    assert "f" not in members["case_id"].to_list() and "d" not in members["case_id"].to_list()


def test_a_reviewers_split_and_confirm_override_the_rule():
    links = incidents.candidate_links(CASES)
    ab = links.filter(pl.col("case_a") == "a", pl.col("case_b") == "b")["link_id"][0]
    split = incidents.candidate_links(CASES, {ab: "split"})
    assert split.filter(pl.col("link_id") == ab)["status"][0] == "split"
    assert incidents.incidents(CASES, split).height == 0
    weak = rep("g", 140, 40, "井盖没了")  # a weaker candidate of a, if the rule offers it
    more = pl.concat([CASES, pl.DataFrame([weak])])
    offered = incidents.candidate_links(more).filter(pl.col("status") == "uncertain")
    if offered.height:  # a reviewer confirming an uncertain link joins it to the incident
        lid = offered["link_id"][0]
        confirmed = incidents.candidate_links(more, {lid: "confirm"})
        assert confirmed.filter(pl.col("link_id") == lid)["status"][0] == "confirmed"
        joined = incidents.incidents(more, confirmed)
        pair = offered.row(0, named=True)
        ids = joined.filter(pl.col("case_id").is_in([pair["case_a"], pair["case_b"]]))["incident_id"]
        assert ids.len() == 2 and ids.n_unique() == 1


def test_the_link_id_is_stable_and_reviews_are_validated(tmp_path: Path):
    assert incidents.link_id("dcm", "a", "12345", "b") == incidents.link_id("dcm", "a", "12345", "b")
    assert incidents.link_id("dcm", "a", "12345", "b") != incidents.link_id("12345", "b", "dcm", "a")
    store = LinkReviewStore(f"sqlite:///{tmp_path / 'ops.db'}")
    with pytest.raises(ReviewError, match="action"):
        store.record("L1", "merge", "r")
    with pytest.raises(ReviewError, match="reviewer"):
        store.record("L1", "split", " ")
    store.record("L1", "confirm", "r")
    store.record("L1", "split", "r")
    assert store.latest() == {"L1": "split"}
    store.dispose()


def test_models_incidents_then_a_review_then_the_next_run(loaded_city: Path, tmp_path: Path, capsys):
    city = tmp_path / "city"
    shutil.copytree(loaded_city, city, ignore=shutil.ignore_patterns("raw"))
    assert models_main(["incidents", "--days", "365", "--json", "--data", str(city)]) == 0
    first = json.loads(capsys.readouterr().out)
    with Store(city).reader() as con:
        links = con.sql("SELECT * FROM incident_links").pl()
        members = con.sql("SELECT * FROM case_incidents").pl()
    assert links.height == sum(first["links"].values()) and members.height == first["reports_in_incidents"]
    learned = first["evaluation"]["confidence"] == "learned"  # the demo marks its repeats: weights are learned
    review_at = incidents.UNCERTAIN_P if learned else incidents.UNCERTAIN
    assert learned and (city / "models" / "incident_evaluation.json").exists()
    assert (links["distance_m"] <= 150).all() and (links["hours"] <= 48).all() and (links["confidence"] >= review_at).all()
    assert (
        members.group_by("incident_id").agg(pl.len().alias("n"), pl.col("reports").first()).select((pl.col("n") == pl.col("reports")).all())
    ).item()
    linked = links.filter(pl.col("status") == "linked")
    assert linked.height > 0
    target = linked["link_id"][0]
    assert models_main(["link-review", target, "--action", "split", "--reviewer", "duty.officer", "--data", str(city)]) == 0
    capsys.readouterr()
    assert models_main(["incidents", "--days", "365", "--json", "--data", str(city)]) == 0
    with Store(city).reader() as con:
        assert con.execute("SELECT status FROM incident_links WHERE link_id = ?", [target]).fetchone()[0] == "split"
    from warehouse.audit import AuditLog, anchor_path

    log = AuditLog(f"sqlite:///{city / 'operational.db'}", anchor_path(city))
    entries = [e for e in log.entries() if e["action"] == "incident_link_review"]
    assert entries and entries[-1]["target"] == target
    log.dispose()
    assert models_main(["link-review", "Lnope", "--action", "split", "--reviewer", "x", "--data", str(city)]) == 2  # no such link
    assert "no published incident link 'Lnope'" in capsys.readouterr().err


def test_the_incidents_page_shows_both_reports_and_records_a_review(loaded_city: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from streamlit.testing.v1 import AppTest

    from tests.helpers import sign_in

    city = tmp_path / "city"
    shutil.copytree(loaded_city, city, ignore=shutil.ignore_patterns("raw"))
    assert models_main(["incidents", "--days", "365", "--data", str(city)]) == 0
    with Store(city).reader() as con:
        queue = con.sql(
            "SELECT l.*, a.description AS text_a FROM incident_links l JOIN cases a ON a.source = l.source_a AND a.case_id = l.case_a WHERE l.status = 'uncertain' ORDER BY confidence DESC, link_id"
        ).pl()
        incidents_n = con.sql("SELECT count(DISTINCT incident_id) FROM case_incidents").fetchone()[0]
    assert queue.height > 0
    monkeypatch.setenv("GRIDPULSE_DATA", str(city))
    monkeypatch.delenv("GRIDPULSE_STORE_URL", raising=False)
    app = sign_in(AppTest.from_file(str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py"), default_timeout=60), "reviewer")
    app.run()
    app.switch_page("views/incidents.py").run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics == {"多报事件": f"{incidents_n:,}", "涉及诉求": metrics["涉及诉求"], "待复核关联": f"{queue.height:,}"}
    assert app.selectbox(key="incident_link").value == queue["link_id"][0]  # the surest first
    first = queue.row(0, named=True)
    assert first["case_a"] in " ".join(m.value for m in app.markdown)
    assert (first["text_a"] or "—") in [x.value for x in app.text]
    next(r for r in app.radio if r.label == "复核结论").set_value("split")
    app.button(key="incident_submit").click().run()  # recorded, and the page redrawn at once
    assert not app.exception and [s.value for s in app.success] == ["已记录复核结论（拆分为不同事件），下次关联运行时生效。"]
    assert {m.label: m.value for m in app.metric}["待复核关联"] == f"{queue.height - 1:,}"
    if queue.height > 1:  # on to the next link waiting
        assert app.selectbox(key="incident_link").value == queue["link_id"][1]
    from warehouse.audit import AuditLog, anchor_path

    log = AuditLog(f"sqlite:///{city / 'operational.db'}", anchor_path(city))
    entry = [e for e in log.entries() if e["action"] == "incident_link_review"][-1]
    assert entry["target"] == first["link_id"] and json.loads(entry["detail"])["action"] == "split"
    log.dispose()


def test_reports_too_unlike_to_link_give_no_links_and_no_incidents():
    far_apart_words = pl.DataFrame([rep("x", 0, 0, "井盖不见了"), rep("y", 140, 47, "广场舞太吵")])
    links = incidents.candidate_links(far_apart_words)
    assert links.height == 0 and links.schema == pl.Schema(incidents.LINK_SCHEMA)
    assert incidents.incidents(far_apart_words, links).height == 0


def test_the_explorer_and_the_wall_count_incidents_beside_reports(loaded_city: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Reports of one incident count once: the explorer's incidents = its cases less the linked
    reports plus their distinct incidents; the wall's trend draws incidents per day (an incident
    on its first report's day) beside the reports. Before any linking the explorer shows —."""
    from streamlit.testing.v1 import AppTest

    from dashboard import filter_panel
    from tests.helpers import sign_in

    city = tmp_path / "city"
    shutil.copytree(loaded_city, city, ignore=shutil.ignore_patterns("raw"))
    monkeypatch.setenv("GRIDPULSE_DATA", str(city))
    monkeypatch.delenv("GRIDPULSE_STORE_URL", raising=False)
    path = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")

    def explorer_metrics() -> dict[str, str]:
        app = sign_in(AppTest.from_file(path, default_timeout=60))
        app.run()
        app.switch_page("views/explorer.py").run()
        app.session_state[filter_panel.STATE]["period"] = (dt.date(2020, 1, 1), dt.date(2030, 12, 31))
        app.run()
        assert not app.exception
        return {m.label: m.value for m in app.metric}

    assert explorer_metrics()["事件数"] == "—"
    assert models_main(["incidents", "--days", "365", "--data", str(city)]) == 0
    with Store(city).reader() as con:
        cases, linked, distinct = con.sql(
            "SELECT (SELECT count(*) FROM case_facts), count(*), count(DISTINCT incident_id) FROM case_incidents"
        ).fetchone()
        reports = con.sql(
            "SELECT f.source, f.case_id, f.day, f.reported_at, i.incident_id FROM case_facts f LEFT JOIN case_incidents i USING (source, case_id)"
        ).pl()
    # each report outside an incident on its day; each incident once, on the day of its first report
    alone = reports.filter(pl.col("incident_id").is_null()).select("day")
    firsts = reports.filter(pl.col("incident_id").is_not_null()).sort("reported_at").group_by("incident_id").first().select("day")
    per_day = pl.concat([alone, firsts]).group_by("day").len().rows()
    assert linked > distinct > 0
    metrics = explorer_metrics()
    assert metrics["案件"] == f"{cases:,}" and metrics["事件数"] == f"{cases - linked + distinct:,}"

    wall = sign_in(AppTest.from_file(path, default_timeout=60))
    wall.run()
    assert not wall.exception
    import re

    from tests.helpers import page_html

    trend = next(h for h in page_html(wall) if h.startswith("<div class='gp-chart gp-trend'"))
    assert re.findall(r"<i style='background:[^']*'></i>([^<]*)</span>", trend) == ["新增", "事件（合并）", "结案"]
    drawn = re.findall(r"data-day='([\d-]+)' data-new='(\d+)' data-closed='(\d+)' data-incidents='(\d+)'", trend)
    assert len(drawn) == 30
    expected = dict(per_day)
    assert [int(i) for *_, i in drawn] == [expected.get(dt.date.fromisoformat(d), 0) for d, *_ in drawn]


def _marked_city(n: int = 120, seed: int = 3) -> pl.DataFrame:
    """n incidents reported twice (the second marked as repeating the first: 10 m and an hour
    apart, same category, their own words) and n pairs of unrelated neighbours that the rule would
    link (the same stock phrase 60 m and 10 hours apart, different categories), one a day."""
    rng = np.random.default_rng(seed)
    rows = []
    for k in range(n):
        east = 2000.0 * (k % 10)
        day = 24.0 * k
        rows.append(rep(f"i{k}", east, day, "井盖不见了，很危险", channel="inspector", source="dcm") | {"category_code": "01001"})
        rows.append(
            rep(f"r{k}", east + 10, day + 1, ["路上井盖没了", "窨井盖丢了，小心", "井盖被偷了"][k % 3])
            | {"category_code": "01001", "duplicate_of": f"i{k}"}
        )
        rows.append(rep(f"a{k}", east + 900, day + 3, "发现垃圾桶满了", channel="inspector", source="dcm") | {"category_code": "06042"})
        rows.append(rep(f"b{k}", east + 960, day + 13, "发现垃圾桶满了") | {"category_code": "06043"})
    frame = pl.DataFrame(rows).with_columns(pl.col("lat") + pl.Series(rng.normal(0, 1e-7, len(rows))))
    return frame.with_columns(pl.lit(None, dtype=pl.Utf8).alias("reporter_ref"))


def test_weights_learned_from_the_sources_repeat_marks_beat_the_rule_on_a_time_split():
    """The rule links the identical stock phrases of unrelated neighbours and misses repeats worded
    afresh; weights learned from the marks (same category, near, soon) link the repeats and leave
    the neighbours, judged on the later fifth of the pairs."""
    p = incidents.pairs(_marked_city())
    assert int(p.marked().sum()) == 120 and len(p.i) == 240
    e = incidents.evaluate(p)
    assert e["status"] == "ok" and e["test_marked_candidates"] == e["test_marks"] == 24
    assert e["learned"]["precision"] == 1.0 and e["learned"]["recall"] == 1.0 and e["learned"]["linked"] == 24
    assert e["rule"]["recall"] == 0.0 and e["rule"]["linked"] == 24 and e["rule"]["precision"] == 0.0
    assert e["weights"]["same_category"] > 0
    learned = incidents.learn(p)
    links = incidents.candidate_links(_marked_city(), learned=learned)
    assert set(links.filter(pl.col("status") == "linked")["case_b"]) == {f"r{k}" for k in range(120)}


def test_without_enough_marks_the_rule_is_used_and_says_why():
    p = incidents.pairs(_marked_city(20))
    e = incidents.evaluate(p)
    assert e["status"] == "too_little_data" and e["message"].startswith("16 marked pairs before the cut and 4 after (30 needed")
    assert incidents.learn(incidents.pairs(_marked_city(20))) is None


def test_a_split_keeps_two_reports_apart_even_through_a_third():
    """a–b split by a reviewer, a–c and b–c linked: the surer of the two links joins c to one of
    them, the other would undo the split and is left out; a and b are never one incident."""
    cases = pl.DataFrame([rep("a", 0, 0, "x"), rep("b", 20, 1, "x"), rep("c", 10, 2, "x")])

    def link(a: str, b: str, conf: float, status: str) -> dict:
        return {"link_id": incidents.link_id("12345", a, "12345", b), "source_a": "12345", "case_a": a, "source_b": "12345", "case_b": b,
                "distance_m": 10.0, "hours": 1.0, "similarity": 1.0, "confidence": conf, "status": status}  # fmt: skip

    links = pl.DataFrame(
        [link("a", "b", 0.9, "split"), link("a", "c", 0.8, "linked"), link("b", "c", 0.7, "linked")], schema=incidents.LINK_SCHEMA
    )
    members = incidents.incidents(cases, links)
    assert members.select("case_id", "incident_id").rows() == [("a", "12345:a"), ("c", "12345:a")]
    confirmed = links.with_columns(pl.when(pl.col("case_a") == "b").then(pl.lit("confirmed")).otherwise(pl.col("status")).alias("status"))
    assert incidents.incidents(cases, confirmed).select("case_id", "incident_id").rows() == [("b", "12345:b"), ("c", "12345:b")]
