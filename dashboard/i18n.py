"""UI strings in Chinese (default) and English; pages never hard-code labels."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"zh": "GridPulse 网格化管理分析", "en": "GridPulse grid governance analytics"},
    "page_data": {"zh": "数据状态", "en": "Data status"},
    "snapshot": {"zh": "数据快照 {id}，发布于 {at}", "en": "Snapshot {id}, published {at}"},
    "sources": {"zh": "数据源", "en": "Sources"},
    "runs": {"zh": "最近加载", "en": "Recent loads"},
    "quarantine": {"zh": "隔离记录", "en": "Quarantined rows"},
    "quarantine_reasons": {"zh": "隔离原因统计", "en": "Quarantine by reason"},
    "reason_filter": {"zh": "按原因筛选", "en": "Filter by reason"},
    "all": {"zh": "全部", "en": "All"},
    "no_warehouse": {
        "zh": "尚无数据仓库：请先运行 `python -m pipelines demo --load`。",
        "en": "No warehouse yet: run `python -m pipelines demo --load`.",
    },
    "language": {"zh": "语言", "en": "Language"},
    "metric_cases": {"zh": "案件数", "en": "Cases"},
    "metric_disputes": {"zh": "矛盾纠纷", "en": "Disputes"},
    "metric_grids": {"zh": "单元网格", "en": "Unit grids"},
    "metric_quarantined": {"zh": "隔离行数", "en": "Quarantined rows"},
    "metric_unlocated": {"zh": "无法定位", "en": "Unlocated"},
    "stale": {"zh": "数据已超过 {hours} 小时未更新", "en": "Data not updated for over {hours} hours"},
}
COLUMNS: dict[str, dict[str, str]] = {
    "target": {"zh": "对象", "en": "target"},
    "source": {"zh": "数据源", "en": "source"},
    "rows": {"zh": "行数", "en": "rows"},
    "last_load": {"zh": "最近加载", "en": "last load"},
    "newest_record_at": {"zh": "最新记录时间", "en": "newest record"},
    "quarantined": {"zh": "隔离", "en": "quarantined"},
    "unlocated": {"zh": "无法定位", "en": "unlocated"},
    "runs": {"zh": "加载次数", "en": "runs"},
    "run_id": {"zh": "批次", "en": "run"},
    "snapshot_id": {"zh": "快照", "en": "snapshot"},
    "profile": {"zh": "配置", "en": "profile"},
    "files": {"zh": "文件数", "en": "files"},
    "started_at": {"zh": "开始", "en": "started"},
    "finished_at": {"zh": "结束", "en": "finished"},
    "rows_in": {"zh": "输入行", "en": "rows in"},
    "inserted": {"zh": "新增", "en": "inserted"},
    "updated": {"zh": "更新", "en": "updated"},
    "unchanged": {"zh": "未变", "en": "unchanged"},
    "duplicates": {"zh": "重复", "en": "duplicates"},
    "rejected": {"zh": "拒收", "en": "rejected"},
    "file": {"zh": "文件", "en": "file"},
    "row_number": {"zh": "行号", "en": "row"},
    "reason_code": {"zh": "原因代码", "en": "reason code"},
    "reason": {"zh": "原因", "en": "reason"},
    "raw_record": {"zh": "原始记录（已脱敏）", "en": "raw record (masked)"},
}


def t(key: str, lang: str, **fmt: object) -> str:
    """A UI string in the chosen language."""
    text = STRINGS[key].get(lang) or STRINGS[key]["zh"]
    return text.format(**fmt) if fmt else text


def column_labels(columns: list[str], lang: str) -> dict[str, str]:
    """Column headers for a table in the chosen language."""
    return {c: COLUMNS.get(c, {}).get(lang, c) for c in columns}
