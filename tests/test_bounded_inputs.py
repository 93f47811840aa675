"""Bounded inputs (issue 15): an XLSX that would unpack beyond the limit is refused from its zip
directory before a byte is inflated; malformed JSON and GeoJSON are the usual clear refusal
(the file named, exit 2 on the command line, the refused upload removed, no server path shown)
instead of a traceback."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from dashboard import uploads
from orchestration.cli import pipelines as pipelines_cli
from pipelines import profiles, readers
from pipelines.readers import InputError
from warehouse.audit import AuditLog


def _bomb(path: Path, megabytes: int) -> Path:
    """A zip shaped like an XLSX whose shared strings unpack to ``megabytes`` of one repeated byte."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/sharedStrings.xml", b"A" * (megabytes * 2**20))
    return path


def test_a_zip_bomb_is_refused_before_parsing(tmp_path: Path):
    path = _bomb(tmp_path / "bomb.xlsx", 40)
    assert path.stat().st_size < 200_000  # 40 MB of text in well under 1 MB
    with pytest.raises(InputError, match=r"bomb\.xlsx: entry xl/sharedStrings\.xml unpacks .* times its size"):
        readers.read(profiles.resolve("demo-hotline"), path)


def test_the_unpacked_limit_is_configurable(tmp_path: Path):
    path = tmp_path / "big.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:  # stored, not deflated: no ratio
        z.writestr("xl/sharedStrings.xml", os.urandom(3 * 2**20))
    with pytest.raises(InputError, match=r"big\.xlsx: unpacks to 3 MB, more than the 2 MB allowed \(\[pipelines\] max_unpacked_mb\)"):
        readers.read(profiles.resolve("demo-hotline"), path, max_unpacked=2 * 2**20)


@pytest.mark.parametrize(
    ("profile", "text", "reason"),
    [
        ("open311", "[1, 2, 3]", "record 1 is a int, not an object"),
        ("open311", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ("open311", '{"not": "a list"}', "expected a JSON array of records"),
        ("demo-grids", '{"features": [1, 2]}', "feature 1 is not a GeoJSON Feature"),
        ("demo-grids", "[]", "not a GeoJSON FeatureCollection"),
        ("demo-grids", '{"features": [{"properties": "x"}]}', "feature 1 is not a GeoJSON Feature"),
    ],
)
def test_malformed_json_is_a_clear_refusal(data: Path, tmp_path: Path, capsys, profile: str, text: str, reason: str):
    path = tmp_path / ("bad.geojson" if profile == "demo-grids" else "bad.json")
    path.write_text(text, encoding="utf-8")
    assert pipelines_cli.main(["--data", str(data), "load", "--profile", profile, str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}: ") and reason in err and "Traceback" not in err


def test_a_refused_upload_is_removed_and_named_as_sent(data: Path):
    saved = uploads.save(data, "requests.json", json.dumps([1, 2, 3]).encode(), 10_000)
    with pytest.raises(uploads.UploadError) as refused:
        uploads.load_upload(data, "open311", saved, actor="analyst")
    message = str(refused.value)
    assert message.startswith("requests.json: record 1 is a int") and str(data) not in message
    assert not saved.exists()
    log = AuditLog(f"sqlite:///{data / 'operational.db'}")
    refusal = next(e for e in log.entries() if e["action"] == "upload")
    log.dispose()
    assert refusal["actor"] == "analyst" and "record 1 is a int" in refusal["detail"]
