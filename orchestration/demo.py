"""The demo city's first run: generate the raw exports, load them through their profiles, score
every period and run the risk models, as ``python -m dashboard`` does on a fresh machine."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from orchestration import flows
from pipelines import profiles
from pipelines.demo.generate import expected_steps, generate
from warehouse import assessment, audit

# The bytes of raw export one load run holds in memory: the large demo loads in several runs, so
# its peak memory is bounded by this, not by the size of the city (README, "Benchmarks").
BATCH_BYTES = 400_000_000
ORDER = [
    ("demo-departments", "departments"),
    ("demo-grids", "grids"),
    ("demo-cases", "cases"),
    ("demo-hotline", "hotline"),
    ("demo-disputes", "disputes"),
    # grid base data (after the grids that place it and the departments that own components)
    ("demo-population", "population"),
    ("demo-buildings", "buildings"),
    ("demo-components", "components"),
    ("demo-organisations", "organisations"),
    ("demo-staff", "staff"),
    ("demo-patrols", "patrols"),
]
# Sources whose files are successive states of one register: one run each, so the warehouse
# keeps what changed between them (component_history).
ONE_RUN_PER_FILE = {"components"}


def batched(files: list[Path], max_bytes: int = BATCH_BYTES) -> list[list[Path]]:
    """Files in consecutive groups of at most ``max_bytes`` (a file is never split): one load
    holds a whole group in memory, so the 10 M-case demo loads in several runs."""
    groups: list[list[Path]] = []
    size = 0
    for path in files:
        n = path.stat().st_size
        if groups and size + n <= max_bytes:
            groups[-1].append(path)
            size += n
        else:
            groups.append([path])
            size = n
    return groups


def _prefixed(progress: Callable[[str], None], prefix: str, message: str) -> None:
    progress(prefix + message)


def generate_and_maybe_load(
    data: Path,
    out: Path,
    size: str,
    seed: int,
    do_load: bool,
    progress: Callable[[str], None],
    expect: Callable[[int], None] | None = None,
    *,
    models: bool = True,
) -> dict[str, Any]:
    """Write the exports; with do_load, load each source in one run (one snapshot per source),
    score every period and (with ``models``) run the risk models. ``expect(n)`` is told how many
    progress steps are coming, as soon as that is known."""
    expect = expect or (lambda n: None)
    expect(expected_steps(size))
    t0 = time.perf_counter()
    result = generate(out, size, seed, progress=lambda m: progress(f"generate: {m}"))
    gen_s = time.perf_counter() - t0
    loads = []
    refreshed = None
    if do_load:
        batches = [
            (name, batch)
            for name, key in ORDER
            for batch in ([[f] for f in result.files[key]] if key in ONE_RUN_PER_FILE else batched(result.files[key]))
        ]
        expect(sum(1 + 2 * len(batch) + 1 for _, batch in batches) + 6)  # + assessment, 3 model steps, hot issues, incidents
        for name, batch in batches:
            progress(f"load {name}")
            step = functools.partial(_prefixed, progress, f"load {name}: ")
            # through the one load flow: audited like any load (scores come once, after all of them)
            loads.append(flows.load_files(data, profiles.resolve(name), batch, actor=audit.os_actor(), assess=False, progress=step).summary)
        progress("assessment scores")
        assessment.assess(data)
        refreshed = flows.refresh_models(data, progress) if models else None
    return {
        "cases": result.cases,
        "disputes": result.disputes,
        "generate_seconds": gen_s,
        "loads": loads,
        "models": refreshed,
    }
