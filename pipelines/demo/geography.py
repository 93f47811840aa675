"""Demo geography: one district cut into streets, communities and ~1,000 irregular unit grids.

Grids are Voronoi cells of jittered seeds, denser in the old centre, clipped to an irregular
district outline: they tile it with no gaps or overlaps and their areas spread realistically
(small in the dense core, larger at the edge). Streets and communities are unions of grids, so
every level tiles too. Codes follow DOMAIN.md §1: 6 district + 3 street + 3 community + 3
sequence, numbered north → south in rows, west → east within a row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
import shapely
from shapely.geometry import Polygon

from pipelines.geo import LocalProjection

DISTRICT_CODE = "330125"
DISTRICT_NAME = "临江区"
CENTRE = (120.2052, 30.2461)  # a riverside district of a large east-China city
STREET_NAMES = ["城关街道", "江滨街道", "东湖街道", "南苑街道", "北塘街道", "西园街道", "新桥街道", "文昌街道", "望江街道", "长庆街道"]
COMMUNITY_STEMS = [
    "和平",
    "建设",
    "解放",
    "人民",
    "幸福",
    "光明",
    "朝阳",
    "新华",
    "东风",
    "胜利",
    "友谊",
    "团结",
    "红星",
    "青年",
    "长征",
    "前进",
    "民主",
    "文化",
    "春晓",
    "秋涛",
    "紫荆",
    "丹桂",
    "梧桐",
    "玉兰",
    "海棠",
    "翠竹",
    "松林",
    "枫桥",
    "芦花",
    "荷塘",
    "金沙",
    "银湖",
    "锦绣",
    "华庭",
    "景园",
    "明珠",
    "天鹅",
    "望湖",
    "滨江",
    "临河",
    "古井",
    "石桥",
    "柳营",
    "杏坛",
    "桃源",
    "凤起",
    "龙翔",
    "庆丰",
    "永安",
    "康乐",
    "泰和",
    "嘉禾",
    "瑞祥",
    "兴隆",
    "宝善",
    "德胜",
    "惠民",
    "仁和",
    "清波",
    "涌金",
    "钱塘",
    "西溪",
    "湖墅",
    "米市",
    "仓前",
    "盐桥",
    "马市",
    "菜市",
    "草营",
    "东园",
    "南星",
    "北山",
    "中河",
]


@dataclass(frozen=True)
class Geography:
    """Grids (WGS84 polygons) with their hierarchy, and the projection used to build them."""

    grids: pl.DataFrame  # grid_code, names, codes, area_m2, centroid_lon/lat, wkt geometry
    polygons: list[Polygon]  # WGS84, same order as grids
    projection: LocalProjection


def _outline(rng: np.random.Generator, radius_m: float) -> Polygon:
    """An irregular, river-bounded district outline (radial noise on an ellipse)."""
    angles = np.linspace(0, 2 * np.pi, 72, endpoint=False)
    noise = np.convolve(rng.normal(0, 0.09, 72 + 6), np.ones(7) / 7, mode="valid")[:72]
    r = radius_m * (1 + noise)
    x, y = 1.25 * r * np.cos(angles), 0.85 * r * np.sin(angles)
    return Polygon(np.column_stack([x, y])).buffer(0)


def _seeds(rng: np.random.Generator, outline: Polygon, n: int, radius_m: float) -> np.ndarray:
    """Seed points denser towards the centre, so cell areas spread from ~1 ha to ~10 ha."""
    minx, miny, maxx, maxy = outline.bounds
    pts: list[np.ndarray] = []
    while sum(len(p) for p in pts) < n:
        cand = rng.uniform([minx, miny], [maxx, maxy], size=(n * 4, 2))
        dist = np.hypot(cand[:, 0] / 1.25, cand[:, 1] / 0.85) / radius_m
        keep = rng.uniform(size=len(cand)) < np.exp(-1.6 * dist**2)
        cand = cand[keep]
        inside = shapely.contains_xy(outline, cand[:, 0], cand[:, 1])
        pts.append(cand[inside])
    seeds = np.concatenate(pts)[:n]
    return seeds


def _assign_groups(rng: np.random.Generator, xy: np.ndarray, k: int, iters: int = 8) -> np.ndarray:
    """Plain k-means on grid centroids: contiguous, compact groups of grids."""
    centres = xy[rng.choice(len(xy), size=k, replace=False)]
    for _ in range(iters):
        label = np.argmin(((xy[:, None, :] - centres[None, :, :]) ** 2).sum(-1), axis=1)
        for j in range(k):
            members = xy[label == j]
            if len(members):
                centres[j] = members.mean(axis=0)
    return np.argmin(((xy[:, None, :] - centres[None, :, :]) ** 2).sum(-1), axis=1)


def _reading_order(x: np.ndarray, y: np.ndarray, row_height: float) -> np.ndarray:
    """Rank grids north → south in rows, west → east within a row (DOMAIN.md §1)."""
    row = np.floor((y.max() - y) / row_height).astype(int)
    return np.lexsort((x, row))


def build(rng: np.random.Generator, n_grids: int, n_streets: int, n_communities: int) -> Geography:
    """The district's grids with street and community codes and names."""
    radius_m = 3200.0 * np.sqrt(n_grids / 1000.0) ** 0.5 * 1.0
    outline = _outline(rng, radius_m)
    seeds = _seeds(rng, outline, n_grids, radius_m)
    cells = shapely.voronoi_polygons(shapely.MultiPoint(seeds), extend_to=outline.buffer(radius_m))
    polys_m = [c.intersection(outline) for c in cells.geoms]
    polys_m = [p if p.geom_type == "Polygon" else max(p.geoms, key=lambda g: g.area) for p in polys_m if not p.is_empty]
    cent = np.array([[p.centroid.x, p.centroid.y] for p in polys_m])
    street = _assign_groups(rng, cent, n_streets)
    # communities: split each street proportionally to its grid count
    community = np.zeros(len(polys_m), dtype=int)
    counts = np.bincount(street, minlength=n_streets)
    per_street = np.maximum(1, np.round(counts / counts.sum() * n_communities).astype(int))
    offset = 0
    for s in range(n_streets):
        idx = np.flatnonzero(street == s)
        k = min(per_street[s], len(idx))
        community[idx] = offset + _assign_groups(rng, cent[idx], k)
        offset += k
    # street codes 001.. west→east/north→south of their centres; same for communities in a street
    s_cent = np.array([cent[street == s].mean(axis=0) for s in range(n_streets)])
    s_rank = np.empty(n_streets, dtype=int)
    s_rank[_reading_order(s_cent[:, 0], s_cent[:, 1], radius_m / 2)] = np.arange(n_streets)
    rows = []
    proj = LocalProjection(*CENTRE)
    stems = rng.permutation(COMMUNITY_STEMS)
    street_names = rng.permutation(STREET_NAMES)[:n_streets]
    order_polys: list[Polygon] = []
    stem_i = 0
    for s in np.argsort(s_rank):
        s_code = f"{s_rank[s] + 1:03d}"
        comms = np.unique(community[street == s])
        c_cent = np.array([cent[community == c].mean(axis=0) for c in comms])
        for c_rank, ci in enumerate(_reading_order(c_cent[:, 0], c_cent[:, 1], 600.0)):
            c = comms[ci]
            c_code = f"{c_rank + 1:03d}"
            c_name = f"{stems[stem_i % len(stems)]}社区"
            stem_i += 1
            members = np.flatnonzero(community == c)
            seq = members[_reading_order(cent[members, 0], cent[members, 1], 160.0)]
            for g_rank, gi in enumerate(seq):
                code = f"{DISTRICT_CODE}{s_code}{c_code}{g_rank + 1:03d}"
                poly_m = polys_m[gi]
                xs, ys = np.asarray(poly_m.exterior.coords).T
                lon, lat = proj.inverse(xs, ys)
                poly = Polygon(np.column_stack([np.round(lon, 7), np.round(lat, 7)]))
                order_polys.append(poly)
                clon, clat = proj.inverse(np.array([cent[gi, 0]]), np.array([cent[gi, 1]]))
                rows.append(
                    {
                        "grid_code": code,
                        "grid_name": f"{c_name}第{g_rank + 1}网格",
                        "community_code": code[:12],
                        "community_name": c_name,
                        "street_code": code[:9],
                        "street_name": str(street_names[s]),
                        "district_code": DISTRICT_CODE,
                        "district_name": DISTRICT_NAME,
                        "area_m2": float(poly_m.area),
                        "centroid_lon": float(clon[0]),
                        "centroid_lat": float(clat[0]),
                        "x": float(cent[gi, 0]),
                        "y": float(cent[gi, 1]),
                    }
                )
    return Geography(pl.DataFrame(rows), order_polys, proj)
