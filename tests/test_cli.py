"""Commands: exit codes, one-line reasons, the warehouse unchanged on unusable input."""

import json
from pathlib import Path

from orchestration.cli.pipelines import main as pipelines_main
from orchestration.cli.warehouse import main as warehouse_main
from tests.helpers import case, write_cases
from warehouse.db import Store


def test_load_json_and_bad_inputs(data: Path, tmp_path: Path, capsys):
    good = write_cases(tmp_path / "a.csv", [case("F1"), case("F2")])
    assert pipelines_main(["--data", str(data), "load", "--profile", "canonical", "--json", str(good)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {k: out[k] for k in ("rows_in", "inserted", "updated", "unchanged", "duplicates", "rejected")} == {
        "rows_in": 2,
        "inserted": 2,
        "updated": 0,
        "unchanged": 0,
        "duplicates": 0,
        "rejected": 0,
    }
    before = Store(data).current()
    assert pipelines_main(["--data", str(data), "load", "--profile", "nope", str(good)]) == 2
    assert "unknown profile" in capsys.readouterr().err
    missing = tmp_path / "m.csv"
    missing.write_text("case_id,channel\nX,hotline\n", encoding="utf-8")
    assert pipelines_main(["--data", str(data), "load", "--profile", "canonical", str(missing)]) == 2
    assert "missing column 'reported_at'" in capsys.readouterr().err
    gbk = tmp_path / "g.csv"
    gbk.write_bytes("案件编号,上报时间\n1,2025\n".encode("gbk"))
    assert pipelines_main(["--data", str(data), "load", "--profile", "canonical", str(gbk)]) == 2
    assert "not valid utf-8" in capsys.readouterr().err
    assert Store(data).current() == before
    # the successful load is in the audit log with its counts; the two refused files are there as
    # refused (nothing written); the unknown profile never reached a load
    from warehouse.audit import AuditLog

    log = AuditLog(f"sqlite:///{data / 'operational.db'}")
    loads = log.entries(action="load")[::-1]
    assert [e["target"] for e in loads] == ["canonical"] * 3
    assert '"inserted": 2' in loads[0]["detail"]
    assert "missing column" in loads[1]["detail"] and "not valid utf-8" in loads[2]["detail"]
    log.dispose()


def test_query_is_read_only(data: Path, tmp_path: Path, capsys):
    pipelines_main(["--data", str(data), "load", "--profile", "canonical", str(write_cases(tmp_path / "a.csv", [case("Q1")]))])
    capsys.readouterr()
    assert warehouse_main(["--data", str(data), "query", "SELECT case_id FROM cases", "--format", "csv"]) == 0
    assert capsys.readouterr().out == "case_id\nQ1\n"
    assert warehouse_main(["--data", str(data), "query", "DELETE FROM cases"]) == 2
    assert warehouse_main(["--data", str(data), "query", "SELECT * FROM read_csv('/etc/passwd')"]) == 2
    assert warehouse_main(["--data", str(data), "query", "SET enable_external_access = true"]) == 2


def test_status_lists_sources(loaded_city: Path, capsys):
    assert pipelines_main(["--data", str(loaded_city), "status", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    sources = {(r["target"], r["source"]) for r in out["sources"]}
    assert {("cases", "dcm"), ("cases", "hotline12345"), ("disputes", "dispute_register"), ("grids", "grids")} <= sources
