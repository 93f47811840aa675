"""Demo disputes (矛盾纠纷) with escalations drawn from a documented hazard model.

Escalation (to a petition, repeat petition, group incident or criminal case) is drawn per
dispute from a logistic hazard whose drivers are, in order of strength:

  logit p = -3.4
          + 1.0  if the type is wage arrears, land requisition/demolition or housing/homestead
          + 0.45 × log(1 + people involved)
          + 0.7  if a party had an earlier dispute (repeat party)
          + 0.5  if the scale is 较大 or 重大
          + 0.35 × (the grid's disputes in the previous 90 days, standardised)
          - 0.9  if first mediation happened within 3 days
          + 0.3  × (mediation attempts - 1)
          + N(0, 0.9)  unobserved noise, so that a perfect score is impossible

Models must learn from the exported register and grid context only, never from this module.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

TYPES = [
    "婚姻家庭",
    "邻里",
    "房屋宅基地",
    "合同",
    "生产经营",
    "损害赔偿",
    "山林土地",
    "征地拆迁",
    "环境污染",
    "拖欠农民工工资",
    "医疗",
    "道路交通事故",
    "物业",
    "消费",
    "村务管理",
    "其他",
]
TYPE_P = np.array([12, 22, 6, 6, 4, 7, 1, 3, 3, 8, 2, 6, 11, 5, 1, 3], dtype=float)
HIGH_RISK_TYPES = {"拖欠农民工工资", "征地拆迁", "房屋宅基地"}
ESCALATION_KINDS = np.array(["petition", "repeat_petition", "group_incident", "criminal", "other"])
SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文辉鹏飞婷雪梅琳晨宇浩然子轩欣怡梓涵俊豪嘉")


def names(rng: np.random.Generator, n: int) -> np.ndarray:
    """Plausible Chinese personal names (two or three characters)."""
    s = np.array(SURNAMES)[rng.integers(0, len(SURNAMES), n)]
    g1 = np.array(GIVEN)[rng.integers(0, len(GIVEN), n)]
    g2 = np.where(rng.uniform(size=n) < 0.7, np.array(GIVEN)[rng.integers(0, len(GIVEN), n)], "")
    return np.char.add(np.char.add(s, g1), g2)


def phones(rng: np.random.Generator, n: int) -> np.ndarray:
    """Mobile numbers 1[3-9]xxxxxxxxx."""
    second = rng.integers(3, 10, n)
    rest = rng.integers(0, 10**9, n)
    return np.array([f"1{a}{b:09d}" for a, b in zip(second, rest, strict=True)])


def id_numbers(rng: np.random.Generator, n: int, region: str) -> np.ndarray:
    """18-digit resident ID numbers with a valid GB 11643 check digit."""
    birth = np.datetime64("1950-01-01") + rng.integers(0, 365 * 55, n).astype("timedelta64[D]")
    seq = rng.integers(0, 1000, n)
    body = [f"{region}{str(b).replace('-', '')}{s:03d}" for b, s in zip(birth, seq, strict=True)]
    weights = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
    digits = np.array([[int(c) for c in b] for b in body])
    check = np.array(list("10X98765432"))[(digits * weights).sum(axis=1) % 11]
    return np.char.add(np.array(body), check)


def generate(
    rng: np.random.Generator, grids: pl.DataFrame, construction_grids: list[int], hot_grids: list[int], start: dt.date, end: dt.date, n: int
) -> pl.DataFrame:
    """Final-state disputes with parties in clear (masked later by the pipeline)."""
    days = (end - start).days + 1
    weight = np.ones(grids.height)
    weight[hot_grids] += 3.0
    weight[construction_grids] += 5.0
    grid_idx = rng.choice(grids.height, size=n, p=weight / weight.sum())
    reported = np.datetime64(start, "s") + rng.integers(0, days * 86400, n).astype("timedelta64[s]")
    order = np.argsort(reported)
    grid_idx, reported = grid_idx[order], reported[order]
    dtype = np.array(TYPES)[rng.choice(len(TYPES), size=n, p=TYPE_P / TYPE_P.sum())]
    near_build = np.isin(grid_idx, construction_grids)
    dtype = np.where(near_build & (rng.uniform(size=n) < 0.4), "拖欠农民工工资", dtype)
    people = np.where(dtype == "拖欠农民工工资", rng.integers(3, 40, n), rng.integers(2, 6, n))
    scale = np.where(people >= 20, "重大", np.where(people >= 8, "较大", "一般"))
    n_parties = np.clip(people, 2, 3)
    # repeat parties: reuse a party (same person) from an earlier dispute in the same grid area
    party_pool_names = names(rng, n * 3)
    party_pool_phones = phones(rng, n * 3)
    party_pool_ids = id_numbers(rng, n * 3, grids["district_code"][0])
    repeat = rng.uniform(size=n) < 0.15
    party_idx = np.arange(n * 3).reshape(n, 3)
    earlier = np.maximum(0, np.arange(n) - rng.integers(1, 200, n))
    party_idx[repeat, 0] = party_idx[earlier[repeat], 0]
    # the grid's dispute pressure over the previous 90 days
    day_no = ((reported - np.datetime64(start, "s")).astype(np.int64) // 86400).astype(int)
    recent = np.zeros(n)
    df = pl.DataFrame({"g": grid_idx, "d": day_no}).with_row_index("i")
    counts = (
        df.join(df, on="g", suffix="_o").filter((pl.col("d_o") < pl.col("d")) & (pl.col("d_o") >= pl.col("d") - 90)).group_by("i").len()
    )
    recent[counts["i"].to_numpy()] = counts["len"].to_numpy()
    recent_z = (recent - recent.mean()) / (recent.std() + 1e-9)
    first_mediation_days = rng.exponential(4.0, n)
    attempts = 1 + rng.poisson(0.8, n)
    logit = (
        -3.4
        + 1.0 * np.isin(dtype, list(HIGH_RISK_TYPES))
        + 0.45 * np.log1p(people)
        + 0.7 * repeat
        + 0.5 * np.isin(scale, ["较大", "重大"])
        + 0.35 * recent_z
        - 0.9 * (first_mediation_days < 3)
        + 0.3 * (attempts - 1)
        + rng.normal(0, 0.9, n)
    )
    escalated = rng.uniform(size=n) < 1 / (1 + np.exp(-logit))

    def secs(d):
        return (d * 86400).astype("timedelta64[s]")

    mediated = reported + secs(first_mediation_days)
    deadline = reported + secs(np.full(n, 30.0))
    escalated_at = reported + secs(rng.exponential(25.0, n) + 1)
    resolved_ok = (~escalated) & (rng.uniform(size=n) < 0.86)
    resolved_at = mediated + secs(rng.exponential(8.0, n))
    status = np.where(escalated, "failed", np.where(resolved_ok, "resolved", "failed"))
    kind = ESCALATION_KINDS[rng.choice(5, size=n, p=[0.55, 0.15, 0.12, 0.08, 0.10])]
    kind = np.where((dtype == "拖欠农民工工资") & (people >= 10) & escalated, "group_incident", kind)
    nat = np.datetime64("NaT", "s")
    party_names = ["、".join(party_pool_names[row[:k]]) for row, k in zip(party_idx, n_parties, strict=True)]
    party_phones = ["、".join(party_pool_phones[row[:k]]) for row, k in zip(party_idx, n_parties, strict=True)]
    party_ids = ["、".join(party_pool_ids[row[:k]]) for row, k in zip(party_idx, n_parties, strict=True)]
    return pl.DataFrame(
        {
            "grid_index": grid_idx,
            "reported_at": reported.astype("datetime64[us]"),
            "dispute_type": dtype,
            "scale": scale,
            "people_involved": people,
            "status": status,
            "mediated_at": mediated.astype("datetime64[us]"),
            "resolved_at": np.where(resolved_ok, resolved_at, nat).astype("datetime64[us]"),
            "deadline_at": deadline.astype("datetime64[us]"),
            "escalated": escalated,
            "escalated_at": np.where(escalated, escalated_at, nat).astype("datetime64[us]"),
            "escalation_kind": kind,
            "mediation_attempts": attempts,
            "party_names": party_names,
            "party_phones": party_phones,
            "party_ids": party_ids,
        }
    ).with_columns(pl.when(pl.col("escalated")).then(pl.col("escalation_kind")).alias("escalation_kind"))
