"""Write the simulated demo city in the formats real systems export, dirt included.

generate.py simulates the city (grids, departments, the truth of every case and dispute); this
module only writes it down the way a district's 数字城管 case system, 12345 hotline and dispute
register hand their data over, because the pipeline must be tested against those exports, not
against clean frames: their encodings (GBK, UTF-8 with BOM, XLSX), Chinese headers and coded
values, GCJ-02 coordinates and the few percent of faults real exports carry.

- ``grids.geojson``: unit grids in GCJ-02 with pinyin-abbreviation properties (WGBM, SQMC …);
- ``departments.csv``: 责任单位 (UTF-8);
- ``cases/dcm_cases_YYYY-MM.csv``: the 数字城管 case system's monthly export, Chinese headers,
  **GBK**; each month holds the cases reported that month as of the export date, plus the final
  state of older cases that changed since (later files update earlier ones);
- ``hotline/12345_orders_YYYY-MM.xlsx``: 12345 work orders, monthly, same update pattern;
- ``disputes/dispute_register_*.csv``: the dispute register (UTF-8 with BOM), parties' names,
  phones and ID numbers in clear, a mid-period and a final full export.
Dirt, a few percent: rows with no coordinates (some with a grid or community code, some with an
address only), swapped lat/lon, stage times out of order, unknown categories, missing required
values, exact duplicate rows.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.coords import wgs84_to_gcj02
from pipelines.demo import geography, xlsx
from pipelines.transform import STAGES

# The stage times both case exports carry, in lifecycle order (generate.py blanks the later ones
# to take a case's state at an export date).
CASE_HEADERS = {
    "case_id": "案件编号",
    "channel_cn": "问题来源",
    "object_kind_cn": "案件类型",
    "category_code": "小类编码",
    "category_name": "小类名称",
    "major_name": "大类名称",
    "component_id": "部件编码",
    "description": "问题描述",
    "address": "发生地址",
    "lon": "经度",
    "lat": "纬度",
    "grid_code": "网格编码",
    "department_name": "处置部门",
    "reported_at": "上报时间",
    "accepted_at": "受理时间",
    "verify_dispatched_at": "核实派发时间",
    "verified_at": "核实时间",
    "registered_at": "立案时间",
    "dispatched_at": "派遣时间",
    "signed_at": "签收时间",
    "disposed_at": "处置完成时间",
    "check_dispatched_at": "核查派发时间",
    "checked_at": "核查时间",
    "closed_at": "结案时间",
    "due_at": "处置时限",
    "status_cn": "案件状态",
    "rework_count": "返工次数",
    "extension_count": "延期次数",
    "return_count": "回退次数",
    "duplicate_of": "重复案件编号",
    "reporter_name": "举报人",
    "reporter_phone": "联系电话",
    "inspector_ref": "监督员编号",
    "operator_ref": "受理员编号",
    "dispatcher_ref": "派遣员编号",
    "shift_leader_ref": "值班长编号",
    "updated_at": "最后更新时间",
}
HOTLINE_HEADERS = {
    "case_id": "工单编号",
    "request_type": "诉求类型",
    "category_name": "问题分类",
    "description": "诉求内容",
    "address": "事发地址",
    "lon": "经度",
    "lat": "纬度",
    "community_code": "所属社区编码",
    "department_name": "承办单位",
    "reported_at": "来电时间",
    "accepted_at": "受理时间",
    "dispatched_at": "派单时间",
    "signed_at": "签收时间",
    "disposed_at": "办理完成时间",
    "closed_at": "办结时间",
    "due_at": "办理时限",
    "status_cn": "工单状态",
    "extension_count": "延期次数",
    "return_count": "退单次数",
    "satisfaction_cn": "回访评价",
    "reporter_name": "来电人",
    "reporter_phone": "来电号码",
    "operator_ref": "话务员工号",
    "duplicate_of": "关联案件编号",  # the order repeats this case (a 12345 order or a 数字城管 case)
    "updated_at": "更新时间",
}
DISPUTE_HEADERS = {
    "dispute_id": "纠纷编号",
    "reported_at": "登记时间",
    "dispute_type": "纠纷类型",
    "scale": "纠纷规模",
    "people_involved": "涉及人数",
    "description": "简要情况",
    "address": "发生地点",
    "lon": "经度",
    "lat": "纬度",
    "grid_code": "网格编码",
    "party_names": "当事人姓名",
    "party_phones": "联系电话",
    "party_ids": "身份证号码",
    "status": "调解状态",
    "mediated_at": "首次调解时间",
    "resolved_at": "化解时间",
    "deadline_at": "调解期限",
    "mediation_attempts": "调解次数",
    "escalated": "是否激化",
    "escalated_at": "激化时间",
    "escalation_kind": "激化类型",
    "updated_at": "更新时间",
}
DEPARTMENT_HEADERS = {
    "department_code": "部门编码",
    "department_name": "部门名称",
    "level": "部门级别",
    "kind": "部门类型",
    "street_code": "所属街道编码",
}
CHANNEL_CN = {
    "inspector": "监督员上报",
    "public": "公众举报",
    "video": "智能视频发现",
    "assigned": "领导交办",
    "other": "其他",
    "hotline": "12345热线",
}
STATUS_CN = {
    "reported": "待受理",
    "registered": "已立案",
    "dispatched": "已派遣",
    "disposing": "处置中",
    "checking": "待核查",
    "closed": "已结案",
    "cancelled": "已作废",
    "suspended": "挂账",
}
HOTLINE_STATUS_CN = {
    "reported": "已受理",
    "registered": "已受理",
    "dispatched": "已派单",
    "disposing": "办理中",
    "checking": "待回访",
    "closed": "已办结",
    "cancelled": "已撤销",
    "suspended": "挂起",
}
SATISFACTION_CN = {1: "非常不满意", 2: "不满意", 3: "基本满意", 4: "满意", 5: "非常满意"}
DISPUTE_STATUS_CN = {"pending": "待调解", "mediating": "调解中", "resolved": "调解成功", "failed": "调解失败"}
ESCALATION_KIND_CN = {
    "petition": "信访",
    "repeat_petition": "重复信访",
    "group_incident": "群体性事件",
    "criminal": "民转刑",
    "other": "其他",
}
# The register's stage times, blanked after an export's cut like the case stages.
DISPUTE_STAGES = ["mediated_at", "resolved_at", "escalated_at"]


def _dirt(rng: np.random.Generator, f: pl.DataFrame, has_grid: bool) -> pl.DataFrame:
    """A few percent of realistic export faults, deterministic for the seed."""
    n = f.height
    u = rng.uniform(size=(6, n))
    no_point = u[0] < 0.03
    keep_code = u[1] < 0.5
    swapped = (u[2] < 0.005) & ~no_point
    out_of_order = u[3] < 0.003
    unknown = u[4] < 0.004
    missing_time = u[5] < 0.001
    code_col = "grid_code" if has_grid else "community_code"
    f = f.with_columns(
        pl.when(pl.Series(no_point)).then(None).when(pl.Series(swapped)).then(pl.col("lat")).otherwise(pl.col("lon")).alias("lon"),
        pl.when(pl.Series(no_point)).then(None).when(pl.Series(swapped)).then(pl.col("lon")).otherwise(pl.col("lat")).alias("lat"),
        pl.when(pl.Series(no_point & ~keep_code)).then(None).otherwise(pl.col(code_col)).alias(code_col),
        pl.when(pl.Series(out_of_order) & pl.col("closed_at").is_not_null())
        .then(pl.col("reported_at").dt.offset_by("-3d"))
        .otherwise(pl.col("closed_at"))
        .alias("closed_at"),
        pl.when(pl.Series(unknown)).then(pl.lit("99007")).otherwise(pl.col("category_code")).alias("category_code"),
        pl.when(pl.Series(unknown)).then(pl.lit("其他未分类问题")).otherwise(pl.col("category_name")).alias("category_name"),
        pl.when(pl.Series(missing_time)).then(None).otherwise(pl.col("reported_at")).alias("reported_at"),
    )
    dup = f.filter(pl.Series(rng.uniform(size=n) < 0.003))
    return pl.concat([f, dup])  # exact duplicate rows, appended as a re-export would


def _fmt_times(f: pl.DataFrame, cols: list[str], fmt: str) -> pl.DataFrame:
    """Times as text in the exporting system's own format (each system writes them differently)."""
    return f.with_columns([pl.col(c).dt.strftime(fmt) for c in cols if c in f.columns])


def _to_gcj(f: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Points as a Chinese system stores them: GCJ-02, with a few metres of GPS jitter."""
    lon, lat = f["lon"].to_numpy(), f["lat"].to_numpy()
    glon, glat = wgs84_to_gcj02(lon + rng.normal(0, 3e-5, len(lon)), lat + rng.normal(0, 3e-5, len(lat)))
    return f.with_columns(pl.Series("lon", np.round(glon, 6)), pl.Series("lat", np.round(glat, 6)))


def write_grids(out: Path, grids: pl.DataFrame, geo: geography.Geography) -> Path:
    """``grids.geojson``: the unit grids in GCJ-02 with the pinyin-abbreviation property names
    (WGBM, SQMC …) a 数字城管 GIS exports."""
    feats = []
    for row, poly in zip(grids.iter_rows(named=True), geo.polygons, strict=True):
        xy = np.asarray(poly.exterior.coords)
        glon, glat = wgs84_to_gcj02(xy[:, 0], xy[:, 1])
        ring = [[round(float(a), 7), round(float(b), 7)] for a, b in zip(glon, glat, strict=True)]
        props = {
            "WGBM": row["grid_code"],
            "WGMC": row["grid_name"],
            "SQBM": row["community_code"],
            "SQMC": row["community_name"],
            "JDBM": row["street_code"],
            "JDMC": row["street_name"],
            "QXBM": row["district_code"],
            "QXMC": row["district_name"],
        }
        feats.append({"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": [ring]}})
    path = out / "grids.geojson"
    path.write_text(
        json.dumps(
            {"type": "FeatureCollection", "name": "单元网格", "crs": {"type": "name", "properties": {"name": "GCJ-02"}}, "features": feats},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return path


def write_departments(out: Path, depts: pl.DataFrame) -> Path:
    """``departments.csv``: the 责任单位 list with Chinese headers and levels / kinds in words."""
    path = out / "departments.csv"
    depts.with_columns(
        pl.col("level").replace({"district": "区级", "street": "街道"}),
        pl.col("kind").replace({"bureau": "职能部门", "street_office": "街道办事处"}),
    ).rename(DEPARTMENT_HEADERS).write_csv(path)
    return path


def write_cases(rng: np.random.Generator, folder: Path, versions: pl.DataFrame, suffix: str = "") -> list[Path]:
    """The 数字城管 monthly exports (GBK, Chinese headers and values), one file per ``file_month``
    of ``versions``; ``suffix`` names the part in a chunked export."""
    folder.mkdir(parents=True, exist_ok=True)
    f = _to_gcj(versions, rng).with_columns(
        pl.col("channel").replace_strict(CHANNEL_CN).alias("channel_cn"),
        pl.when(pl.col("category_code").str.slice(0, 2) <= "05").then(pl.lit("部件")).otherwise(pl.lit("事件")).alias("object_kind_cn"),
        pl.col("status").replace_strict(STATUS_CN).alias("status_cn"),
        pl.when(pl.col("channel") == "public").then(pl.col("reporter_name")).alias("reporter_name"),
        # the inspector is named on the cases they reported or verified
        pl.when((pl.col("channel") == "inspector") | pl.col("verify_dispatched_at").is_not_null())
        .then(pl.col("inspector_ref"))
        .alias("inspector_ref"),
    )
    paths = []
    for (month,), part in f.sort("file_month", "updated_at").group_by("file_month", maintain_order=True):
        part = _dirt(rng, part, has_grid=True)
        part = _fmt_times(part, ["reported_at", *STAGES, "due_at", "updated_at"], "%Y-%m-%d %H:%M:%S")
        buf = io.BytesIO()
        part.select(list(CASE_HEADERS)).rename(CASE_HEADERS).write_csv(buf)
        path = folder / f"dcm_cases_{month}{suffix}.csv"
        path.write_bytes(buf.getvalue().decode("utf-8").encode("gbk"))
        paths.append(path)
    return paths


def write_hotline(rng: np.random.Generator, folder: Path, versions: pl.DataFrame, suffix: str = "") -> list[Path]:
    """The 12345 monthly work-order workbooks (XLSX, Chinese headers and values, community codes
    instead of grids), one file per ``file_month`` of ``versions``."""
    folder.mkdir(parents=True, exist_ok=True)
    types = np.array(["投诉", "求助", "举报", "咨询", "建议"])
    f = _to_gcj(versions, rng).with_columns(
        pl.Series("request_type", types[rng.choice(5, size=versions.height, p=[0.55, 0.2, 0.15, 0.05, 0.05])]),
        pl.col("status").replace_strict(HOTLINE_STATUS_CN).alias("status_cn"),
        pl.col("satisfaction").replace_strict(SATISFACTION_CN, default=None, return_dtype=pl.Utf8).alias("satisfaction_cn"),
        pl.concat_str([pl.col("major_name").str.replace("类$", ""), pl.lit("-"), pl.col("category_name")]).alias("category_name"),
        pl.col("grid_code").str.slice(0, 12).alias("community_code"),
    )
    paths = []
    for (month,), part in f.sort("file_month", "updated_at").group_by("file_month", maintain_order=True):
        part = _dirt(rng, part, has_grid=False)
        part = _fmt_times(part, ["reported_at", *STAGES, "due_at", "updated_at"], "%Y/%m/%d %H:%M")
        path = folder / f"12345_orders_{month}{suffix}.xlsx"
        xlsx.write_xlsx(part.select(list(HOTLINE_HEADERS)).rename(HOTLINE_HEADERS), path, sheet="工单")
        paths.append(path)
    return paths


def write_disputes(
    rng: np.random.Generator, folder: Path, disp: pl.DataFrame, grids: pl.DataFrame, start: dt.date, end: dt.date
) -> list[Path]:
    """The dispute register exported twice, mid-period and at the end, as a register is handed
    over: each export holds the disputes registered by then in their state at that moment.
    ``disp`` carries each dispute's true point (WGS-84 ``lon``/``lat``)."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = _register_rows(rng, disp, grids)
    mid = dt.datetime.combine(start + (end - start) / 2, dt.time(0))
    end_ts = dt.datetime.combine(end, dt.time(23, 59, 59))
    paths = []
    for label, cut in (("mid", mid), ("final", end_ts)):
        path = folder / f"dispute_register_{label}.csv"
        _write_register(_register_as_of(rows, cut), path)
        paths.append(path)
    return paths


def _register_rows(rng: np.random.Generator, disp: pl.DataFrame, grids: pl.DataFrame) -> pl.DataFrame:
    """The register's own columns: yearly ids (MD2026000001), a GCJ-02 point on about 70 % of
    rows (registers are often kept without one), grid code, a one-line summary and an address
    down to the community only."""
    gi = disp["grid_index"].to_numpy()
    lon, lat = wgs84_to_gcj02(disp["lon"].to_numpy(), disp["lat"].to_numpy())
    has_point = rng.uniform(size=len(gi)) < 0.7
    seq = pl.int_range(1, pl.len() + 1).over(pl.col("reported_at").dt.year())
    community = grids["community_name"].to_numpy()[gi]
    return disp.with_columns(
        pl.concat_str([pl.lit("MD"), pl.col("reported_at").dt.strftime("%Y"), seq.cast(pl.Utf8).str.zfill(6)]).alias("dispute_id"),
        pl.Series("lon", np.where(has_point, np.round(lon, 6), np.nan)).fill_nan(None),
        pl.Series("lat", np.where(has_point, np.round(lat, 6), np.nan)).fill_nan(None),
        pl.Series("grid_code", grids["grid_code"].to_numpy()[gi]),
        pl.concat_str(
            [
                pl.Series(community),
                pl.col("dispute_type"),
                pl.lit("纠纷，当事人"),
                pl.col("party_names"),
                pl.lit("，涉及"),
                pl.col("people_involved").cast(pl.Utf8),
                pl.lit("人"),
            ]
        ).alias("description"),
        pl.Series("address", np.char.add(grids["street_name"].to_numpy()[gi].astype(str), community.astype(str))),
    )


def _register_as_of(rows: pl.DataFrame, cut: dt.datetime) -> pl.DataFrame:
    """The disputes registered by ``cut`` as the register showed them then: later stage times
    blank, escalation only once it happened, and the mediation status of that moment."""
    cut_lit = pl.lit(cut)
    return (
        rows.filter(pl.col("reported_at") <= cut)
        .with_columns([pl.when(pl.col(c) <= cut_lit).then(pl.col(c)).alias(c) for c in DISPUTE_STAGES])
        .with_columns(
            (pl.col("escalated") & pl.col("escalated_at").is_not_null()).alias("escalated"),
            pl.when(pl.col("escalated_at").is_not_null()).then(pl.col("escalation_kind")).alias("escalation_kind"),
            pl.when(pl.col("resolved_at").is_not_null())
            .then(pl.lit("resolved"))
            .when(pl.col("escalated_at").is_not_null())
            .then(pl.lit("failed"))
            .when(pl.col("mediated_at").is_not_null() & (pl.col("status") == "failed") & (cut_lit > pl.col("deadline_at")))
            .then(pl.lit("failed"))
            .when(pl.col("mediated_at").is_not_null())
            .then(pl.lit("mediating"))
            .otherwise(pl.lit("pending"))
            .alias("status"),
        )
        .with_columns(pl.max_horizontal("reported_at", *DISPUTE_STAGES).alias("updated_at"))
    )


def _write_register(part: pl.DataFrame, path: Path) -> None:
    """One register export: values and headers in Chinese, minute times, UTF-8 with a BOM (so
    Excel, which the offices open it in, reads the Chinese)."""
    out = part.with_columns(
        pl.col("status").replace_strict(DISPUTE_STATUS_CN),
        pl.col("escalated").replace_strict({True: "是", False: "否"}, return_dtype=pl.Utf8),
        pl.col("escalation_kind").replace_strict(ESCALATION_KIND_CN, default=None, return_dtype=pl.Utf8),
    )
    out = _fmt_times(out, ["reported_at", "mediated_at", "resolved_at", "deadline_at", "escalated_at", "updated_at"], "%Y-%m-%d %H:%M")
    buf = io.BytesIO()
    out.select(list(DISPUTE_HEADERS)).rename(DISPUTE_HEADERS).write_csv(buf)
    path.write_bytes(b"\xef\xbb\xbf" + buf.getvalue())
