"""UI strings in Chinese (default) and English; pages never hard-code labels. The labels of data
values (statuses, channels, indicators …) come from warehouse/labels.py, shared with the reports."""

from __future__ import annotations

import functools
import json

import polars as pl

from warehouse import labels

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"zh": "GridPulse 网格化管理分析", "en": "GridPulse grid governance analytics"},
    "page_data": {"zh": "数据状态", "en": "Data status"},
    "username": {"zh": "用户名", "en": "Username"},
    "password": {"zh": "密码", "en": "Password"},
    "new_password": {"zh": "新密码（至少10位）", "en": "New password (10 characters or more)"},
    "new_password_again": {"zh": "再次输入新密码", "en": "New password again"},
    "password_rules": {
        "zh": "新密码至少{n}位，且不能与原密码相同。",
        "en": "The new password needs {n} characters or more and must differ from the old one.",
    },
    "password_mismatch": {"zh": "两次输入的新密码不一致。", "en": "The two new passwords differ."},
    "password_old_wrong": {
        "zh": "原密码不正确，或账号已锁定/停用。",
        "en": "The current password is wrong, or the account is locked or disabled.",
    },
    "sign_in": {"zh": "登录", "en": "Sign in"},
    "sign_in_sso": {"zh": "统一身份认证登录", "en": "Sign in with single sign-on"},
    "sign_out": {"zh": "退出登录", "en": "Sign out"},
    "sign_in_failed": {
        "zh": "登录失败：用户名或密码错误，或账号已锁定/停用。",
        "en": "Sign-in failed: wrong username or password, or the account is locked or disabled.",
    },
    "oidc_no_account": {"zh": "{email} 没有本地账号，请联系管理员。", "en": "{email} has no local account: ask an administrator."},
    "change_password": {"zh": "修改初始密码", "en": "Change your one-time password"},
    "signed_in_as": {"zh": "当前用户：{user}（{role}{scope}）", "en": "Signed in as {user} ({role}{scope})"},
    "upload": {"zh": "上传导出文件", "en": "Upload an export"},
    "upload_profile": {"zh": "数据源配置", "en": "Source profile"},
    "upload_file": {"zh": "文件（最大 {mb} MB）", "en": "File (at most {mb} MB)"},
    "upload_submit": {"zh": "上传并加载", "en": "Upload and load"},
    "upload_done": {
        "zh": "已加载：{rows} 行，新增 {inserted}，隔离 {rejected}",
        "en": "Loaded: {rows} rows, {inserted} new, {rejected} quarantined",
    },
    "forbidden": {"zh": "无权访问此页面。", "en": "You may not open this page."},
    "page_audit": {"zh": "审计日志", "en": "Audit log"},
    "audit_verify": {"zh": "校验哈希链", "en": "Verify the hash chain"},
    "audit_ok": {"zh": "哈希链完整：{n} 条记录，链头 {head}", "en": "Chain intact: {n} entries, head {head}"},
    "audit_broken": {"zh": "哈希链在第 {seq} 条断裂：{reason}", "en": "Chain broken at entry {seq}: {reason}"},
    "audit_action": {"zh": "操作类型", "en": "Action"},
    "audit_actor": {"zh": "操作人", "en": "Actor"},
    "scope_note": {"zh": "您的数据范围：{scope}", "en": "Your data scope: {scope}"},
    "report_scoped": {"zh": "全区年度报告仅限全区权限用户下载。", "en": "The district report is for users without a region scope."},
    "page_alerts": {"zh": "风险预警", "en": "Risk alerts"},
    "page_models": {"zh": "模型评估", "en": "Model quality"},
    "page_incidents": {"zh": "一事多报", "en": "Incidents"},
    "incidents_none": {
        "zh": "尚未关联一事多报：运行 `python -m models incidents`。",
        "en": "Reports have not been linked into incidents yet: run `python -m models incidents`.",
    },
    "incidents_rule": {
        "zh": "两条诉求相距不超过 150 米、时间相差不超过 48 小时即为候选关联；置信度 = 0.5 × 文本相似度 + 0.3 × (1 − 距离/150 米) + 0.2 × (1 − 时差/48 小时)。≥ 0.75 自动关联，0.6–0.75 待复核。复核结果在下次运行 `python -m models incidents` 时生效。",
        "en": "Two reports at most 150 m and 48 hours apart are a candidate link; confidence = 0.5 × text similarity + 0.3 × (1 − distance/150 m) + 0.2 × (1 − hours/48). At 0.75 or more they are linked, from 0.6 to 0.75 the link waits for review. Reviews apply from the next `python -m models incidents`.",
    },
    "incidents_learned": {
        "zh": "两条诉求相距不超过 150 米、时间相差不超过 48 小时即为候选关联；置信度是从本数据源 {marked} 对标记为重复的报告学得的概率"
        "（文本相似度、同一类别、同一诉求人、距离、时差）。≥ 0.5 自动关联，0.2–0.5 待复核。按时间切分检验（{marks} 对标记重复）："
        "自动关联精确率 {precision}、召回率 {recall}，含复核召回率 {with_review}；固定规则为 {rule_precision} / {rule_recall}。"
        "复核结果在下次运行 `python -m models incidents` 时生效。",
        "en": "Two reports at most 150 m and 48 hours apart are a candidate link; the confidence is a probability learned from {marked} "
        "pairs this source marked as repeats (text similarity, same category, same reporter, distance, hours apart). At 0.5 or more they "
        "are linked, from 0.2 to 0.5 the link waits for review. On a time split ({marks} marked repeats): precision {precision}, recall "
        "{recall}, {with_review} with review; the fixed rule: {rule_precision} / {rule_recall}. Reviews apply from the next "
        "`python -m models incidents`.",
    },
    "kpi_incidents": {"zh": "多报事件", "en": "Incidents of several reports"},
    "kpi_incident_reports": {"zh": "涉及诉求", "en": "Reports in them"},
    "kpi_links_waiting": {"zh": "待复核关联", "en": "Links to review"},
    "incident_queue": {"zh": "待复核关联（置信度高者在前）", "en": "Links to review (surest first)"},
    "incident_pick": {"zh": "选择一条关联", "en": "Choose a link"},
    "incident_pair": {
        "zh": "相距 {m} 米，相差 {h} 小时，文本相似度 {s}，置信度 {c}",
        "en": "{m} m apart, {h} hours apart, text similarity {s}, confidence {c}",
    },
    "incident_decide": {"zh": "复核结论", "en": "Decision"},
    "incident_saved": {
        "zh": "已记录复核结论（{action}），下次关联运行时生效。",
        "en": "Decision recorded ({action}); it applies from the next linking run.",
    },
    "incident_decided": {"zh": "已复核（{action}）", "en": "Reviewed ({action})"},
    "incident_list": {"zh": "多报事件", "en": "Incidents of several reports"},
    "incident_list_first": {"zh": "按诉求数列出前 {n} 起（共 {total} 起）。", "en": "The first {n} by reports (of {total})."},
    "report_a": {"zh": "较早的诉求", "en": "Earlier report"},
    "report_b": {"zh": "较晚的诉求", "en": "Later report"},
    "no_alerts": {
        "zh": "尚无预警：请运行 `python -m models backtest` 和 `python -m models alerts`。",
        "en": "No alerts yet: run `python -m models backtest` and `python -m models alerts`.",
    },
    "alert_kind": {"zh": "预警类型", "en": "Kind"},
    "alert_status": {"zh": "状态", "en": "Status"},
    "min_score": {
        "zh": "最低分值（热点为预测件数，纠纷为升级概率）",
        "en": "Minimum score (hotspot: expected cases; dispute: probability)",
    },
    "queue": {"zh": "预警队列（{n} 条）", "en": "Queue ({n} alerts)"},
    "alert_detail": {"zh": "预警详情", "en": "Alert detail"},
    "why": {"zh": "预警依据", "en": "Why it fired"},
    "alert_meta": {
        "zh": "方法 {method} · 模型版本 {version} · 数据快照 {snapshot} · 有效期 {start} 至 {end}",
        "en": "Method {method} · model {version} · snapshot {snapshot} · valid {start} to {end}",
    },
    "grid_history": {"zh": "网格近26周案件", "en": "Grid cases, last 26 weeks"},
    "grid_disputes": {"zh": "该网格近一年纠纷", "en": "Disputes in this grid, last year"},
    "review": {"zh": "审核", "en": "Review"},
    "review_action": {"zh": "审核结论", "en": "Decision"},
    "reason": {"zh": "驳回原因", "en": "Dismissal reason"},
    "assignee": {"zh": "承办单位/人", "en": "Assignee"},
    "due_date": {"zh": "办理时限", "en": "Due date"},
    "note": {"zh": "备注", "en": "Note"},
    "reviewer": {"zh": "审核人", "en": "Reviewer"},
    "submit_review": {"zh": "提交审核", "en": "Submit decision"},
    "review_saved": {"zh": "已记录审核 #{id}", "en": "Decision #{id} recorded"},
    "review_history": {"zh": "审核记录（只增不改）", "en": "Review history (append-only)"},
    "no_history": {"zh": "尚无审核记录", "en": "No decisions yet"},
    "precision": {"zh": "预警准确率（确认或转办 ÷ 已审核）", "en": "Alert precision (confirmed or escalated ÷ reviewed)"},
    "kpi_open_alerts": {"zh": "待审核预警", "en": "Open alerts"},
    "kpi_precision": {"zh": "审核确认率", "en": "Reviewed precision"},
    "kpi_hotspot_real": {"zh": "热点预警后确有案件", "en": "Flagged grids that had a case"},
    "kpi_dispute_real": {"zh": "预警纠纷实际升级", "en": "Flagged disputes that escalated"},
    "no_backtest": {"zh": "尚无回测结果：请运行 `python -m models backtest`。", "en": "No backtest yet: run `python -m models backtest`."},
    "no_dispute_eval": {
        "zh": "尚无纠纷模型评估：请运行 `python -m models train`。",
        "en": "No dispute model evaluation yet: run `python -m models train`.",
    },
    "backtest_title": {
        "zh": "热点预测回测（滚动起点，严格按时间切分）",
        "en": "Hotspot forecast backtest (rolling origin, strict time split)",
    },
    "backtest_window": {
        "zh": "{cells}，{grids} 个网格；预测步长 {h}：{n} 个起点 {first} 至 {last}",
        "en": "{cells}, {grids} cells; horizon {h}: {n} origins {first} to {last}",
    },
    "chosen_learned": {
        "zh": "预警采用 **{method}**：5%覆盖率 PAI {pai:.2f}，优于最佳基线 {baseline}（{bpai:.2f}），高出 {gain:.1%}。",
        "en": "Alerts use **{method}**: PAI at 5 % {pai:.2f}, beating the best baseline {baseline} ({bpai:.2f}) by {gain:.1%}.",
    },
    "chosen_baseline": {
        "zh": "预警采用基线 **{method}**（5%覆盖率 PAI {pai:.2f}）；学习模型 {learned}（{lpai:.2f}）未胜出，不予采用。",
        "en": "Alerts use the baseline **{method}** (PAI at 5 % {pai:.2f}); the learned model {learned} ({lpai:.2f}) did not beat it and is not used.",
    },
    "horizon": {"zh": "预测步长（周）", "en": "Horizon (steps)"},
    "hit_rate_short": {"zh": "命中率", "en": "hit"},
    "hit_curve": {"zh": "命中率–覆盖面积曲线", "en": "Hit rate against area covered"},
    "pai_curve": {"zh": "PAI–覆盖面积曲线", "en": "PAI against area covered"},
    "coverage": {"zh": "覆盖面积占比", "en": "Share of area"},
    "dispute_model": {"zh": "纠纷升级风险模型（按时间切分）", "en": "Dispute escalation model (time split)"},
    "text_model": {
        "zh": "按描述文本建议类别与责任单位（按时间切分）",
        "en": "Category and department suggested from the text (time split)",
    },
    "no_text_eval": {
        "zh": "尚未评估文本模型：运行 `python -m models text`。",
        "en": "The text models have not been evaluated yet: run `python -m models text`.",
    },
    "text_target": {"zh": "预测对象", "en": "Suggests"},
    "text_windows": {
        "zh": "训练 {tn} 条（{tf} 至 {tt}，拟合最近 {fit} 条，{labels} 个可选结果）；测试 {vn} 条（{vf} 至 {vt}，其中 {unseen} 条的结果训练期未出现）",
        "en": "Trained on {tn} texts ({tf} to {tt}; the latest {fit} fitted, {labels} labels); tested on {vn} ({vf} to {vt}; {unseen} with a label unseen in training)",
    },
    "summary_incidents": {"zh": "事件数", "en": "Incidents"},  # the help says: reports of one incident counted once
    "summary_incidents_help": {
        "zh": "同一事件经多个渠道的报告只计一次：筛选内 {reports} 件报告由最近一次一事多报关联（最近 30 天）合并为 {incidents} 起事件，其余每件报告各为一起。",
        "en": "Reports of one incident through several channels count once: {reports} of the filtered reports were linked by the last "
        "incident run (last 30 days) into {incidents} incidents; every other report is an incident of its own.",
    },
    "summary_incidents_none": {
        "zh": "尚未运行一事多报关联（python -m models incidents）。",
        "en": "Incident linking has not run yet (python -m models incidents).",
    },
    "wall_incidents": {"zh": "事件（合并）", "en": "incidents"},
    "wall_hot": {"zh": "本周热点诉求", "en": "Hot issues this week"},
    "wall_hot_item": {"zh": "{grid} · {text}", "en": "{grid} · {text}"},
    "wall_hot_stats": {
        "zh": "{reports} 件 · {reporters} 人 · {channels} 渠道",
        "en": "{reports} reports · {reporters} people · {channels} channels",
    },
    "wall_hot_none": {"zh": "本周暂无热点诉求", "en": "No hot issues this week"},
    "text_routing": {
        "zh": "派遣准确率（以最终承办部门为准，测试期 {n} 件）：实际派遣一次派对 {first}（{returned} 件回退改派）；"
        "建议部门一次派对 {sugg}，回退改派的案件中建议部门即最终承办部门的占 {on_returned}。",
        "en": "Routing (judged by the department that finally handled the case, {n} test cases): the real dispatch was right "
        "first time in {first} ({returned} returned and re-dispatched); the suggestion names the final department in {sugg}, "
        "and in {on_returned} of the returned cases.",
    },
    "text_confident": {
        "zh": "置信度 ≥ {p} 的建议覆盖 {share} 的案件，其中 {acc} 与实际一致；采用：{chosen}。",
        "en": "Suggestions with confidence ≥ {p} cover {share} of cases and match the recorded choice in {acc}; used: {chosen}.",
    },
    "text_worst": {"zh": "最易混淆的类别", "en": "Labels confused most"},
    "text_worst_department": {"zh": "最易混淆的责任单位", "en": "Departments confused most"},
    "text_review_title": {"zh": "疑似错派（待复核）", "en": "Possible mis-dispatches (to review)"},
    "text_review_title_category": {"zh": "疑似分类错误（待复核）", "en": "Possibly wrong categories (to review)"},
    "text_review_note": {
        "zh": "记录的{target}与置信度 ≥ {p} 的模型建议不一致的案件，置信度高者在前。模型只用复核期之前的案件拟合；建议仅供参考，不改变案件记录。",
        "en": "Cases whose recorded {target} differs from a suggestion at least {p} sure, most confident first. The model was fitted only on cases before the review window; a suggestion is advice and never changes the case.",
    },
    "text_review_trust": {
        "zh": "评估测试期内，置信度 ≥ {p} 的建议与记录一致的比例为 {acc}：清单是复核线索，不是结论（模型给出的置信度未经校准）。",
        "en": "In the evaluation's test span, suggestions at confidence ≥ {p} matched the record in {acc}: the list is a lead to check, not a verdict (the model's confidence is not calibrated).",
    },
    "text_review_none": {
        "zh": "没有疑似错派的案件（或尚未运行 `python -m models suggest`）。",
        "en": "No possible mis-dispatches (or `python -m models suggest` has not run yet).",
    },
    "dispute_windows": {
        "zh": "训练 {tn} 件（{tf} 至 {tt}），检验 {vn} 件（{vf} 至 {vt}），升级判定窗口 {days} 天",
        "en": "Train {tn} ({tf} to {tt}), test {vn} ({vf} to {vt}), outcome window {days} days",
    },
    "calibration": {"zh": "校准图（检验集）", "en": "Calibration (test set)"},
    "predicted": {"zh": "预测概率", "en": "Predicted probability"},
    "observed": {"zh": "实际升级率", "en": "Observed rate"},
    "snapshot_word": {"zh": "数据快照", "en": "snapshot"},
    "legend_cases": {"zh": "案件数", "en": "Cases"},
    "legend_expected": {"zh": "预测件数", "en": "Expected cases"},
    "legend_none": {"zh": "无数据", "en": "no data"},
    "demo_clock": {
        "zh": "演示城市：数据为生成数据，时钟停在 {at}，所有图表按该时刻计算。加载真实数据后此处显示数据新鲜度。",
        "en": "Demo city: generated data whose clock stops at {at}; every figure is computed for that moment. Load real data to see its freshness here.",
    },
    "period_partial": {"zh": "{period}（数据不完整）", "en": "{period} (partial data)"},
    "period_partial_warning": {
        "zh": "{period} 的数据不完整（数据在期内开始或截止），得分只反映已有数据，不宜与完整期比较。",
        "en": "{period} is covered only in part (the data starts or ends inside it): its scores reflect the data there is, not a full period.",
    },
    "coverage_note": {
        "zh": "本期数据覆盖：{days}/{of} 天有上报；到期案件 {due} 件，已结案 {closed}，来自记录处置环节数据源的 {disposal}。",
        "en": "Coverage: reports on {days} of {of} days; {due} cases due, {closed} closed, {disposal} from sources that record disposal.",
    },
    "no_grids": {
        "zh": "尚未加载单元网格，无法绘制地图：请加载网格面（`python -m pipelines grids --profile NAME FILE`），或生成方格网（`python -m pipelines grids --square 250`）。",
        "en": "No unit grids loaded, so no map: load grid polygons (`python -m pipelines grids --profile NAME FILE`) or make square cells (`python -m pipelines grids --square 250`).",
    },
    "ideal": {"zh": "理想校准", "en": "ideal"},
    "field_header": {"zh": "字段", "en": "field"},
    "value_header": {"zh": "内容", "en": "value"},
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
    "page_wall": {"zh": "指挥大屏", "en": "Wall display"},
    "page_assessment": {"zh": "考核评价", "en": "Assessment"},
    "no_scores": {"zh": "尚无考核结果：请运行 `python -m warehouse assess`。", "en": "No scores yet: run `python -m warehouse assess`."},
    "assessment_period": {"zh": "考核周期", "en": "Period"},
    "object_type": {"zh": "考核对象", "en": "Object type"},
    "rubric_info": {
        "zh": "细则：{name}（版本 {version}）· 计算所用数据发布于 {at}",
        "en": "Rubric: {name} (version {version}) · computed on the data published {at}",
    },
    "snapshot_cite": {"zh": "引用编号：数据快照 {id}", "en": "For citing: data snapshot {id}"},
    "scoreboard": {"zh": "综合排名", "en": "Scoreboard"},
    "rank": {"zh": "排名", "en": "rank"},
    "code": {"zh": "编码", "en": "code"},
    "name": {"zh": "名称", "en": "name"},
    "composite": {"zh": "综合得分", "en": "composite"},
    "grade": {"zh": "等级", "en": "grade"},
    "change_vs_previous": {"zh": "较上期", "en": "vs previous"},
    "bottom_three": {"zh": "后三位及原因", "en": "Bottom three and why"},
    "indicator_breakdown": {"zh": "指标明细", "en": "Indicator breakdown"},
    "object": {"zh": "对象", "en": "Object"},
    "indicator": {"zh": "指标", "en": "Indicator"},
    "cases_behind": {"zh": "指标对应案件", "en": "Cases behind an indicator"},
    "report_on_lake": {
        "zh": "本服务器读取共享数据湖；通报与年度报告请在装载数据的服务器上生成（python -m warehouse bulletin / report）。",
        "en": "This server reads the shared lake; bulletins and annual reports are made on the server that loads the data "
        "(python -m warehouse bulletin / report).",
    },
    "cases_behind_none": {"zh": "该指标没有计入的案件。", "en": "No cases count towards this indicator."},
    "cases_behind_note": {
        "zh": "分子 {num} 件 / 分母 {den} 件（存档得分：{stored_num} / {stored_den}）",
        "en": "numerator {num} / denominator {den} cases (stored score: {stored_num} / {stored_den})",
    },
    "units_behind_note": {
        "zh": "分子 {num} / 分母 {den}（存档得分：{stored_num} / {stored_den}）；{what}",
        "en": "numerator {num} / denominator {den} (stored score: {stored_num} / {stored_den}); {what}",
    },
    "units_behind_rate": {"zh": "列出的是分母中的每个计数单元", "en": "every unit of the denominator is listed"},
    "units_behind_count": {
        "zh": "列出的是分子中的案件，分母为部件数或常住人口（千人）",
        "en": "the cases of the numerator are listed; the denominator is components or residents (thousands)",
    },
    "cases_behind_unavailable": {"zh": "该对象类型暂不支持案件下钻", "en": "Case drill-down is not available for this object type"},
    "rubric": {"zh": "考核细则", "en": "Rubric"},
    "annual_report": {"zh": "年度考核报告", "en": "Annual report"},
    "choose": {"zh": "请选择", "en": "Choose"},
    "sheet_cases": {"zh": "案件明细", "en": "Cases"},
    "sheet_filter": {"zh": "筛选条件", "en": "Filter"},
    "export_rows": {"zh": "导出 {n} 条", "en": "{n} rows exported"},
    "export_made": {"zh": "导出时间 {at}", "en": "Exported {at}"},
    "upload_button": {"zh": "选择文件", "en": "Upload"},
    "upload_limit": {"zh": "单个文件最大 {mb} MB · {types}", "en": "Up to {mb} MB per file · {types}"},
    "skip_to_content": {"zh": "跳到主要内容", "en": "Skip to main content"},
    "monthly_bulletin": {"zh": "月度通报", "en": "Monthly bulletin"},
    "bulletin_month": {"zh": "月份", "en": "Month"},
    "bulletin_pdf": {"zh": "下载 PDF 通报", "en": "Download PDF bulletin"},
    "bulletin_xlsx": {"zh": "下载 Excel 通报", "en": "Download XLSX bulletin"},
    "report_year": {"zh": "年度", "en": "Year"},
    "report_xlsx": {"zh": "下载 Excel 报告", "en": "Download XLSX report"},
    "report_pdf": {"zh": "下载 PDF 报告", "en": "Download PDF report"},
    "rubric_unavailable": {
        "zh": "数据中无法计算的指标（权重已并入其他指标）：{names}",
        "en": "Not computable from the records (weight moved): {names}",
    },
    "page_explorer": {"zh": "态势分析", "en": "Explorer"},
    "page_grid": {"zh": "网格画像", "en": "Grid profile"},
    "grid_pick": {"zh": "选择或搜索网格（名称或编码）", "en": "Pick or search a grid (name or code)"},
    "grid_where": {"zh": "{street} · {community} · 编码 {code} · 截至 {at}", "en": "{street} · {community} · code {code} · as of {at}"},
    "grid_residents": {"zh": "常住人口", "en": "Residents"},
    "grid_households": {"zh": "户数", "en": "Households"},
    "grid_buildings": {"zh": "楼栋", "en": "Buildings"},
    "grid_orgs": {"zh": "组织", "en": "Organisations"},
    "grid_components": {"zh": "部件（完好率）", "en": "Components (intact)"},
    "grid_staff": {"zh": "在岗力量", "en": "Staff on duty"},
    "grid_patrol_7d": {"zh": "巡查覆盖（近7天）", "en": "Patrolled, 7 days"},
    "grid_patrol_30d": {"zh": "巡查覆盖（近30天）", "en": "Patrolled, 30 days"},
    "grid_open": {"zh": "在办（超期）案件", "en": "Open (overdue) cases"},
    "grid_disputes_90d": {"zh": "近90天纠纷（待化解）", "en": "Disputes 90 days (open)"},
    "grid_rates": {"zh": "每千名常住人口", "en": "Per 1,000 residents"},
    "grid_rate_metric": {"zh": "指标", "en": "Measure"},
    "grid_rate_here": {"zh": "本网格", "en": "This grid"},
    "grid_rate_median": {"zh": "全区网格中位数", "en": "District grid median"},
    "grid_rate_cases": {"zh": "近30天案件", "en": "Cases, last 30 days"},
    "grid_rate_open": {"zh": "在办案件", "en": "Open cases"},
    "grid_rate_disputes": {"zh": "近90天纠纷", "en": "Disputes, last 90 days"},
    "grid_rate_orgs": {"zh": "组织", "en": "Organisations"},
    "grid_no_residents": {"zh": "该网格无人口统计，无法计算千人指标。", "en": "No resident count for this grid: no per-1,000 rates."},
    "grid_special": {"zh": "重点人群（仅统计数）", "en": "Special groups (counts only)"},
    "grid_special_hidden": {
        "zh": "重点人群数据仅对有权限的角色显示。",
        "en": "Special-group counts are shown only to roles allowed to see them.",
    },
    "grid_components_title": {"zh": "部件（按类别与状态）", "en": "Components by class and condition"},
    "grid_staff_title": {"zh": "在岗力量（按岗位）", "en": "Staff on duty by role"},
    "grid_alerts_title": {"zh": "风险预警", "en": "Risk alerts"},
    "grid_no_alerts": {"zh": "该网格当前无预警。", "en": "No alert for this grid now."},
    "grid_component_lookup": {"zh": "部件查询（案件多的在前）", "en": "Components (most cases first)"},
    "grid_component_pick": {"zh": "部件", "en": "Component"},
    "grid_component_cases": {"zh": "{n} 件案件", "en": "cases: {n}"},
    "grid_component_where": {"zh": "位置：{address}；权属单位：{owner}", "en": "Where: {address}; owner: {owner}"},
    "grid_component_no_cases": {"zh": "没有案件标注该部件编码。", "en": "No case names this component."},
    "grid_pdf": {"zh": "打印网格画像（PDF）", "en": "Print the grid profile (PDF)"},
    "grid_none_in_scope": {"zh": "您的权限范围内没有网格。", "en": "No grid in your scope."},
    "open_grid_profile": {"zh": "查看该网格画像", "en": "Open this grid's profile"},
    "data_as_of": {"zh": "数据截至 {at}", "en": "Data as of {at}"},
    "figures_at": {"zh": "统计时点 {at}", "en": "figures at {at}"},
    "stale_banner": {
        "zh": "数据已 {hours} 小时未更新（最新记录 {at}），请检查数据接入",
        "en": "No new data for {hours} hours (newest record {at}): check the data feeds",
    },
    "kpi_new_today": {"zh": "今日新增", "en": "New today"},
    "kpi_new_mtd": {"zh": "本月新增", "en": "New this month"},
    "kpi_open": {"zh": "在办案件", "en": "Open cases"},
    "kpi_overdue": {"zh": "当前超期", "en": "Overdue now"},
    "kpi_on_time": {"zh": "本月按期结案率", "en": "On-time, month"},
    "kpi_satisfaction": {"zh": "本月12345满意率", "en": "12345 satisfied, month"},
    "kpi_disputes": {"zh": "待化解纠纷", "en": "Disputes pending"},
    "kpi_alerts": {"zh": "待研判预警", "en": "Alerts to review"},
    "kpi_target": {"zh": "目标 {target} · 得分 {ratio}", "en": "target {target} · score {ratio}"},
    "wall_stages": {"zh": "今日各环节办理量", "en": "Today at each stage"},
    "not_recorded": {"zh": "未记录", "en": "not recorded"},
    "kpi_new_compare": {
        "zh": "昨日同时段 {yesterday} · 去年同日 {last_year}",
        "en": "yesterday {yesterday} · last year {last_year}",
    },
    "kpi_on_time_help": {
        "zh": "按期结案 {num} ÷（已结案 + 超期未结）{den}；本月到期、未撤销、未挂账的案件",
        "en": "closed on time {num} ÷ (closed + open and overdue) {den}; cases due this month, not cancelled or suspended",
    },
    "on_time_help_period": {
        "zh": "按期结案 {num} ÷（已结案 + 超期未结）{den}；所选时段内到期、未撤销、未挂账的案件（时段未结束时截至当前）",
        "en": "closed on time {num} ÷ (closed + open and overdue) {den}; cases due in the chosen period (up to now while it runs), not cancelled or suspended",
    },
    "rubric_limits": {"zh": "时限：{limits}", "en": "time limits: {limits}"},
    "hours_unit": {"zh": "工作小时", "en": "working hours"},
    "days_unit": {"zh": "天", "en": "days"},
    "not_available": {"zh": "暂无", "en": "n/a"},
    "wall_map": {"zh": "近7日网格案件量", "en": "Cases per grid, last 7 days"},
    "wall_map_overdue": {"zh": "当前超期案件分布", "en": "Overdue cases per grid, now"},
    "wall_map_per_1000": {"zh": "近7日每千人案件量", "en": "Cases per 1,000 residents, last 7 days"},
    "wall_map_patrol": {"zh": "近7日网格巡查覆盖率", "en": "Patrol coverage per grid, last 7 days"},
    "legend_per_1000": {"zh": "每千人案件数", "en": "Cases per 1,000 residents"},
    "legend_patrol": {"zh": "巡查覆盖率", "en": "Patrol coverage"},
    "wall_trend": {"zh": "近30日案件趋势", "en": "Cases, last 30 days"},
    "wall_top_categories": {"zh": "本月高发问题", "en": "Top categories this month"},
    "wall_rankings": {"zh": "按期结案率排名（本月）", "en": "On-time closure ranking (month)"},
    "wall_rank_departments": {"zh": "部门", "en": "Departments"},
    "wall_rank_streets": {"zh": "街道", "en": "Streets"},
    "cityscore": {"zh": "综合得分", "en": "CityScore"},
    "cityscore_help": {
        "zh": "各指标实际值与目标之比（最高 2）的平均：按期结案率、按期处置率、返工率、满意率；1 即达标",
        "en": "Mean of each metric's ratio to its target (at most 2): on-time closure, on-time disposal, rework, satisfaction; 1 meets the target",
    },
    "period_day": {"zh": "今日", "en": "Today"},
    "period_week": {"zh": "近7天", "en": "7 days"},
    "period_month": {"zh": "近30天", "en": "30 days"},
    "period_quarter": {"zh": "近90天", "en": "90 days"},
    "target_on_time_rate": {"zh": "按期结案率", "en": "On-time closure"},
    "target_on_time_disposal_rate": {"zh": "按期处置率", "en": "On-time disposal"},
    "target_rework_rate": {"zh": "返工率", "en": "Rework"},
    "target_satisfaction_rate": {"zh": "满意率", "en": "Satisfaction"},
    "pin_detail": {"zh": "紧急案件，已受理 {hours} 小时", "en": "Urgent case, open {hours} h"},
    "pin_overdue": {"zh": "已超期", "en": "overdue"},
    "legend_urgent": {"zh": "紧急案件（时限≤{hours}工作小时）{n} 件", "en": "Urgent cases (limit ≤ {hours} working h): {n}"},
    "wall_bottom": {"zh": "后三位", "en": "Bottom three"},
    "wall_ticker": {"zh": "超期案件", "en": "Overdue cases"},
    "bottom_reason": {
        "zh": "到期 {due} 件：超期结案 {late} 件，超期未结 {open} 件",
        "en": "{due} due: {late} closed late, {open} open and overdue",
    },
    "ticker_item": {"zh": "{case} {category}（{dept}）超期 {overdue}", "en": "{case} {category} ({dept}) {overdue} overdue"},
    "overdue_hours": {"zh": "{n} 小时", "en": "{n} h"},
    "overdue_days": {"zh": "{n} 天", "en": "{n} days"},
    "new": {"zh": "新增", "en": "new"},
    "closed": {"zh": "结案", "en": "closed"},
    "cases": {"zh": "案件数", "en": "cases"},
    "day": {"zh": "日期", "en": "day"},
    "filters": {"zh": "筛选条件", "en": "Filters"},
    "period": {"zh": "时间范围", "en": "Period"},
    "period_dates": {"zh": "起止日期", "en": "From – to"},
    "preset_last_30": {"zh": "近30天", "en": "Last 30 days"},
    "preset_this_month": {"zh": "本月", "en": "This month"},
    "preset_last_month": {"zh": "上月", "en": "Last month"},
    "preset_this_quarter": {"zh": "本季度", "en": "This quarter"},
    "preset_last_quarter": {"zh": "上季度", "en": "Last quarter"},
    "preset_this_year": {"zh": "本年", "en": "This year"},
    "street": {"zh": "街道", "en": "Street"},
    "community": {"zh": "社区", "en": "Community"},
    "grid": {"zh": "单元网格", "en": "Grid"},
    "major": {"zh": "问题大类", "en": "Category group"},
    "category": {"zh": "问题小类", "en": "Category"},
    "channels": {"zh": "来源渠道", "en": "Channels"},
    "departments": {"zh": "责任部门", "en": "Departments"},
    "statuses": {"zh": "案件状态", "en": "Status"},
    "filtered_count": {"zh": "符合条件 {n} 件", "en": "{n} cases match"},
    "remove_filter": {"zh": "移除该条件", "en": "Remove this filter"},
    "clear_filters": {"zh": "清除全部", "en": "Clear all"},
    "explorer_map": {"zh": "网格分布", "en": "Grid map"},
    "map_metric": {"zh": "地图指标", "en": "Map shows"},
    "metric_count": {"zh": "案件数", "en": "Cases"},
    "metric_per_ha": {"zh": "每公顷案件数", "en": "Cases per hectare"},
    "metric_per_1000": {"zh": "千人案件数", "en": "Cases per 1,000 residents"},
    "metric_patrol": {"zh": "巡查覆盖率（近30天）", "en": "Patrol coverage (30 days)"},
    "metric_on_time": {"zh": "按期结案率", "en": "On-time rate"},
    "map_points_note": {"zh": "已下钻到社区：显示案件点位（最多 {n} 个）", "en": "Drilled to a community: case points (up to {n})"},
    "map_select_hint": {"zh": "点击网格可下钻筛选", "en": "Click a grid to drill down"},
    "trend": {"zh": "趋势", "en": "Trend"},
    "granularity": {"zh": "粒度", "en": "Granularity"},
    "unit_day": {"zh": "日", "en": "Day"},
    "unit_week": {"zh": "周", "en": "Week"},
    "unit_month": {"zh": "月", "en": "Month"},
    "this_period": {"zh": "本期", "en": "This period"},
    "previous_period": {"zh": "上期", "en": "Previous period"},
    "vs_previous": {"zh": "{delta} 较上期", "en": "{delta} vs previous"},
    "category_breakdown": {"zh": "问题类别", "en": "Categories"},
    "channel_mix": {"zh": "来源渠道", "en": "Channels"},
    "dow_hour": {"zh": "星期 × 时段", "en": "Day of week × hour"},
    "hour": {"zh": "时", "en": "hour"},
    "weekday": {"zh": "星期", "en": "weekday"},
    "sla": {"zh": "结案用时（工作小时）", "en": "Time to close (working hours)"},
    "sla_by": {"zh": "分组", "en": "Group by"},
    "by_department": {"zh": "按部门", "en": "By department"},
    "by_category": {"zh": "按类别", "en": "By category"},
    "working_hours": {"zh": "工作小时", "en": "working hours"},
    "overdue_list": {"zh": "超期未结案件", "en": "Open and overdue"},
    "repeat_list": {"zh": "重复发生点位（同网格同类别30天内≥3件）", "en": "Repeat locations (same grid and category, ≥3 in 30 days)"},
    "case_table": {"zh": "案件明细", "en": "Cases"},
    "showing_rows": {"zh": "显示最新 {shown} 件（共 {total} 件）", "en": "Showing the newest {shown} of {total}"},
    "export_csv": {"zh": "导出 CSV", "en": "Export CSV"},
    "export_xlsx": {"zh": "导出 Excel", "en": "Export XLSX"},
    "export_too_big": {"zh": "超过 {n} 件，请缩小筛选范围后导出", "en": "Over {n} rows: narrow the filter to export"},
    "summary_cases": {"zh": "案件", "en": "Cases"},
    "summary_closed": {"zh": "已结案", "en": "Closed"},
    "summary_overdue": {"zh": "当前超期", "en": "Overdue now"},
    "summary_on_time": {"zh": "按期结案率", "en": "On-time rate"},
    "summary_median_hours": {"zh": "结案工时中位数", "en": "Median hours to close"},
    "tab_categories": {"zh": "问题与时段", "en": "Categories and hours"},
    "tab_sla": {"zh": "结案用时", "en": "Time to close"},
    "tab_lists": {"zh": "超期与重复", "en": "Overdue and repeats"},
    "tab_hot": {"zh": "热点诉求", "en": "Hot issues"},
    "hot_title": {"zh": "热点诉求（同一网格、相近时间、相似内容）", "en": "Hot issues (one grid, close in time, similar words)"},
    "hot_note": {
        "zh": "热点按 {start} 至 {end} 的诉求归并，列出与当前时间范围有交集的热点。热度 = 诉求人数 × (1 + 0.5 × (渠道数 − 1)) × 增长系数（后半段诉求数+1 与前半段诉求数+1 之比，限 0.5–2）。点击一行查看其诉求。",
        "en": "Hot issues grouped over {start} to {end}; those whose span overlaps the filter's period are listed. Heat = reporters × (1 + 0.5 × (channels − 1)) × growth (reports in the later half + 1 over the earlier half + 1, bounded to 0.5–2). Click a row for its reports.",
    },
    "hot_none": {
        "zh": "筛选范围内没有热点诉求（或尚未运行 `python -m models hot`）。",
        "en": "No hot issues in the filter (or `python -m models hot` has not run yet).",
    },
    "hot_cases_title": {"zh": "该热点的诉求", "en": "Its reports"},
    "tab_cases": {"zh": "案件明细", "en": "Cases"},
    "summary_median_help": {
        "zh": "从派遣到结案的工作小时（不计休息日和非工作时段）的中位数；按 0.1 小时取整，与精确值相差不超过 3 分钟",
        "en": "The median of working hours from dispatch to closure (rest days and hours off not counted); hours rounded to 0.1 h, within 3 minutes of the exact one",
    },
    "empty": {"zh": "没有符合条件的案件", "en": "No cases match"},
}
COLUMNS: dict[str, dict[str, str]] = {
    "target": {"zh": "对象", "en": "target"},
    "source": {"zh": "数据源", "en": "source"},
    "rows": {"zh": "行数", "en": "rows"},
    "last_load": {"zh": "最近加载", "en": "last load"},
    "newest_record_at": {"zh": "最新更新时间", "en": "newest update"},
    "newest_report_at": {"zh": "最新上报时间", "en": "newest report"},
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
    "case_id": {"zh": "案件编号", "en": "case id"},
    "channel": {"zh": "来源", "en": "channel"},
    "category_code": {"zh": "类别编码", "en": "category code"},
    "category_name": {"zh": "问题类别", "en": "category"},
    "description": {"zh": "问题描述", "en": "description"},
    "address": {"zh": "地址", "en": "address"},
    "grid_code": {"zh": "网格编码", "en": "grid"},
    "community_code": {"zh": "社区编码", "en": "community code"},
    "street_code": {"zh": "街道编码", "en": "street code"},
    "department_code": {"zh": "部门编码", "en": "department code"},
    "department_name": {"zh": "责任部门", "en": "department"},
    "alert_id": {"zh": "预警编号", "en": "alert"},
    "alert_name": {"zh": "预警", "en": "alert"},
    "expected": {"zh": "预计件数", "en": "expected cases"},
    "probability": {"zh": "升级概率", "en": "escalation probability"},
    "kind": {"zh": "类型", "en": "kind"},
    "score": {"zh": "分值", "en": "score"},
    "rank": {"zh": "排名", "en": "rank"},
    "method": {"zh": "方法", "en": "method"},
    "method_kind": {"zh": "类别", "en": "kind"},
    "deviance": {"zh": "泊松偏差", "en": "Poisson deviance"},
    "flagged_with_case": {"zh": "预警网格确有案件占比", "en": "flagged grids with a case"},
    "street_name": {"zh": "街道", "en": "street"},
    "community_name": {"zh": "社区", "en": "community"},
    "subject_id": {"zh": "预警对象", "en": "subject"},
    "explanation": {"zh": "预警依据", "en": "why"},
    "status": {"zh": "状态", "en": "status"},
    "reported_at": {"zh": "上报时间", "en": "reported"},
    "dispatched_at": {"zh": "派遣时间", "en": "dispatched"},
    "disposed_at": {"zh": "处置时间", "en": "disposed"},
    "closed_at": {"zh": "结案时间", "en": "closed"},
    "due_at": {"zh": "处置时限", "en": "due"},
    "close_work_hours": {"zh": "结案用时（工作小时）", "en": "working hours to close"},
    "rework_count": {"zh": "返工次数", "en": "rework"},
    "extension_count": {"zh": "延期次数", "en": "extensions"},
    "satisfaction": {"zh": "满意度", "en": "satisfaction"},
    "hours_overdue": {"zh": "超期小时", "en": "hours overdue"},
    "most_in_30_days": {"zh": "30天内最多", "en": "most in 30 days"},
    "cases_in_period": {"zh": "期内件数", "en": "cases in period"},
    "last_reported_at": {"zh": "最近上报", "en": "last reported"},
    "on_time_rate": {"zh": "按期结案率", "en": "on-time rate"},
    "due_cases": {"zh": "到期件数", "en": "due"},
    "grid_name": {"zh": "网格名称", "en": "grid name"},
    "per_ha": {"zh": "每公顷", "en": "per ha"},
    "overdue_now": {"zh": "当前超期", "en": "overdue now"},
    "in_numerator": {"zh": "计入分子", "en": "in numerator"},
    "changed_at": {"zh": "变更时间", "en": "changed"},
    "previous_condition": {"zh": "原状态", "en": "was"},
    "condition": {"zh": "状态", "en": "condition"},
    "unit": {"zh": "计数单元", "en": "unit"},
    "item": {"zh": "部件或案件编号", "en": "component or case id"},
    "state": {"zh": "状况", "en": "condition or status"},
    "registered_at": {"zh": "立案时间", "en": "registered"},
    "dispose_work_hours": {"zh": "处置用时（工作小时）", "en": "working hours to dispose"},
    "repeat_case_id": {"zh": "重复诉求单号", "en": "repeated by"},
    "rejected_by_reason": {"zh": "拒收（按原因）", "en": "rejected, by reason"},
    "cases_in_30_days": {"zh": "30天内件数", "en": "cases in 30 days"},
    "first_reported_at": {"zh": "首次上报", "en": "first reported"},
    "indicator": {"zh": "指标", "en": "indicator"},
    "numerator": {"zh": "分子", "en": "numerator"},
    "denominator": {"zh": "分母", "en": "denominator"},
    "value": {"zh": "指标值", "en": "value"},
    "weight": {"zh": "权重", "en": "weight"},
    "direction": {"zh": "方向", "en": "direction"},
    "dispute_model": {"zh": "模型", "en": "model"},
    "seq": {"zh": "序号", "en": "no."},
    "at": {"zh": "时间", "en": "time"},
    "actor": {"zh": "操作人", "en": "actor"},
    "action": {"zh": "操作", "en": "action"},
    "detail": {"zh": "详情", "en": "detail"},
    "prev_hash": {"zh": "前一哈希", "en": "previous hash"},
    "hash": {"zh": "哈希", "en": "hash"},
    "review_id": {"zh": "审核编号", "en": "review"},
    "dismiss_reason": {"zh": "驳回原因", "en": "dismissal reason"},
    "assignee": {"zh": "承办单位/人", "en": "assignee"},
    "due_date": {"zh": "办理时限", "en": "due"},
    "note": {"zh": "备注", "en": "note"},
    "reviewer": {"zh": "审核人", "en": "reviewer"},
    "decided_at": {"zh": "审核时间", "en": "decided"},
    "month": {"zh": "月份", "en": "month"},
    "reviewed": {"zh": "已审核", "en": "reviewed"},
    "agreed": {"zh": "确认或转办", "en": "confirmed or escalated"},
    "precision": {"zh": "准确率", "en": "precision"},
    "field": {"zh": "字段", "en": "field"},
    "reason_label": {"zh": "原因类别", "en": "kind of problem"},
    "dispute_id": {"zh": "纠纷编号", "en": "dispute"},
    "dispute_type": {"zh": "纠纷类型", "en": "type"},
    "scale": {"zh": "规模", "en": "scale"},
    "people_involved": {"zh": "涉及人数", "en": "people involved"},
    "mediated_at": {"zh": "调解时间", "en": "mediated"},
    "mediation_attempts": {"zh": "调解次数", "en": "mediation attempts"},
    "deadline_at": {"zh": "调解期限", "en": "mediation deadline"},
    "resolved_at": {"zh": "化解时间", "en": "resolved"},
    "escalated": {"zh": "已升级", "en": "escalated"},
    "escalation_kind": {"zh": "升级类型", "en": "escalation"},
    "prior_disputes_same_party": {"zh": "同一当事人此前纠纷", "en": "earlier disputes, same party"},
    "roc_auc": {"zh": "ROC AUC", "en": "ROC AUC"},
    "text_method": {"zh": "方法", "en": "method"},
    "accuracy": {"zh": "准确率", "en": "accuracy"},
    "macro_f1": {"zh": "宏平均F1", "en": "macro-F1"},
    "top3_accuracy": {"zh": "前三命中率", "en": "top-3 accuracy"},
    "label_name": {"zh": "预测结果", "en": "label"},
    "f1": {"zh": "F1", "en": "F1"},
    "support": {"zh": "测试条数", "en": "test cases"},
    "confused_with": {"zh": "常被误判为", "en": "most often taken for"},
    "recorded_name": {"zh": "记录", "en": "recorded"},
    "incident_id": {"zh": "事件编号", "en": "incident"},
    "incident_reports": {"zh": "诉求数", "en": "reports"},
    "incident_channels": {"zh": "渠道数", "en": "channels"},
    "first_text": {"zh": "首条诉求内容", "en": "first report's words"},
    "heat": {"zh": "热度", "en": "heat"},
    "hot_reports": {"zh": "诉求数", "en": "reports"},
    "hot_reporters": {"zh": "诉求人数", "en": "reporters"},
    "hot_channels": {"zh": "渠道数", "en": "channels"},
    "growth": {"zh": "增长系数", "en": "growth"},
    "first_at": {"zh": "首次诉求时间", "en": "first report at"},
    "last_at": {"zh": "最近诉求时间", "en": "latest report at"},
    "hot_text": {"zh": "代表性诉求", "en": "representative report"},
    "similarity": {"zh": "相似度", "en": "similarity"},
    "suggested_name": {"zh": "模型建议", "en": "suggested"},
    "suggestion_p": {"zh": "建议置信度", "en": "confidence"},
    "pr_auc": {"zh": "PR AUC", "en": "PR AUC"},
    "brier": {"zh": "Brier 分数", "en": "Brier score"},
    "base_rate": {"zh": "实际升级率", "en": "base rate"},
    "n": {"zh": "样本数", "en": "disputes"},
    "positives": {"zh": "实际升级数", "en": "escalated"},
}


WEEKDAYS = {str(i): ("一二三四五六日"[i - 1], ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][i - 1]) for i in range(1, 8)}


def value_label(kind: str, value: object, lang: str) -> str:
    """A data value (channel, status … of warehouse/labels.py, or a weekday number) in the UI
    language; unknown values are shown as they are."""
    if value is None:
        return "—"
    if kind == "weekday":
        pair = WEEKDAYS.get(str(value))
        return str(value) if pair is None else pair[0 if lang == "zh" else 1]
    if kind == "space_time_class":
        return labels.space_time_label(str(value), lang)
    return labels.label(kind, str(value), lang)


def cells_label(cells: str, lang: str) -> str:
    """A backtest panel's cells as stored ("unit grids", "square 250 m") in the UI language."""
    if cells.startswith("square "):
        size = cells.removeprefix("square ").removesuffix(" m")
        return f"{size} 米方格" if lang == "zh" else f"{size} m squares"
    return "单元网格" if lang == "zh" and cells == "unit grids" else cells


def version_label(version: str, lang: str) -> str:
    """A model version ("moving_average@2026-10-26#8925dc84") with its method in words."""
    method, at, rest = version.partition("@")
    return f"{labels.label('method', method, lang)} @{rest}" if at else version


def table(frame: pl.DataFrame, lang: str, **value_kinds: str) -> pl.DataFrame:
    """A frame as a person reads it: the code columns named in ``value_kinds`` (column → label
    kind, e.g. ``status="status"``) in words and every header in the UI language."""
    shown = frame.with_columns(
        pl.col(c).map_elements(functools.partial(value_label, kind, lang=lang), return_dtype=pl.Utf8, skip_nulls=False).alias(c)
        for c, kind in value_kinds.items()
        if c in frame.columns
    )
    return shown.rename(column_labels(shown.columns, lang))


def as_text(frame: pl.DataFrame, formats: dict[str, str]) -> pl.DataFrame:
    """Number columns written out (``formats``: column → format, e.g. "{:+.1f}"), an empty cell
    as "—": Streamlit's grid draws a missing number as the English word "None" whatever a Styler
    says, so a column that can be empty is shown as text."""
    return frame.with_columns(
        pl.col(c).map_elements(f.format, return_dtype=pl.String, skip_nulls=True).fill_null("—").alias(c)
        for c, f in formats.items()
        if c in frame.columns
    )


def audit_detail(detail: object, lang: str) -> str:
    """An audit entry's detail (JSON) as a line a person reads: each key named in the UI's
    language, a sign-in's way and a review's decision and reason in words, lists joined."""
    try:
        found = json.loads(detail) if isinstance(detail, str) else detail
    except ValueError:
        return str(detail)
    if not isinstance(found, dict):
        return "—" if found is None else str(found)
    kinds = {"via": "sign_in_via", "action": "review_action", "reason_code": "dismiss_reason"}
    sep, listed = ("；", "、") if lang == "zh" else ("; ", ", ")

    def said(key: str, value: object) -> str:
        if value is None:
            return "—"
        if isinstance(value, list):
            return listed.join(str(v) for v in value) or "—"
        if isinstance(value, dict):
            return listed.join(f"{k}={v}" for k, v in value.items() if v not in (None, [], ())) or "—"
        return labels.label(kinds[key], str(value), lang) if key in kinds else str(value)

    return sep.join(f"{labels.label('audit_detail', k, lang)}{colon(lang)}{said(k, v)}" for k, v in found.items())


def readable(frame: pl.DataFrame) -> pl.DataFrame:
    """Every cell as text a person reads: counts with thousands separators (ids as they are),
    times to the minute, an empty cell as "—" (Streamlit's grid writes the English "None")."""
    counts = [c for c, d in frame.schema.items() if d.is_integer() and not c.endswith("_id")]
    times = [c for c, d in frame.schema.items() if isinstance(d, pl.Datetime)]
    return frame.with_columns(
        *[pl.col(c).map_elements("{:,}".format, return_dtype=pl.String, skip_nulls=True) for c in counts],
        *[pl.col(c).dt.strftime("%Y-%m-%d %H:%M") for c in times],
    ).with_columns(pl.all().cast(pl.String).fill_null("—"))


def fmt_int(n: float | None) -> str:
    return "—" if n is None else f"{int(n):,}"


def colon(lang: str) -> str:
    """The colon after a label: full-width in Chinese text, ": " in English."""
    return "：" if lang == "zh" else ": "


def fmt_pct(x: float | None, lang: str) -> str:
    return t("not_available", lang) if x is None else f"{x * 100:.1f}%"


def fmt_date(d: object, lang: str) -> str:
    """A date (or datetime's date) in the UI language's usual form."""
    if d is None:
        return "—"
    return d.strftime("%Y年%m月%d日") if lang == "zh" else d.strftime("%d %b %Y")  # type: ignore[attr-defined]


def fmt_datetime(d: object, lang: str) -> str:
    if d is None:
        return "—"
    return d.strftime("%Y年%m月%d日 %H:%M") if lang == "zh" else d.strftime("%d %b %Y %H:%M")  # type: ignore[attr-defined]


GRID_COLUMNS = {
    "class_code": {"zh": "类别编码", "en": "class code"},
    "class_name": {"zh": "部件类别", "en": "class"},
    "intact": {"zh": "完好", "en": "intact"},
    "damaged": {"zh": "破损", "en": "damaged"},
    "lost": {"zh": "丢失", "en": "lost"},
    "abandoned": {"zh": "废弃", "en": "abandoned"},
    "in_service": {"zh": "在用合计", "en": "in service"},
    "staff_role": {"zh": "岗位", "en": "role"},
    "staff": {"zh": "人数", "en": "people"},
    "since": {"zh": "最早到岗", "en": "earliest since"},
}


def t(key: str, lang: str, **fmt: object) -> str:
    """A UI string in the chosen language."""
    text = STRINGS[key].get(lang) or STRINGS[key]["zh"]
    return text.format(**fmt) if fmt else text


def column_labels(columns: list[str], lang: str) -> dict[str, str]:
    """Column headers for a table in the chosen language."""
    return {c: COLUMNS.get(c, {}).get(lang, c) for c in columns}
