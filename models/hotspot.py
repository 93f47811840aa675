"""Hotspot forecasting methods as scikit-learn estimators (one contract for baselines and model).

Every method reads ``X``, the count history of each grid — shape ``(n_grids, n_steps)``, or
``(n_grids, n_steps, 1 + k)`` with the total first and ``k`` major categories after it — and
predicts the expected number of events in each grid over the next ``horizon`` steps.
``fit`` learns from the history only (the learned model builds its training rows from origins
whose targets lie wholly inside ``X``), so passing ``X[:, :t]`` is a strict time split at ``t``.

The baselines are those DOMAIN.md §7 calls hard to beat: last period, moving average,
prospective hotspotting (Bowers, Johnson & Pease 2004: events raise the risk nearby for a while,
decaying by distance and time) and kernel density. The learned model is gradient boosting with a
Poisson loss on lags, neighbours' counts (spatial lag), seasonality and grid attributes.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from scipy import sparse
from scipy.spatial import cKDTree
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.utils import Tags
from sklearn.utils.validation import check_array, check_is_fitted

from warehouse import labels


def _totals(X: np.ndarray) -> np.ndarray:
    """The total counts (grids × steps) of ``X``, after refusing what cannot be a count history.
    scikit-learn's validation turns away sparse, complex, empty and NaN / infinite input with its
    usual messages (a plain float cast would cut a complex X to its real part and fit zero grids);
    negative counts are refused here."""
    X = check_array(X, dtype=np.float64, allow_nd=True)
    if X.ndim not in (2, 3) or X.shape[1] == 0:
        raise ValueError(f"X must be (grids, steps) or (grids, steps, channels) with at least one step, got {X.shape}")
    if np.any(X < 0):
        raise ValueError("Negative values in data passed to X: X must hold finite, non-negative counts")
    return X[:, :, 0] if X.ndim == 3 else X


KDE_CUTOFF = 4.0  # kernel density: pairs further apart than this many bandwidths are left out


def _pairs_within(xy: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every ordered pair of points (self-pairs included) at most ``radius`` apart, with their
    distance: (rows, cols, distances), found with a KD-tree, never a dense distance matrix."""
    n = len(xy)
    tree = cKDTree(xy)
    pairs = tree.query_pairs(radius, output_type="ndarray")
    i, j = (pairs[:, 0], pairs[:, 1]) if len(pairs) else (np.empty(0, dtype=int), np.empty(0, dtype=int))
    d = np.linalg.norm(xy[i] - xy[j], axis=1) if len(i) else np.empty(0)
    diag = np.arange(n)
    return np.concatenate([i, j, diag]), np.concatenate([j, i, diag]), np.concatenate([d, d, np.zeros(n)])


def _spacing(xy: np.ndarray) -> float:
    """The median distance from a point to its nearest neighbour (the grid spacing)."""
    if len(xy) < 2:
        return 1.0
    dist, _ = cKDTree(xy).query(xy, k=2)
    return float(np.median(dist[:, 1])) or 1.0  # coincident centroids: one metre, never a division by 0


def _rescale(score: np.ndarray, totals: np.ndarray, window: int, horizon: int) -> np.ndarray:
    """Turn a risk surface into expected counts: the recent mean total per step, spread by score."""
    expected_total = totals[:, -window:].sum() / min(window, totals.shape[1]) * horizon
    s = score.sum()
    return score * (expected_total / s) if s > 0 else np.full(len(score), expected_total / len(score))


class _CountMethod(RegressorMixin, BaseEstimator):
    """What every method shares, declared as scikit-learn tags so that scikit-learn's tools and
    estimator checks know it: ``X`` is a count history, never negative, and ``y`` is never needed,
    the target being the future of ``X`` itself."""

    def __sklearn_tags__(self) -> Tags:
        tags = super().__sklearn_tags__()
        tags.input_tags.positive_only = True
        tags.target_tags.required = False
        return tags


class LastPeriod(_CountMethod):
    """Last step's count, repeated over the horizon: the simplest baseline."""

    def __init__(self, horizon: int = 1) -> None:
        self.horizon = horizon

    def fit(self, X, y=None):
        self.n_grids_ = _totals(X).shape[0]
        return self

    def predict(self, X) -> np.ndarray:
        check_is_fitted(self)
        return _totals(X)[:, -1] * self.horizon


class MovingAverage(_CountMethod):
    """Mean count of the last ``window`` steps, times the horizon."""

    def __init__(self, horizon: int = 1, window: int = 8) -> None:
        self.horizon = horizon
        self.window = window

    def fit(self, X, y=None):
        self.n_grids_ = _totals(X).shape[0]
        return self

    def predict(self, X) -> np.ndarray:
        check_is_fitted(self)
        return _totals(X)[:, -self.window :].mean(axis=1) * self.horizon


class ProspectiveHotspot(_CountMethod):
    """Prospective hotspotting: each recent event adds 1/(1 + distance in grid spacings) ×
    1/(1 + age in steps) to every grid within ``bandwidth_m`` metres, for ``window`` steps."""

    def __init__(self, xy=None, horizon: int = 1, bandwidth_m: float = 400.0, window: int = 8) -> None:
        self.xy = xy
        self.horizon = horizon
        self.bandwidth_m = bandwidth_m
        self.window = window

    def fit(self, X, y=None):
        _totals(X)
        xy = np.asarray(self.xy, dtype=float)
        spacing = _spacing(xy)
        rows, cols, d = _pairs_within(xy, self.bandwidth_m)
        # a sparse neighbourhood: only pairs within the bandwidth exist (22,000 cells of 250 m: a
        # few million pairs instead of a dense 22,000² matrix)
        self.kernel_ = sparse.csr_matrix((1.0 / (1.0 + d / spacing), (rows, cols)), shape=(len(xy), len(xy)))
        return self

    def predict(self, X) -> np.ndarray:
        check_is_fitted(self)
        totals = _totals(X)
        recent = totals[:, -self.window :]
        age_weight = 1.0 / (1.0 + np.arange(recent.shape[1])[::-1])
        score = self.kernel_ @ (recent @ age_weight)
        return _rescale(score, totals, self.window, self.horizon)


class KernelDensity(_CountMethod):
    """Gaussian kernel density of the last ``window`` steps' events (at grid centroids), turned
    into expected counts by each grid's area."""

    def __init__(self, xy=None, area=None, horizon: int = 1, bandwidth_m: float = 300.0, window: int = 8) -> None:
        self.xy = xy
        self.area = area
        self.horizon = horizon
        self.bandwidth_m = bandwidth_m
        self.window = window

    def fit(self, X, y=None):
        _totals(X)
        xy = np.asarray(self.xy, dtype=float)
        # the Gaussian cut at KDE_CUTOFF bandwidths (what it leaves out is e^-8 ≈ 0.03 % of the
        # peak): sparse, as the prospective kernel
        rows, cols, d = _pairs_within(xy, KDE_CUTOFF * self.bandwidth_m)
        weights = np.exp(-(d**2) / (2 * self.bandwidth_m**2)) / (2 * np.pi * self.bandwidth_m**2)
        self.kernel_ = sparse.csr_matrix((weights, (rows, cols)), shape=(len(xy), len(xy)))
        return self

    def predict(self, X) -> np.ndarray:
        check_is_fitted(self)
        totals = _totals(X)
        density = self.kernel_ @ totals[:, -self.window :].sum(axis=1)
        return _rescale(density * np.asarray(self.area, dtype=float), totals, self.window, self.horizon)


def lag_features(
    X: np.ndarray, origin: int, neighbours: sparse.csr_matrix, area: np.ndarray, first_day: dt.date, step_days: int, horizon: int
) -> np.ndarray:
    """Features of every grid for a forecast made at step ``origin`` (using steps < origin only).

    Lags 1–4, moving means over 4, 13 and 52 steps, the long-run mean, the same season last year
    (weekly steps), the neighbours' mean of the 4- and 13-step means (spatial lag), log area, the
    season of the target steps, and each major category's share of the last 13 steps."""
    X = np.asarray(X, dtype=float)
    totals = X[:, :origin, 0] if X.ndim == 3 else X[:, :origin]
    n, t = totals.shape

    def lag(k: int) -> np.ndarray:
        return totals[:, t - k] if t >= k else np.zeros(n)

    def mean(k: int) -> np.ndarray:
        return totals[:, max(0, t - k) :].mean(axis=1)

    degree = np.asarray(neighbours.sum(axis=1)).ravel()
    row_norm = sparse.diags(1.0 / np.where(degree > 0, degree, 1.0)) @ neighbours
    per_year = round(365.25 / step_days)
    last_year = totals[:, t - per_year : t - per_year + horizon].sum(axis=1) if t >= per_year else mean(13) * horizon
    target_day = first_day + dt.timedelta(days=(origin + horizon / 2) * step_days)
    angle = 2 * np.pi * target_day.timetuple().tm_yday / 365.25
    cols = [lag(1), lag(2), lag(3), lag(4), mean(4), mean(13), mean(52), totals.mean(axis=1), last_year]
    cols += [row_norm @ mean(4), row_norm @ mean(13), np.log(np.maximum(area, 1.0))]
    cols += [np.full(n, np.sin(angle)), np.full(n, np.cos(angle)), np.full(n, target_day.weekday() if step_days == 1 else 0)]
    if X.ndim == 3 and X.shape[2] > 1:
        recent = X[:, max(0, origin - 13) : origin, 1:].sum(axis=1)
        cols += list((recent / np.maximum(recent.sum(axis=1, keepdims=True), 1.0)).T)
    return np.column_stack(cols)


class PoissonBoosting(_CountMethod):
    """Gradient-boosted trees with a Poisson loss on ``lag_features``; trained on the last
    ``train_origins`` origins whose targets lie wholly inside the history it is given."""

    def __init__(
        self,
        neighbours=None,
        area=None,
        first_day: dt.date | None = None,
        step_days: int = 7,
        horizon: int = 1,
        train_origins: int = 52,
        min_history: int = 13,
        max_iter: int = 150,
        learning_rate: float = 0.08,
        l2_regularization: float = 1.0,
        min_samples_leaf: int = 40,
        random_state: int = 0,
    ) -> None:
        self.neighbours = neighbours
        self.area = area
        self.first_day = first_day
        self.step_days = step_days
        self.horizon = horizon
        self.train_origins = train_origins
        self.min_history = min_history
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.l2_regularization = l2_regularization
        self.min_samples_leaf = min_samples_leaf
        self.random_state = random_state

    def _features(self, X: np.ndarray, origin: int) -> np.ndarray:
        if self.first_day is None:  # the season features need the calendar day of each step
            raise ValueError("first_day (the panel's first day) is required")
        return lag_features(X, origin, self.neighbours, np.asarray(self.area, dtype=float), self.first_day, self.step_days, self.horizon)

    def fit(self, X, y=None):
        totals = _totals(X)
        last = totals.shape[1] - self.horizon
        origins = list(range(max(self.min_history, last - self.train_origins + 1), last + 1))
        if not origins:
            raise ValueError(f"need at least {self.min_history + self.horizon} steps of history to train, got {totals.shape[1]}")
        feats = np.vstack([self._features(X, s) for s in origins])
        target = np.concatenate([totals[:, s : s + self.horizon].sum(axis=1) for s in origins])
        # Regularised (an L2 penalty on leaf values, leaves of at least min_samples_leaf rows): on
        # sparse daily series a leaf of a few rows with one event learns a huge log-rate
        self.model_ = HistGradientBoostingRegressor(
            loss="poisson",
            max_iter=self.max_iter,
            learning_rate=self.learning_rate,
            l2_regularization=self.l2_regularization,
            min_samples_leaf=self.min_samples_leaf,
            early_stopping=False,
            random_state=self.random_state,
        ).fit(feats, target)
        # no grid is forecast more than twice the most any grid ever had over a horizon in training
        self.cap_ = 2.0 * max(float(target.max()), 1.0)
        self.trained_origins_ = (origins[0], origins[-1])
        return self

    def predict(self, X) -> np.ndarray:
        check_is_fitted(self)
        totals = _totals(X)
        raw = self.model_.predict(self._features(X, totals.shape[1]))
        return np.clip(np.nan_to_num(raw, nan=0.0, posinf=self.cap_), 0.0, self.cap_)


class SelfExciting(_CountMethod):
    """A discrete self-exciting (Hawkes) point process on the grids, after Mohler et al. (2011):
    each grid has a background rate, and every event raises the rate of its own and nearby grids
    for a while — by ``theta`` expected offspring in all, spread over space by a Gaussian of
    ``sigma`` grid spacings (cut at 3 σ) and over time by a geometric decay of rate ``omega`` per
    step. The background is each grid's mean over the history, smoothed over its neighbours.
    ``fit`` chooses (theta, omega, sigma) from a small grid by the Poisson likelihood of the last
    ``tune_steps`` steps forecast one step ahead from the steps before them (a strict time split
    inside the history it is given); theta = 0 is the smoothed background alone."""

    THETAS = (0.0, 0.1, 0.25, 0.5, 0.75)
    OMEGAS = (0.1, 0.3, 1.0)
    SIGMAS = (1.0, 2.0)

    def __init__(self, xy=None, horizon: int = 1, tune_steps: int = 8, history: int = 52) -> None:
        self.xy = xy
        self.horizon = horizon
        self.tune_steps = tune_steps
        self.history = history

    def _kernels(self) -> dict[float, sparse.csr_matrix]:
        xy = np.asarray(self.xy, dtype=float)
        spacing = _spacing(xy)
        out = {}
        for sigma in self.SIGMAS:
            s = sigma * spacing
            rows, cols, d = _pairs_within(xy, 3 * s)
            k = sparse.csr_matrix((np.exp(-(d**2) / (2 * s**2)), (rows, cols)), shape=(len(xy), len(xy)))
            # column j spreads one unit from grid j over the grids near it (offspring sum to 1)
            out[sigma] = (k @ sparse.diags(1.0 / np.asarray(k.sum(axis=0)).ravel())).tocsr()
        return out

    def _rate(self, totals: np.ndarray, t: int, theta: float, omega: float, kernel: sparse.csr_matrix, horizon: int) -> np.ndarray:
        """Expected counts over steps t … t+horizon-1 from the steps before t."""
        past = totals[:, max(0, t - self.history) : t]
        background = kernel @ past.mean(axis=1) if past.shape[1] else np.zeros(len(totals))
        decay = np.exp(-omega * np.arange(past.shape[1])[::-1])  # the last step weighs 1
        excitation = kernel @ (past @ decay)
        # an event `a` steps before t has offspring at step t + m with probability
        # (1 - e^-ω) e^-ω(a+m), theta in all: over the next `horizon` steps e^-ωa (1 - e^-ωh)
        share = 1 - np.exp(-omega * horizon)
        return (1 - theta) * background * horizon + theta * excitation * share

    def fit(self, X, y=None):
        totals = _totals(X)
        kernels = self._kernels()
        n = totals.shape[1]
        tune = range(max(1, n - self.tune_steps), n)
        best, best_ll = (0.0, 1.0, self.SIGMAS[0]), -np.inf
        for sigma, kernel in kernels.items():
            for omega in self.OMEGAS:
                for theta in self.THETAS:
                    ll = 0.0
                    for t in tune:
                        lam = np.maximum(self._rate(totals, t, theta, omega, kernel, 1), 1e-9)
                        ll += float(np.sum(totals[:, t] * np.log(lam) - lam))
                    if ll > best_ll:
                        best, best_ll = (theta, omega, sigma), ll
        self.theta_, self.omega_, self.sigma_ = best
        self.kernel_ = kernels[self.sigma_]
        return self

    def predict(self, X) -> np.ndarray:
        check_is_fitted(self)
        totals = _totals(X)
        return self._rate(totals, totals.shape[1], self.theta_, self.omega_, self.kernel_, self.horizon)


BASELINES = ("last_period", "moving_average", "prospective", "kernel_density")
LEARNED = ("poisson_gbm", "self_exciting")
METHOD_LABELS = labels.bilingual("method")  # id → "中文 English" (warehouse/labels.py)


def make(method: str, panel, horizon: int, window: int = 8):
    """A method configured for a panel (see ``models.panel.Panel``)."""
    if method == "last_period":
        return LastPeriod(horizon=horizon)
    if method == "moving_average":
        return MovingAverage(horizon=horizon, window=window)
    if method == "prospective":
        return ProspectiveHotspot(xy=panel.xy_m, horizon=horizon, window=window)
    if method == "kernel_density":
        return KernelDensity(xy=panel.xy_m, area=panel.area_m2, horizon=horizon, window=window)
    if method == "self_exciting":
        return SelfExciting(xy=panel.xy_m, horizon=horizon)
    if method == "poisson_gbm":
        return PoissonBoosting(
            neighbours=panel.neighbours, area=panel.area_m2, first_day=panel.first_day, step_days=panel.step_days, horizon=horizon
        )
    raise ValueError(f"unknown method {method!r}; choose from {', '.join(BASELINES + LEARNED)}")
