"""The dashboard's one data-access module: every query and all Streamlit caching live here.

Cached functions take the snapshot id as an argument, so a newly published snapshot is a cache
miss and readers never mix two snapshots; connections are opened per call (read-only).
"""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl
import streamlit as st

from warehouse import sql
from warehouse.db import Store
from warehouse.settings import data_dir, load_config


def data_path() -> Path:
    return data_dir(os.environ.get("GRIDPULSE_DATA"))


def current_snapshot() -> int | None:
    """The published snapshot id (not cached: it is one small file read)."""
    snap = Store(data_path()).current()
    return snap.snapshot_id if snap else None


def _query(name: str, **params: object) -> pl.DataFrame:
    with Store(data_path()).reader() as con:
        return sql.query(con, name, **params)


@st.cache_data(max_entries=8, show_spinner=False)
def source_status(snapshot_id: int) -> pl.DataFrame:
    return _query("queries/source_status")


@st.cache_data(max_entries=8, show_spinner=False)
def recent_runs(snapshot_id: int, limit: int = 20) -> pl.DataFrame:
    return _query("queries/recent_runs", limit=limit)


@st.cache_data(max_entries=8, show_spinner=False)
def snapshot_info(snapshot_id: int) -> pl.DataFrame:
    return _query("queries/snapshot")


@st.cache_data(max_entries=8, show_spinner=False)
def quarantine_reasons(snapshot_id: int) -> pl.DataFrame:
    return _query("queries/quarantine_reasons")


@st.cache_data(max_entries=32, show_spinner=False)
def quarantine_rows(snapshot_id: int, reason_code: str | None, limit: int = 500) -> pl.DataFrame:
    return _query("queries/quarantine_rows", reason_code=reason_code, limit=limit)


def config() -> dict:
    return load_config(data_path())
