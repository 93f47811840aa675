"""Generate the demo city and load it through its profiles, as a new user's first run does."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipelines import profiles
from pipelines.demo.generate import expected_steps, generate
from pipelines.load import load

ORDER = [
    ("demo-departments", "departments"),
    ("demo-grids", "grids"),
    ("demo-cases", "cases"),
    ("demo-hotline", "hotline"),
    ("demo-disputes", "disputes"),
]


def generate_and_maybe_load(
    data: Path, out: Path, size: str, seed: int, do_load: bool, progress: Callable[[str], None], expect: Callable[[int], None] | None = None
) -> dict[str, Any]:
    """Write the exports; with do_load, load each source in one run (one snapshot per source).
    ``expect(n)`` is told how many progress steps are coming, as soon as that is known."""
    expect = expect or (lambda n: None)
    expect(expected_steps(size))
    t0 = time.perf_counter()
    result = generate(out, size, seed, progress=lambda m: progress(f"generate: {m}"))
    gen_s = time.perf_counter() - t0
    loads = []
    if do_load:
        expect(sum(1 + 2 * len(result.files[key]) + 1 for _, key in ORDER))
        for name, key in ORDER:
            progress(f"load {name}")
            loads.append(load(data, profiles.resolve(name), result.files[key], lambda m, n=name: progress(f"load {n}: {m}")))
    return {"cases": result.cases, "disputes": result.disputes, "generate_seconds": gen_s, "loads": loads}
