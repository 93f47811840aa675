"""CSV text in UTF-8 (with or without a BOM) and GBK reads to the same frame; bytes that are
neither get an error naming the file, byte and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines import profiles, readers

TEXT = "case_id,reported_at,description\nA1,2025-03-03 09:00:00,井盖破损\nA2,2025-03-03 10:00:00,占道经营\n"


def _profile(encoding: str) -> profiles.Profile:
    return profiles.Profile(**{**profiles.resolve("canonical").__dict__, "encoding": encoding})


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "auto"),
        (TEXT.encode("gbk"), "auto"),
        (TEXT.encode("gbk"), "gbk"),
    ],
)
def test_the_same_rows_whatever_the_encoding(tmp_path: Path, raw: bytes, encoding: str):
    path = tmp_path / "cases.csv"
    path.write_bytes(raw)
    frame = readers.read(_profile(encoding), path)
    assert frame.select("_row", "case_id", "description").rows() == [(1, "A1", "井盖破损"), (2, "A2", "占道经营")]


def test_bytes_that_are_not_utf8_are_named_by_byte_and_line(tmp_path: Path):
    path = tmp_path / "cases.csv"
    path.write_bytes(TEXT.encode("utf-8") + b"A3,2025-03-03 11:00:00,\xff\xfe\n")
    # 104 bytes of TEXT (a Chinese character is 3), then 23 of "A3,2025-03-03 11:00:00,"
    with pytest.raises(readers.InputError, match=r"cases\.csv: not valid utf-8 text \(byte 127, line 4\)"):
        readers.read(_profile("utf-8"), path)


def test_a_header_that_is_not_utf8_is_caught_too(tmp_path: Path):
    """polars checks the rows' text but reads a header leniently: GBK in the header alone must
    still be refused, not turn into a confusing "missing column"."""
    path = tmp_path / "g.csv"
    path.write_bytes("案件编号,上报时间\n1,2025\n".encode("gbk"))
    with pytest.raises(readers.InputError, match=r"g\.csv: not valid utf-8 text \(byte 0, line 1\)"):
        readers.read(_profile("utf-8"), path)
