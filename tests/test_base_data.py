"""Grid base data (issue 17): each register loads from its raw demo export and from hand-made bad
files with the usual outcomes (errors naming file, row and column; nothing lost; the identity
rows_in = inserted + updated + unchanged + duplicates + rejected), and no personal data reaches
any warehouse text column."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl
import pytest

from pipelines import profiles
from pipelines.load import load
from pipelines.readers import InputError
from warehouse.db import Store

GRID = "330125001001001"  # the small demo city's first grid
OTHER = "330125001001002"


@pytest.fixture
def city(data: Path, loaded_city: Path) -> Path:
    """An empty warehouse with the small demo city's grids and departments (what places and owns
    the base data)."""
    load(data, profiles.resolve("demo-grids"), [loaded_city / "raw" / "demo" / "grids.geojson"])
    load(data, profiles.resolve("demo-departments"), [loaded_city / "raw" / "demo" / "departments.csv"])
    return data


def gbk(path: Path, lines: list[str]) -> Path:
    path.write_bytes(("\n".join(lines) + "\n").encode("gbk"))
    return path


def balanced(s) -> bool:
    return s.rows_in == s.inserted + s.updated + s.unchanged + s.duplicates + s.rejected


def test_every_register_loads_from_the_demo_exports(loaded_city: Path):
    """The small demo's six registers are in the warehouse, consistent with each other, and every
    run's counts balance."""
    with Store(loaded_city).reader() as con:
        runs = con.sql(
            "SELECT target, rows_in, inserted, updated, unchanged, duplicates, rejected FROM pipeline_runs "
            "WHERE target IN ('population', 'buildings', 'components', 'organisations', 'staff', 'patrols') ORDER BY run_id"
        ).pl()
        counts = {t: con.sql(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("population", "buildings", "components", "organisations")}
        grids = con.sql("SELECT count(*) FROM grids").fetchone()[0]
        months = con.sql("SELECT count(DISTINCT month) FROM population").fetchone()[0]
        unplaced = con.sql("SELECT count(*) FROM buildings WHERE grid_code IS NULL").fetchone()[0]
    assert runs["target"].to_list() == ["population", "buildings", "components", "components", "organisations", "staff", "patrols"]
    assert (runs["rows_in"] == runs["inserted"] + runs["updated"] + runs["unchanged"] + runs["duplicates"] + runs["rejected"]).all()
    assert runs["rejected"].sum() == 0
    assert counts == {"population": grids * months, "buildings": 4_000, "components": 5_000, "organisations": 300}
    assert unplaced == 0


def test_population_counts_per_grid_and_month(city: Path, tmp_path: Path):
    head = "网格编码,统计月份,户籍人口,常住人口,流动人口,户数,社区矫正人员,刑满释放人员,严重精神障碍患者,吸毒人员,重点青少年,艾滋病危险人员"
    path = gbk(
        tmp_path / "pop.csv",
        [
            head,
            f"{GRID},2026-03,900,1000,120,380,1,2,3,0,1,0",
            f"{GRID},2026年4月,905,1010,125,382,1,2,3,0,1,0",
            f"{OTHER},2026-13,1,1,1,1,0,0,0,0,0,0",  # no such month
            f"{OTHER},2026-03,五百,1,1,1,0,0,0,0,0,0",  # not a number
        ],
    )
    s = load(city, profiles.resolve("demo-population"), [path])
    assert (s.inserted, s.rejected, s.rejected_by_reason) == (2, 2, {"bad_date": 1, "bad_number": 1}) and balanced(s)
    with Store(city).reader() as con:
        rows = con.sql("SELECT population_id, month, resident, sg_mental, street_code FROM population ORDER BY month").fetchall()
        reasons = con.sql("SELECT row_number, reason FROM quarantine ORDER BY row_number").fetchall()
    assert rows == [
        (f"{GRID}/2026-03", dt.date(2026, 3, 1), 1000, 3, "330125001"),
        (f"{GRID}/2026年4月", dt.date(2026, 4, 1), 1010, 3, "330125001"),
    ]
    assert reasons == [(3, "column 统计月份: '2026-13' is not a month (YYYY-MM)"), (4, "column 户籍人口: '五百' is not a number")]


PERSON_HEAD = "公民身份号码,姓名,联系电话,现住址,户编号,网格编码,统计月份,人员类别,重点人群类别"


def test_a_person_level_register_is_counted_per_grid_and_month_and_never_stored(city: Path, tmp_path: Path):
    """Persons are counted into population rows during the load (a person listed twice in a month
    once); a bad row names its file, row and column with the personal columns hidden; no name,
    ID number, phone or address is in any warehouse text column."""
    ids = ["330102199001011234", "33010219850202222X", "330102197003033456", "330102200004044567", "330102199505055678"]
    path = gbk(
        tmp_path / "persons.csv",
        [
            PERSON_HEAD,
            f"{ids[0]},张伟,13812345678,幸福路1号,H1,{GRID},2026-03,户籍人口,",
            f"{ids[1]},李娜,13900001111,幸福路2号,H2,{GRID},2026-03,流动人口,社区矫正人员",
            f"{ids[2]},王芳,13700002222,外地,H1,{GRID},2026-03,人户分离,",
            f"{ids[0]},张伟,13812345678,幸福路1号,H1,{GRID},2026-03,户籍人口,",  # the same person again
            f"{ids[3]},赵敏,13600003333,幸福路3号 {ids[3]},H4,{GRID},2026-03,外籍人员,",  # an unknown type
            f"{ids[4]},刘洋,13500004444,和平街9号,H5,{OTHER},2026-03,户籍人口,重点青少年",
        ],
    )
    s = load(city, profiles.resolve("demo-persons"), [path])
    assert (s.target, s.rows_in, s.inserted, s.duplicates, s.rejected) == ("population", 6, 4, 1, 1) and balanced(s)
    with Store(city).reader() as con:
        rows = con.sql(
            "SELECT population_id, registered, resident, floating, households, sg_correction, sg_youth FROM population ORDER BY 1"
        ).fetchall()
        reason, raw = con.sql("SELECT reason, raw_record FROM quarantine").fetchone()
        values = all_text(con)
    assert rows == [(f"{GRID}/2026-03", 2, 2, 1, 2, 1, 0), (f"{OTHER}/2026-03", 1, 1, 0, 1, 0, 1)]
    assert reason == "column 人员类别: value '外籍人员' is not in the profile's values.person_type"
    assert "赵敏" not in raw and ids[3] not in raw and "13600003333" not in raw and "幸福路3号" not in raw
    secrets = {*ids, "张伟", "李娜", "王芳", "赵敏", "刘洋", "13812345678", "13900001111", "H1", "H2"}
    assert not [v for v in values for n in secrets if n in v]
    again = load(city, profiles.resolve("demo-persons"), [path])  # the same file again changes nothing
    assert (again.inserted, again.updated, again.unchanged, again.duplicates, again.rejected) == (0, 0, 4, 1, 1)


COMPONENT_HEAD = "部件标识码,部件小类编码,部件状态,权属单位,位置描述,经度,纬度,所属网格,状态更新时间"


def test_components_keep_their_condition_history_and_bad_rows_say_why(city: Path, tmp_path: Path):
    """Two surveys: what changed between them is in component_history; an unknown class, an
    identifier that is not one, or one whose class digits differ from its class, is quarantined
    with its row and column; an ID number written into the location is masked."""
    first = gbk(
        tmp_path / "survey1.csv",
        [
            COMPONENT_HEAD,
            f"33012501002000001,01002,完好,区市政公用事业服务中心,东湖路1号旁,,,{GRID},2025-10-31",
            f"33012501002000002,01002,完好,区市政公用事业服务中心,东湖路2号旁,,,{GRID},2025-10-31",
            f"3301250100300001,01003,破损,区城市管理局,东湖路3号旁 业主330102199001011234,,,{OTHER},2025-10-31",  # 16 digits
            f"33012599999000001,99999,完好,区城市管理局,东湖路4号旁,,,{GRID},2025-10-31",  # no such class
            f"33012501002000009,01003,完好,区城市管理局,东湖路5号旁,,,{GRID},2025-10-31",  # carries 01002, says 01003
            f"J-1,01002,完好,区城市管理局,东湖路6号旁,,,{GRID},2025-10-31",
            f"33012501002000010,01002,被盗,区城市管理局,东湖路7号旁,,,{GRID},2025-10-31",  # no such condition
        ],
    )
    s1 = load(city, profiles.resolve("demo-components"), [first])
    assert (s1.inserted, s1.rejected) == (3, 4) and balanced(s1)
    assert s1.rejected_by_reason == {
        "unknown_component_class": 1,
        "component_class_mismatch": 1,
        "bad_component_id": 1,
        "unmapped_value": 1,
    }
    second = gbk(
        tmp_path / "survey2.csv",
        [
            COMPONENT_HEAD,
            f"33012501002000001,01002,破损,区市政公用事业服务中心,东湖路1号旁,,,{GRID},2026-10-31",
            f"33012501002000002,01002,完好,区市政公用事业服务中心,东湖路2号旁,,,{GRID},2026-10-31",
            f"3301250100300001,01003,破损,区城市管理局,东湖路3号旁 业主330102199001011234,,,{OTHER},2026-10-31",
        ],
    )
    s2 = load(city, profiles.resolve("demo-components"), [second])
    assert (s2.inserted, s2.updated, s2.unchanged) == (0, 1, 2) and balanced(s2)
    with Store(city).reader() as con:
        history = con.sql(
            "SELECT component_id, previous_condition, condition, changed_at FROM component_history ORDER BY run_id, component_id"
        ).fetchall()
        stored = con.sql("SELECT component_id, condition, department_code, address FROM components ORDER BY component_id").fetchall()
        reasons = dict(con.sql("SELECT reason_code, reason FROM quarantine").fetchall())
    assert history == [
        ("33012501002000001", None, "intact", dt.datetime(2025, 10, 31)),
        ("33012501002000002", None, "intact", dt.datetime(2025, 10, 31)),
        ("3301250100300001", None, "damaged", dt.datetime(2025, 10, 31)),
        ("33012501002000001", "intact", "damaged", dt.datetime(2026, 10, 31)),  # only what changed
    ]
    assert stored[0][1:3] == ("damaged", "330125-SZ")  # the owner resolved by name to its code
    assert "330102199001011234" not in stored[2][3] and "******************" in stored[2][3]
    assert reasons["unknown_component_class"] == "column 部件小类编码: '99999' is not a component class of the catalogue"
    assert reasons["component_class_mismatch"] == "column 部件标识码: identifier 33012501002000009 does not carry class 01003"


def test_a_register_missing_a_column_is_refused_whole(city: Path, tmp_path: Path):
    path = gbk(tmp_path / "survey.csv", ["部件标识码,部件小类编码,权属单位,所属网格", f"33012501002000001,01002,区城市管理局,{GRID}"])
    with pytest.raises(InputError, match=r"survey\.csv: missing column '部件状态' \(profile demo-components, columns\.condition\)"):
        load(city, profiles.resolve("demo-components"), [path])
    with Store(city).reader() as con:
        assert con.sql("SELECT count(*) FROM components").fetchone()[0] == 0


STAFF_HEAD = "配置编号,工号,姓名,岗位,所属网格,任职开始,任职结束,联系电话"


def test_staff_are_stored_as_salted_references_only(city: Path, tmp_path: Path):
    """Names, phone numbers and staff numbers never reach the warehouse; the same person keeps
    one reference across grids; an assignment ending before it starts is refused."""
    path = gbk(
        tmp_path / "staff.csv",
        [
            STAFF_HEAD,
            f"PZ1,WG00077,欧阳娜娜,专职网格员,{GRID},2025-01-01,,13912345678",
            f"PZ2,WG00077,欧阳娜娜,专职网格员,{OTHER},2025-01-01,2025-06-30,13912345678",
            f"PZ3,WG00078,李四,网格长,{GRID},2025-01-01,,13700002222",  # a role the profile does not know
            f"PZ4,WG00079,王五,社区民警,{GRID},2025-05-01,2025-04-30,13700003333",
        ],
    )
    s = load(city, profiles.resolve("demo-staff"), [path])
    assert (s.inserted, s.rejected, s.rejected_by_reason) == (2, 2, {"unmapped_value": 1, "date_order": 1}) and balanced(s)
    with Store(city).reader() as con:
        refs = con.sql("SELECT DISTINCT staff_ref FROM staff").fetchall()
        valid_to = con.sql("SELECT valid_to FROM staff ORDER BY assignment_id").fetchall()
        values = all_text(con)
    assert len(refs) == 1 and re.fullmatch(r"[0-9a-f]{24}", refs[0][0])
    assert valid_to == [(None,), (dt.date(2025, 6, 30),)]
    secrets = ["WG00077", "WG00078", "WG00079", "欧阳娜娜", "李四", "王五", "13912345678", "13700002222", "13700003333"]
    assert not [v for v in values for secret in secrets if secret in v]


def test_patrols_make_grid_days(city: Path, tmp_path: Path):
    """Check-ins → grid-days: two staff in one grid on one day are one covered grid-day with both
    counted and their minutes summed."""
    path = gbk(
        tmp_path / "patrols.csv",
        [
            "签到流水号,工号,签到时间,停留分钟,经度,纬度,网格编码",
            f"XC1,WG1,2026-03-02 09:00:00,30,,,{GRID}",
            f"XC2,WG2,2026-03-02 15:00:00,45,,,{GRID}",
            f"XC3,WG1,2026-03-03 09:00:00,20,,,{GRID}",
            f"XC4,WG1,2026-03-03 10:30:00,25,,,{OTHER}",
            f"XC5,WG1,昨天,25,,,{OTHER}",
        ],
    )
    s = load(city, profiles.resolve("demo-patrols"), [path])
    assert (s.inserted, s.rejected) == (4, 1) and balanced(s)
    with Store(city).reader() as con:
        days = con.sql("SELECT grid_code, day, check_ins, staff, minutes FROM patrol_grid_days ORDER BY day, grid_code").fetchall()
    assert days == [
        (GRID, dt.date(2026, 3, 2), 2, 2, 75),
        (GRID, dt.date(2026, 3, 3), 1, 1, 20),
        (OTHER, dt.date(2026, 3, 3), 1, 1, 25),
    ]


def all_text(con) -> list[str]:
    """Every text value of every warehouse table."""
    columns = con.sql("SELECT table_name, column_name FROM information_schema.columns WHERE data_type = 'VARCHAR'").fetchall()
    values: list[str] = []
    for table, column in columns:  # names from the catalogue, not user input
        values += [v for (v,) in con.sql(f'SELECT DISTINCT "{column}" FROM "{table}"').fetchall() if v]
    return values


def test_no_personal_data_from_the_base_registers(loaded_city: Path):
    """The demo's staff table and organisation register carry names, phone numbers and staff
    numbers, as real ones do; none of them is in any text column of the warehouse."""
    staff = pl.read_csv(loaded_city / "raw" / "demo" / "base" / "grid_staff.csv", encoding="gbk", infer_schema=False)
    orgs = pl.read_excel(loaded_city / "raw" / "demo" / "base" / "organisations.xlsx", infer_schema_length=0)
    numbers = set(staff["工号"]) | set(staff["联系电话"]) | set(orgs["联系电话"])
    names = set(staff["姓名"]) | set(orgs["法定代表人"])
    assert len(numbers) > 100 and len(names) > 50
    with Store(loaded_city).reader() as con:
        values = all_text(con)
    assert not [v for v in values for n in numbers if n in v]
    assert not names & set(values)


def test_pipelines_status_lists_every_register(loaded_city: Path, capsys):
    """`pipelines status` shows each base-data register as it shows cases: rows held, last load,
    how far it reaches (the month counted, the newest check-in), no made-up update time."""
    import json

    from orchestration.cli.pipelines import main as pipelines_main

    assert pipelines_main(["status", "--json", "--data", str(loaded_city)]) == 0
    rows = {r["target"]: r for r in json.loads(capsys.readouterr().out)["sources"]}
    with Store(loaded_city).reader() as con:
        for target in ("population", "buildings", "components", "organisations", "staff", "patrols"):
            assert rows[target]["rows"] == con.sql(f"SELECT count(*) FROM {target}").fetchone()[0], target  # noqa: S608 - fixed names
            assert rows[target]["last_load"] is not None and rows[target]["runs"] >= 1
        newest_month = con.sql("SELECT max(month) FROM population").fetchone()[0]
        newest_patrol = con.sql("SELECT max(checked_at) FROM patrols").fetchone()[0]
    assert rows["population"]["newest_report_at"].startswith(str(newest_month))
    assert rows["patrols"]["newest_report_at"] == str(newest_patrol)
    assert rows["buildings"]["newest_record_at"] is None  # the demo's register has no update times
