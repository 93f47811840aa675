"""Per-source freshness and the run log, read from the current snapshot."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from warehouse import sql
from warehouse.db import Store


def status(data: Path) -> dict[str, pl.DataFrame]:
    """Sources (rows, last load, newest record, quarantined, unlocated) and the last runs."""
    store = Store(data)
    with store.reader() as con:
        return {
            "sources": sql.query(con, "status/source_status"),
            "runs": sql.query(con, "status/recent_runs", limit=20),
            "snapshot": sql.query(con, "status/snapshot"),
        }
