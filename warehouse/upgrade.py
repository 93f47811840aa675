"""Bring a warehouse written by an older GridPulse up to this version's tables and marts.

Every write already creates missing tables and rebuilds an out-of-step ``case_facts`` before it
applies (``Store.apply``), but a warehouse that is only read — a dashboard started on an old data
directory — would meet a missing mart. ``python -m dashboard`` therefore runs ``upgrade`` at
start when it is needed, and ``python -m warehouse upgrade`` does it by hand: one journalled
change with nothing of its own to write, published as a new snapshot like any other.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse import marts, migrations
from warehouse.db import Change, Store, applier


@applier("upgrade")
def _upgrade(con: duckdb.DuckDBPyConnection, snapshot_id: int, change: Change) -> None:
    """Nothing beyond what every change gets first: the schema, and marts brought in step."""


def needed(data: Path) -> bool:
    """Whether the published snapshot lacks a table or a migration, keeps a retired table or has
    a mart out of step."""
    if Store(data).current() is None:
        return False
    with Store(data).reader() as con:
        try:
            return bool(migrations.pending(con)) or not marts.in_step(con) or bool(marts.retired_tables(con))
        except duckdb.CatalogException:
            return True


def run(data: Path) -> int | None:
    """Publish an upgraded snapshot if one is needed; its id, or None when nothing was to do."""
    if not needed(data):
        return None
    snapshot_id, _ = Store(data).apply(Change("upgrade", {}))
    return snapshot_id
