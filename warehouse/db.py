"""DuckDB connections and the snapshot store.

Readers must never block a load nor see half of one. DuckDB lets one process write a file or
many processes read it, not both, so each write goes to a *private* database file that is then
published by atomic rename of a small pointer file (``CURRENT``). Readers open the file the
pointer names, read-only. A failed or killed write leaves only a temporary file behind, which
the next writer removes; the published snapshot is never touched. DuckLake with a SQLite catalog
was tried first as this store: its reader process died with SIGBUS under a concurrent writer
(see README). A data directory configured for a shared lake (``backend = "lake"``, PostgreSQL
catalog for writers on several machines) writes the same changes there instead (``lake.py``).

Copying a 10 M-case file for every small load would cost more than the load, so the private file
is usually a *retired* snapshot brought up to date: every write is a ``Change`` (a kind, JSON
parameters and polars frames) kept in a journal, and the writer replays onto the retired file the
changes it missed, then applies the new one. Changes too big to replay cheaply are journalled as
such, and the writer copies the current file instead.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import functools
import importlib.util
import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import duckdb
import polars as pl
import pyarrow as pa

from warehouse import marts, migrations, sql
from warehouse.settings import WarehouseSettings, settings

SNAPSHOT_RE = re.compile(r"^snap-(\d{6})\.duckdb$")
JOURNAL_RE = re.compile(r"^(\d{6})$")
# Changes with more rows than this are not journalled for replay: copying the current file is
# cheaper than applying them again.
REPLAY_MAX_ROWS = 200_000


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


def connect(path: str | os.PathLike[str] = ":memory:", *, read_only: bool = False, spatial: bool = True) -> duckdb.DuckDBPyConnection:
    """A connection with spatial loaded from the wheel and every download switched off.

    ``spatial=False`` skips loading spatial (a fixed cost on every connection) for readers that call no
    ``ST_`` function; geometry columns still read, as WKB."""
    config: dict[str, str | bool | int | float | list[str]] = {
        "autoinstall_known_extensions": "false",
        "autoload_known_extensions": "false",
    }
    con = duckdb.connect(str(path), read_only=read_only, config=config)
    if not spatial:
        return con
    con.load_extension(spatial_extension_path())  # the pinned wheel's file, never INSTALLed
    return con


# DuckDB's row-group size: one Arrow batch per row group lets DuckDB scan a frame on every core.
ARROW_BATCH_ROWS = 122_880


def arrow_of(frame: pl.DataFrame) -> pa.Table:
    """A polars frame as an Arrow table for ``con.register``, cut into row-group-sized batches.

    Why: polars hands over one Arrow batch per chunk, often a single batch of a million rows,
    and DuckDB scans one batch on one thread. Copying a million-row load batch into DuckDB
    as one batch takes about twice as long as in row-group-sized batches (slicing copies nothing)."""
    table = frame.to_arrow()
    return pa.Table.from_batches(table.to_batches(max_chunksize=ARROW_BATCH_ROWS), schema=table.schema)


@dataclass(frozen=True)
class Snapshot:
    """A published, immutable warehouse state that reports can cite."""

    snapshot_id: int
    path: Path


@dataclass
class Change:
    """One write to the warehouse: re-applying it to the same state gives the same state.

    ``kind`` names the function (registered with ``applier``) that applies it; ``params`` are
    JSON values; ``frames`` the data it writes. Appliers must not read the clock or anything
    outside the change and the database, so a replay on another file gives the same result."""

    kind: str
    params: dict[str, Any]
    frames: dict[str, pl.DataFrame] = field(default_factory=dict)
    # False where applying costs far more than the rows suggest (new grids re-place every case):
    # a file that missed it is copied rather than brought up to date by a replay
    cheap_to_replay: bool = True

    def __post_init__(self) -> None:
        self.params.setdefault("published_at", now())

    def rows(self) -> int:
        return sum(f.height for f in self.frames.values())


Applier = Callable[[duckdb.DuckDBPyConnection, int, Change], Any]


class ChangeWriter(Protocol):
    """What ``Store.writer`` yields: a snapshot ``Writer``, or a ``lake.LakeWriter`` on a lake."""

    def apply(self, change: Change) -> tuple[int, Any]: ...


# Filled by the packages that write (pipelines.load, warehouse.assessment, models.alerts,
# warehouse.upgrade) as they are imported. The warehouse knows none of them: a replay may meet any
# kind, so every entry point imports ``orchestration``, which imports all of them.
APPLIERS: dict[str, Applier] = {}


class UnknownChangeKind(RuntimeError):
    """A journalled change whose applier this process never imported."""


def applier(kind: str) -> Callable[[Applier], Applier]:
    """Register the function that applies changes of ``kind`` (used by writes and replays)."""

    def register(fn: Applier) -> Applier:
        APPLIERS[kind] = fn
        return fn

    return register


def _apply(con: duckdb.DuckDBPyConnection, snapshot_id: int, change: Change) -> Any:
    if change.kind not in APPLIERS:
        raise UnknownChangeKind(
            f"change {snapshot_id} is a {change.kind!r} change and no applier for it is registered in this process:"
            " import orchestration (it registers every writer) before writing"
        )
    result = APPLIERS[change.kind](con, snapshot_id, change)
    sql.run_file(con, "load/snapshot_insert", snapshot_id=snapshot_id, published_at=change.params["published_at"])
    return result


class Store:
    """The versioned snapshot files of one data directory, and the journal of changes."""

    def __init__(self, data: Path, keep: int | None = None) -> None:
        """``keep``: snapshot files kept on disk; by default ``[warehouse] keep_snapshots`` of the
        data directory's settings, so every writer honours it."""
        self.data = data
        self.root = data / "warehouse"
        self.root.mkdir(parents=True, exist_ok=True)
        self._keep = keep
        self.pointer = self.root / "CURRENT"
        self.journal = self.root / "journal"

    @functools.cached_property
    def keep(self) -> int:
        """Read only when a write prunes old files: readers (every page rerun) never parse the
        configuration for it."""
        return max(self._keep if self._keep is not None else settings(self.data).warehouse.keep_snapshots, 2)

    @functools.cached_property
    def lake(self) -> WarehouseSettings | None:
        """The lake this data directory reads and writes (``[warehouse] backend = "lake"``), or
        None: then the snapshot files below. Same changes, same appliers, same SQL on both."""
        found = settings(self.data).warehouse
        return found if found.backend == "lake" else None

    def _lake_args(self) -> tuple[str, Path, str | None]:
        assert self.lake is not None
        return self.lake.lake_catalog, Path(self.lake.lake_data_path), self.lake.lake_metadata_schema or None

    def _lake_reader(self) -> contextlib.AbstractContextManager[duckdb.DuckDBPyConnection]:
        """The lake, read-only, pinned to its newest snapshot."""
        from warehouse import lake

        catalog_url, data_path, schema = self._lake_args()
        return lake.reader(catalog_url, data_path, schema=schema)

    def current(self) -> Snapshot | None:
        """The snapshot readers should open, or None before the first load (on a lake: the
        newest snapshot number its writers recorded)."""
        if self.lake is not None:
            with self._lake_reader() as con:
                found = sql.scalar(con, "status/snapshot_id")
            return None if found is None else Snapshot(int(found), self.root / "lake")
        if not self.pointer.exists():
            return None
        name = self.pointer.read_text(encoding="ascii").strip()
        match = SNAPSHOT_RE.match(name)
        if not match:
            raise RuntimeError(f"{self.pointer}: unexpected content {name!r}")
        return Snapshot(int(match.group(1)), self.root / name)

    def snapshots(self) -> list[Snapshot]:
        """Every snapshot file on disk, oldest first."""
        found = [(SNAPSHOT_RE.match(p.name), p) for p in self.root.iterdir()]
        return sorted((Snapshot(int(m.group(1)), p) for m, p in found if m), key=lambda s: s.snapshot_id)

    @contextlib.contextmanager
    def reader(self, *, spatial: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection on the current snapshot (retries if it was just retired); on a
        lake, pinned to its newest snapshot."""
        if self.lake is not None:
            with self._lake_reader() as con:
                yield con
            return
        for attempt in range(20):
            snap = self.current()
            if snap is None:
                raise FileNotFoundError(f"no warehouse in {self.root.parent}: run `python -m pipelines demo --load`")
            try:
                con = connect(snap.path, read_only=True, spatial=spatial)
                break
            except (duckdb.IOException, duckdb.ConnectionException):
                if attempt == 19:
                    raise
                time.sleep(0.05)
        try:
            yield con
        finally:
            con.close()

    def apply(self, change: Change) -> tuple[int, Any]:
        """Write one change into a new snapshot and publish it; returns (snapshot id, result)."""
        if self.lake is not None:
            from warehouse import lake

            return lake.LakeWriter(*self._lake_args()).apply(change)
        with self.writer() as writer:
            return writer.apply(change)

    @contextlib.contextmanager
    def writer(self) -> Iterator[ChangeWriter]:
        """Take the write lock, and get the private file ready on a background thread (copied or
        recycled, schema and marts in step, missed changes replayed) while the caller prepares
        its change; ``Writer.apply`` then writes and publishes it. Why a thread: opening the file
        and loading spatial take a noticeable time, and a load's validation runs meanwhile.

        Only one writer at a time (an exclusive file lock). On any exception, or if the process
        dies, the private file is discarded and CURRENT still names the previous snapshot.
        On a lake: a ``lake.LakeWriter`` (one DuckLake transaction per change, no lock: writers
        on other machines retry on a conflict instead)."""
        if self.lake is not None:
            from warehouse import lake

            yield lake.LakeWriter(*self._lake_args())
            return
        lock = open(self.root / ".lock", "w")  # noqa: SIM115 - held for the whole write
        fcntl.flock(lock, fcntl.LOCK_EX)
        pool = ThreadPoolExecutor(max_workers=1)
        ready: Future[duckdb.DuckDBPyConnection] | None = None
        try:
            for stale in self.root.glob("*.tmp*"):
                stale.unlink()
            snap = self.current()
            new_id = (snap.snapshot_id + 1) if snap else 1
            work = self.root / f"snap-{new_id:06d}.duckdb.tmp"
            ready = pool.submit(self._prepare, snap, work)
            yield Writer(self, new_id, work, ready)
        finally:
            pool.shutdown(wait=True)
            if ready is not None and ready.exception() is None:
                ready.result().close()  # unused if the caller failed first; closing twice is harmless
            for leftover in self.root.glob("*.tmp*"):
                if leftover.is_dir():
                    shutil.rmtree(leftover)
                else:
                    leftover.unlink()
            fcntl.flock(lock, fcntl.LOCK_UN)
            lock.close()

    def _prepare(self, snap: Snapshot | None, work: Path) -> duckdb.DuckDBPyConnection:
        """The private file, brought to the current snapshot's state under this version's schema."""
        con = self._private_copy(snap, work)
        try:
            # preserve_insertion_order stays on (DuckDB's default): an INSERT from an ordered
            # source then takes DuckDB's parallel batch insert. Turning it off, which sounds
            # faster, serialises the row-group writes (bench/etl.py shows the difference).
            marts.drop_retired(con)
            sql.run_dir(con, "schema")
            migrations.apply(con)
            marts.ensure(con)
            for missed_id, missed in self._missed(con):
                _apply(con, missed_id, missed)
        except BaseException:
            con.close()
            raise
        return con

    def _private_copy(self, snap: Snapshot | None, work: Path) -> duckdb.DuckDBPyConnection:
        """Recycle the oldest retired file if the journal can bring it up to date, else copy."""
        if snap is None:
            return connect(work)
        for old in self.snapshots():
            if old.snapshot_id >= snap.snapshot_id:
                continue
            if not self._replayable(old.snapshot_id + 1, snap.snapshot_id):
                old.path.unlink()  # too far behind to be worth replaying, and retired
                continue
            os.replace(old.path, work)  # renamed first: no new reader can open it by name
            try:
                return connect(work)
            except (duckdb.IOException, duckdb.ConnectionException):
                work.unlink()  # a reader that started long ago still holds it open
            break
        shutil.copyfile(snap.path, work)
        return connect(work)

    def _replayable(self, first: int, last: int) -> bool:
        total = 0
        for change_id in range(first, last + 1):
            meta = self.journal / f"{change_id:06d}" / "change.json"
            if not meta.exists():
                return False
            info = json.loads(meta.read_text(encoding="utf-8"))
            if not info["replayable"]:
                return False
            total += info["rows"]
        return total <= REPLAY_MAX_ROWS

    def _missed(self, con: duckdb.DuckDBPyConnection) -> Iterator[tuple[int, Change]]:
        """The journalled changes newer than what this file holds, oldest first."""
        have = sql.scalar(con, "status/snapshot_id") or 0
        snap = self.current()
        for change_id in range(have + 1, (snap.snapshot_id if snap else 0) + 1):
            yield change_id, self._journal_read(change_id)

    def _journal_write(self, change_id: int, change: Change) -> None:
        replayable = change.cheap_to_replay and change.rows() <= REPLAY_MAX_ROWS
        tmp = self.journal / f"{change_id:06d}.tmp"
        tmp.mkdir(parents=True)
        if replayable:
            for name, frame in change.frames.items():
                frame.write_parquet(tmp / f"{name}.parquet")
        meta = {
            "kind": change.kind,
            "params": change.params,
            "frames": list(change.frames),
            "rows": change.rows(),
            "replayable": replayable,
        }
        (tmp / "change.json").write_text(json.dumps(meta, ensure_ascii=False, default=str), encoding="utf-8")
        final = self.journal / f"{change_id:06d}"
        if final.exists():
            shutil.rmtree(final)
        os.replace(tmp, final)

    def _journal_read(self, change_id: int) -> Change:
        folder = self.journal / f"{change_id:06d}"
        meta = json.loads((folder / "change.json").read_text(encoding="utf-8"))
        frames = {name: pl.read_parquet(folder / f"{name}.parquet") for name in meta["frames"]}
        return Change(meta["kind"], meta["params"], frames)

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
        snaps = self.snapshots()
        for old in snaps[: -self.keep]:
            old.path.unlink()  # open readers keep their file handle; Linux frees it on close
        oldest = snaps[-self.keep :][0].snapshot_id if snaps else 0
        if self.journal.exists():
            for entry in self.journal.iterdir():
                match = JOURNAL_RE.match(entry.name)
                if match and int(match.group(1)) <= oldest:
                    shutil.rmtree(entry)  # every file on disk already holds it


@dataclass
class Writer:
    """The private file of one write, being got ready by ``Store.writer``; apply one change."""

    store: Store
    snapshot_id: int
    work: Path
    ready: Future[duckdb.DuckDBPyConnection]

    def apply(self, change: Change) -> tuple[int, Any]:
        """Apply the change to the private file and publish it; returns (snapshot id, result)."""
        con = self.ready.result()
        try:
            result = _apply(con, self.snapshot_id, change)
            con.sql("CHECKPOINT")
        finally:
            con.close()
        self.store._journal_write(self.snapshot_id, change)
        self.store._publish(self.work, self.snapshot_id)
        return self.snapshot_id, result


def now() -> str:
    """The wall-clock time a change records as its own (ISO, seconds), fixed before applying."""
    return dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")
