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
    aggregate_into: str = ""  # never stored itself: its valid rows are counted into this target


# Special groups (重点人群), counted per grid and month only, by their GB/T 31000-2015 module:
# 社区矫正人员, 刑满释放人员, 严重精神障碍患者, 吸毒人员, 重点青少年, 艾滋病危险人员.
SPECIAL_GROUPS = ("sg_correction", "sg_released", "sg_mental", "sg_drug", "sg_youth", "sg_aids")
# The base-data targets (README "Grid base data"): registers without stage clocks.
BASE_DATA = ("population", "buildings", "components", "organisations", "staff", "patrols")
# A person-level population register's person types: 户籍在住, 人户分离 (registered here, living
# elsewhere), 流动人口 (living here, registered elsewhere).
PERSON_TYPES = ("registered", "registered_away", "floating")

TARGETS: dict[str, Target] = {
    "cases": Target(
        name="cases",
        key="case_id",
        columns=(
            "case_id",
            "channel",
            "object_kind",
            "component_id",
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
    # --- grid base data (人、地、物、事、组织): README "Grid base data" ---------------------------------
    "population": Target(  # 人: counts per grid and month; a person-level register is never stored
        name="population",
        key="population_id",  # grid and month (a composite key in the profile)
        columns=(
            "population_id",
            "grid_code",
            "community_code",
            "month",
            "registered",
            "resident",
            "floating",
            "households",
            *SPECIAL_GROUPS,
            "updated_at",
        ),
        required=("population_id", "grid_code", "month"),
        located=True,
        clocks=False,
        categories=False,
    ),
    "buildings": Target(  # 地/房
        name="buildings",
        key="building_id",
        columns=(
            "building_id",
            "address",
            "building_use",
            "floors",
            "households",
            "lon",
            "lat",
            "grid_code",
            "community_code",
            "updated_at",
        ),
        required=("building_id",),
        located=True,
        clocks=False,
        categories=False,
    ),
    "components": Target(  # 物/部件: a status history is kept across loads (component_history)
        name="components",
        key="component_id",
        columns=(
            "component_id",
            "class_code",
            "condition",
            "department_code",
            "department_name",
            "address",
            "lon",
            "lat",
            "grid_code",
            "community_code",
            "updated_at",
        ),
        required=("component_id", "class_code", "condition"),
        located=True,
        clocks=False,
        categories=False,
    ),
    "organisations": Target(  # 组织
        name="organisations",
        key="org_id",
        columns=("org_id", "org_name", "org_type", "address", "lon", "lat", "grid_code", "community_code", "updated_at"),
        required=("org_id", "org_type"),
        located=True,
        clocks=False,
        categories=False,
    ),
    "staff": Target(  # 多员合一: one row per assignment of a person (a salted staff_ref) to a grid
        name="staff",
        key="assignment_id",
        columns=("assignment_id", "staff_ref", "role", "grid_code", "community_code", "valid_from", "valid_to", "updated_at"),
        required=("assignment_id", "staff_ref", "role", "grid_code", "valid_from"),
        located=True,
        clocks=False,
        categories=False,
    ),
    "patrols": Target(  # 巡查: check-ins; grid-days and minutes are derived in the warehouse
        name="patrols",
        key="patrol_id",
        columns=("patrol_id", "staff_ref", "checked_at", "minutes", "lon", "lat", "grid_code", "community_code", "updated_at"),
        required=("patrol_id", "staff_ref", "checked_at"),
        located=True,
        clocks=False,
        categories=False,
    ),
    "persons": Target(  # 人, person by person: counted into population during the load, never stored
        name="persons",
        key="person_ref",  # the ID number, salted and hashed in memory ([pii] person_ref)
        columns=("person_ref", "household_ref", "grid_code", "month", "person_type", "special_group"),
        required=("person_ref", "grid_code", "month", "person_type"),
        located=False,
        clocks=False,
        categories=False,
        aggregate_into="population",
    ),
}
