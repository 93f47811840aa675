"""Gi*, FDR, Mann-Kendall and the space-time classes on values computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import sparse

from models import emerging, gistar
from models.panel import square_queen


def path_graph(n: int) -> sparse.csr_matrix:
    i = np.arange(n - 1)
    return sparse.coo_matrix((np.ones(2 * (n - 1)), (np.r_[i, i + 1], np.r_[i + 1, i])), shape=(n, n)).tocsr()


def test_gi_star_on_five_grids_in_a_row():
    # x = 0 0 0 0 10: mean 2, S = sqrt(100/5 − 4) = 4.
    # last grid: itself + one neighbour, W = S1 = 2, Σwx = 10: (10 − 2·2) / (4·sqrt((5·2 − 4)/4)) = sqrt(1.5)
    # middle grid: W = S1 = 3, Σwx = 0: (0 − 3·2) / (4·sqrt((15 − 9)/4)) = −sqrt(1.5)
    z, p = gistar.gi_star(np.array([0, 0, 0, 0, 10.0]), path_graph(5))
    assert z[4] == pytest.approx(math.sqrt(1.5))
    assert z[2] == pytest.approx(-math.sqrt(1.5))
    assert p[4] == pytest.approx(2 * (1 - 0.5 * (1 + math.erf(math.sqrt(1.5) / math.sqrt(2)))))


def test_gi_star_of_constant_counts_is_zero():
    z, p = gistar.gi_star(np.full(9, 3.0), square_queen(3, 3))
    assert z.tolist() == [0.0] * 9
    assert p.tolist() == [1.0] * 9


def test_fdr_keeps_the_largest_passing_rank():
    # thresholds q·k/m = .0125 .025 .0375 .05
    assert gistar.fdr_significant(np.array([0.01, 0.04, 0.03, 0.2])).tolist() == [True, False, False, False]
    assert gistar.fdr_significant(np.array([0.04, 0.01, 0.02, 0.03])).tolist() == [True, True, True, True]


def test_square_queen_neighbours():
    w = square_queen(3, 3)
    assert np.asarray(w.sum(axis=1)).ravel().tolist() == [3, 5, 3, 5, 8, 5, 3, 5, 3]


def test_mann_kendall_rising_series():
    # S = 10, Var = 5·4·15/18 = 50/3, z = (10 − 1)/sqrt(50/3)
    z, p = emerging.mann_kendall(np.array([1, 2, 3, 4, 5.0]))
    assert z == pytest.approx(9 / math.sqrt(50 / 3))
    assert p == pytest.approx(math.erfc(z / math.sqrt(2)))
    assert emerging.mann_kendall(np.array([2, 2, 2, 2.0])) == (0.0, 1.0)


H, C, N = 1, -1, 0


@pytest.mark.parametrize(
    ("labels", "z", "expected"),
    [
        ([H] * 10, list(range(1, 11)), "intensifying hot"),
        ([H] * 10, list(range(10, 0, -1)), "diminishing hot"),
        ([H] * 10, [3, 4, 3, 4, 3, 4, 3, 4, 3, 4], "persistent hot"),
        ([N] * 9 + [H], [0] * 9 + [3], "new hot"),
        ([N] * 7 + [H] * 3, [0] * 7 + [3] * 3, "consecutive hot"),
        ([C, N, N, H, N, N, H, N, N, H], [-3, 0, 0, 3, 0, 0, 3, 0, 0, 3], "oscillating hot"),
        ([N, H, N, N, H, N, N, H, N, H], [0, 3, 0, 0, 3, 0, 0, 3, 0, 3], "sporadic hot"),
        ([H] * 9 + [N] + [H] * 10 + [N], [3] * 9 + [0] + [3] * 10 + [0], "historical hot"),
        ([N] * 9 + [C], [0] * 9 + [-3], "new cold"),
        ([N] * 10, [0] * 10, None),
    ],
)
def test_space_time_class_rules(labels, z, expected):
    assert emerging.classify(np.array(labels), np.array(z, dtype=float)) == expected


def test_space_time_classes_find_a_new_hotspot_on_a_lattice():
    # 5×5 lattice, one step per column of counts: the centre block heats up only in the last step
    counts = np.ones((25, 6))
    centre = [6, 7, 8, 11, 12, 13, 16, 17, 18]
    counts[centre, -1] = 30
    out = emerging.space_time_classes(counts, square_queen(5, 5))
    assert out[12]["class"] == "new hot"
    assert out[0]["class"] is None
