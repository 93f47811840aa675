"""Typed settings: the configuration is parsed once, a bad value is refused naming its key and
file, and every writer honours [warehouse] keep_snapshots (the upgrade ignored it before)."""

from __future__ import annotations

from pathlib import Path

import pytest

from warehouse.db import Store
from warehouse.settings import ConfigError, settings


def test_defaults_parse_into_typed_settings(data: Path):
    s = settings(data)
    assert s.warehouse.keep_snapshots == 2
    assert s.worktime.windows == (("08:30", "12:00"), ("13:30", "17:30"))
    assert s.dashboard.reference_time == "newest_record" and s.dashboard.targets["on_time_rate"] == 0.9
    assert s.auth.required is True and s.city.bbox == ()


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[warehouse]\nkeep_snapshots = 1\n", "key 'warehouse.keep_snapshots': must be at least 2, not 1"),
        ('[warehouse]\nkeep_snapshots = "3"\n', "key 'warehouse.keep_snapshots': must be a whole number, not '3'"),
        ('[dashboard]\nreference_time = "wall"\n', "key 'dashboard.reference_time': must be one of newest_record, clock, not 'wall'"),
        ("[auth]\nrequired = 0\n", "key 'auth.required': must be true or false, not 0"),
        ("[city]\nbbox = [1, 2, 3]\n", "key 'city.bbox': must be a list of 0 or 4 numbers"),
        ("[models]\ndispute_alert_threshold = 1.5\n", "key 'models.dispute_alert_threshold': must be between 0 and 1"),
    ],
)
def test_a_bad_value_names_its_key_and_file(data: Path, toml: str, message: str):
    (data / "gridpulse.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError, match="defaults.toml \\+ gridpulse.toml") as caught:
        settings(data)
    assert message in str(caught.value)


def test_every_writer_keeps_the_configured_number_of_snapshots(data: Path):
    (data / "gridpulse.toml").write_text("[warehouse]\nkeep_snapshots = 5\n", encoding="utf-8")
    assert Store(data).keep == 5  # what upgrade.run, assessment.assess and the loads now use
    assert Store(data, 3).keep == 3
