"""The rows a load stores: the winners' canonical columns with the warehouse's placement in place
of the source's location, whatever order the two arrive in."""

from __future__ import annotations

import polars as pl
import pytest

from pipelines.load import ready_rows


def _batch() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "_key": ["A", "B", "C", "A"],
            "_row": [0, 1, 2, 3],
            "_seq": [3, 1, 2, 4],  # out of order: the rows are still matched by _seq
            "raw_hash": [1, 2, 3, 4],
            "case_id": ["A", "B", "C", "A"],
            "status": ["closed", "dispatched", "closed", "closed"],
            "grid_code": ["G-source", None, None, None],
            "community_code": [None, "C-source", None, None],
            "department_code": [None, None, None, None],
            "department_name": ["城管局", None, None, None],
        },
        schema_overrides={"department_code": pl.Utf8},
    )


def _placement(seqs: list[int]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "_seq": seqs,
            "grid_code": [f"G{s}" for s in seqs],
            "community_code": [f"C{s}" for s in seqs],
            "street_code": ["S"] * len(seqs),
            "district_code": ["D"] * len(seqs),
            "location_quality": ["point"] * len(seqs),
            "department_code": [f"DEP{s}" for s in seqs],
        }
    )


def test_winners_take_the_placement_and_others_are_left_out():
    ready = ready_rows(_batch(), _placement([4, 1]), "cases")
    assert ready.to_dicts() == [
        {"case_id": "B", "status": "dispatched", "grid_code": "G1", "community_code": "C1", "street_code": "S", "district_code": "D",
         "location_quality": "point", "department_code": "DEP1"},
        {"case_id": "A", "status": "closed", "grid_code": "G4", "community_code": "C4", "street_code": "S", "district_code": "D",
         "location_quality": "point", "department_code": "DEP4"},
    ]  # fmt: skip


def test_disputes_store_no_department():
    ready = ready_rows(_batch(), _placement([1, 2, 3, 4]), "disputes")
    assert "department_code" not in ready.columns and "department_name" not in ready.columns
    assert ready["case_id"].to_list() == ["B", "C", "A", "A"] and ready["grid_code"].to_list() == ["G1", "G2", "G3", "G4"]


def test_a_placement_for_a_row_not_in_the_batch_is_refused():
    with pytest.raises(RuntimeError, match="placement does not match"):
        ready_rows(_batch(), _placement([1, 9]), "cases")
