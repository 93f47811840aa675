"""DuckDB connections and the snapshot store.

Readers must never block a load nor see half of one. DuckDB lets one process write a file or
many processes read it, not both, so each load writes a *copy* of the current snapshot and
publishes it by atomic rename of a small pointer file (``CURRENT``). Readers open the file the
pointer names, read-only. A failed or killed load leaves only a temporary file behind, which the
next writer removes; the published snapshot is never touched. DuckLake with a SQLite catalog was
tried first: its reader process died with SIGBUS under a concurrent writer (see README).
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import os
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse import sql

SNAPSHOT_RE = re.compile(r"^snap-(\d{6})\.duckdb$")


def spatial_extension_path() -> str:
    """Path of the spatial extension shipped in the pinned wheel (never INSTALLed)."""
    spec = importlib.util.find_spec("duckdb_extension_spatial")
    if spec is None or spec.origin is None:
        raise RuntimeError("duckdb-extension-spatial is not installed: pip install -r requirements.txt")
    root = Path(spec.origin).parent / "extensions"
    found = sorted(root.glob("*/spatial.duckdb_extension"))
    if not found:
        raise RuntimeError(f"no spatial.duckdb_extension under {root}")
    return str(found[-1])


def connect(path: str | os.PathLike[str] = ":memory:", *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection with spatial loaded from the wheel and every download switched off."""
    config = {
        "autoinstall_known_extensions": "false",
        "autoload_known_extensions": "false",
    }
    con = duckdb.connect(str(path), read_only=read_only, config=config)
    # LOAD cannot take a bound parameter; the path is the installed wheel's file, never user input.
    con.sql(f"LOAD '{spatial_extension_path()}'")
    return con


@dataclass(frozen=True)
class Snapshot:
    """A published, immutable warehouse state that reports can cite."""

    snapshot_id: int
    path: Path


class Store:
    """The versioned snapshot files of one data directory."""

    def __init__(self, data: Path, keep: int = 3) -> None:
        self.root = data / "warehouse"
        self.root.mkdir(parents=True, exist_ok=True)
        self.keep = max(keep, 2)
        self.pointer = self.root / "CURRENT"

    def current(self) -> Snapshot | None:
        """The snapshot readers should open, or None before the first load."""
        if not self.pointer.exists():
            return None
        name = self.pointer.read_text(encoding="ascii").strip()
        match = SNAPSHOT_RE.match(name)
        if not match:
            raise RuntimeError(f"{self.pointer}: unexpected content {name!r}")
        return Snapshot(int(match.group(1)), self.root / name)

    @contextlib.contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection on the current snapshot (retries if it was just retired)."""
        for attempt in range(5):
            snap = self.current()
            if snap is None:
                raise FileNotFoundError(f"no warehouse in {self.root.parent}: run `python -m pipelines demo --load`")
            try:
                con = connect(snap.path, read_only=True)
                break
            except duckdb.IOException:
                if attempt == 4:
                    raise
                time.sleep(0.05)
        try:
            yield con
        finally:
            con.close()

    @contextlib.contextmanager
    def writer(self) -> Iterator[tuple[duckdb.DuckDBPyConnection, int]]:
        """Open a private copy of the current snapshot for one load; publish it on success.

        Only one writer at a time (an exclusive file lock). On any exception, or if the process
        dies, the copy is discarded and CURRENT still names the previous snapshot.
        """
        lock = open(self.root / ".lock", "w")  # noqa: SIM115 - held for the whole load
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            for stale in self.root.glob("*.tmp*"):
                stale.unlink()
            snap = self.current()
            new_id = (snap.snapshot_id + 1) if snap else 1
            work = self.root / f"snap-{new_id:06d}.duckdb.tmp"
            if snap:
                shutil.copyfile(snap.path, work)
            con = connect(work)
            # a load's row order carries no meaning; dropping it lets inserts run in parallel
            con.sql("SET preserve_insertion_order = false")
            try:
                sql.run_dir(con, "schema")
                yield con, new_id
                con.sql("CHECKPOINT")
            finally:
                con.close()
            self._publish(work, new_id)
        finally:
            for leftover in self.root.glob("*.tmp*"):
                leftover.unlink()
            fcntl.flock(lock, fcntl.LOCK_UN)
            lock.close()

    def _publish(self, work: Path, new_id: int) -> None:
        final = self.root / f"snap-{new_id:06d}.duckdb"
        with open(work, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(work, final)
        tmp_pointer = self.root / "CURRENT.tmp"
        tmp_pointer.write_text(final.name + "\n", encoding="ascii")
        with open(tmp_pointer, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp_pointer, self.pointer)
        self._retire()

    def _retire(self) -> None:
        snaps = sorted(p for p in self.root.iterdir() if SNAPSHOT_RE.match(p.name))
        for old in snaps[: -self.keep]:
            old.unlink()  # open readers keep their file handle; Linux frees it on close
