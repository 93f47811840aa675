"""The shared analyst filter in the sidebar, and its removable chips.

The filter's values live in one plain session entry (``STATE``), not in widget state: Streamlit
forgets the state of widgets a page does not draw, and a filter set on one page must still be
set on the next. Widgets are drawn from that entry and write back to it when changed; chips and
map clicks change the entry; each widget's session value is set from it before it is drawn.
Choices come from the data (region and category names), never from code.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import streamlit as st

from dashboard import data
from dashboard.filters import Filters, period_presets, region_choices
from dashboard.i18n import colon, fmt_int, t, value_label

STATE = "filters_state"
NAMES = ("period", "street", "community", "grid", "major", "category", "channels", "departments", "statuses")
LISTS = ("channels", "departments", "statuses")
CHILDREN = {"street": ("community", "grid"), "community": ("grid",), "major": ("category",)}
CHANNELS = ["inspector", "hotline", "public", "video", "assigned", "other"]
STATUSES = ["reported", "registered", "dispatched", "disposing", "checking", "closed", "cancelled", "suspended"]


def widget_key(name: str) -> str:
    return f"w_{name}"


def _state() -> dict[str, Any]:
    if STATE not in st.session_state:
        st.session_state[STATE] = {n: ([] if n in LISTS else None) for n in NAMES} | from_link(st.query_params)
    return st.session_state[STATE]


CODE = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")  # a region, category or department code in a link
ALLOWED = {"channels": CHANNELS, "statuses": STATUSES}


def from_link(params: Any) -> dict[str, Any]:
    """The filter a link carries (``?from=2026-10-01&to=2026-10-31&street=…&statuses=closed,…``),
    so a bookmark or a shared link opens on the same cases. User-supplied: each value is checked
    (dates as dates, codes by pattern, channels and statuses against their lists) and anything
    else is ignored; the values reach SQL only as bound parameters."""
    out: dict[str, Any] = {}
    try:
        start, end = dt.date.fromisoformat(str(params.get("from", ""))), dt.date.fromisoformat(str(params.get("to", "")))
        if start <= end:
            out["period"] = (start, end)
    except ValueError:
        pass
    for name in ("street", "community", "grid", "major", "category"):
        value = str(params.get(name, ""))
        if CODE.match(value):
            out[name] = value
    for name in LISTS:
        values = [v for v in str(params.get(name, "")).split(",") if CODE.match(v)]
        values = [v for v in values if v in ALLOWED[name]] if name in ALLOWED else values
        if values:
            out[name] = values
    return out


def to_link(filters: Filters) -> dict[str, str]:
    """The query values that reproduce ``filters`` (from_link reads them back)."""
    out = {"from": filters.start.isoformat(), "to": filters.end.isoformat()}
    for name, value in filters.active():
        out[name] = ",".join(value) if isinstance(value, tuple) else str(value)
    return out


def write_link(filters: Filters) -> None:
    """Keep the page's address in step with the filter (other query values, e.g. the language,
    are left as they are): a reload, a bookmark or a copied link opens on the same cases."""
    wanted = to_link(filters)
    for name in ("from", "to", *NAMES):
        if name in wanted and st.query_params.get(name) != wanted[name]:
            st.query_params[name] = wanted[name]
        elif name not in wanted and name in st.query_params:
            del st.query_params[name]


def _set(name: str, value: Any) -> None:
    """Change one filter (and clear its drill-down children); widgets are redrawn from the state."""
    state = _state()
    state[name] = value
    for child in CHILDREN.get(name, ()):
        state[child] = None


def _changed(name: str) -> None:
    _set(name, st.session_state[widget_key(name)])


def _preset_chosen(spans: dict[str, tuple[dt.date, dt.date]]) -> None:
    chosen = st.session_state[widget_key("preset")]
    if chosen in spans:
        _set("period", spans[chosen])


def _clear(name: str) -> None:
    _set(name, [] if name in LISTS else None)


def _clear_all() -> None:
    for name in NAMES:
        if name != "period":
            _clear(name)


def _names(frame, parent: str | None = None) -> dict[str, str]:
    part = frame if parent is None else frame.filter(frame["parent"] == parent)
    return dict(zip(part["code"].to_list(), part["name"].to_list(), strict=True))


def _select(label: str, options: dict[str, str], name: str, lang: str, disabled: bool = False, show_code: bool = False) -> str | None:
    value = _state()[name]
    keys = [None, *options]
    # the widget shows the filter's value: set through session state (not ``index``), so a value
    # changed by a chip or a map click reaches the browser's widget too
    st.session_state[widget_key(name)] = value if value in keys else None
    return st.selectbox(
        label,
        keys,
        format_func=lambda c: t("all", lang) if c is None else (f"{c} {options.get(c, '')}" if show_code else options.get(c, c)),
        key=widget_key(name),
        on_change=_changed,
        args=(name,),
        disabled=disabled,
        placeholder=t("all", lang),
    )


def _multi(label: str, options: dict[str, str], name: str, lang: str) -> list[str]:
    st.session_state[widget_key(name)] = [v for v in _state()[name] if v in options]
    return st.multiselect(
        label,
        list(options),
        format_func=lambda v: options[v],
        key=widget_key(name),
        on_change=_changed,
        args=(name,),
        placeholder=t("all", lang),
    )


def sidebar(snapshot_id: int, lang: str, scope_code: str | None = None) -> Filters:
    """Draw the filter widgets; return the filter they describe, kept inside ``scope_code``
    (the region choices offered are only those inside it, and the result is clamped to it)."""
    dims = region_choices(data.dimensions(snapshot_id), scope_code)
    today = data.reference_time(snapshot_id).date()
    first = (data.data_extent(snapshot_id)["first_reported_at"] or data.reference_time(snapshot_id)).date()
    state = _state()
    if not state["period"]:
        state["period"] = (max(first, today - dt.timedelta(days=29)), today)
    with st.sidebar:
        st.subheader(t("filters", lang))
        lo, hi = (min(max(d, first), today) for d in (state["period"][0], state["period"][-1]))
        spans = period_presets(today, first)
        # the pill of the period shown is lit (a date picked by hand lights none)
        st.session_state[widget_key("preset")] = next((k for k, span in spans.items() if span == (lo, hi)), None)
        st.pills(
            t("period", lang),
            list(spans),
            format_func=lambda k: t(f"preset_{k}", lang),
            key=widget_key("preset"),
            on_change=_preset_chosen,
            args=(spans,),
        )
        st.session_state[widget_key("period")] = (lo, hi)
        period = st.date_input(
            t("period_dates", lang),
            min_value=first,
            max_value=today,
            format="YYYY-MM-DD",
            key=widget_key("period"),
            on_change=_changed,
            args=("period",),
            label_visibility="collapsed",
        )
        start, end = (period[0], period[-1]) if isinstance(period, tuple | list) and period else (lo, hi)
        street = _select(t("street", lang), _names(dims["street"]), "street", lang)
        community = _select(t("community", lang), _names(dims["community"], street) if street else {}, "community", lang, not street)
        grid = _select(t("grid", lang), _names(dims["grid"], community) if community else {}, "grid", lang, not community, True)
        major = _select(t("major", lang), _names(dims["major"]), "major", lang)
        category = _select(t("category", lang), _names(dims["category"], major) if major else {}, "category", lang, not major, True)
        channels = _multi(t("channels", lang), {c: value_label("channel", c, lang) for c in CHANNELS}, "channels", lang)
        departments = _multi(t("departments", lang), _names(dims["department"]), "departments", lang)
        statuses = _multi(t("statuses", lang), {c: value_label("status", c, lang) for c in STATUSES}, "statuses", lang)
    chosen = Filters(
        start=start,
        end=end,
        street=street,
        community=community if street else None,
        grid=grid if community else None,
        major=major,
        category=category if major else None,
        channels=tuple(channels),
        departments=tuple(departments),
        statuses=tuple(statuses),
    )
    chosen = chosen.within(scope_code)
    write_link(chosen)
    return chosen


def chip_label(name: str, value: str | tuple[str, ...], snapshot_id: int, lang: str) -> str:
    dims = data.dimensions(snapshot_id)
    kind = {"street": "street", "community": "community", "grid": "grid", "major": "major", "category": "category"}.get(name)
    if kind:
        shown = _names(dims[kind]).get(str(value), str(value))
    elif name == "departments":
        names = _names(dims["department"])
        shown = "、".join(names.get(v, v) for v in value)
    else:
        shown = "、".join(value_label({"channels": "channel", "statuses": "status"}[name], v, lang) for v in value)
    return f"{t(name, lang)}{colon(lang)}{shown} ✕"


def chips(filters: Filters, snapshot_id: int, lang: str, count: int) -> None:
    """The active filters as removable chips, with the number of cases they leave."""
    active = filters.active()
    cols = st.columns(len(active) + 2 if active else 1)
    cols[0].markdown(f"**{t('filtered_count', lang, n=fmt_int(count))}**")
    for i, (name, value) in enumerate(active, start=1):
        cols[i].button(
            chip_label(name, value, snapshot_id, lang), key=f"chip_{name}", on_click=_clear, args=(name,), help=t("remove_filter", lang)
        )
    if active:
        cols[-1].button(t("clear_filters", lang), key="chip_clear_all", on_click=_clear_all)


def drill_to_grid(grid_code: str, snapshot_id: int) -> None:
    """Set the region filter to a grid (and its community and street) picked on the map."""
    dims = data.dimensions(snapshot_id)
    grids = dims["grid"].filter(dims["grid"]["code"] == grid_code)
    if grids.height == 0:
        return
    community = grids["parent"][0]
    communities = dims["community"].filter(dims["community"]["code"] == community)
    _set("street", communities["parent"][0] if communities.height else None)
    _set("community", community)
    _set("grid", grid_code)
