"""一事多报 (one incident, several reports): an inspector's report, three 12345 calls and a post
from the public about the same burst pipe are one incident.

Two reports are a **candidate link** when their points are at most ``DISTANCE_M`` apart and their
report times at most ``HOURS`` apart. Its confidence weighs what a dispatcher weighs:

    confidence = 0.5 × similarity + 0.3 × (1 − distance / DISTANCE_M) + 0.2 × (1 − hours / HOURS)

with *similarity* the cosine of the two texts' character 1–3 grams (addresses taken out). At or
above ``LINKED`` the reports are linked; from ``UNCERTAIN`` up to it the link goes to a review
queue, where a reviewer confirms it (linked) or splits it (not linked), with the same audit as
alert reviews; below, no link. Incidents are the connected groups of linked and confirmed
links; each report not in one is its own incident. A review is kept in the operational store and
applies from the next run on: a split link stays split however sure a later run is.
"""

from __future__ import annotations

import hashlib
from typing import Any

import duckdb
import numpy as np
import polars as pl
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from models.text import similarity_vectors
from warehouse import sql
from warehouse.db import Change, applier, arrow_of

DISTANCE_M = 150.0
HOURS = 48.0
LINKED = 0.75
UNCERTAIN = 0.6
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


def candidate_links(cases: pl.DataFrame, reviewed: dict[str, str] | None = None) -> pl.DataFrame:
    """Every candidate link among ``cases`` (``source``, ``case_id``, ``reported_at``, ``lon``,
    ``lat``, ``text``) with its distance, hours, similarity, confidence and status (linked,
    uncertain, or a reviewer's confirmed / split from ``reviewed``: link id → decision);
    links below ``UNCERTAIN`` are left out."""
    reviewed = reviewed or {}
    cases = cases.filter(pl.col("lon").is_not_null(), pl.col("lat").is_not_null()).sort("reported_at", "source", "case_id")
    if cases.height < 2:
        return pl.DataFrame(schema=LINK_SCHEMA)
    xy = _metres(cases["lon"].to_numpy(), cases["lat"].to_numpy())
    hours = cases["reported_at"].dt.epoch("s").to_numpy().astype(np.float64) / 3600
    # time scaled to metres: a pair within DISTANCE_M and HOURS is within DISTANCE_M × √2 in 3-D
    points = np.column_stack([xy, (hours - hours.min()) * DISTANCE_M / HOURS])
    pairs = cKDTree(points).query_pairs(DISTANCE_M * np.sqrt(2), output_type="ndarray")
    if len(pairs) == 0:
        return pl.DataFrame(schema=LINK_SCHEMA)
    i, j = pairs[:, 0], pairs[:, 1]
    distance = np.hypot(*(xy[i] - xy[j]).T)
    apart = np.abs(hours[i] - hours[j])
    keep = (distance <= DISTANCE_M) & (apart <= HOURS)
    i, j, distance, apart = i[keep], j[keep], distance[keep], apart[keep]
    x = similarity_vectors(cases["text"].to_list())
    similarity = np.asarray(sp.csr_matrix(x[i]).multiply(x[j]).sum(axis=1)).ravel()
    conf = confidence(similarity, distance, apart)
    keep = conf >= UNCERTAIN
    i, j = np.minimum(i[keep], j[keep]), np.maximum(i[keep], j[keep])  # the earlier report first (cases are in time order)
    src, ids = cases["source"].to_numpy(), cases["case_id"].to_numpy()
    links = pl.DataFrame(
        {
            "link_id": [link_id(src[a], ids[a], src[b], ids[b]) for a, b in zip(i, j, strict=True)],
            "source_a": src[i],
            "case_a": ids[i],
            "source_b": src[j],
            "case_b": ids[j],
            "distance_m": distance[keep],
            "hours": apart[keep],
            "similarity": similarity[keep].astype(float),
            "confidence": conf[keep].astype(float),
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
            .when(pl.col("confidence") >= LINKED)
            .then(pl.lit("linked"))
            .otherwise(pl.lit("uncertain"))
            .alias("status")
        )
        .select(list(LINK_SCHEMA))
        .sort("confidence", "link_id", descending=[True, False])
    )


def incidents(cases: pl.DataFrame, links: pl.DataFrame) -> pl.DataFrame:
    """The reports that share an incident (linked or confirmed links, connected): each with its
    incident's id (its first report's source and id), reports and channels."""
    joined = links.filter(pl.col("status").is_in(["linked", "confirmed"]))
    if joined.height == 0:
        return pl.DataFrame(schema=MEMBER_SCHEMA)
    keys = cases.select("source", "case_id", "channel", "reported_at").with_row_index("node")
    ends = [
        joined.join(keys, left_on=[f"source_{e}", f"case_{e}"], right_on=["source", "case_id"], how="inner")["node"].to_numpy()
        for e in ("a", "b")
    ]
    n = keys.height
    graph = sp.coo_matrix((np.ones(len(ends[0])), (ends[0], ends[1])), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    grouped = keys.with_columns(pl.Series("component", label))
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
