"""Who may see which page and do which action: the one permission matrix (mirrored in the README).

A user limited to a street or community (region scope) only gets the pages that enforce the scope
on every query they run; the district-wide pages (wall, data status with raw quarantined rows,
the audit log) stay with unscoped users. The wall display's token gives the wall and nothing else.
"""

from __future__ import annotations

PAGES = ("wall", "explorer", "assessment", "alerts", "incidents", "grid", "models", "status", "audit")
# special_groups: see the counts of special groups (重点人群) on the grid profile
ACTIONS = ("export", "review", "special_groups", "upload", "configure", "manage_users")

MATRIX: dict[str, dict[str, tuple[str, ...]]] = {
    "leader": {
        "pages": ("wall", "explorer", "grid", "assessment", "alerts", "incidents", "models"),
        "actions": ("export", "special_groups"),
    },
    "analyst": {"pages": ("wall", "explorer", "grid", "incidents", "models", "status"), "actions": ("export",)},
    "assessor": {"pages": ("wall", "assessment", "explorer", "grid"), "actions": ("export",)},
    "reviewer": {"pages": ("wall", "alerts", "incidents", "models", "grid"), "actions": ("review",)},
    "admin": {"pages": PAGES, "actions": ACTIONS},
    "display": {"pages": ("wall",), "actions": ()},
}
# Pages that apply a street/community scope to everything they show (model quality is left out:
# its backtest figures are district-wide).
SCOPE_AWARE = ("explorer", "grid", "assessment", "alerts", "incidents")


def pages_for(role: str, scoped: bool) -> tuple[str, ...]:
    """The pages a role may open, in menu order (a scoped user: only the scope-aware ones)."""
    allowed = MATRIX[role]["pages"]
    return tuple(p for p in PAGES if p in allowed and (not scoped or p in SCOPE_AWARE))


def can(role: str, action: str, scoped: bool = False) -> bool:
    """Whether a role may do an action. Exports of district-wide reports need an unscoped user;
    the pages check that themselves where it matters."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if scoped and action in ("upload", "configure", "manage_users"):
        return False
    return action in MATRIX[role]["actions"]


def matrix_markdown() -> str:
    """The matrix as a Markdown table (the README's copy is checked against it in the tests)."""
    head = "| role | " + " | ".join(PAGES) + " | " + " | ".join(ACTIONS) + " |"
    sep = "|---" * (1 + len(PAGES) + len(ACTIONS)) + "|"
    rows = [
        f"| {role} | "
        + " | ".join("✓" if p in m["pages"] else "" for p in PAGES)
        + " | "
        + " | ".join("✓" if a in m["actions"] else "" for a in ACTIONS)
        + " |"
        for role, m in MATRIX.items()
    ]
    return "\n".join([head, sep, *rows])
