"""No silent merges (issue 14): rows of one load that share a key, differ in content and carry
the same update time cannot both be the record; the first in file order is loaded and each other
one is quarantined as key_conflict, counted in the run summary and in pipelines status."""

from __future__ import annotations

import json
from pathlib import Path

from orchestration.cli import pipelines as pipelines_cli
from pipelines import profiles
from pipelines.load import load
from tests.helpers import case, write_cases
from warehouse.db import Store

CANONICAL = profiles.resolve("canonical")


def test_a_repeated_key_with_other_content_is_quarantined_not_merged(data: Path, tmp_path: Path, capsys):
    first = write_cases(
        tmp_path / "a.csv",
        [
            case("K1", category_code="06010", description="井盖破损"),
            case("K2"),
            case("K1", category_code="06011", description="路灯不亮"),  # same key, same time, other content
            case("K2"),  # the same row again: a duplicate, not a conflict
        ],
    )
    second = write_cases(tmp_path / "b.csv", [case("K1", category_code="06012", description="垃圾满溢")])
    s = load(data, CANONICAL, [first, second])
    assert (s.rows_in, s.inserted, s.duplicates, s.rejected) == (5, 2, 1, 2)
    assert s.rejected_by_reason == {"key_conflict": 2}
    with Store(data).reader() as con:
        kept = con.sql("SELECT description FROM cases WHERE case_id = 'K1'").fetchall()
        quarantined = con.sql("SELECT file, row_number, reason, raw_record FROM quarantine ORDER BY file, row_number").fetchall()
    assert kept == [("井盖破损",)]  # the first in file order
    assert [(Path(f).name, r) for f, r, _, _ in quarantined] == [("a.csv", 3), ("b.csv", 1)]
    assert all("key K1 appears again" in why and "a.csv row 1" in why for _, _, why, _ in quarantined)
    assert json.loads(quarantined[0][3])["description"] == "路灯不亮"  # nothing lost
    assert pipelines_cli.main(["--data", str(data), "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert json.loads(status["runs"][0]["rejected_by_reason"]) == {"key_conflict": 2}
    assert status["sources"][0]["quarantined"] == 2


def test_a_newer_version_of_a_key_is_still_an_update(data: Path, tmp_path: Path):
    path = write_cases(
        tmp_path / "a.csv",
        [case("U1", description="旧"), case("U1", updated="2025-03-04 09:00:00", description="新")],
    )
    s = load(data, CANONICAL, [path])
    assert (s.inserted, s.updated, s.rejected) == (1, 1, 0)


CRIMES = "Case Number,Date,Block,Primary Type,Latitude,Longitude\n"


def test_the_crimes_profile_keys_on_case_number_and_offence(data: Path, tmp_path: Path):
    """One Chicago case number for two offences is two records; the same offence twice with other
    content is a conflict, reported."""
    path = tmp_path / "crimes.csv"
    path.write_text(
        CRIMES
        + "HZ1,04/27/2016 01:44:00 PM,073XX S COTTAGE GROVE AVE,BATTERY,41.761772852,-87.605478606\n"
        + "HZ1,04/27/2016 01:44:00 PM,073XX S COTTAGE GROVE AVE,ROBBERY,41.761772852,-87.605478606\n"
        + "HZ1,04/27/2016 01:44:00 PM,074XX S COTTAGE GROVE AVE,ROBBERY,41.760000000,-87.605478606\n",
        encoding="utf-8",
    )
    s = load(data, profiles.resolve("chicago-crimes"), [path])
    assert (s.inserted, s.rejected, s.rejected_by_reason) == (2, 1, {"key_conflict": 1})
    with Store(data).reader() as con:
        ids = [r[0] for r in con.sql("SELECT case_id FROM cases ORDER BY case_id").fetchall()]
        raw = con.sql("SELECT raw_record FROM quarantine").fetchone()[0]
    assert ids == ["HZ1/BATTERY", "HZ1/ROBBERY"]
    assert json.loads(raw) == {
        "Case Number": "HZ1",
        "Date": "04/27/2016 01:44:00 PM",
        "Block": "074XX S COTTAGE GROVE AVE",
        "Primary Type": "ROBBERY",
        "Latitude": "41.760000000",
        "Longitude": "-87.605478606",
    }
