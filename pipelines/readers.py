"""Read one export file into an all-text polars frame, plus its row numbers.

Everything is read as text so that validation, not the reader, decides what a bad value is
and every row survives to be counted. ``_row`` is the 1-based data row (the header is row 0).
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from pipelines.targets import TARGETS

KEY_SOURCE = "__key"  # as pipelines.profiles.KEY_SOURCE (not imported: profiles imports this module)

if TYPE_CHECKING:
    from pipelines.profiles import Profile


class InputError(ValueError):
    """The input cannot be used at all (exit code 2); the message names the file."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


BOM = b"\xef\xbb\xbf"


def utf8_bytes(path: Path, encoding: str, data: bytes | None = None) -> bytes:
    """The file as UTF-8 bytes (BOM dropped); 'auto' tries UTF-8 then GB18030 (a GBK superset).

    UTF-8 input is only validated, not decoded and re-encoded: that copy cost a third of the read."""
    data = path.read_bytes() if data is None else data
    if data.startswith(BOM):
        data = data[3:]
        if encoding == "auto":
            encoding = "utf-8"
    candidates = ["utf-8", "gb18030"] if encoding == "auto" else [encoding]
    for enc in candidates:
        try:
            text = data.decode(enc)
            return data if enc in ("utf-8", "utf8") else text.encode("utf-8")
        except UnicodeDecodeError as exc:
            last = exc
    line = data[: last.start].count(b"\n") + 1
    raise InputError(f"{path}: not valid {encoding} text (byte {last.start}, line {line}); check the profile's 'encoding'")


def _read_csv(path: Path, encoding: str) -> pl.DataFrame:
    """A CSV file as text columns. UTF-8 goes to polars as it is: polars checks the encoding
    itself, and checking it first in Python would nearly double the read. Only when
    polars refuses the bytes are they decoded here, to try GB18030 or to say where they break."""
    data = path.read_bytes()
    if encoding in ("auto", "utf-8", "utf8"):
        body = data[3:] if data.startswith(BOM) else data
        header = body[: body.find(b"\n") + 1 or len(body)]
        try:
            header.decode("utf-8")  # polars reads the header leniently: it is checked here
            return pl.read_csv(body, infer_schema=False)
        except UnicodeDecodeError:
            pass
        except pl.exceptions.ComputeError as exc:
            if "utf-8" not in str(exc):
                raise
    return pl.read_csv(utf8_bytes(path, encoding, data), infer_schema=False)


def _all_text(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.all().cast(pl.Utf8)).with_row_index("_row", offset=1)


MAX_UNPACKED_BYTES = 1024 * 1024 * 1024  # the default of [pipelines] max_unpacked_mb
MAX_RATIO = 200  # an entry unpacking to more than this many times its packed size, above 10 MB


def check_zip(path: Path, max_unpacked: int = MAX_UNPACKED_BYTES) -> None:
    """Refuse a zip (XLSX) that would unpack beyond the limit, from its directory alone: the
    sizes are read before a byte is inflated."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"{path}: not an XLSX file (not a readable zip: {exc})") from exc
    total = sum(e.file_size for e in entries)
    if total > max_unpacked:
        raise InputError(
            f"{path}: unpacks to {total / 2**20:,.0f} MB, more than the {max_unpacked / 2**20:,.0f} MB allowed ([pipelines] max_unpacked_mb)"
        )
    for e in entries:
        if e.file_size > 10 * 2**20 and e.file_size > MAX_RATIO * max(e.compress_size, 1):
            raise InputError(
                f"{path}: entry {e.filename} unpacks {e.file_size / max(e.compress_size, 1):,.0f} times its size; refused as a zip bomb"
            )


def _read_xlsx(profile: Profile, path: Path) -> pl.DataFrame:
    """The profile's sheet, or the first one."""
    if profile.sheet:
        return pl.read_excel(path, engine="calamine", infer_schema_length=0, sheet_name=profile.sheet)
    return pl.read_excel(path, engine="calamine", infer_schema_length=0)


def _json(path: Path, encoding: str) -> Any:
    try:
        return json.loads(utf8_bytes(path, encoding))
    except RecursionError as exc:
        raise InputError(f"{path}: JSON nested too deeply to be records") from exc


def _read_json(profile: Profile, path: Path) -> pl.DataFrame:
    """An array of records (objects), found under ``json_records`` (a dotted path) if the file
    wraps it."""
    records = _json(path, profile.encoding)
    if profile.json_records:
        for part in profile.json_records.split("."):
            if not isinstance(records, dict) or part not in records:
                raise InputError(f"{path}: no '{part}' in the JSON (profile key json_records = {profile.json_records!r})")
            records = records[part]
    if not isinstance(records, list):
        raise InputError(f"{path}: expected a JSON array of records (set 'json_records' to its path)")
    bad = next((i for i, r in enumerate(records, start=1) if not isinstance(r, dict)), None)
    if bad is not None:
        raise InputError(f"{path}: record {bad} is a {type(records[bad - 1]).__name__}, not an object with named fields")
    return pl.DataFrame(
        [{k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v) for k, v in r.items()} for r in records],
        infer_schema_length=None,
    )


def _read_geojson(profile: Profile, path: Path) -> pl.DataFrame:
    """A FeatureCollection: one row per feature, its properties and its geometry as JSON text."""
    doc = _json(path, profile.encoding)
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list):
        raise InputError(f"{path}: not a GeoJSON FeatureCollection (no 'features' array)")
    bad = next(
        (i for i, f in enumerate(features, start=1) if not isinstance(f, dict) or not isinstance(f.get("properties") or {}, dict)), None
    )
    if bad is not None:
        raise InputError(f"{path}: feature {bad} is not a GeoJSON Feature (an object with properties and geometry)")
    rows = [{**(f.get("properties") or {}), "geometry": json.dumps(f.get("geometry"))} for f in features]
    return pl.DataFrame(rows, infer_schema_length=None)


# The one table of input formats: a profile's ``format`` must be one of its keys.
READERS: dict[str, Callable[[Profile, Path], pl.DataFrame]] = {
    "csv": lambda profile, path: _read_csv(path, profile.encoding),
    "xlsx": _read_xlsx,
    "json": _read_json,
    "open311": _read_json,  # GeoReport v2 service requests: a JSON array of records
    "parquet": lambda profile, path: pl.read_parquet(path),
    "geojson": _read_geojson,
}


def read(profile: Profile, path: Path, max_unpacked: int = MAX_UNPACKED_BYTES) -> pl.DataFrame:
    """The file as text columns named as in the source, with ``_row``."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if profile.format == "xlsx":
        check_zip(path, max_unpacked)
    try:
        frame = READERS[profile.format](profile, path)
    except InputError:
        raise
    except (pl.exceptions.PolarsError, json.JSONDecodeError, OSError, KeyError, ValueError) as exc:
        raise InputError(f"{path}: cannot read as {profile.format}: {str(exc).splitlines()[0][:300]}") from exc
    frame = _all_text(frame)
    if profile.key_parts:  # a composite key: its parts joined into one identity
        absent = [c for c in profile.key_parts if c not in frame.columns]
        if absent:
            raise InputError(f"{path}: missing column {absent[0]!r} (profile {profile.name}, part of columns.{profile.key_column})")
        frame = frame.with_columns(pl.concat_str([pl.col(c) for c in profile.key_parts], separator="/").alias(KEY_SOURCE))
    missing = [src for canon, src in profile.columns.items() if src not in frame.columns]
    missing += [src for src in profile.extras.values() if src not in frame.columns and src not in missing]
    if profile.missing_columns == "null":
        required = {profile.columns[c] for c in TARGETS[profile.target].required if c in profile.columns}
        frame = frame.with_columns([pl.lit(None, dtype=pl.Utf8).alias(src) for src in missing if src not in required])
        missing = [src for src in missing if src in required]
    if missing:
        raise InputError(
            f"{path}: missing column {missing[0]!r} (profile {profile.name}, columns.{_canon_of(profile, missing[0])}); the file has: {', '.join(c for c in frame.columns if c != '_row')[:400]}"
        )
    for ref, sources in profile.pii.items():  # the columns a personal reference is hashed from
        absent = [s for s in sources if s not in frame.columns] if ref in ("staff_ref", "person_ref", "household_ref") else []
        if absent:
            raise InputError(
                f"{path}: missing column {absent[0]!r} (profile {profile.name}, pii.{ref}); the file has: {', '.join(c for c in frame.columns if c != '_row')[:400]}"
            )
    return frame


def _canon_of(profile: Profile, src: str) -> str:
    return next((c for c, s in profile.columns.items() if s == src), None) or next(
        f"extras.{n}" for n, s in profile.extras.items() if s == src
    )
