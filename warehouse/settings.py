"""One configuration source: defaults.toml in the package, then the data directory's
gridpulse.toml, then the file named by GRIDPULSE_CONFIG. City choices are data, not code."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

DEFAULTS = Path(__file__).with_name("defaults.toml")
REPO_ROOT = Path(__file__).resolve().parent.parent


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: --data, else GRIDPULSE_DATA, else ./data (git-ignored)."""
    chosen = override or os.environ.get("GRIDPULSE_DATA") or "data"
    path = Path(chosen).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


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
