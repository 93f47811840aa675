"""The flows that cross packages, in one place: every command line and the dashboard call these,
so a file loaded from the data page is audited and scored exactly as one loaded from the shell.

- ``load_files``: load, audit, refresh the assessment periods the load touched (CONTRACT §1).
- ``load_grids`` / ``load_square_grids``: grid polygons (every case is placed again), audited.
- ``refresh_scores``: assess periods with a rubric, auditing a rubric that changed.
- ``refresh_models``: backtest, dispute evaluation, forecast and alerts.
- ``orchestration.demo.bootstrap``: the demo city's first run (generate, load, scores, models).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from models import refresh
from pipelines import grids
from pipelines.load import RunSummary, load, load_frames
from pipelines.profiles import Profile
from pipelines.readers import InputError
from warehouse import assessment, audit

Progress = Callable[[str], None]


@dataclass(frozen=True)
class LoadOutcome:
    """A load's run summary and the assessment periods it refreshed (oldest first)."""

    summary: RunSummary
    assessed: list[str] = field(default_factory=list)


def load_files(
    data: Path,
    profile: Profile,
    files: Sequence[Path],
    *,
    actor: str,
    action: str = "load",
    assess: bool = True,
    progress: Progress | None = None,
) -> LoadOutcome:
    """Load files through a profile, record it in the audit log (``action``: ``load`` from the
    shell, ``upload`` from the data page) and refresh the assessment periods the load touched.
    A refused input (InputError: nothing was written) is audited as refused, then re-raised."""
    try:
        summary = load(data, profile, list(files), progress)
    except InputError as exc:
        audit.record(data, actor, action, profile.name, {"files": [Path(f).name for f in files], "refused": str(exc)[:500]})
        raise
    audit.record(data, actor, action, profile.name, {"files": [Path(f).name for f in files], **asdict(summary)})
    periods = assessment.touched_periods(data, summary.run_id) if assess and profile.target == "cases" else []
    if periods:
        try:
            periods = assessment.assess(data, periods)[2]  # the ones the data covers
        except ValueError:  # none of them covered (deadlines after the data ends): nothing to score yet
            periods = []
    return LoadOutcome(summary, periods)


def load_grids(data: Path, profile: Profile, file: Path, *, actor: str) -> RunSummary:
    """Load grid polygons through a grids profile (every case is placed again), audited."""
    if profile.target != "grids":
        raise InputError(f"profile {profile.name} loads {profile.target}, not grids")
    summary = load(data, profile, [file])
    audit.record(data, actor, "load", summary.profile, asdict(summary))
    return summary


def load_square_grids(data: Path, metres: int, *, actor: str, within: Path | None = None, within_crs: str | None = None) -> RunSummary:
    """A square grid of ``metres`` over the loaded cases' extent — or over a study area's
    boundary, cut to it — for cities without grids."""
    area = grids.boundary(within, within_crs) if within else None
    cells = grids.square_cells(grids.case_extent(data), metres, area) if area is None else grids.square_cells(area.bounds, metres, area)
    summary = load_frames(data, grids.SQUARE_PROFILE, [(f"<square {metres} m>", "", cells)])
    audit.record(data, actor, "load", summary.profile, asdict(summary))
    return summary


def refresh_scores(data: Path, periods: list[str] | None, rubric_path: Path | None, *, actor: str) -> tuple[int, int, list[str]]:
    """Assess ``periods`` (default: every period with data) with a rubric file (default: the
    shipped one); a rubric whose content differs from the last one used is recorded in the audit
    log. (snapshot, rows, periods)."""
    path = rubric_path or assessment.RUBRICS / "default.toml"
    rubric = assessment.load_rubric(path)
    result = assessment.assess(data, periods, rubric)
    fingerprint = hashlib.sha256(rubric.text.encode("utf-8")).hexdigest()
    audit.record_if_changed(data, actor, "rubric_change", "assessment rubric", fingerprint, {"file": path.name, "version": rubric.version})
    return result


def refresh_models(data: Path, progress: Progress | None = None) -> dict[str, Any]:
    """Backtest, dispute evaluation, then scoring and alerts (what the demo's first run does)."""
    return refresh.run_all(data, progress or (lambda m: None))
