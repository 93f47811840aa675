"""Shared fixtures: each test gets its own data directory; the small demo city is built once
per session into its own temporary folder and only ever read by the tests that use it."""

from __future__ import annotations

from pathlib import Path

import pytest
from threadpoolctl import threadpool_limits

from pipelines import demo_load

# The suite runs as two xdist workers on two cores. OpenMP threads in each worker (scikit-learn's
# gradient boosting) then spin against the other worker's: the small city's model step took
# 240 s instead of 12 s. One thread per worker keeps both cores busy without the contention.
threadpool_limits(1)

FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture(scope="session")
def small_city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("small_city")
    demo_load.generate_and_maybe_load(data, data / "raw" / "demo", "small", 20261125, True, lambda m: None)
    return data


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path
