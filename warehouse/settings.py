"""One configuration source: defaults.toml in the package, then the data directory's
gridpulse.toml, then the file named by GRIDPULSE_CONFIG. City choices are data, not code."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULTS = Path(__file__).with_name("defaults.toml")
REPO_ROOT = Path(__file__).resolve().parent.parent


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: --data, else GRIDPULSE_DATA, else ./data (git-ignored). Created
    owner-only (0700): it holds password hashes, the audit log, uploads and raw exports."""
    chosen = override or os.environ.get("GRIDPULSE_DATA") or "data"
    path = Path(chosen).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path.stat().st_mode & 0o077 and path.stat().st_uid == os.getuid():  # made by an older version
        path.chmod(0o700)
    return path


# Set by `python -m dashboard serve --no-sign-in`: without it, [auth] required = false in a file is
# ignored (sign-in stays on), so an edit alone never opens the dashboard.
NO_SIGN_IN_FLAG = "GRIDPULSE_ALLOW_NO_SIGN_IN"


def sign_in_required(found: Settings) -> bool:
    """Whether the dashboard asks for sign-in: always, unless the file turns it off *and* the
    server was started with --no-sign-in."""
    return found.auth.required or os.environ.get(NO_SIGN_IN_FLAG) != "1"


def private_files() -> None:
    """Every file and folder this process creates from now on is owner-only (umask 077): the
    snapshots, the operational store, uploads, reports and the demo's raw exports with names
    and ID numbers. Called by every entry point (the command lines and the dashboard server,
    which the Streamlit process inherits)."""
    os.umask(0o077)


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def load_config(data: Path | None = None) -> dict[str, Any]:
    """Merged configuration; later sources override earlier ones key by key."""
    config = tomllib.loads(DEFAULTS.read_text(encoding="utf-8"))
    candidates = []
    if data is not None:
        candidates.append(data / "gridpulse.toml")
    if os.environ.get("GRIDPULSE_CONFIG"):
        candidates.append(Path(os.environ["GRIDPULSE_CONFIG"]))
    for path in candidates:
        if path.is_file():
            config = _merge(config, tomllib.loads(path.read_text(encoding="utf-8")))
    return config


# --- typed settings ---------------------------------------------------------------------------


class ConfigError(ValueError):
    """A configuration value that cannot be used; the message names the key and the files."""


@dataclass(frozen=True)
class CitySettings:
    name: str
    timezone: str
    bbox: tuple[float, ...]  # (min_lon, min_lat, max_lon, max_lat) or () to derive from the grids


@dataclass(frozen=True)
class WorktimeSettings:
    windows: tuple[tuple[str, str], ...]
    holiday_country: str
    extra_holidays: tuple[str, ...]
    extra_workdays: tuple[str, ...]


@dataclass(frozen=True)
class WarehouseSettings:
    keep_snapshots: int
    query_seconds: float
    backend: str = "snapshots"  # snapshots | lake (read by the dashboard; loads still write snapshots)
    lake_catalog: str = ""
    lake_data_path: str = ""
    lake_metadata_schema: str = ""
    lake_replica: bool = True


@dataclass(frozen=True)
class PipelineSettings:
    stage_order_tolerance_minutes: float
    max_unpacked_mb: int


@dataclass(frozen=True)
class ModelSettings:
    hotspot_alert_top_k: int
    dispute_alert_threshold: float
    alert_cooldown_days: int


@dataclass(frozen=True)
class AuthSettings:
    required: bool
    idle_minutes: int
    max_hours: int


@dataclass(frozen=True)
class StoreSettings:
    url: str
    audit_anchor: str


@dataclass(frozen=True)
class DashboardSettings:
    reference_time: str  # newest_record | clock
    stale_after_hours: float
    wall_refresh_seconds: int
    wall_rotate_seconds: int
    tile_url: str
    upload_max_mb: int
    urgent_limit_hours: float  # open cases of categories with a limit this short are pinned on the wall map
    targets: dict[str, float]


@dataclass(frozen=True)
class ReportSettings:
    issuing_unit: str  # 发文机关: named in red at the head of the annual report and the monthly bulletin
    doc_code: str  # 发文字号 prefix: a bulletin is numbered <doc_code>〔<year>〕<N>号


@dataclass(frozen=True)
class Settings:
    """The whole configuration, parsed once: every reader and writer takes its values from here."""

    city: CitySettings
    worktime: WorktimeSettings
    warehouse: WarehouseSettings
    pipelines: PipelineSettings
    models: ModelSettings
    auth: AuthSettings
    store: StoreSettings
    dashboard: DashboardSettings
    report: ReportSettings


def config_files(data: Path | None = None) -> list[Path]:
    """The files merged into the configuration, in order (defaults first)."""
    files = [DEFAULTS]
    if data is not None and (data / "gridpulse.toml").is_file():
        files.append(data / "gridpulse.toml")
    if os.environ.get("GRIDPULSE_CONFIG") and Path(os.environ["GRIDPULSE_CONFIG"]).is_file():
        files.append(Path(os.environ["GRIDPULSE_CONFIG"]))
    return files


def settings(data: Path | None = None) -> Settings:
    """Parse and validate the merged configuration; a bad value raises ConfigError naming the key
    (``warehouse.keep_snapshots``) and the files it was read from."""
    raw = load_config(data)
    where = " + ".join(f.name for f in config_files(data))
    reader = _Reader(raw, where)
    return Settings(
        city=CitySettings(
            name=reader.text("city.name"),
            timezone=reader.text("city.timezone"),
            bbox=tuple(reader.numbers("city.bbox", lengths=(0, 4))),
        ),
        worktime=WorktimeSettings(
            windows=tuple((str(a), str(b)) for a, b in reader.pairs("worktime.windows")),
            holiday_country=reader.text("worktime.holiday_country"),
            extra_holidays=tuple(reader.texts("worktime.extra_holidays")),
            extra_workdays=tuple(reader.texts("worktime.extra_workdays")),
        ),
        warehouse=WarehouseSettings(
            keep_snapshots=reader.integer("warehouse.keep_snapshots", minimum=2),
            query_seconds=reader.number("warehouse.query_seconds", minimum=0.1),
            backend=reader.choice("warehouse.backend", ("snapshots", "lake")),
            lake_catalog=os.environ.get("GRIDPULSE_LAKE_CATALOG") or reader.text("warehouse.lake_catalog"),
            lake_data_path=reader.text("warehouse.lake_data_path"),
            lake_metadata_schema=reader.text("warehouse.lake_metadata_schema"),
            lake_replica=reader.boolean("warehouse.lake_replica"),
        ),
        pipelines=PipelineSettings(
            stage_order_tolerance_minutes=reader.number("pipelines.stage_order_tolerance_minutes", minimum=0),
            max_unpacked_mb=reader.integer("pipelines.max_unpacked_mb", minimum=1),
        ),
        models=ModelSettings(
            hotspot_alert_top_k=reader.integer("models.hotspot_alert_top_k", minimum=1),
            dispute_alert_threshold=reader.number("models.dispute_alert_threshold", minimum=0, maximum=1),
            alert_cooldown_days=reader.integer("models.alert_cooldown_days", minimum=0),
        ),
        auth=AuthSettings(
            required=reader.boolean("auth.required"),
            idle_minutes=reader.integer("auth.idle_minutes", minimum=1),
            max_hours=reader.integer("auth.max_hours", minimum=1),
        ),
        store=StoreSettings(url=reader.text("store.url"), audit_anchor=reader.text("store.audit_anchor")),
        dashboard=DashboardSettings(
            reference_time=reader.choice("dashboard.reference_time", ("newest_record", "clock")),
            stale_after_hours=reader.number("dashboard.stale_after_hours", minimum=0),
            wall_refresh_seconds=reader.integer("dashboard.wall_refresh_seconds", minimum=1),
            wall_rotate_seconds=reader.integer("dashboard.wall_rotate_seconds", minimum=0),
            tile_url=reader.text("dashboard.tile_url"),
            upload_max_mb=reader.integer("dashboard.upload_max_mb", minimum=1),
            urgent_limit_hours=reader.number("dashboard.urgent_limit_hours", minimum=0),
            targets={k: reader.number(f"dashboard.targets.{k}", minimum=0) for k in reader.table("dashboard.targets")},
        ),
        report=ReportSettings(issuing_unit=reader.text("report.issuing_unit"), doc_code=reader.text("report.doc_code")),
    )


class _Reader:
    """Typed look-ups in the merged configuration, each failure naming its key."""

    def __init__(self, raw: dict[str, Any], where: str) -> None:
        self.raw, self.where = raw, where

    def fail(self, key: str, why: str) -> ConfigError:
        return ConfigError(f"configuration ({self.where}): key '{key}': {why}")

    def value(self, key: str) -> Any:
        node: Any = self.raw
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise self.fail(key, "missing")
            node = node[part]
        return node

    def text(self, key: str) -> str:
        value = self.value(key)
        if not isinstance(value, str):
            raise self.fail(key, f"must be text, not {value!r}")
        return value

    def choice(self, key: str, options: tuple[str, ...]) -> str:
        value = self.text(key)
        if value not in options:
            raise self.fail(key, f"must be one of {', '.join(options)}, not {value!r}")
        return value

    def boolean(self, key: str) -> bool:
        value = self.value(key)
        if not isinstance(value, bool):
            raise self.fail(key, f"must be true or false, not {value!r}")
        return value

    def number(self, key: str, minimum: float | None = None, maximum: float | None = None) -> float:
        value = self.value(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, f"must be a number, not {value!r}")
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            raise self.fail(key, f"must be between {minimum} and {maximum}, not {value!r}")
        return float(value)

    def integer(self, key: str, minimum: int | None = None) -> int:
        value = self.value(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"must be a whole number, not {value!r}")
        if minimum is not None and value < minimum:
            raise self.fail(key, f"must be at least {minimum}, not {value}")
        return value

    def texts(self, key: str) -> list[str]:
        value = self.value(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, f"must be a list of texts, not {value!r}")
        return value

    def numbers(self, key: str, lengths: tuple[int, ...]) -> list[float]:
        value = self.value(key)
        ok = isinstance(value, list) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        if not ok or len(value) not in lengths:
            raise self.fail(key, f"must be a list of {' or '.join(map(str, lengths))} numbers, not {value!r}")
        return [float(v) for v in value]

    def pairs(self, key: str) -> list[list[str]]:
        value = self.value(key)
        if not isinstance(value, list) or not all(isinstance(v, list) and len(v) == 2 for v in value):
            raise self.fail(key, f"must be a list of [start, end] pairs, not {value!r}")
        return value

    def table(self, key: str) -> dict[str, Any]:
        value = self.value(key)
        if not isinstance(value, dict):
            raise self.fail(key, "must be a table")
        return value
