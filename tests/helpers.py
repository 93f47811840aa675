"""Small builders for canonical CSV inputs with known answers."""

from __future__ import annotations

import csv
from pathlib import Path

HEADER = [
    "case_id",
    "channel",
    "category_code",
    "lon",
    "lat",
    "grid_code",
    "reported_at",
    "dispatched_at",
    "closed_at",
    "due_at",
    "status",
    "updated_at",
    "description",
    "registered_at",
    "disposed_at",
    "checked_at",
    "rework_count",
    "extension_count",
    "return_count",
    "department_code",
    "satisfaction",
    "community_code",
    "accepted_at",
    "verify_dispatched_at",
    "verified_at",
    "check_dispatched_at",
    "inspector_ref",
    "operator_ref",
    "dispatcher_ref",
    "shift_leader_ref",
]


def warehouse_copy(src: Path, dst: Path) -> Path:
    """A copy of a test city's warehouse without its operational store (accounts, reviews, the
    audit log) and the audit anchor that goes with that store: a test starts with fresh accounts
    and an audit log that verifies."""
    import shutil

    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("raw", "operational.db", "audit-anchor.log"))
    return dst


def write_cases(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=HEADER)
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in HEADER})
    return path


def case(case_id: str, reported: str = "2025-03-03 09:00:00", updated: str | None = None, **kw: str) -> dict:
    return {
        "case_id": case_id,
        "channel": "inspector",
        "category_code": "06010",
        "reported_at": reported,
        "updated_at": updated or reported,
        **kw,
    }


def sign_in(at, role: str = "admin", scope: str | None = None, username: str | None = None):
    """Put a signed-in user in an AppTest's session, as the sign-in form would, for an account
    that exists in the data directory's store ($GRIDPULSE_DATA, or $GRIDPULSE_STORE_URL): every
    rerun re-checks the account, so a session without one ends at once."""
    import contextlib
    import datetime as dt

    from warehouse.accounts import AccountError, Accounts
    from warehouse.operational import default_url
    from warehouse.settings import data_dir

    kind = None if scope is None else ("street" if len(scope) == 9 else "community")
    username = username or f"test-{role}" + (f"-{scope}" if scope else "")
    accounts = Accounts(default_url(data_dir(None)))
    with contextlib.suppress(AccountError):  # made by an earlier test with the same role and scope
        accounts.add(username, role, kind, scope)
    epoch = accounts.session_epoch(username)
    accounts.dispose()
    now = dt.datetime.now()
    at.session_state["auth"] = {
        "username": username,
        "role": role,
        "scope_kind": kind,
        "scope_code": scope,
        "via": "password",
        "signed_in_at": now,
        "must_change": False,
        "last_seen": now,
        "epoch": epoch,
    }
    return at


def page_html(at) -> list[str]:
    """Every piece of HTML a page drew: Markdown (st.markdown) and raw HTML (st.html) bodies."""
    return [m.value for m in at.markdown] + [h.proto.body for h in at.get("html")]


def open_tab(at, key: str, lang: str = "zh"):
    """Open one of the explorer's lazy tabs (only the open one runs) and rerun the page."""
    from dashboard.i18n import t

    at.session_state["explorer_tab"] = t(key, lang)
    return at.run()


def map_svg(at) -> str:
    """The SVG of the explorer's grid map (dashboard.map_widget) as the page sent it."""
    import json

    maps = [el for el in at.get("bidi_component") if el.proto.component_name == "gridpulse_grid_map"]
    assert len(maps) == 1, "one grid map on the page"
    return json.loads(maps[0].proto.json)["svg"]


def map_tips(at) -> dict[str, str]:
    """Each grid's hover text on the explorer's map, by grid code, unescaped as the browser shows it."""
    import html
    import re

    found = re.findall(r"<path d='[^']*' data-code='([^']*)' data-tip='([^']*)'", map_svg(at))
    return {html.unescape(code): html.unescape(tip) for code, tip in found}


def map_texts(at) -> list[str]:
    """Every text the explorer's map can show (hover boxes and street labels), word by word."""
    import html
    import re

    svg = map_svg(at)
    texts = re.findall(r"data-tip='([^']*)'", svg) + re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    return [w for x in texts for w in re.split(r"[\s:]+", html.unescape(x)) if w]
