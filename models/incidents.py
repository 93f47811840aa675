"""一事多报 (one incident, several reports): an inspector's report, three 12345 calls and a post
from the public about the same burst pipe are one incident.

Two reports are a **candidate link** when their points are at most ``DISTANCE_M`` apart and their
report times at most ``HOURS`` apart, and one is among the other's ``NEIGHBOURS`` nearest in
space and time. How sure a link is comes from what a dispatcher weighs —
the *similarity* of the two texts (cosine of their character 1–3 grams, addresses taken out), the
same category, the same reporter, the distance and the time apart — in one of two ways:

- **learned**, where the source's operators mark repeats (``duplicate_of``: a 12345 order
  "related to" an earlier one, a 数字城管 case cancelled as a duplicate): a logistic regression on
  those five features over the last ``LEARN_DAYS`` days' candidate pairs, marked pairs (and
  reviewers' confirmations) as one incident, the rest (and reviewers' splits) as two. Its
  confidence is the probability that the pair is one incident, so precision follows from the
  threshold. It is judged on a time split against the hand rule before it is used;
- the **rule**, where there are fewer than ``MIN_MARKED`` marked pairs to learn from:

      confidence = 0.5 × similarity + 0.3 × (1 − distance / DISTANCE_M) + 0.2 × (1 − hours / HOURS)

At or above ``LINKED`` (learned: ``LINKED_P``, a probability) the reports are linked; from
``UNCERTAIN`` (``UNCERTAIN_P``) up to it the link goes to a review queue, where a reviewer confirms it (linked) or splits it (not linked), with the same audit
as alert reviews; below, no link. Incidents are the connected groups of linked and confirmed
links; each report not in one is its own incident. A review is kept in the operational store and
applies from the next run on: a split link stays split however sure a later run is.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import polars as pl
import scipy.sparse as sp
from scipy.spatial import cKDTree
from sklearn.linear_model import LogisticRegression

from models.text import similarity_vectors
from warehouse import sql
from warehouse.db import Change, applier, arrow_of

DISTANCE_M = 150.0
HOURS = 48.0
LINKED = 0.75
UNCERTAIN = 0.6
# the learned confidence is a probability: linked when the pair is more likely one incident than
# two, reviewed from one chance in five
LINKED_P = 0.5
UNCERTAIN_P = 0.2
LEARN_DAYS = 90  # the history the confidence is learned from (and judged on, by a time split)
LEARN_MAX_REPORTS = 200_000  # at most the latest this many reports of it (a month of the 10 M demo is 280,000)
NEIGHBOURS = 12  # candidate partners per report: its nearest in distance and time (see pairs)
MIN_MARKED = 30  # marked pairs needed on each side of the split before weights are learned
FEATURES = ("similarity", "same_category", "same_reporter", "nearness", "soonness")
LINK_SCHEMA: dict[str, Any] = {
    "link_id": pl.Utf8,
    "source_a": pl.Utf8,
    "case_a": pl.Utf8,
    "source_b": pl.Utf8,
    "case_b": pl.Utf8,
    "distance_m": pl.Float64,
    "hours": pl.Float64,
    "similarity": pl.Float64,
    "confidence": pl.Float64,
    "status": pl.Utf8,  # linked | uncertain | confirmed | split
}
MEMBER_SCHEMA: dict[str, Any] = {"source": pl.Utf8, "case_id": pl.Utf8, "incident_id": pl.Utf8, "reports": pl.Int64, "channels": pl.Int64}


def confidence(similarity: np.ndarray, distance_m: np.ndarray, hours: np.ndarray) -> np.ndarray:
    """The link confidence (module docstring)."""
    return 0.5 * similarity + 0.3 * (1 - distance_m / DISTANCE_M) + 0.2 * (1 - hours / HOURS)


def link_id(source_a: str, case_a: str, source_b: str, case_b: str) -> str:
    """A stable id for the pair (the same two reports give the same id on every run)."""
    return "L" + hashlib.sha1(f"{source_a}\x1f{case_a}\x1e{source_b}\x1f{case_b}".encode()).hexdigest()[:16]


def _metres(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Local metres (equirectangular about the reports' centre: exact enough within a city)."""
    lat0 = np.radians(np.nanmean(lat))
    return np.column_stack([(lon - np.nanmean(lon)) * 111_320 * np.cos(lat0), (lat - np.nanmean(lat)) * 110_540])


@dataclass(frozen=True)
class Pairs:
    """The candidate pairs among ``cases`` (located, in report-time order): row ``i`` is the
    earlier report, ``j`` the later."""

    cases: pl.DataFrame
    i: np.ndarray
    j: np.ndarray
    distance: np.ndarray
    hours: np.ndarray
    similarity: np.ndarray

    def column(self, name: str) -> np.ndarray:
        return self.cases[name].to_numpy() if name in self.cases.columns else np.full(self.cases.height, None, dtype=object)

    def same(self, name: str) -> np.ndarray:
        """Both reports name the same ``name`` (category, reporter); unknown is not the same."""
        if name not in self.cases.columns:
            return np.zeros(len(self.i), dtype=bool)
        v = self.cases[name]
        a, b = v.gather(pl.Series(self.i)), v.gather(pl.Series(self.j))
        return (a.is_not_null() & b.is_not_null() & (a == b)).fill_null(False).to_numpy()

    def features(self) -> np.ndarray:
        """FEATURES, one row per pair: similarity, same category, same reporter, 1 − distance /
        DISTANCE_M, 1 − hours / HOURS."""
        return np.column_stack(
            [
                self.similarity,
                self.same("category_code"),
                self.same("reporter_ref"),
                1 - self.distance / DISTANCE_M,
                1 - self.hours / HOURS,
            ]
        ).astype(np.float64)

    def marked(self, reviewed: dict[str, str] | None = None) -> np.ndarray:
        """One incident by the source's own marks: the later report names the earlier as the one it
        repeats (``duplicate_of``), or the earlier the later; a reviewer's decision overrides."""
        if "duplicate_of" in self.cases.columns:
            ids, dup = self.cases["case_id"], self.cases["duplicate_of"]
            i, j = pl.Series(self.i), pl.Series(self.j)
            out = ((dup.gather(j) == ids.gather(i)) | (dup.gather(i) == ids.gather(j))).fill_null(False).to_numpy().copy()
        else:
            out = np.zeros(len(self.i), dtype=bool)
        if reviewed:
            for k, lid in enumerate(self.link_ids()):
                if lid in reviewed:
                    out[k] = reviewed[lid] == "confirm"
        return out.astype(bool)

    def link_ids(self) -> list[str]:
        src, ids = self.column("source"), self.column("case_id")
        return [link_id(src[a], ids[a], src[b], ids[b]) for a, b in zip(self.i, self.j, strict=True)]


def pairs(cases: pl.DataFrame) -> Pairs:
    """Every pair of located reports at most DISTANCE_M and HOURS apart, with their text similarity."""
    cases = cases.filter(pl.col("lon").is_not_null(), pl.col("lat").is_not_null()).sort("reported_at", "source", "case_id")
    empty = np.zeros(0)
    if cases.height < 2:
        return Pairs(cases, empty.astype(int), empty.astype(int), empty, empty, empty)
    xy = _metres(cases["lon"].to_numpy(), cases["lat"].to_numpy())
    hours = cases["reported_at"].dt.epoch("s").to_numpy().astype(np.float64) / 3600
    # time scaled to metres: a pair within DISTANCE_M and HOURS is within DISTANCE_M × √2 in 3-D.
    # Each report is paired with its NEIGHBOURS nearest in that space only: in a dense district
    # (the 10 M demo: ~250 reports within 150 m and 48 h of each) every pair in range is tens of
    # millions, while the reports of one incident are each other's nearest (a repeat is a median
    # 19 m and 2 hours from its first report in the demo).
    points = np.column_stack([xy, (hours - hours.min()) * DISTANCE_M / HOURS])
    k = min(NEIGHBOURS + 1, cases.height)
    _, near = cKDTree(points).query(points, k=k, distance_upper_bound=DISTANCE_M * np.sqrt(2))
    a = np.repeat(np.arange(cases.height), k)
    b = near.reshape(-1)
    keep = (b < cases.height) & (b != a)  # a missing neighbour is reported as cases.height
    found = np.unique(np.column_stack([np.minimum(a[keep], b[keep]), np.maximum(a[keep], b[keep])]), axis=0)
    if len(found) == 0:
        return Pairs(cases, empty.astype(int), empty.astype(int), empty, empty, empty)
    i, j = found[:, 0], found[:, 1]  # the earlier report first (cases are in time order)
    distance = np.hypot(*(xy[i] - xy[j]).T)
    apart = np.abs(hours[i] - hours[j])
    keep = (distance <= DISTANCE_M) & (apart <= HOURS)
    i, j, distance, apart = i[keep], j[keep], distance[keep], apart[keep]
    x = similarity_vectors(cases["text"].to_list())
    similarity = np.asarray(sp.csr_matrix(x[i]).multiply(x[j]).sum(axis=1)).ravel()
    return Pairs(cases, i, j, distance, apart, similarity)


@dataclass(frozen=True)
class Learned:
    """Link weights learned from a source's own repeat marks (module docstring)."""

    model: LogisticRegression
    pairs: int
    marked: int

    linked: float = LINKED_P
    uncertain: float = UNCERTAIN_P

    def confidence(self, p: Pairs) -> np.ndarray:
        return self.model.predict_proba(p.features())[:, 1] if len(p.i) else np.zeros(0)

    def weights(self) -> dict[str, float]:
        return {"intercept": float(self.model.intercept_[0])} | dict(zip(FEATURES, map(float, self.model.coef_[0]), strict=True))


def learn(p: Pairs, reviewed: dict[str, str] | None = None) -> Learned | None:
    """Weights from the marked pairs among ``p``; None with fewer than MIN_MARKED marked (or no
    unmarked) pairs: the rule is used then."""
    y = p.marked(reviewed)
    if y.sum() < MIN_MARKED or (~y).sum() == 0:
        return None
    return Learned(LogisticRegression(max_iter=1000).fit(p.features(), y), len(y), int(y.sum()))


def _subset(p: Pairs, keep: np.ndarray) -> Pairs:
    return Pairs(p.cases, p.i[keep], p.j[keep], p.distance[keep], p.hours[keep], p.similarity[keep])


def evaluate(p: Pairs, reviewed: dict[str, str] | None = None, test_share: float = 0.2) -> dict[str, Any]:
    """The learned weights beside the rule on a time split: fitted on the pairs whose later report
    came before the cut, judged on the rest, against the marks. For each: links made (≥ LINKED)
    and how many of them are marked (precision), the marked pairs linked (recall), the pairs sent
    to review, and the marked pairs linked or sent to review. Marked pairs that are not candidates
    (further apart than DISTANCE_M or HOURS) count as missed by both."""
    hours = p.cases["reported_at"].dt.epoch("s").to_numpy().astype(np.float64) / 3600 if p.cases.height else np.zeros(0)
    if len(p.i) == 0:
        return {"status": "too_little_data", "message": "no candidate pairs"}
    cut = np.quantile(hours[p.j], 1 - test_share)
    train, test = _subset(p, hours[p.j] < cut), _subset(p, hours[p.j] >= cut)
    y = test.marked(reviewed)
    ids, dup = p.column("case_id"), p.column("duplicate_of")
    present = set(ids)  # a mark counts where the report it names is among the located reports
    marks = int(sum(1 for k in np.flatnonzero(hours >= cut) if dup[k] is not None and dup[k] in present))
    learned = learn(train, reviewed)
    if learned is None or y.sum() == 0:
        return {
            "status": "too_little_data",
            "message": f"{int(train.marked(reviewed).sum())} marked pairs before the cut and {int(y.sum())} after "
            f"({MIN_MARKED} needed before it, 1 after): the rule is used",
        }

    def judged(conf: np.ndarray, linked_at: float, review_at: float) -> dict[str, Any]:
        linked, queued = conf >= linked_at, (conf >= review_at) & (conf < linked_at)
        return {
            "linked": int(linked.sum()),
            "precision": float((linked & y).sum() / linked.sum()) if linked.any() else None,
            "recall": float((linked & y).sum() / max(marks, 1)),
            "queued": int(queued.sum()),
            "recall_with_review": float(((linked | queued) & y).sum() / max(marks, 1)),
        }

    return {
        "status": "ok",
        "train_pairs": len(train.i),
        "train_marked": learned.marked,
        "test_pairs": len(test.i),
        "test_marked_candidates": int(y.sum()),
        "test_marks": marks,
        "cut": str(np.datetime64(int(cut * 3600), "s")),
        "learned": judged(learned.confidence(test), learned.linked, learned.uncertain),
        "rule": judged(confidence(test.similarity, test.distance, test.hours), LINKED, UNCERTAIN),
        "weights": learned.weights(),
    }


def candidate_links(cases: pl.DataFrame, reviewed: dict[str, str] | None = None, learned: Learned | None = None) -> pl.DataFrame:
    """Every candidate link among ``cases`` (``source``, ``case_id``, ``reported_at``, ``lon``,
    ``lat``, ``text``, optionally ``category_code``, ``reporter_ref``) with its distance, hours,
    similarity, confidence (``learned``, else the rule) and status (linked, uncertain, or a
    reviewer's confirmed / split from ``reviewed``: link id → decision); links below
    ``UNCERTAIN`` are left out."""
    reviewed = reviewed or {}
    p = pairs(cases)
    if len(p.i) == 0:
        return pl.DataFrame(schema=LINK_SCHEMA)
    conf = learned.confidence(p) if learned is not None else confidence(p.similarity, p.distance, p.hours)
    linked_at, review_at = (learned.linked, learned.uncertain) if learned is not None else (LINKED, UNCERTAIN)
    p, conf = _subset(p, conf >= review_at), conf[conf >= review_at]
    src, ids = p.column("source"), p.column("case_id")
    links = pl.DataFrame(
        {
            "link_id": p.link_ids(),
            "source_a": src[p.i],
            "case_a": ids[p.i],
            "source_b": src[p.j],
            "case_b": ids[p.j],
            "distance_m": p.distance,
            "hours": p.hours,
            "similarity": p.similarity.astype(float),
            "confidence": conf.astype(float),
        },
        schema={k: v for k, v in LINK_SCHEMA.items() if k != "status"},
    )
    decided = pl.DataFrame(
        {"link_id": list(reviewed), "decision": list(reviewed.values())}, schema={"link_id": pl.Utf8, "decision": pl.Utf8}
    )
    return (
        links.join(decided, on="link_id", how="left")
        .with_columns(
            pl.when(pl.col("decision") == "confirm")
            .then(pl.lit("confirmed"))
            .when(pl.col("decision") == "split")
            .then(pl.lit("split"))
            .when(pl.col("confidence") >= linked_at)
            .then(pl.lit("linked"))
            .otherwise(pl.lit("uncertain"))
            .alias("status")
        )
        .select(list(LINK_SCHEMA))
        .sort("confidence", "link_id", descending=[True, False])
    )


def incidents(cases: pl.DataFrame, links: pl.DataFrame) -> pl.DataFrame:
    """The reports that share an incident: linked and confirmed links joined, confirmed first then
    surest first, except where a join would put two reports a reviewer split into one incident
    (a split holds even when a third report links to both). Each report with its incident's id
    (its first report's source and id), reports and channels."""
    joined = links.filter(pl.col("status").is_in(["linked", "confirmed"])).sort(
        pl.col("status") == "confirmed", "confidence", "link_id", descending=[True, True, False]
    )
    if joined.height == 0:
        return pl.DataFrame(schema=MEMBER_SCHEMA)
    keys = cases.select("source", "case_id", "channel", "reported_at").with_row_index("node")

    def nodes(frame: pl.DataFrame, end: str) -> list[int]:
        on = frame.select(pl.int_range(pl.len()).alias("_k"), f"source_{end}", f"case_{end}")
        found = on.join(keys, left_on=[f"source_{end}", f"case_{end}"], right_on=["source", "case_id"], how="left").sort("_k")
        return [-1 if v is None else int(v) for v in found["node"].to_list()]

    apart: dict[int, set[int]] = {}
    split = links.filter(pl.col("status") == "split")
    for x, y in zip(nodes(split, "a"), nodes(split, "b"), strict=True):
        if x >= 0 and y >= 0:
            apart.setdefault(x, set()).add(y)
            apart.setdefault(y, set()).add(x)
    parent: dict[int, int] = {}
    members: dict[int, set[int]] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        members.setdefault(x, {x})
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x, y in zip(nodes(joined, "a"), nodes(joined, "b"), strict=True):
        if x < 0 or y < 0:
            continue
        rx, ry = root(x), root(y)
        if rx == ry or any(apart.get(m, set()) & members[ry] for m in members[rx]):
            continue  # already one incident, or the join would undo a reviewer's split
        if len(members[rx]) < len(members[ry]):
            rx, ry = ry, rx
        parent[ry] = rx
        members[rx] |= members.pop(ry)
    label = {node: root(node) for node in list(parent)}
    grouped = keys.filter(pl.col("node").is_in(list(label))).with_columns(
        pl.col("node").replace_strict(label, return_dtype=pl.Int64).alias("component")
    )
    sizes = grouped.group_by("component").agg(pl.len().alias("reports"), pl.col("channel").n_unique().alias("channels"))
    first = grouped.sort("reported_at", "source", "case_id").group_by("component", maintain_order=True).first()
    first = first.select("component", (pl.col("source") + ":" + pl.col("case_id")).alias("incident_id"))
    return (
        grouped.join(sizes, on="component")
        .filter(pl.col("reports") > 1)
        .join(first, on="component")
        .select(list(MEMBER_SCHEMA))
        .sort("incident_id", "source", "case_id")
    )


@applier("incidents")
def _write_incidents(con: duckdb.DuckDBPyConnection, snapshot_id: int, change: Change) -> int:
    con.register("new_links", arrow_of(change.frames["links"]))
    con.register("new_case_incidents", arrow_of(change.frames["members"]))
    sql.run_file(con, "model_outputs/incidents_replace", snapshot_id=snapshot_id)
    con.unregister("new_links")
    con.unregister("new_case_incidents")
    return change.frames["links"].height
