"""Source profiles: small TOML files that map one export format onto the canonical schema.

A profile never contains code. Every key is checked; a mistake names the key and the file, so a
data administrator can fix a profile without reading Python.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipelines.readers import KEY_SOURCE, READERS
from pipelines.targets import PERSON_TYPES, SPECIAL_GROUPS, TARGETS

PROFILE_DIR = Path(__file__).with_name("profiles")
FORMATS = tuple(READERS)  # the formats there is a reader for
ENCODINGS = ("utf-8", "gbk", "gb18030", "auto")
CRS = ("wgs84", "gcj02", "bd09")
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")

CANONICAL: dict[str, list[str]] = {name: list(t.columns) for name, t in TARGETS.items()}
REQUIRED: dict[str, list[str]] = {name: list(t.required) for name, t in TARGETS.items()}
# canonical columns filled only from [pii] (the first non-empty of its source columns, salted and hashed)
HASHED_REFS = ("staff_ref", "person_ref", "household_ref")
TIME_COLUMNS = {c for cols in CANONICAL.values() for c in cols if c.endswith("_at")}
ENUMS = {
    "channel": {"inspector", "hotline", "public", "video", "assigned", "other"},
    "status": {
        "reported",
        "registered",
        "dispatched",
        "disposing",
        "checking",
        "closed",
        "cancelled",
        "suspended",
        "pending",
        "mediating",
        "resolved",
        "failed",
    },
    "object_kind": {"component", "matter"},
    "escalation_kind": {"petition", "repeat_petition", "group_incident", "criminal", "other"},
    "level": {"district", "street", "community"},
    # base data
    "building_use": {"residential", "commercial", "rental", "school", "office", "industrial", "public", "mixed", "other"},
    "condition": {"intact", "damaged", "lost", "abandoned", "removed"},  # 完好, 破损, 丢失, 废弃, 移除
    "org_type": {"enterprise", "individual_business", "social_org", "school", "hospital", "key_place", "government", "other"},
    "person_type": set(PERSON_TYPES),
    "special_group": set(SPECIAL_GROUPS),
    "role": {
        "full_time_gridworker",  # 专职网格员
        "part_time_gridworker",  # 兼职网格员
        "community_police",  # 社区民警
        "community_worker",  # 社区工作者
        "urban_inspector",  # 城管队员
        "street_cadre",  # 街道干部
        "other",
    },
}
TOP_KEYS = {
    "name",
    "description",
    "target",
    "source",
    "format",
    "encoding",
    "crs",
    "timezone",
    "datetime_formats",
    "columns",
    "constants",
    "values",
    "unmapped",
    "pii",
    "category",
    "bbox",
    "json_records",
    "sheet",
    "placeholder_points",
    "mask_names_in",
    "missing_columns",
    "extras",
}
EXTRA_NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class ProfileError(ValueError):
    """A profile that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Profile:
    """A validated source profile."""

    name: str
    path: Path
    target: str
    source: str
    format: str
    encoding: str = "utf-8"
    crs: str = "wgs84"
    timezone: str = "Asia/Shanghai"
    datetime_formats: tuple[str, ...] = ("%Y-%m-%d %H:%M:%S",)
    columns: dict[str, str] = field(default_factory=dict)
    constants: dict[str, Any] = field(default_factory=dict)
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    unmapped: dict[str, str] = field(default_factory=dict)
    pii: dict[str, Any] = field(default_factory=dict)
    category: dict[str, Any] = field(default_factory=dict)
    bbox: tuple[float, ...] = ()
    json_records: str = ""
    sheet: str = ""
    placeholder_points: tuple[tuple[float, float], ...] = ()
    mask_names_in: tuple[str, ...] = ()
    missing_columns: str = "error"
    description: str = ""
    key_parts: tuple[str, ...] = ()  # source columns that together identify a record (columns.<key> as a list)
    extras: dict[str, str] = field(default_factory=dict)  # name → source column, kept as JSON in `extras`

    @property
    def key_column(self) -> str:
        return TARGETS[self.target].key


def _fail(path: Path, key: str, why: str) -> ProfileError:
    return ProfileError(f"profile {path}: key '{key}': {why}")


def parse(path: Path) -> Profile:
    """Read and validate a profile file: every key is checked, and a mistake names it."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"profile {path}: not valid TOML: {exc}") from exc
    _check_header(path, raw)
    key_parts = _key_parts(path, raw)
    _check_columns(path, raw)
    _check_values(path, raw)
    _check_options(path, raw)
    _check_extras(path, raw)
    return Profile(
        name=raw["name"],
        path=path,
        target=raw["target"],
        source=raw["source"],
        format=raw["format"],
        encoding=raw.get("encoding", "utf-8"),
        crs=raw.get("crs", "wgs84"),
        timezone=raw.get("timezone", "Asia/Shanghai"),
        datetime_formats=tuple(raw.get("datetime_formats", DEFAULT_DATETIME_FORMATS)),
        columns={**raw.get("columns", {}), **({TARGETS[raw["target"]].key: KEY_SOURCE} if key_parts else {})},
        constants=dict(raw.get("constants", {})),
        values=raw.get("values", {}),
        unmapped=dict(raw.get("unmapped", {})),
        pii=raw.get("pii", {}),
        category=dict(raw.get("category", {})),
        bbox=tuple(float(v) for v in raw.get("bbox", [])),
        json_records=raw.get("json_records", ""),
        sheet=raw.get("sheet", ""),
        placeholder_points=tuple(tuple(p) for p in raw.get("placeholder_points", [])),
        mask_names_in=tuple(raw.get("mask_names_in", [])),
        missing_columns=raw.get("missing_columns", "error"),
        description=raw.get("description", ""),
        key_parts=key_parts,
        extras=dict(raw.get("extras", {})),
    )


def _key_parts(path: Path, raw: dict[str, Any]) -> tuple[str, ...]:
    """The source columns of a composite key: the target's key mapped to a list (a source whose
    own number is not unique, e.g. one case number for several offences). Checked here; the
    columns check then sees the key as mapped."""
    key = TARGETS[raw["target"]].key
    parts = raw.get("columns", {}).get(key)
    if not isinstance(parts, list):
        return ()
    if len(parts) < 2 or not all(isinstance(p, str) and p for p in parts):
        raise _fail(path, f"columns.{key}", "a list of two or more source column names (they are joined with '/')")
    raw["columns"] = {**raw["columns"], key: KEY_SOURCE}
    return tuple(parts)


DEFAULT_DATETIME_FORMATS = ["%Y-%m-%d %H:%M:%S"]


def _check_header(path: Path, raw: dict[str, Any]) -> None:
    """Known keys only; name, target, source and format present and valid; encoding and CRS known."""
    unknown = set(raw) - TOP_KEYS
    if unknown:
        raise _fail(path, sorted(unknown)[0], f"unknown key (allowed: {', '.join(sorted(TOP_KEYS))})")
    for key in ("name", "target", "source", "format"):
        if key not in raw:
            raise _fail(path, key, "missing")
    if not NAME_RE.match(str(raw["name"])):
        raise _fail(path, "name", "use lower-case letters, digits, '-' or '_'")
    if raw["target"] not in TARGETS:
        raise _fail(path, "target", f"{raw['target']!r} is not one of {tuple(TARGETS)}")
    if raw["format"] not in FORMATS:
        raise _fail(path, "format", f"{raw['format']!r} is not one of {FORMATS}")
    if raw.get("encoding", "utf-8") not in ENCODINGS:
        raise _fail(path, "encoding", f"{raw['encoding']!r} is not one of {ENCODINGS}")
    if raw.get("crs", "wgs84") not in CRS:
        raise _fail(path, "crs", f"{raw['crs']!r} is not one of {CRS}")


def _check_columns(path: Path, raw: dict[str, Any]) -> None:
    """[columns] and [constants] name canonical columns of the target; the required ones are there."""
    target = raw["target"]
    columns = raw.get("columns", {})
    allowed = set(CANONICAL[target]) | {"reporter_ref_from", "geometry"}
    for canon, src in columns.items():
        if canon not in allowed:
            raise _fail(path, f"columns.{canon}", f"not a canonical {target} column")
        if not isinstance(src, str) or not src:
            raise _fail(path, f"columns.{canon}", "must name a source column (a non-empty string)")
    for canon in raw.get("constants", {}):
        if canon not in CANONICAL[target]:
            raise _fail(path, f"constants.{canon}", f"not a canonical {target} column")
    for req in REQUIRED[target]:
        if req not in columns and req not in raw.get("constants", {}) and not raw.get("pii", {}).get(req):
            raise _fail(path, f"columns.{req}", "required column is not mapped")
    for ref in HASHED_REFS:  # a person's number is never stored (or counted) as it came
        if ref in columns:
            raise _fail(path, f"columns.{ref}", f"map it under [pii] {ref} (it is hashed before anything else)")


def _check_values(path: Path, raw: dict[str, Any]) -> None:
    """[values] map source values onto canonical ones (an enum's own values); [unmapped] says
    what happens to a value the table lacks."""
    values = raw.get("values", {})
    for canon, mapping in values.items():
        if canon not in CANONICAL[raw["target"]]:
            raise _fail(path, f"values.{canon}", "not a canonical column")
        if not isinstance(mapping, dict):
            raise _fail(path, f"values.{canon}", "must be a table of source value = canonical value")
        if canon in ENUMS:
            bad = [v for v in mapping.values() if v not in ENUMS[canon]]
            if bad:
                raise _fail(path, f"values.{canon}", f"{bad[0]!r} is not one of {sorted(ENUMS[canon])}")
    for canon, action in raw.get("unmapped", {}).items():
        if canon not in values:
            raise _fail(path, f"unmapped.{canon}", "has no [values] table to fall back from")
        if action != "quarantine" and action != "keep" and (canon not in ENUMS or action not in ENUMS[canon]):
            raise _fail(path, f"unmapped.{canon}", "use 'quarantine', 'keep' or a canonical value")


def _check_extras(path: Path, raw: dict[str, Any]) -> None:
    """[extras] keeps source columns the canonical record has no place for (a source's own
    district, board or type fields): name = "source column", stored as JSON in ``extras``."""
    extras = raw.get("extras", {})
    if extras and raw["target"] not in ("cases", "disputes"):
        raise _fail(path, "extras", "only cases and disputes keep extra columns")
    for name, src in extras.items():
        if not EXTRA_NAME_RE.match(name):
            raise _fail(path, f"extras.{name}", "a name of lower-case letters, digits and '_' (at most 40)")
        if not isinstance(src, str) or not src:
            raise _fail(path, f"extras.{name}", "must name a source column (a non-empty string)")


def _check_options(path: Path, raw: dict[str, Any]) -> None:
    """missing_columns, datetime_formats, bbox and [pii] are well-formed."""
    if raw.get("missing_columns", "error") not in ("error", "null"):
        raise _fail(path, "missing_columns", "use 'error' (every mapped column must exist) or 'null' (only required ones)")
    fmts = raw.get("datetime_formats", DEFAULT_DATETIME_FORMATS)
    if not isinstance(fmts, list) or not all(isinstance(f, str) and "%" in f for f in fmts):
        raise _fail(path, "datetime_formats", "must be a list of strftime patterns like '%Y-%m-%d %H:%M:%S'")
    bbox = tuple(float(v) for v in raw.get("bbox", []))
    if bbox and (len(bbox) != 4 or bbox[0] >= bbox[2] or bbox[1] >= bbox[3]):
        raise _fail(path, "bbox", "must be [min_lon, min_lat, max_lon, max_lat]")
    for key in raw.get("pii", {}):
        if key not in ("reporter_ref", "party_refs", "drop", *HASHED_REFS):
            raise _fail(path, f"pii.{key}", f"use reporter_ref, party_refs, drop or one of {', '.join(HASHED_REFS)}")
    for ref in HASHED_REFS:
        if raw.get("pii", {}).get(ref) and ref not in CANONICAL[raw["target"]]:
            raise _fail(path, f"pii.{ref}", f"target {raw['target']} has no {ref}")


def builtin() -> dict[str, Path]:
    """Built-in profile names → files."""
    return {p.stem: p for p in sorted(PROFILE_DIR.glob("*.toml"))}


def resolve(name_or_path: str) -> Profile:
    """A built-in profile by name, or a profile file by path."""
    known = builtin()
    if name_or_path in known:
        return parse(known[name_or_path])
    path = Path(name_or_path)
    if path.suffix == ".toml" and path.is_file():
        return parse(path)
    raise ProfileError(f"unknown profile {name_or_path!r}: built-in profiles are {', '.join(known)}; or give a path to a .toml file")
