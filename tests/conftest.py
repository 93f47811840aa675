"""Shared fixtures: each test gets its own data directory; the small demo city is built once
per session into its own temporary folder and only ever read by the tests that use it."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from threadpoolctl import threadpool_limits

from orchestration import demo, flows

# The suite runs as two xdist workers on two cores. OpenMP threads in each worker (scikit-learn's
# gradient boosting) then spin against the other worker's: the small city's model step ran
# many times slower. One thread per worker keeps both cores busy without the contention.
threadpool_limits(1)

FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture(scope="session")
def loaded_city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small demo city generated, loaded and scored, without the risk models: what the tests
    of loading, assessment and the case pages read (the lighter fixture)."""
    data = tmp_path_factory.mktemp("loaded_city")
    demo.generate_and_maybe_load(data, data / "raw" / "demo", "small", 20261125, True, lambda m: None, models=False)
    return data


@pytest.fixture(scope="session")
def small_city(loaded_city: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The loaded city with the risk models run (backtest, dispute model, forecasts, alerts), as
    ``python -m dashboard`` leaves the demo: for the alert, model and whole-app tests."""
    data = tmp_path_factory.mktemp("small_city") / "city"
    shutil.copytree(loaded_city, data)
    flows.refresh_models(data)
    return data


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty operational store: SQLite in the test's folder, and PostgreSQL at 127.0.0.1:5432
    in a fresh schema dropped afterwards (skipped, with the reason, where none is reachable)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ops.db'}"
        return
    import sqlalchemy as sa

    schema = f"gp_test_{uuid.uuid4().hex[:8]}"
    try:
        engine = sa.create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with engine.begin() as con:
            con.exec_driver_sql(f'CREATE SCHEMA "{schema}"')  # a fixed pattern, not user input
    except Exception as exc:  # noqa: BLE001 - any failure to reach it means: skip, and say why
        pytest.skip(f"PostgreSQL not reachable at 127.0.0.1:5432 ({type(exc).__name__}): PostgreSQL store tests skipped")
    yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    with engine.begin() as con:
        con.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    engine.dispose()


@pytest.fixture(autouse=True)
def _fresh_streamlit_caches():
    """Dashboard caches key on the snapshot id, which is unique within one data directory (one
    server serves one); tests run many data directories in one process, so each starts clean."""
    import streamlit as st

    st.cache_data.clear()
    yield
