"""Bilingual labels for the ids the warehouse, the models and the pages share: indicators,
object types, hotspot methods, space-time classes and dismissal reasons. One place, read by the
reports, the alert texts and every page, so a label never differs between them.

``label(kind, id, lang)`` gives the label in ``zh`` or ``en``; an unknown id is shown as it is.
"""

from __future__ import annotations

import re

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
        "repeat_request_rate": ("重复诉求率", "repeat request rate"),
        "public_report_rate": ("监督举报率", "public report rate"),
        "on_time_verify_dispatch_rate": ("核实按时派发率", "verifications sent on time"),
        "on_time_check_dispatch_rate": ("核查按时派发率", "checks sent on time"),
        "patrol_coverage": ("巡查覆盖率", "patrol coverage"),
        "component_intactness": ("部件完好率", "component intactness"),
        "component_problem_rate": ("部件问题率", "component problem rate"),
        "discovery_per_1000": ("千人发现数", "finds per 1,000 residents"),
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
        "grid_worker": ("专职网格员", "grid worker"),
        "component_class": ("部件类别", "component class"),
    },
    "method": {
        "last_period": ("上期计数", "last period"),
        "moving_average": ("移动平均", "8-step moving average"),
        "prospective": ("前瞻热点", "prospective hotspotting"),
        "kernel_density": ("核密度", "kernel density"),
        "poisson_gbm": ("泊松梯度提升", "Poisson gradient boosting"),
        "self_exciting": ("自激点过程", "self-exciting point process"),
        "calibrated logistic regression": ("校准逻辑回归", "calibrated logistic regression"),  # the dispute model
    },
    "dispute_scale": {"一般": ("一般", "ordinary"), "较大": ("较大", "large"), "重大": ("重大", "major")},  # the registers' own words
    "post_limit": {
        "verify_dispatch_hours": ("核实派发时限", "verification sent within"),
        "verify_hours": ("核实时限", "verified within"),
        "register_hours": ("立案时限", "registered within"),
        "dispatch_hours": ("派遣时限", "dispatched within"),
        "check_dispatch_hours": ("核查派发时限", "check sent within"),
        "check_hours": ("核查时限", "checked within"),
        "close_hours": ("结案时限", "closed within"),
        "repeat_days": ("重复诉求判定期", "repeat request window"),
    },
    "indicator_kind": {"rate": ("比率", "rate"), "count": ("计数", "count")},
    "direction": {"higher": ("越高越好", "higher is better"), "lower": ("越低越好", "lower is better")},
    "status": {
        "reported": ("已上报", "reported"),
        "registered": ("已立案", "registered"),
        "dispatched": ("已派遣", "dispatched"),
        "disposing": ("处置中", "being disposed"),
        "checking": ("待核查", "awaiting check"),
        "closed": ("已结案", "closed"),
        "cancelled": ("已作废", "cancelled"),
        "suspended": ("挂账", "suspended"),
    },
    "channel": {
        "inspector": ("监督员上报", "inspector"),
        "hotline": ("12345热线", "12345 hotline"),
        "public": ("公众举报", "public report"),
        "video": ("智能视频", "video"),
        "assigned": ("领导交办", "assigned by leaders"),
        "other": ("其他", "other"),
    },
    "dispute_status": {
        "pending": ("待调解", "pending"),
        "mediating": ("调解中", "mediating"),
        "resolved": ("已化解", "resolved"),
        "failed": ("调解失败", "mediation failed"),
    },
    "escalation_kind": {
        "petition": ("信访", "petition"),
        "repeat_petition": ("重复信访", "repeat petition"),
        "group_incident": ("群体性事件", "group incident"),
        "criminal": ("民转刑", "became a criminal case"),
        "other": ("其他", "other"),
    },
    "space_time_class": {
        "intensifying": ("加剧", "intensifying"),
        "diminishing": ("减弱", "diminishing"),
        "persistent": ("持续", "persistent"),
        "new": ("新增", "new"),
        "consecutive": ("连续", "consecutive"),
        "oscillating": ("振荡", "oscillating"),
        "sporadic": ("零星", "sporadic"),
        "historical": ("历史", "historical"),
    },
    "hot_cold": {"hot": ("热点", "hot spot"), "cold": ("冷点", "cold spot")},
    "alert_kind": {"hotspot": ("热点网格", "Hotspot grid"), "dispute": ("纠纷升级", "Dispute escalation")},
    "alert_status": {
        "open": ("待审核", "Open"),
        "confirmed": ("已确认", "Confirmed"),
        "dismissed": ("已驳回", "Dismissed"),
        "escalated": ("已转办", "Escalated"),
        "expired": ("已过期", "Expired"),
    },
    "case_stage": {
        "reported": ("上报", "Reported"),
        "registered": ("立案", "Registered"),
        "dispatched": ("派遣", "Dispatched"),
        "disposed": ("处置", "Disposed"),
        "checked": ("核查", "Checked"),
        "closed": ("结案", "Closed"),
    },
    "review_action": {"confirm": ("确认", "Confirm"), "dismiss": ("驳回", "Dismiss"), "escalate": ("转办", "Escalate")},
    "na_note": {
        "not_recorded": ("数据源未记录该环节，不计分", "not scored: the source does not record this stage"),
        "nothing_due": ("无可计入案件，不计分", "not scored: nothing to count"),
        "no_reporter": ("数据源未记录诉求人，不计分", "not scored: the source does not record who reported"),
        "follow_up_open": ("诉求跟踪期未满，不计分", "not scored: the requests' follow-up window is still open"),
    },
    "role": {
        "leader": ("领导", "leader"),
        "analyst": ("分析员", "analyst"),
        "assessor": ("考核员", "assessor"),
        "reviewer": ("审核员", "reviewer"),
        "admin": ("管理员", "administrator"),
        "display": ("大屏", "wall display"),
    },
    "staff_role": {
        "full_time_gridworker": ("专职网格员", "full-time grid worker"),
        "part_time_gridworker": ("兼职网格员", "part-time grid worker"),
        "community_police": ("社区民警", "community police officer"),
        "community_worker": ("社区工作者", "community worker"),
        "urban_inspector": ("城管队员", "urban management officer"),
        "street_cadre": ("街道干部", "street cadre"),
        "other": ("其他", "other"),
    },
    "special_group": {
        "sg_correction": ("社区矫正人员", "community corrections"),
        "sg_released": ("刑满释放人员", "released prisoners"),
        "sg_mental": ("严重精神障碍患者", "severe mental disorder"),
        "sg_drug": ("吸毒人员", "drug users"),
        "sg_youth": ("重点青少年", "youth at risk"),
        "sg_aids": ("艾滋病危险人员", "HIV risk"),
    },
    "component_condition": {
        "intact": ("完好", "intact"),
        "damaged": ("破损", "damaged"),
        "lost": ("丢失", "lost"),
        "abandoned": ("废弃", "abandoned"),
        "removed": ("移除", "removed"),
    },
    "count_unit": {"grid_day": ("网格日", "grid-day"), "component": ("部件", "component"), "case": ("案件", "case")},
    "method_kind": {"baseline": ("基线", "baseline"), "learned": ("学习模型", "learned")},
    "dispute_model": {"model": ("升级风险模型", "escalation model"), "rule_baseline": ("规则基线", "rule baseline")},
    "text_method": {
        "majority": ("最常见类别", "most common label"),
        "keyword_rules": ("关键词规则", "keyword rulebook"),
        "char_ngram_linear": ("字符片段线性模型", "character n-gram linear model"),
    },
    "link_action": {"confirm": ("确认为同一事件", "confirm: one incident"), "split": ("拆分为不同事件", "split: not one incident")},
    "text_target": {"category": ("案件小类", "category"), "major": ("案件大类", "major class"), "department": ("责任单位", "department")},
    "audit_detail": {  # the keys of an audit entry's detail, as the audit page names them
        "via": ("方式", "via"),
        "files": ("文件", "files"),
        "profile": ("配置", "profile"),
        "source": ("数据源", "source"),
        "target": ("目标表", "target"),
        "rows_in": ("读入行", "rows in"),
        "inserted": ("新增", "inserted"),
        "updated": ("更新", "updated"),
        "unchanged": ("未变", "unchanged"),
        "duplicates": ("重复", "duplicates"),
        "rejected": ("隔离", "rejected"),
        "rejected_by_reason": ("隔离原因", "rejected by reason"),
        "unlocated": ("无法定位", "unlocated"),
        "run_id": ("运行号", "run"),
        "snapshot_id": ("快照号", "snapshot"),
        "seconds": ("用时（秒）", "seconds"),
        "refused": ("拒绝原因", "refused"),
        "failures": ("失败次数", "failures"),
        "fingerprint": ("指纹", "fingerprint"),
        "sign_in": ("登录设置", "sign-in settings"),
        "review_id": ("审核号", "review"),
        "action": ("决定", "decision"),
        "reason_code": ("原因", "reason"),
        "assignee": ("承办人", "assignee"),
        "filters": ("筛选条件", "filters"),
        "rows": ("行数", "rows"),
        "format": ("格式", "format"),
    },
    "sign_in_via": {"password": ("密码", "password"), "token": ("大屏令牌", "display token"), "oidc": ("单点登录", "single sign-on")},
    "audit_action": {
        "sign_in": ("登录", "sign-in"),
        "sign_in_failed": ("登录失败", "failed sign-in"),
        "sign_out": ("退出", "sign-out"),
        "export": ("导出", "export"),
        "upload": ("上传", "upload"),
        "load": ("加载", "load"),
        "alert_review": ("预警审核", "alert review"),
        "incident_link_review": ("一事多报复核", "incident link review"),
        "rubric_change": ("细则变更", "rubric change"),
        "config_change": ("配置变更", "configuration change"),
        "user_add": ("新增账号", "account added"),
        "user_disable": ("停用账号", "account disabled"),
        "user_enable": ("启用账号", "account enabled"),
        "user_reset": ("重置密码", "password reset"),
        "password_change": ("修改密码", "password changed"),
        "session_end": ("会话终止", "session ended"),
    },
    "quarantine_reason": {
        "missing_required": ("缺少必填值", "required value missing"),
        "bad_datetime": ("时间无法识别", "unreadable date-time"),
        "bad_number": ("数值无效", "invalid number"),
        "unmapped_value": ("代码无法对应", "value not in the profile's mapping"),
        "stage_order": ("环节时间倒序", "stages out of order"),
        "key_conflict": ("编号重复且内容不同", "same key, other content"),
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


def space_time_label(value: str | None, lang: str = "zh") -> str:
    """A space-time class as stored ("intensifying hot") in words: 加剧热点 / intensifying hot spot."""
    if not value:
        return "—"
    cls, _, side = value.partition(" ")
    joined = "" if lang == "zh" else " "
    return label("space_time_class", cls, lang) + joined + label("hot_cold", side, lang)


# A quarantined row's reason is written in English (the CLI's and the log's language) from these
# templates (pipelines/transform.py, pipelines/load.py); the pages say it in Chinese by the same
# template. The values quoted inside stay as the source wrote them.
REASON_TEMPLATES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^column (.+?): '(.*)' is not a date-time in the formats (.*)$", re.S), "列 {0}：“{1}”不是可识别的日期时间（格式 {2}）"),
    (re.compile(r"^column (.+?): '(.*)' is not a number$", re.S), "列 {0}：“{1}”不是数字"),
    (
        re.compile(r"^column (.+?): value '(.*)' is not in the profile's values\.(.*)$", re.S),
        "列 {0}：值“{1}”不在数据源配置 [values.{2}] 的取值中",
    ),
    (re.compile(r"^column (.+?): '(.*)' is not a known (?P<field>.+)$", re.S), "列 {0}：“{1}”不是已知的{2}"),
    (re.compile(r"^column (.+?): required value is empty$", re.S), "列 {0}：必填值为空"),
    (re.compile(r"^column (.+?): (.+) is before the report time (.+)$", re.S), "列 {0}：{1} 早于上报时间 {2}"),
    (re.compile(r"^column (.+?): satisfaction (.+) is not 1–5$", re.S), "列 {0}：满意度 {1} 不在 1–5 之间"),
    (re.compile(r"^column (.+?): resolved before it was reported$", re.S), "列 {0}：化解时间早于上报时间"),
    (
        re.compile(r"^key (.+) appears again with different content and the same update time; the row kept is (.+) row (\d+)$", re.S),
        "编号 {0} 再次出现，内容不同而更新时间相同；保留的是 {1} 第 {2} 行",
    ),
]


def reason_text(reason: str | None, lang: str = "zh") -> str | None:
    """A quarantine reason in ``lang``: the stored English, or its Chinese by template (a reason
    no template knows is shown as stored)."""
    if reason is None or lang != "zh":
        return reason
    for pattern, chinese_text in REASON_TEMPLATES:
        m = pattern.match(reason)
        if m:
            field = pattern.groupindex.get("field")  # a canonical field's name, said in Chinese
            groups = [FIELD_NAMES.get(g, g) if i == field else g for i, g in enumerate(m.groups(), start=1)]
            return chinese_text.format(*groups)
    return reason


FIELD_NAMES = {"channel": "来源渠道", "status": "状态", "category": "问题类别", "dispute_type": "纠纷类型"}


def chinese(kind: str) -> dict[str, str]:
    """id → Chinese label for one kind (the reports and alert texts are in Chinese)."""
    return {k: zh for k, (zh, _) in LABELS[kind].items()}


def bilingual(kind: str) -> dict[str, str]:
    """id → "中文 English", for the places that show both (backtest JSON, model tables)."""
    return {k: f"{zh} {en}" for k, (zh, en) in LABELS[kind].items()}
