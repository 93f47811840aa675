"""Pure transforms: a raw text frame and a profile in, canonical rows and rejected rows out.

No I/O here. Each check is one vectorised expression; a row's reason is the first check it
fails, with the source column and value named so a data administrator can find it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import numpy as np
import polars as pl

from pipelines import coords, pii
from pipelines.profiles import CANONICAL, ENUMS, HASHED_REFS, KEY_SOURCE, TIME_COLUMNS, Profile
from pipelines.targets import SPECIAL_GROUPS, TARGETS

NUMERIC = {
    "lon",
    "lat",
    "rework_count",
    "extension_count",
    "return_count",
    "satisfaction",
    "people_involved",
    "mediation_attempts",
    # base data (pipelines/targets.py BASE_DATA)
    "registered",
    "resident",
    "floating",
    "households",
    *SPECIAL_GROUPS,
    "floors",
    "minutes",
}
INTEGER = NUMERIC - {"lon", "lat"}
# Calendar dates (no time of day) in the base data; ``month`` is kept as its first day.
DATES = {"month", "valid_from", "valid_to"}
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y年%m月%d日")
MONTH_FORMATS = ("%Y-%m", "%Y/%m", "%Y%m", "%Y年%m月", *DATE_FORMATS)
# The stage times of a case after its report, in the order of the case loop (DOMAIN.md §2).
STAGES = [c for c in TARGETS["cases"].columns if c.endswith("_at") and c not in ("reported_at", "due_at", "updated_at")]


@dataclass
class Context:
    """What a transform needs besides the profile: the salt, the catalogue, the city box."""

    salt: bytes
    catalogue: pl.DataFrame  # category_code, category_name, category_major, kind
    bbox: tuple[float, ...] = ()
    tolerance_minutes: float = 1.0
    seq_offset: int = 0


@dataclass
class Result:
    rows: pl.DataFrame  # canonical columns + _row, _seq, raw_hash, quality_flags
    rejected: pl.DataFrame  # _row, reason_code, reason, raw_record


def _clean(src: str) -> pl.Expr:
    text = pl.col(src).str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text)


def _pii_sources(profile: Profile) -> set[str]:
    cols: set[str] = set(profile.pii.get("drop", []))
    cols |= set(profile.pii.get("reporter_ref", [])) | {c for ref in HASHED_REFS for c in profile.pii.get(ref, [])}
    parties = profile.pii.get("party_refs", {})
    cols |= {v for k, v in parties.items() if k in ("ids", "phones", "names")}
    return cols


def _datetime(expr: pl.Expr, formats: tuple[str, ...], timezone: str) -> pl.Expr:
    """Parse with each format in turn; offsets (%z) become the profile's local wall-clock time.
    No cache: report times are nearly all distinct, so a cache only adds work."""
    parsed = []
    for f in formats:
        if "z" in f:
            aware = expr.str.strptime(pl.Datetime("us", "UTC"), f, strict=False, exact=True, cache=False)
            parsed.append(aware.dt.convert_time_zone(timezone).dt.replace_time_zone(None))
        else:
            parsed.append(expr.str.strptime(pl.Datetime("us"), f, strict=False, exact=True, cache=False))
    return pl.coalesce(parsed) if len(parsed) > 1 else parsed[0]


def parse_datetimes(texts: pl.DataFrame, formats: tuple[str, ...], timezone: str) -> pl.DataFrame:
    """Parse every column with the first format, then try the others only on the values still
    unparsed.

    Exports almost always use one format; coalescing every format over every row would parse
    every value once per format.
    All columns go through one select so polars parses them in parallel."""
    first = texts.select(_datetime(pl.col(c), formats[:1], timezone).alias(c) for c in texts.columns)
    out = []
    for name in texts.columns:
        text, parsed = texts[name], first[name]
        for fmt in formats[1:]:
            todo = (parsed.is_null() & text.is_not_null()).arg_true()
            if todo.len() == 0:
                break
            retry = text.gather(todo).to_frame("t").select(_datetime(pl.col("t"), (fmt,), timezone)).to_series()
            parsed = parsed.scatter(todo, retry)
        out.append(parsed.alias(name))
    return pl.DataFrame(out, schema={c: pl.Datetime("us") for c in texts.columns})


Check = tuple[pl.Expr | pl.Series, str, pl.Expr]  # (failing rows, reason code, reason text)


def map_columns(profile: Profile, raw: pl.DataFrame) -> tuple[pl.DataFrame, list[Check]]:
    """Rename, parse and map values; return the frame and the failing checks (mask, code, reason).

    A check's mask is an expression on the raw frame, or a precomputed boolean Series."""
    checks: list[Check] = []
    exprs = []
    time_cols = [c for c in CANONICAL[profile.target] if c in profile.columns and c in TIME_COLUMNS]
    cleaned_times = raw.select(_clean(profile.columns[c]).alias(c) for c in time_cols)
    times = parse_datetimes(cleaned_times, profile.datetime_formats, profile.timezone)
    for canon in CANONICAL[profile.target]:
        if canon in profile.columns:
            src = profile.columns[canon]
            if canon in TIME_COLUMNS:
                checks.append(_datetime_check(profile, src, cleaned_times[canon], times[canon]))
                value = pl.lit(None, dtype=pl.Datetime("us"))  # placeholder: the parsed times replace it below
            elif canon in DATES:
                value = _date(canon, src, checks)
            elif canon in NUMERIC and canon not in profile.values:
                value = _number(canon, src, checks)
            elif canon in profile.values:
                value = _mapped(profile, canon, src, checks)
            else:
                value = _clean(src)
            exprs.append(value.alias(canon))
        elif canon in profile.constants:
            exprs.append(pl.lit(profile.constants[canon]).alias(canon))
        else:
            exprs.append(pl.lit(None, dtype=_empty_dtype(canon)).alias(canon))
    checks += _enum_checks(profile)
    if profile.extras:  # kept as they came, one JSON object per row (null where all are empty)
        kept = pl.struct([_clean(src).alias(name) for name, src in profile.extras.items()])
        exprs.append(
            pl.when(pl.any_horizontal(_clean(src).is_not_null() for src in profile.extras.values()))
            .then(kept.struct.json_encode())
            .alias("extras")
        )
    return raw.select(pl.col("_row"), *exprs).with_columns(times.get_columns()), checks


def _datetime_check(profile: Profile, src: str, cleaned: pl.Series, parsed: pl.Series) -> Check:
    """Text that is there but parses in none of the profile's formats."""
    reason = pl.format(
        "column {}: '{}' is not a date-time in the formats {}", pl.lit(src), _clean(src), pl.lit(", ".join(profile.datetime_formats))
    )
    return cleaned.is_not_null() & parsed.is_null(), "bad_datetime", reason


def _number(canon: str, src: str, checks: list[Check]) -> pl.Expr:
    """A numeric column; text that is not a number fails (and is reported) instead of becoming null."""
    text = _clean(src)
    value = text.cast(pl.Float64, strict=False)
    checks.append((text.is_not_null() & value.is_null(), "bad_number", pl.format("column {}: '{}' is not a number", pl.lit(src), text)))
    return value.round(0).cast(pl.Int32) if canon in INTEGER else value


def _date(canon: str, src: str, checks: list[Check]) -> pl.Expr:
    """A calendar date (a month for ``month``: its first day) in any of the usual Chinese and ISO
    spellings; text that is none of them fails with the column named."""
    text = _clean(src)
    formats = MONTH_FORMATS if canon == "month" else DATE_FORMATS
    # a month written without a day gets day 1, so "%Y-%m-%d" parses every form the same way
    parsed = pl.coalesce(
        [
            (text + "-01" if "%d" not in f else text).str.strptime(pl.Date, f + ("-%d" if "%d" not in f else ""), strict=False)
            for f in formats
        ]
    )
    if canon == "month":
        parsed = parsed.dt.truncate("1mo")
    reason = pl.format(
        "column {}: '{}' is not a {}", pl.lit(src), text, pl.lit("month (YYYY-MM)" if canon == "month" else "date (YYYY-MM-DD)")
    )
    checks.append((text.is_not_null() & parsed.is_null(), "bad_date", reason))
    return parsed


def _mapped(profile: Profile, canon: str, src: str, checks: list[Check]) -> pl.Expr:
    """A column through the profile's [values] table; a value the table lacks is quarantined,
    kept as it is, or replaced by a fixed canonical value, as [unmapped] says."""
    text = _clean(src)
    mapping = {str(k): v for k, v in profile.values[canon].items()}
    action = profile.unmapped.get(canon, "keep")
    is_bool = isinstance(next(iter(mapping.values()), ""), bool)
    mapped = text.replace_strict(mapping, default=None, return_dtype=pl.Boolean if is_bool else pl.Utf8)
    unmapped = text.is_not_null() & mapped.is_null()
    if action == "quarantine":
        reason = pl.format("column {}: value '{}' is not in the profile's values.{}", pl.lit(src), text, pl.lit(canon))
        checks.append((unmapped, "unmapped_value", reason))
        value = mapped
    elif action == "keep":
        value = mapped if is_bool else pl.when(unmapped).then(text).otherwise(mapped)
    else:
        value = pl.when(unmapped).then(pl.lit(action)).otherwise(mapped)
    return value.cast(pl.Int32, strict=False) if canon in INTEGER else value


def _empty_dtype(canon: str) -> type[pl.DataType]:
    """The type of a canonical column the profile does not map (all nulls)."""
    if canon in TIME_COLUMNS:
        return pl.Datetime
    if canon in DATES:
        return pl.Date
    if canon in ("lon", "lat"):
        return pl.Float64
    if canon in INTEGER:
        return pl.Int32
    return pl.Boolean if canon == "escalated" else pl.Utf8


def _enum_checks(profile: Profile) -> list[Check]:
    """Enum columns taken as they are (no [values] table) must hold one of the canonical values."""
    checks: list[Check] = []
    for canon in ENUMS:
        if canon in profile.columns and canon not in profile.values:
            src = profile.columns[canon]
            bad = pl.col(src).is_not_null() & ~_clean(src).is_in(sorted(ENUMS[canon]))
            reason = pl.format("column {}: '{}' is not a known {}", pl.lit(src), pl.col(src), pl.lit(canon))
            checks.append((bad, "unmapped_value", reason))
    return checks


def resolve_categories(profile: Profile, frame: pl.DataFrame, catalogue: pl.DataFrame) -> pl.DataFrame:
    """Catalogue codes by code or by (pattern-extracted) name; unknown ones become local."""
    if not TARGETS[profile.target].categories:
        return frame
    opts = profile.category
    scheme = opts.get("scheme", "GB/T 47678.5")
    if scheme == "local":
        major = pl.col("category_code").str.extract(opts["major_pattern"], 1) if opts.get("major_pattern") else pl.col("category_major")
        return frame.with_columns(
            pl.lit("local").alias("category_scheme"),
            pl.coalesce("category_name", "category_code").alias("category_name"),
            pl.coalesce("category_code", "category_name").alias("category_code"),
            major.alias("category_major"),
        )
    cat = catalogue.select(
        pl.col("category_code").alias("_cc"),
        pl.col("category_name").alias("_cn"),
        pl.col("category_major").alias("_cm"),
        pl.col("kind").alias("_ck"),
    )
    if opts.get("lookup", "code") == "name":
        name = pl.col("category_name")
        if opts.get("name_pattern"):
            name = pl.coalesce(name.str.extract(opts["name_pattern"], 1), name)
        frame = (
            frame.with_columns(name.alias("_key"))
            .join(cat.unique("_cn", keep="first"), left_on="_key", right_on="_cn", how="left")
            .with_columns(pl.col("_key").alias("_cn"))
        )
    else:
        frame = frame.join(cat, left_on="category_code", right_on="_cc", how="left", maintain_order="left").with_columns(
            pl.col("category_code").alias("_cc")
        )
    known = pl.col("_cm").is_not_null()
    return frame.with_columns(
        pl.when(known).then(pl.col("_cc")).otherwise(pl.coalesce("category_code", "category_name")).alias("category_code"),
        pl.when(known).then(pl.col("_cn")).otherwise(pl.col("category_name")).alias("category_name"),
        pl.when(known).then(pl.col("_cm")).otherwise(pl.col("category_major")).alias("category_major"),
        pl.when(known).then(pl.lit(scheme)).otherwise(pl.lit("local")).alias("category_scheme"),
        pl.coalesce("object_kind", pl.when(known).then(pl.col("_ck"))).alias("object_kind"),
    ).drop(["_cc", "_cn", "_cm", "_ck", "_key"], strict=False)


def locate(profile: Profile, frame: pl.DataFrame, bbox: tuple[float, ...]) -> pl.DataFrame:
    """WGS84 points; swapped lat/lon repaired; placeholders and far-away points dropped (flagged)."""
    lon = frame["lon"].cast(pl.Float64).to_numpy().copy()
    lat = frame["lat"].cast(pl.Float64).to_numpy().copy()
    flags = np.full(len(lon), "", dtype=object)
    for plon, plat in profile.placeholder_points:
        hit = np.isclose(lon, plon) & np.isclose(lat, plat)
        lon[hit], lat[hit] = np.nan, np.nan
        flags[hit] = "placeholder_point"
    box = profile.bbox or bbox
    if box:
        raw_in = (lon >= box[0] - 0.02) & (lon <= box[2] + 0.02) & (lat >= box[1] - 0.02) & (lat <= box[3] + 0.02)
        swap_in = (lat >= box[0] - 0.02) & (lat <= box[2] + 0.02) & (lon >= box[1] - 0.02) & (lon <= box[3] + 0.02)
        swapped = ~raw_in & swap_in
        orig_lon, orig_lat = lon.copy(), lat.copy()
        lon[swapped], lat[swapped] = orig_lat[swapped], orig_lon[swapped]
        flags[swapped] = "swapped_lonlat"
    wlon, wlat = coords.to_wgs84(profile.crs, lon, lat)
    if box:
        outside = ~np.isnan(wlon) & ~((wlon >= box[0] - 0.05) & (wlon <= box[2] + 0.05) & (wlat >= box[1] - 0.05) & (wlat <= box[3] + 0.05))
        wlon[outside], wlat[outside] = np.nan, np.nan
        flags[outside] = "outside_area"
    return frame.with_columns(
        pl.Series("lon", wlon).fill_nan(None),
        pl.Series("lat", wlat).fill_nan(None),
        pl.Series("quality_flags", np.where(flags == "", None, flags).tolist(), dtype=pl.Utf8),  # type: ignore[call-overload]  # numpy stubs: None as a value
    )


def personal_refs(profile: Profile, raw: pl.DataFrame, frame: pl.DataFrame, salt: bytes) -> pl.DataFrame:
    """reporter_ref / party_refs as salted hashes; names in free text masked."""
    cfg = profile.pii
    if cfg.get("reporter_ref"):
        first = pl.coalesce([_clean(c) for c in cfg["reporter_ref"]])
        frame = frame.with_columns(pii.hash_column(raw.select(first.alias("r"))["r"], salt).alias("reporter_ref"))
    elif TARGETS[profile.target].reporter:
        frame = frame.with_columns(pl.lit(None, dtype=pl.Utf8).alias("reporter_ref"))
    for ref in HASHED_REFS:  # grid staff, persons, households: the same salted reference as any other person
        if cfg.get(ref):
            first = pl.coalesce([_clean(c) for c in cfg[ref]])
            frame = frame.with_columns(pii.hash_column(raw.select(first.alias("r"))["r"], salt).alias(ref))
    if cfg.get("party_refs"):
        p = cfg["party_refs"]
        sep = p.get("separator", "、")
        parts = [raw.select(_clean(p[k]).str.split(sep).alias(k))[k] if p.get(k) else None for k in ("ids", "phones", "names")]
        refs = []
        for ids, phones, names in zip(*(s.to_list() if s is not None else [None] * raw.height for s in parts), strict=True):
            n = max(len(x) for x in (ids or [], phones or [], names or [])) if any((ids, phones, names)) else 0
            refs.append(
                [
                    pii.ref(
                        (ids or [None] * n)[i] if ids and i < len(ids) else (phones[i] if phones and i < len(phones) else names[i]), salt
                    )
                    for i in range(n)
                ]
            )
        frame = frame.with_columns(pl.Series("party_refs", refs, dtype=pl.List(pl.Utf8)))
    name_cols = [c for c in _name_sources(profile) if c in raw.columns]
    for col in profile.mask_names_in:
        frame = frame.with_columns(mask_names(frame[col], [raw[c] for c in name_cols]))
    return frame.with_columns([pii.mask_text(pl.col(c)).alias(c) for c in ("description", "address", "org_name") if c in frame.columns])


NAME_SEPARATORS = r"[、,，;；\s]+"  # between the names in one cell
NAME_TOKEN = r"[^、,，;；\s]+"  # one name


def mask_names(texts: pl.Series, name_columns: list[pl.Series]) -> pl.Series:
    """Each row's text with the names (tokens of two or more characters) of its own name
    columns masked, e.g. 张三 → 张*. Only the rows whose text contains one of their names are
    worked on in Python; finding them is vectorised (a Python loop over every row dominated a
    demo load)."""
    if not name_columns or texts.len() == 0:
        return texts
    rows = pl.int_range(texts.len(), eager=True).alias("i")
    tokens = pl.concat(
        [pl.DataFrame([rows, names.str.extract_all(NAME_TOKEN).alias("name")]).explode("name") for names in name_columns]
    ).filter(pl.col("name").str.len_chars() >= 2)
    hits = (
        tokens.join(pl.DataFrame([rows, texts.alias("text")]), on="i")
        .filter(pl.col("text").str.contains(pl.col("name"), literal=True))
        .get_column("i")
        .unique()
        .sort()
    )
    if hits.len() == 0:
        return texts
    lists = [names.gather(hits).to_list() for names in name_columns]
    out = texts.to_list()
    for k, i in enumerate(hits.to_list()):
        text = out[i]
        for names in lists:
            for name in re.split(NAME_SEPARATORS, names[k] or ""):
                if len(name) >= 2:
                    text = text.replace(name, pii.mask_name(name))
        out[i] = text
    return pl.Series(texts.name, out, dtype=pl.Utf8)


def _validity(profile: Profile, frame: pl.DataFrame, ctx: Context) -> list[tuple[pl.Expr, str, pl.Expr]]:
    """The row checks on canonical values: required values present, then the target's own."""
    checks = []
    for req in TARGETS[profile.target].required:
        src = profile.columns.get(req) or "/".join(profile.pii.get(req, [])) or req  # a hashed ref: its source columns
        checks.append((pl.col(req).is_null(), "missing_required", pl.format("column {}: required value is empty", pl.lit(src))))
    own = TARGET_CHECKS.get(profile.target)
    return checks + (own(profile, ctx) if own else [])


def _case_checks(profile: Profile, ctx: Context) -> list[tuple[pl.Expr, str, pl.Expr]]:
    """A case's stages never before its report (within the tolerance); satisfaction is 1–5."""
    checks = []
    tol = pl.duration(minutes=ctx.tolerance_minutes)
    for stage in STAGES:
        if stage in profile.columns:
            checks.append(
                (
                    pl.col(stage) < pl.col("reported_at") - tol,
                    "stage_order",
                    pl.format(
                        "column {}: {} is before the report time {}",
                        pl.lit(profile.columns[stage]),
                        pl.col(stage),
                        pl.col("reported_at"),
                    ),
                )
            )
    if "satisfaction" in profile.columns:
        checks.append(
            (
                ~pl.col("satisfaction").is_between(1, 5) & pl.col("satisfaction").is_not_null(),
                "bad_number",
                pl.format("column {}: satisfaction {} is not 1–5", pl.lit(profile.columns["satisfaction"]), pl.col("satisfaction")),
            )
        )
    return checks


def _dispute_checks(profile: Profile, ctx: Context) -> list[tuple[pl.Expr, str, pl.Expr]]:
    """A dispute is never resolved before it was reported."""
    if "resolved_at" not in profile.columns:
        return []
    return [
        (
            pl.col("resolved_at") < pl.col("reported_at"),
            "stage_order",
            pl.format("column {}: resolved before it was reported", pl.lit(profile.columns["resolved_at"])),
        )
    ]


def _component_checks(profile: Profile, ctx: Context) -> list[tuple[pl.Expr, str, pl.Expr]]:
    """A component's class is one of the catalogue's component classes, and its identifier is
    17 digits (6 admin + 5 class + 6 sequence) whose class digits are that class, or the older
    CJ/T 214 scheme's 16 digits (DOMAIN.md §2)."""
    known = ctx.catalogue.filter(pl.col("kind") == "component")["category_code"].implode()
    cid, cls = pl.col("component_id"), pl.col("class_code")
    src = profile.columns
    return [
        (
            ~cls.is_in(known),
            "unknown_component_class",
            pl.format("column {}: '{}' is not a component class of the catalogue", pl.lit(src["class_code"]), cls),
        ),
        (
            ~cid.str.contains(r"^\d{16,17}$"),
            "bad_component_id",
            pl.format("column {}: '{}' is not a 17-digit (or 16-digit CJ/T 214) component identifier", pl.lit(src["component_id"]), cid),
        ),
        (
            (cid.str.len_chars() == 17) & (cid.str.slice(6, 5) != cls),
            "component_class_mismatch",
            pl.format("column {}: identifier {} does not carry class {}", pl.lit(src["component_id"]), cid, cls),
        ),
    ]


def _dated_checks(profile: Profile, ctx: Context) -> list[tuple[pl.Expr, str, pl.Expr]]:
    """An assignment never ends before it starts."""
    if "valid_to" not in profile.columns:
        return []
    reason = pl.format("column {}: ends before it starts", pl.lit(profile.columns["valid_to"]))
    return [(pl.col("valid_to") < pl.col("valid_from"), "date_order", reason)]


TARGET_CHECKS = {"cases": _case_checks, "disputes": _dispute_checks, "components": _component_checks, "staff": _dated_checks}


def derive(profile: Profile, frame: pl.DataFrame) -> pl.DataFrame:
    """Fill what a source leaves implicit (status from the stages reached, updated_at …)."""
    own = TARGET_DERIVE.get(profile.target)
    return own(profile, frame) if own else frame


def stage_status() -> pl.Expr:
    """A case's status from the furthest stage it reached (DOMAIN.md §2): what a source that
    records stage times but no status means; the demo's exports state it the same way."""
    return (
        pl.when(pl.col("closed_at").is_not_null())
        .then(pl.lit("closed"))
        .when(pl.col("disposed_at").is_not_null())
        .then(pl.lit("checking"))
        .when(pl.col("signed_at").is_not_null())
        .then(pl.lit("disposing"))
        .when(pl.col("dispatched_at").is_not_null())
        .then(pl.lit("dispatched"))
        .when(pl.col("registered_at").is_not_null())
        .then(pl.lit("registered"))
        .otherwise(pl.lit("reported"))
    )


def _derive_case(profile: Profile, frame: pl.DataFrame) -> pl.DataFrame:
    """Status from the furthest stage reached; updated_at from the newest stage time; an empty
    count the source records is 0, a count it does not record stays NULL (not recorded)."""
    recorded = [c for c in ("rework_count", "extension_count", "return_count") if c in profile.columns or c in profile.constants]
    return frame.with_columns(
        pl.coalesce("status", stage_status()).alias("status"),
        pl.coalesce("updated_at", pl.max_horizontal("reported_at", *STAGES)).alias("updated_at"),
        pl.coalesce("channel", pl.lit("other")).alias("channel"),
        *[pl.col(c).fill_null(0) for c in recorded],
    )


def _derive_dispute(profile: Profile, frame: pl.DataFrame) -> pl.DataFrame:
    """Resolved when a resolution time is given, else pending; updated_at from the newest event."""
    resolved = pl.when(pl.col("resolved_at").is_not_null()).then(pl.lit("resolved")).otherwise(pl.lit("pending"))
    return frame.with_columns(
        pl.coalesce("status", resolved).alias("status"),
        pl.coalesce("updated_at", pl.max_horizontal("reported_at", "mediated_at", "resolved_at", "escalated_at")).alias("updated_at"),
        pl.col("escalated").fill_null(False),
    )


TARGET_DERIVE = {"cases": _derive_case, "disputes": _derive_dispute}


def raw_records(profile: Profile, raw: pl.DataFrame) -> pl.Series:
    """Rejected rows as JSON of their source columns, with personal data hidden as the stored
    rows have it: the profile's personal columns replaced by ``***``, phone and ID numbers in
    any other cell masked, and the row's own party and reporter names masked wherever they
    appear (a quarantined row is read by analysts on the data page)."""
    hidden = _pii_sources(profile)
    cols = [c for c in raw.columns if c not in ("_row", KEY_SOURCE)]
    names = [raw[c] for c in _name_sources(profile) if c in raw.columns]
    shown = raw.select(
        pl.when(pl.col(c).is_not_null()).then(pl.lit("***")).alias(c) if c in hidden else pii.mask_text(pl.col(c)).alias(c) for c in cols
    )
    shown = shown.with_columns(mask_names(shown[c], names) for c in cols if c not in hidden)
    return pl.Series("raw_record", [json.dumps(row, ensure_ascii=False) for row in shown.iter_rows(named=True)], dtype=pl.Utf8)


def _name_sources(profile: Profile) -> list[str]:
    """The source columns holding people's names (parties, reporters)."""
    return [c for c in (profile.pii.get("party_refs", {}).get("names"), *profile.pii.get("reporter_ref", [])) if c]


def _first_failure(raw: pl.DataFrame, raw_checks: list, frame: pl.DataFrame, canon_checks: list) -> tuple[pl.Series, pl.DataFrame]:
    """Which rows fail, and for those the first failing check: source-value checks (on the raw
    frame) come before checks on the canonical values. Masks are evaluated on every row, the
    reason texts only on the failing ones (they are few, and formatting is the costly part).
    Raw and canonical frames are evaluated apart because a canonical column may share its name
    with a source column."""
    groups = [(src, list(enumerate(chk, start=off))) for src, chk, off in ((raw, raw_checks, 0), (frame, canon_checks, len(raw_checks)))]
    groups = [(source, checks) for source, checks in groups if checks]
    if not groups:
        return pl.Series("bad", [False] * raw.height), pl.DataFrame(schema={"reason_code": pl.Utf8, "reason": pl.Utf8})
    masks = pl.concat(
        [
            source.select([(pl.lit(m) if isinstance(m, pl.Series) else m).fill_null(False).alias(f"m{k}") for k, (m, _, _) in checks])
            for source, checks in groups
        ],
        how="horizontal",
    )
    bad = masks.select(pl.any_horizontal(pl.all())).to_series()
    rows = bad.arg_true()  # a gather, not filter(): polars 2.1 panics formatting views of a filtered frame
    failing = pl.concat(
        [
            masks[rows],
            *(
                source[rows].with_columns([w.alias(f"w{k}") for k, (_, _, w) in checks]).select(f"w{k}" for k, _ in checks)
                for source, checks in groups
            ),
        ],
        how="horizontal",
    )
    ordered = [(k, name) for _, checks in groups for k, (_, name, _) in checks]
    why = failing.select(
        pl.coalesce([pl.when(pl.col(f"m{k}")).then(pl.lit(name)) for k, name in ordered]).alias("reason_code"),
        pl.coalesce([pl.when(pl.col(f"m{k}")).then(pl.col(f"w{k}")) for k, _ in ordered]).alias("reason"),
    )
    return bad, why


def transform(profile: Profile, raw: pl.DataFrame, ctx: Context) -> Result:
    """The whole pure path for one file's rows."""
    src_cols = [c for c in raw.columns if c != "_row"]
    raw_hash = raw.select(src_cols).hash_rows(seed=7).alias("raw_hash")
    frame, checks = map_columns(profile, raw)
    frame = frame.with_columns(raw_hash, (pl.col("_row") + ctx.seq_offset).alias("_seq"))
    if "lon" in frame.columns:
        frame = locate(profile, frame, ctx.bbox)
    frame = resolve_categories(profile, frame, ctx.catalogue)
    frame = personal_refs(profile, raw, frame, ctx.salt)
    frame = derive(profile, frame)
    bad, why = _first_failure(raw, checks, frame, _validity(profile, frame, ctx))
    rejected = pl.DataFrame({"_row": frame["_row"].filter(bad)}).with_columns(
        why["reason_code"], why["reason"], raw_records(profile, raw.filter(bad))
    )
    rows = frame.filter(~bad)
    if "quality_flags" not in rows.columns:
        rows = rows.with_columns(pl.lit(None, dtype=pl.Utf8).alias("quality_flags"))
    return Result(rows, rejected)
