"""Bilingual labels for the ids the warehouse, the models and the pages share: indicators,
object types, hotspot methods, space-time classes and dismissal reasons. One place, read by the
reports, the alert texts and every page, so a label never differs between them.

``label(kind, id, lang)`` gives the label in ``zh`` or ``en``; an unknown id is shown as it is.
"""

from __future__ import annotations

LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "indicator": {
        "registered_count": ("立案数", "cases registered"),
        "dispatched_count": ("派遣数", "cases dispatched"),
        "accepted_count": ("受理数", "cases accepted"),
        "valid_report_rate": ("有效上报率", "valid report rate"),
        "miss_rate": ("漏报率", "miss rate"),
        "on_time_verify_rate": ("按时核实率", "verified on time"),
        "on_time_check_rate": ("按时核查率", "checked on time"),
        "on_time_register_rate": ("按时立案率", "registered on time"),
        "accurate_register_rate": ("准确立案率", "accurate registration"),
        "on_time_dispatch_rate": ("按时派遣率", "dispatched on time"),
        "accurate_dispatch_rate": ("准确派遣率", "accurate dispatch"),
        "disposal_rate": ("处置率", "disposal rate"),
        "on_time_disposal_rate": ("按期处置率", "disposed on time"),
        "closure_rate": ("结案率", "closure rate"),
        "on_time_closure_rate": ("按期结案率", "closed on time"),
        "rework_rate": ("返工率", "rework rate"),
        "overdue_disposal_rate": ("超期处置率", "overdue disposal rate"),
        "extension_rate": ("延期率", "extension rate"),
        "mean_disposal_hours": ("平均处置时长", "mean disposal hours"),
        "median_disposal_hours": ("处置时长中位数", "median disposal hours"),
        "satisfaction_rate": ("满意率", "satisfaction rate"),
        "public_report_rate": ("监督举报率", "public report rate"),
        "on_time_verify_dispatch_rate": ("核实按时派发率", "verifications sent on time"),
        "on_time_check_dispatch_rate": ("核查按时派发率", "checks sent on time"),
    },
    "object_type": {
        "department": ("责任部门", "department"),
        "street": ("街道", "street"),
        "community": ("社区", "community"),
        "grid": ("单元网格", "unit grid"),
        "inspector": ("监督员", "inspector"),
        "call_taker": ("受理员", "call taker"),
        "shift_leader": ("值班长", "shift leader"),
        "dispatcher": ("派遣员", "dispatcher"),
    },
    "method": {
        "last_period": ("上期计数", "last period"),
        "moving_average": ("移动平均", "moving average (8)"),
        "prospective": ("前瞻热点", "prospective hotspotting"),
        "kernel_density": ("核密度", "kernel density"),
        "poisson_gbm": ("泊松梯度提升", "Poisson gradient boosting"),
    },
    "dismiss_reason": {
        "no_issue_found": ("现场核实无问题", "no issue found on site"),
        "duplicate": ("重复预警", "duplicate alert"),
        "already_handled": ("已在处置中", "already being handled"),
        "data_error": ("数据错误", "data error"),
        "low_priority": ("风险较低暂不处置", "low priority"),
    },
}


def label(kind: str, key: str, lang: str = "zh") -> str:
    """The label of ``key`` in ``lang`` (zh or en); the key itself where none is known."""
    pair = LABELS[kind].get(key)
    return key if pair is None else pair[0 if lang == "zh" else 1]


def chinese(kind: str) -> dict[str, str]:
    """id → Chinese label for one kind (the reports and alert texts are in Chinese)."""
    return {k: zh for k, (zh, _) in LABELS[kind].items()}


def bilingual(kind: str) -> dict[str, str]:
    """id → "中文 English", for the places that show both (backtest JSON, model tables)."""
    return {k: f"{zh} {en}" for k, (zh, en) in LABELS[kind].items()}
