"""Every input row is counted in exactly one outcome; reloads change nothing; later wins."""

from pathlib import Path

from pipelines import profiles
from pipelines.load import load
from tests.helpers import case, write_cases
from warehouse.db import Store

CANONICAL = profiles.resolve("canonical")


def snapshot_rows(data: Path, sql: str) -> list[tuple]:
    with Store(data).reader() as con:
        return con.sql(sql).fetchall()


def test_outcomes_and_identity(data: Path, tmp_path: Path):
    first = write_cases(
        tmp_path / "a.csv",
        [
            case("A1", status="dispatched"),
            case("A2", status="closed", closed_at="2025-03-03 10:00:00", updated="2025-03-03 10:00:00"),
            case("A2", status="closed", closed_at="2025-03-03 10:00:00", updated="2025-03-03 10:00:00"),  # exact duplicate
            case("A3", reported="2025-13-01 09:00:00"),  # not a date
            case("A4", closed_at="2025-03-01 09:00:00"),  # closed before reported
            case("", status="reported"),  # no id
        ],
    )
    s = load(data, CANONICAL, [first])
    assert (s.rows_in, s.inserted, s.updated, s.unchanged, s.duplicates, s.rejected) == (6, 2, 0, 0, 1, 3)
    assert s.rejected_by_reason == {"bad_datetime": 1, "missing_required": 1, "stage_order": 1}
    assert s.balanced()
    reasons = snapshot_rows(data, "SELECT row_number, reason_code, reason FROM quarantine ORDER BY row_number")
    assert reasons[0][:2] == (4, "bad_datetime") and "reported_at" in reasons[0][2] and "2025-13-01" in reasons[0][2]
    assert [r[:2] for r in reasons[1:]] == [(5, "stage_order"), (6, "missing_required")]

    second = write_cases(
        tmp_path / "b.csv",
        [
            case("A1", status="closed", closed_at="2025-03-04 10:00:00", updated="2025-03-04 10:00:00"),  # newer: update
            case("A2", status="dispatched", updated="2025-03-03 09:30:00"),  # older than stored: unchanged
            case("A5"),
        ],
    )
    s2 = load(data, CANONICAL, [second])
    assert (s2.rows_in, s2.inserted, s2.updated, s2.unchanged, s2.duplicates, s2.rejected) == (3, 1, 1, 1, 0, 0)
    assert snapshot_rows(data, "SELECT case_id, status FROM cases ORDER BY case_id") == [
        ("A1", "closed"),
        ("A2", "closed"),
        ("A5", "reported"),
    ]


def test_reload_changes_nothing(data: Path, tmp_path: Path):
    f = write_cases(
        tmp_path / "a.csv",
        [
            case("B1"),
            case("B1", updated="2025-03-03 12:00:00", status="closed", closed_at="2025-03-03 12:00:00"),
            case("B2", reported="bad"),
        ],
    )
    s1 = load(data, CANONICAL, [f])
    assert (s1.inserted, s1.updated, s1.rejected) == (1, 1, 1)
    before = snapshot_rows(data, "SELECT * EXCLUDE (run_id) FROM cases ORDER BY case_id")
    q_before = snapshot_rows(data, "SELECT count(*) FROM quarantine")
    s2 = load(data, CANONICAL, [f])
    assert (s2.rows_in, s2.inserted, s2.updated, s2.unchanged, s2.rejected) == (3, 0, 0, 2, 1)
    assert snapshot_rows(data, "SELECT * EXCLUDE (run_id) FROM cases ORDER BY case_id") == before
    assert snapshot_rows(data, "SELECT count(*) FROM quarantine") == q_before


def test_later_version_in_the_same_run_wins(data: Path, tmp_path: Path):
    old = write_cases(tmp_path / "m1.csv", [case("C1", status="dispatched")])
    new = write_cases(tmp_path / "m2.csv", [case("C1", status="closed", closed_at="2025-03-05 10:00:00", updated="2025-03-05 10:00:00")])
    s = load(data, CANONICAL, [new, old])  # rows apply in updated_at order, whatever the file order
    assert (s.inserted, s.updated, s.unchanged) == (1, 1, 0)
    assert snapshot_rows(data, "SELECT status FROM cases") == [("closed",)]
