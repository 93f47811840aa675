"""Demo cases: the truth (final state of every case) drawn from a documented mixture.

Each case comes from one generating component, and each component carries structure a good
model can find and a leader would recognise:

- background: every grid, weight ∝ area^0.3 × a centre-to-edge density falloff; categories
  skewed to the ten high-frequency matters; weekly cycle (weekends ~30 % lower), holiday dips
  (~45 % lower), slow growth (+8 %/year), daytime hours.
- persistent hotspots: markets (street vending, garbage), transit hubs (parking, flyers),
  schools (vending and parking at 7–8 h and 16–17 h), old residential blocks (garbage,
  clutter, illegal building, broken manhole covers).
- emerging: construction sites that open part-way through the period and ramp up over six weeks
  (construction disturbance, dust, spillage), then close.
- seasonal: summer night markets (June–September, 19–24 h: noise, open-air barbecue, vending,
  mostly reported by residents through 12345), winter snow and ice on a few storm days.

Departments: one chronically late (the municipal centre), one with high rework (landscaping),
and the first street office improving from ~38 % late to ~6 % over the period.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from pipelines.demo import city
from warehouse.worktime import WorkCalendar

CHANNELS = np.array(["inspector", "hotline", "public", "video", "assigned", "other"])
HOURS_DAY = np.array([0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 4, 8, 9, 9, 8, 5, 5, 8, 8.5, 8, 6, 3, 2, 1.5, 1, 0.6, 0.3])
HOURS_NIGHT = np.array([3, 1.5, 0.5, 0.2, 0.1, 0.1, 0.1, 0.2, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.5, 0.8, 1.5, 4, 7, 8, 7, 5])
HOURS_SCHOOL = np.array([0, 0, 0, 0, 0, 0, 1, 8, 6, 1, 1, 1, 2, 1, 1, 2, 8, 7, 2, 0.5, 0, 0, 0, 0])

SITE_CATEGORIES = {
    "market": ["09006", "09005", "06010", "09020", "06042", "06036", "09001"],
    "transit_hub": ["09010", "09009", "07001", "09011", "06012", "09001"],
    "school": ["09006", "09009", "09010", "09001", "06010"],
    "old_block": ["06010", "06036", "06001", "06042", "01001", "01002", "06009", "06007"],
    "night_market": ["06028", "06029", "09006", "09002", "06027", "06010"],
    "construction": ["08001", "08004", "08002", "08005", "08012", "06014", "08007"],
}
SITE_CHANNELS = {
    "night_market": [0.15, 0.6, 0.22, 0.03, 0.0, 0.0],
    "construction": [0.45, 0.35, 0.12, 0.06, 0.02, 0.0],
}
BACKGROUND_CHANNELS = [0.6, 0.2, 0.09, 0.07, 0.02, 0.02]


def _day_weights(days: np.ndarray, cal: WorkCalendar, start: dt.date) -> np.ndarray:
    """Weekly cycle, holiday dips and slow growth shared by all components."""
    weekday = ((days.astype("datetime64[D]").view("int64") - 4) % 7).astype(int)  # 0 = Monday
    idx = (days - np.datetime64(start, "D")).astype(int)
    workday = cal.is_workday[(days - cal.day0).astype(int)]
    w = np.where(weekday >= 5, 0.7, 1.0)
    holiday = (~workday) & (weekday < 5)
    w = np.where(holiday, 0.55, w)
    w = np.where(workday & (weekday >= 5), 0.95, w)  # make-up workdays are ordinary workdays
    return w * (1 + 0.08 * idx / 365.0)


def _summer(days: np.ndarray) -> np.ndarray:
    month = days.astype("datetime64[M]").astype(int) % 12 + 1
    return np.where((month >= 6) & (month <= 9), 1.0, 0.04)


def _categories_background(rng: np.random.Generator, cat: pl.DataFrame, n: int) -> np.ndarray:
    hf = cat["high_frequency"].to_numpy()
    codes = cat["code"].to_numpy()
    zipf = 1.0 / np.arange(1, len(codes) + 1) ** 0.9
    zipf = zipf[rng.permutation(len(codes))]
    p = np.where(hf, 0.58 / hf.sum(), 0.42 * zipf / zipf[~hf].sum())
    p = np.where(hf, p, np.where(np.isin(codes, ["10001", "06028", "06029"]), 0, p))
    return codes[rng.choice(len(codes), size=n, p=p / p.sum())]


def sample_events(
    rng: np.random.Generator,
    grids: pl.DataFrame,
    sites: pl.DataFrame,
    cat: pl.DataFrame,
    cal: WorkCalendar,
    start: dt.date,
    end: dt.date,
    n: int,
) -> pl.DataFrame:
    """Where, when, what and through which channel each case was reported."""
    days = np.arange(np.datetime64(start, "D"), np.datetime64(end, "D") + 1)
    base = _day_weights(days, cal, start)
    n_grids = grids.height
    shares = {"background": 0.63, "site": 0.22, "night": 0.08, "construction": 0.055, "snow": 0.015}
    parts = []

    def draw(
        count: int, grid_p: np.ndarray | None, grid_idx: np.ndarray | None, day_w: np.ndarray, hours: np.ndarray, codes: np.ndarray, chan_p
    ) -> None:
        if count <= 0:
            return
        g = rng.choice(n_grids, size=count, p=grid_p) if grid_idx is None else grid_idx
        d = rng.choice(len(days), size=count, p=day_w / day_w.sum())
        h = rng.choice(24, size=count, p=hours / hours.sum())
        secs = h * 3600 + rng.integers(0, 3600, size=count)
        ts = days[d].astype("datetime64[s]") + secs.astype("timedelta64[s]")
        parts.append(
            pl.DataFrame(
                {
                    "grid_index": g,
                    "reported_at": ts.astype("datetime64[us]"),
                    "category_code": codes,
                    "channel": CHANNELS[rng.choice(6, size=count, p=chan_p)],
                }
            )
        )

    # background
    radius = np.hypot(grids["x"].to_numpy(), grids["y"].to_numpy())
    grid_p = grids["area_m2"].to_numpy() ** 0.3 * np.exp(-radius / radius.max() * 1.5)
    k = int(n * shares["background"])
    draw(k, grid_p / grid_p.sum(), None, base, HOURS_DAY, _categories_background(rng, cat, k), BACKGROUND_CHANNELS)
    # persistent sites
    persistent = sites.filter(pl.col("kind").is_in(["market", "transit_hub", "school", "old_block"]))
    k_sites = rng.multinomial(int(n * shares["site"]), persistent["weight"].to_numpy() / persistent["weight"].sum())
    for row, k in zip(persistent.iter_rows(named=True), k_sites, strict=True):
        codes = np.array(SITE_CATEGORIES[row["kind"]])[rng.choice(len(SITE_CATEGORIES[row["kind"]]), size=k)]
        hours = HOURS_SCHOOL if row["kind"] == "school" else HOURS_DAY
        day_w = base * (np.where(((days.view("int64") - 4) % 7) < 5, 1.0, 0.1) if row["kind"] == "school" else 1.0)
        draw(int(k), None, np.full(k, row["grid_index"]), day_w, hours, codes, BACKGROUND_CHANNELS)
    # summer night markets
    nights = sites.filter(pl.col("kind") == "night_market")
    for row, k in zip(
        nights.iter_rows(named=True), rng.multinomial(int(n * shares["night"]), np.full(nights.height, 1 / nights.height)), strict=True
    ):
        codes = np.array(SITE_CATEGORIES["night_market"])[rng.choice(6, size=k, p=[0.35, 0.25, 0.15, 0.1, 0.1, 0.05])]
        draw(int(k), None, np.full(k, row["grid_index"]), base * _summer(days), HOURS_NIGHT, codes, SITE_CHANNELS["night_market"])
    # construction sites: open mid-period, ramp up over ~6 weeks, close
    builds = sites.filter(pl.col("kind") == "construction")
    for row, k in zip(
        builds.iter_rows(named=True),
        rng.multinomial(int(n * shares["construction"]), builds["weight"].to_numpy() / builds["weight"].sum()),
        strict=True,
    ):
        age = np.arange(len(days)) - row["start_day"]
        active = (age >= 0) & (np.arange(len(days)) < row["end_day"])
        day_w = base * active * np.clip(age / 42.0, 0.05, 1.0)
        codes = np.array(SITE_CATEGORIES["construction"])[rng.choice(7, size=k)]
        draw(int(k), None, np.full(k, row["grid_index"]), day_w, HOURS_DAY, codes, SITE_CHANNELS["construction"])
    # winter snow and ice: a few storm days each winter, cases in the 3 days after
    month = days.astype("datetime64[M]").astype(int) % 12 + 1
    winter = np.flatnonzero(np.isin(month, [12, 1, 2]))
    storms = rng.choice(winter, size=max(1, len(winter) // 30), replace=False) if len(winter) else np.array([], dtype=int)
    snow_w = np.zeros(len(days))
    for s in storms:
        snow_w[s : s + 3] += np.array([1.0, 0.6, 0.25])[: len(snow_w[s : s + 3])]
    if snow_w.sum() > 0:
        k = int(n * shares["snow"])
        draw(k, grid_p / grid_p.sum(), None, snow_w, HOURS_DAY, np.full(k, "10001"), [0.5, 0.38, 0.12, 0, 0, 0])
    events = pl.concat(parts)
    short = n - events.height  # rounding: top up with background
    if short > 0:
        draw(short, grid_p / grid_p.sum(), None, base, HOURS_DAY, _categories_background(rng, cat, short), BACKGROUND_CHANNELS)
        events = pl.concat(parts)
    return events.sample(fraction=1.0, shuffle=True, seed=int(rng.integers(0, 2**31))).head(n)


def _lognormal_minutes(rng: np.random.Generator, median: float, n: int, sigma: float = 0.8) -> np.ndarray:
    return rng.lognormal(np.log(median), sigma, size=n)


def _route(rng: np.random.Generator, events: pl.DataFrame, cat: pl.DataFrame, grids: pl.DataFrame, depts: pl.DataFrame) -> np.ndarray:
    """Responsible department: the catalogue's default bureau, utilities by keyword, and street
    order matters (市容/广告/街面秩序) mostly to the street office (属地管理)."""
    bureau_of = {kind: code for code, _, kind in city.BUREAUS if kind}
    lookup = cat.select("code", "minor_name", "default_department", "major_code")
    dept = lookup["default_department"].replace_strict(bureau_of, default="330125-CG")
    for pattern, code in city.UTILITY_KEYWORDS:
        dept = pl.Series(np.where(lookup["minor_name"].str.contains(pattern).to_numpy(), code, dept.to_numpy()))
    by_code = dict(zip(lookup["code"].to_list(), dept.to_list(), strict=True))
    majors = dict(zip(lookup["code"].to_list(), lookup["major_code"].to_list(), strict=True))
    codes = events["category_code"].to_numpy()
    out = np.array([by_code[c] for c in codes], dtype=object) if len(codes) < 1000 else pl.Series(codes).replace_strict(by_code).to_numpy()
    major = pl.Series(codes).replace_strict(majors).to_numpy()
    street = grids["street_code"].to_numpy()[events["grid_index"].to_numpy()]
    local = np.isin(major, ["06", "07", "09"]) & (rng.uniform(size=len(codes)) < 0.55)
    return np.where(local, np.char.add(street.astype(str), "-BSC"), out.astype(str))


def lifecycle(
    rng: np.random.Generator,
    events: pl.DataFrame,
    cat: pl.DataFrame,
    grids: pl.DataFrame,
    depts: pl.DataFrame,
    staff: city.Staff,
    cal: WorkCalendar,
    start: dt.date,
    end: dt.date,
) -> pl.DataFrame:
    """Stage timestamps on the working calendar, department behaviour, and the case loop's
    branches (cancel, return, extension, suspension, rework, duplicates, satisfaction)."""
    n = events.height
    events = events.sort("reported_at")
    reported = events["reported_at"].to_numpy().astype("datetime64[s]")
    channel = events["channel"].to_numpy()
    dept = _route(rng, events, cat, grids, depts)
    limits = cat.select("code", "time_limit", "time_limit_unit")
    lim_val = (
        events["category_code"].replace_strict(dict(zip(limits["code"].to_list(), limits["time_limit"].to_list(), strict=True))).to_numpy()
    )
    lim_unit = (
        events["category_code"]
        .replace_strict(dict(zip(limits["code"].to_list(), limits["time_limit_unit"].to_list(), strict=True)))
        .to_numpy()
    )
    limit_min = np.where(lim_unit == "working_hours", lim_val * 60.0, lim_val * cal.day_minutes)

    def minutes(x: np.ndarray) -> np.ndarray:
        return (np.asarray(x) * 60).astype("timedelta64[s]")

    accepted = reported + minutes(_lognormal_minutes(rng, 6, n))
    cancelled = rng.uniform(size=n) < np.where(channel == "public", 0.09, 0.035)
    # public reports are verified on site (核实) before registration; inspectors' own are not
    verify = np.isin(channel, ["public", "hotline", "other"])
    nat = np.datetime64("NaT", "s")
    verify_dispatched = np.where(verify, accepted + minutes(_lognormal_minutes(rng, 8, n)), nat)
    verified = np.where(verify, cal.add(verify_dispatched, _lognormal_minutes(rng, 35, n, 0.9)), nat)
    registered = np.where(verify, verified, accepted) + minutes(_lognormal_minutes(rng, 14, n))
    dispatched = registered + minutes(_lognormal_minutes(rng, 18, n))
    # returns (回退/改派): the first department sends the case back as not its own and it is
    # dispatched again. They concentrate where the responsible unit is ambiguous — street-order
    # matters (市容/宣传广告/街面秩序) split between the street office and the city bureau — and
    # are rare where the catalogue names one bureau; the department recorded is the final one.
    ambiguous = np.isin(events["category_code"].str.slice(0, 2).to_numpy(), ["06", "07", "09"])
    returned = rng.uniform(size=n) < np.where(ambiguous, 0.09, 0.012)
    dispatched = np.where(returned, cal.add(dispatched, _lognormal_minutes(rng, 120, n)), dispatched)
    extended = rng.uniform(size=n) < 0.05
    due = cal.add(dispatched, limit_min * np.where(extended, 2.0, 1.0))
    signed = cal.add(dispatched, np.minimum(limit_min * 0.15, _lognormal_minutes(rng, 20, n)))

    years = (reported - np.datetime64(start, "s")).astype(np.int64) / (365.25 * 86400)
    span = max((end - start).days / 365.25, 0.5)
    late_p = np.full(n, 0.09)
    late_p = np.where(dept == city.CHRONICALLY_LATE, 0.32, late_p)
    improving = depts.filter(pl.col("kind") == "street_office")["department_code"][0]
    late_p = np.where(dept == improving, 0.38 - 0.32 * np.clip(years / span, 0, 1), late_p)
    late = rng.uniform(size=n) < late_p
    frac = np.where(late, 1.0 + rng.exponential(0.6, size=n), rng.beta(2, 3, size=n) * 0.95)
    eff_limit = limit_min * np.where(extended, 2.0, 1.0)
    rework_p = np.where(dept == city.HIGH_REWORK, 0.24, 0.05)
    rework = (rng.uniform(size=n) < rework_p).astype(np.int32)
    rework += (rework > 0) & (rng.uniform(size=n) < 0.15)
    extra = rework * rng.uniform(0.2, 0.6, size=n) * limit_min
    disposed = cal.add(dispatched, frac * eff_limit + extra)
    check_dispatched = disposed + minutes(_lognormal_minutes(rng, 10, n))
    checked = cal.add(check_dispatched, _lognormal_minutes(rng, 40, n))
    closed = checked + minutes(_lognormal_minutes(rng, 12, n))
    suspended = (~cancelled) & (rng.uniform(size=n) < 0.012)
    suspended_at = cal.add(signed, _lognormal_minutes(rng, 240, n))

    cancelled_at = accepted + minutes(_lognormal_minutes(rng, 30, n))
    for arr in (verified, registered, dispatched, signed, disposed, check_dispatched, checked, closed, due):
        arr[cancelled] = nat
    for arr in (disposed, check_dispatched, checked, closed):
        arr[suspended] = nat
    # the shift leader on duty at registration: two shifts a day (before/after 14:00), six leaders
    reg_day = registered.astype("datetime64[D]")
    shift = ((reg_day - np.datetime64(start, "D")).astype(np.int64) * 2 + ((registered - reg_day).astype(np.int64) >= 14 * 3600)) % 6
    leader = np.array(staff.shift_leaders)[np.where(np.isnat(registered), 0, shift)]
    survey = np.isin(channel, ["hotline", "public"]) & ~cancelled & ~suspended & (rng.uniform(size=n) < 0.72)
    p_late = np.array([0.15, 0.15, 0.25, 0.25, 0.2])
    p_ok = np.array([0.02, 0.03, 0.08, 0.27, 0.60])
    sat = np.where(late, rng.choice(5, size=n, p=p_late), rng.choice(5, size=n, p=p_ok)) + 1
    grid_idx = events["grid_index"].to_numpy()
    community = grids["community_code"].to_numpy()[grid_idx]
    return events.with_columns(
        pl.Series("accepted_at", accepted.astype("datetime64[us]")),
        pl.Series("verify_dispatched_at", verify_dispatched.astype("datetime64[us]")),
        pl.Series("verified_at", verified.astype("datetime64[us]")),
        pl.Series("check_dispatched_at", check_dispatched.astype("datetime64[us]")),
        pl.Series("shift_leader_ref", np.where(np.isnat(registered), None, leader).tolist(), dtype=pl.Utf8),  # type: ignore[call-overload]  # numpy stubs: None as a value
        pl.Series("registered_at", registered.astype("datetime64[us]")),
        pl.Series("dispatched_at", dispatched.astype("datetime64[us]")),
        pl.Series("signed_at", signed.astype("datetime64[us]")),
        pl.Series("disposed_at", disposed.astype("datetime64[us]")),
        pl.Series("checked_at", checked.astype("datetime64[us]")),
        pl.Series("closed_at", closed.astype("datetime64[us]")),
        pl.Series("due_at", due.astype("datetime64[us]")),
        pl.Series("cancelled_at", np.where(cancelled, cancelled_at, nat).astype("datetime64[us]")),
        pl.Series("suspended_at", np.where(suspended, suspended_at, nat).astype("datetime64[us]")),
        pl.Series("department_code", dept),
        pl.Series("rework_count", np.where(cancelled | suspended, 0, rework).astype(np.int32)),
        pl.Series("extension_count", np.where(cancelled, 0, extended).astype(np.int32)),
        pl.Series("return_count", np.where(cancelled, 0, returned).astype(np.int32)),
        pl.Series("satisfaction", np.where(survey, sat, 0).astype(np.int8)),
        pl.Series("inspector_ref", _pick_inspector(rng, community, staff)),
        pl.Series("operator_ref", np.array(staff.call_takers)[rng.integers(0, len(staff.call_takers), n)]),
        pl.Series("dispatcher_ref", np.array(staff.dispatchers)[rng.integers(0, len(staff.dispatchers), n)]),
    ).with_columns(pl.when(pl.col("satisfaction") == 0).then(None).otherwise(pl.col("satisfaction")).alias("satisfaction"))


def _pick_inspector(rng: np.random.Generator, community: np.ndarray, staff: city.Staff) -> np.ndarray:
    """The inspector on duty in the case's community (staff ids are per community)."""
    out = np.full(len(community), "", dtype=object)
    pick = rng.uniform(size=len(community))
    for code, ids in staff.inspectors_by_community.items():
        mask = community == code
        out[mask] = np.array(ids)[(pick[mask] * len(ids)).astype(int)]
    return out.astype(str)
