"""Assessment that never scores what it cannot see (issue 14): an indicator whose stage the
source never records is not measurable (N/A) — left out of the composite, its weight shared out,
said in the reason — instead of 0 points; counts a source does not record are NULL, not 0 (which
scored a perfect rework rate)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines import profiles
from pipelines.load import load
from warehouse import assessment
from warehouse.db import Store

# A 311-like export: report, registration, deadline and closure, but no disposal stage and no
# rework or extension counts.
PROFILE = """
name = "no-disposal"
target = "cases"
source = "city311"
format = "csv"
datetime_formats = ["%Y-%m-%d %H:%M:%S"]
[columns]
case_id = "id"
reported_at = "created"
registered_at = "created"
due_at = "due"
closed_at = "closed"
department_code = "agency"
category_code = "type"
updated_at = "created"
[constants]
channel = "hotline"
[category]
scheme = "local"
"""
ROWS = [  # two cases of agency A due in March 2025: one closed on time, one late
    ("A1", "2025-03-03 09:00:00", "2025-03-10 09:00:00", "2025-03-07 09:00:00", "A"),
    ("A2", "2025-03-04 09:00:00", "2025-03-11 09:00:00", "2025-03-20 09:00:00", "A"),
]


@pytest.fixture()
def scored(data: Path, tmp_path: Path) -> Path:
    profile = tmp_path / "no-disposal.toml"
    profile.write_text(PROFILE, encoding="utf-8")
    source = tmp_path / "export.csv"
    lines = ["id,created,due,closed,agency,type", *(",".join([*r, "potholes"]) for r in ROWS)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    load(data, profiles.parse(profile), [source])
    assessment.assess(data, ["2025-03"])
    return data


def _scores(data: Path) -> dict[str, tuple]:
    with Store(data).reader() as con:
        rows = con.sql(
            "SELECT indicator, numerator, denominator, value, score, weight, composite, note FROM assessment_scores"
            " WHERE period = '2025-03' AND object_type = 'department' AND object_code = 'A'"
        ).fetchall()
    return {r[0]: r[1:] for r in rows}


def test_a_stage_the_source_never_records_is_not_scored(scored: Path):
    s = _scores(scored)
    # closure is recorded: 1 of 2 due closed on time
    assert s["on_time_closure_rate"][:3] == (1.0, 2.0, 0.5)
    assert s["closure_rate"][3] == 100.0  # both closed by the end of March
    # disposal and rework are not recorded: no value, no score, the reason stored
    for name in ("on_time_disposal_rate", "disposal_rate", "rework_rate", "extension_rate"):
        numerator, denominator, value, score, _, _, note = s[name]
        assert (value, score, note) == (None, None, "not_recorded"), name
        assert denominator == 0.0
    # the composite is over the scored indicators only, their weights rescaled to the whole
    weighted = [(v[3], v[4]) for v in s.values() if v[3] is not None and v[4] is not None]
    expected = sum(score * weight for score, weight in weighted) / sum(weight for _, weight in weighted)
    assert s["closure_rate"][5] == pytest.approx(expected)
    assert "closure_rate" in {name for name, v in s.items() if v[3] is not None and v[4] is not None}


def test_the_reason_says_what_was_not_scored(scored: Path):
    with Store(scored).reader() as con:
        frame = con.sql("SELECT * FROM assessment_scores").pl()
    (code, _, reason), *_ = assessment.bottom_reasons(frame, "2025-03", "department")
    assert code == "A"
    assert "按期处置率" in reason and "数据源未记录该环节" in reason and "权重按比例分摊" in reason
    (_, _, english), *_ = assessment.bottom_reasons(frame, "2025-03", "department", lang="en")
    assert "the source does not record this stage" in english and "weights rescaled" in english


def test_counts_a_source_does_not_record_stay_null(scored: Path):
    with Store(scored).reader() as con:
        assert con.sql("SELECT count(rework_count), count(extension_count), count(*) FROM cases").fetchone() == (0, 0, 2)
