"""The load targets and what each one is: its identity key, the canonical columns a profile may
map, the ones that must have a value, and whether its rows are placed in grids, get stage clocks
or are resolved against the category catalogue. The profile parser, the reader, the transform
and the writer read these specs instead of each spelling out ``if target == …`` for itself;
behaviour that is code (status derivation, marts refreshed after a write) sits in those modules
in tables keyed by the target name.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    """One load target (a published table)."""

    name: str
    key: str  # the source's identity for a record: a later version of the same key updates it
    columns: tuple[str, ...]  # canonical columns a profile may map (CONTRACT.md §3)
    required: tuple[str, ...]  # must be mapped, and every row must have a value
    located: bool  # placed in a unit grid by its point (placement, unlocated counts)
    clocks: bool  # stage deadlines and working-hour clocks (pipelines/sla.py)
    categories: bool  # category codes and names resolved against the catalogue
    reporter: bool = False  # carries reporter_ref (a salted hash; null where the source has none)


TARGETS: dict[str, Target] = {
    "cases": Target(
        name="cases",
        key="case_id",
        columns=(
            "case_id",
            "channel",
            "object_kind",
            "category_code",
            "category_name",
            "category_major",
            "category_scheme",
            "description",
            "address",
            "lon",
            "lat",
            "grid_code",
            "community_code",
            "department_code",
            "department_name",
            "reported_at",
            "accepted_at",
            "verify_dispatched_at",
            "verified_at",
            "registered_at",
            "dispatched_at",
            "signed_at",
            "disposed_at",
            "check_dispatched_at",
            "checked_at",
            "closed_at",
            "due_at",
            "status",
            "rework_count",
            "extension_count",
            "return_count",
            "satisfaction",
            "duplicate_of",
            "inspector_ref",
            "operator_ref",
            "dispatcher_ref",
            "shift_leader_ref",
            "updated_at",
        ),
        required=("case_id", "reported_at"),
        located=True,
        clocks=True,
        categories=True,
        reporter=True,
    ),
    "disputes": Target(
        name="disputes",
        key="dispute_id",
        columns=(
            "dispute_id",
            "reported_at",
            "dispute_type",
            "scale",
            "people_involved",
            "description",
            "address",
            "lon",
            "lat",
            "grid_code",
            "community_code",
            "status",
            "mediated_at",
            "resolved_at",
            "deadline_at",
            "escalated",
            "escalated_at",
            "escalation_kind",
            "mediation_attempts",
            "updated_at",
        ),
        required=("dispute_id", "reported_at"),
        located=True,
        clocks=False,
        categories=False,
    ),
    "departments": Target(
        name="departments",
        key="department_code",
        columns=(
            "department_code",
            "department_name",
            "level",
            "kind",
            "street_code",
        ),
        required=("department_code", "department_name"),
        located=False,
        clocks=False,
        categories=False,
    ),
    "grids": Target(
        name="grids",
        key="grid_code",
        columns=(
            "grid_code",
            "grid_name",
            "community_code",
            "community_name",
            "street_code",
            "street_name",
            "district_code",
            "district_name",
            "geometry",
        ),
        required=("grid_code",),
        located=False,
        clocks=False,
        categories=False,
    ),
}
