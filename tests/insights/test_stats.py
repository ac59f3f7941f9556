"""The pure statistics: median, the exact tail probabilities, the emerging-trend test and small-cell suppression."""

import itertools
import math
from fractions import Fraction

import pytest

from hamkari.insights import stats
from hamkari.insights.stats import TOTAL, suppress_table


def test_median():
    assert stats.median([]) is None
    assert stats.median([5]) == 5
    assert stats.median([3, 1, 2]) == 2
    assert stats.median([4, 1, 3, 2]) == 2.5
    assert stats.median([1, 1, 1, 1000]) == 1  # one huge seizure does not move it


def binomial_tail_by_hand(k, n, p):
    return sum(math.comb(n, i) * p ** i * (1 - p) ** (n - i) for i in range(k, n + 1))


@pytest.mark.parametrize("k, n, p", [(10, 18, 0.2), (5, 5, 0.2), (1, 30, 0.2), (0, 4, 0.5), (7, 40, 0.1)])
def test_binomial_upper_tail(k, n, p):
    assert stats.binomial_upper_tail(k, n, p) == pytest.approx(binomial_tail_by_hand(k, n, p), rel=1e-9)


def test_binomial_upper_tail_edges_and_large_counts():
    assert stats.binomial_upper_tail(6, 5, 0.2) == 0.0
    assert stats.binomial_upper_tail(3, 10, 0.0) == 0.0
    assert 0 < stats.binomial_upper_tail(2000, 5000, 0.2) < 1e-100  # no overflow


def test_poisson_upper_tail():
    # P(X >= 3 | mean 1) = 1 - e^-1 (1 + 1 + 1/2)
    assert stats.poisson_upper_tail(3, 1.0) == pytest.approx(1 - math.exp(-1) * 2.5)
    assert stats.poisson_upper_tail(0, 4.0) == 1.0


def test_rise_test_with_known_numbers():
    # 10 cases in the last 3 months after 8 in the 12 before: expected 8 x 3/12 = 2, ratio 5.
    # Under a steady rate each of the 18 cases falls in the last 3 of 15 months with probability 1/5:
    # p = P(X >= 10 | Binomial(18, 0.2)) = 0.000910892...
    evidence = stats.rise_test(10, 8)
    assert evidence.expected == 2.0 and evidence.ratio == 5.0
    assert evidence.p_value == pytest.approx(0.0009108923573862, rel=1e-9)
    assert evidence.flagged

    steady = stats.rise_test(6, 24)  # 2 a month before, 2 a month now
    assert steady.ratio == 1.0 and steady.p_value > 0.5 and not steady.flagged

    from_nothing = stats.rise_test(5, 0)  # p = 0.2^5
    assert from_nothing.ratio is None and from_nothing.p_value == pytest.approx(0.2 ** 5)
    assert from_nothing.flagged
    assert not stats.rise_test(4, 0).flagged  # too few recent cases, however small p


def test_emerging_trends_lists_flags_with_evidence():
    series = {
        ("KG", "concealment", "parcel"): [2] * 12 + [9, 10, 11],  # a clear rise
        ("AF", "substance", "heroin"): [20] * 15,  # steady
        ("TJ", "substance", "opium"): [0] * 14 + [3],  # too few recent cases: not tested
        ("PK", "route", "PK>IR"): [5, 5, 5],  # short series: padded with zero months: a rise from nothing
    }
    flagged, tested = stats.emerging_trends(series)
    assert tested == 3
    assert [t.key for t in flagged] == [("PK", "route", "PK>IR"), ("KG", "concealment", "parcel")]
    parcel = flagged[1]
    assert parcel.evidence.recent == 30 and parcel.evidence.history == 24 and parcel.evidence.expected == 6
    assert parcel.months == tuple([2] * 12 + [9, 10, 11])


def test_month_helpers():
    assert stats.month_span((2023, 11), (2024, 2)) == [(2023, 11), (2023, 12), (2024, 1), (2024, 2)]
    assert stats.add_months(2024, 1, -1) == (2023, 12)
    assert stats.add_months(2024, 11, 14) == (2026, 1)


# ------------------------------------------------------------------------------------------- suppression

def published(cells, hidden):
    """What a reader sees: every shown cell and total."""
    rows = sorted({r for r, _c in cells})
    cols = sorted({c for _r, c in cells})
    value = {(r, c): cells.get((r, c), 0) for r in rows for c in cols}
    for r in rows:
        value[(r, TOTAL)] = sum(value[(r, c)] for c in cols)
    for c in cols:
        value[(TOTAL, c)] = sum(value[(r, c)] for r in rows)
    value[(TOTAL, TOTAL)] = sum(value[(r, c)] for r in rows for c in cols)
    return rows, cols, value, {k: v for k, v in value.items() if k not in hidden}


def solutions(cells, hidden, threshold=3, limit=12):  # noqa: C901
    """Every assignment of the hidden inner cells (0..limit) consistent with what is shown and with what the
    reader knows: a small cell is 1..threshold-1, any other hidden inner cell is 0 or >= threshold."""
    rows, cols, value, shown = published(cells, hidden)
    inner = [k for k in hidden if TOTAL not in k]
    small = {k for k in inner if 0 < value[k] < threshold}
    ranges = [range(1, threshold) if k in small else [0, *range(threshold, limit + 1)] for k in inner]
    found = []
    for guess in itertools.product(*ranges):
        trial = dict(value)
        trial.update(zip(inner, guess, strict=True))
        for r in rows:
            trial[(r, TOTAL)] = sum(trial[(r, c)] for c in cols)
        for c in cols:
            trial[(TOTAL, c)] = sum(trial[(r, c)] for r in rows)
        trial[(TOTAL, TOTAL)] = sum(trial[(r, TOTAL)] for r in rows)
        if all(trial[k] == v for k, v in shown.items()):
            found.append(dict(zip(inner, guess, strict=True)))
    return found


TABLES = [
    {("AF", "op"): 10, ("AF", "ca"): 1, ("AF", "ats"): 7, ("PK", "op"): 12, ("PK", "ca"): 9, ("PK", "ats"): 5,
     ("IR", "op"): 9, ("IR", "ca"): 8, ("IR", "ats"): 6},
    {("AF", "op"): 10, ("AF", "ca"): 1, ("PK", "op"): 12, ("PK", "ca"): 1},
    {("AF", "op"): 1, ("PK", "op"): 9},
    {("AF", "op"): 1},
    {("AF", "op"): 2, ("AF", "ca"): 4, ("PK", "op"): 2, ("PK", "ca"): 5, ("IR", "op"): 7, ("IR", "ca"): 3},
    {("AF", "op"): 4, ("AF", "ca"): 5, ("PK", "op"): 6, ("PK", "ca"): 0},
    {("AF", "op"): 1, ("AF", "ca"): 2, ("PK", "op"): 1, ("PK", "ca"): 2},
    {("AF", "op"): 2, ("PK", "ca"): 1, ("IR", "ats"): 2, ("IR", "op"): 40},
]


@pytest.mark.parametrize("cells", TABLES)
def test_no_small_cell_can_be_worked_out(cells):
    primary, secondary = suppress_table(cells)
    assert primary == {k for k, v in cells.items() if 0 < v < 3}
    assert not primary & secondary
    hidden = primary | secondary
    found = solutions(cells, hidden)
    assert found, "the true table must be one of the solutions"
    for key in primary:
        assert len({s[key] for s in found}) > 1, f"{key} can be worked out from {sorted(hidden)}"
    assert not stats.determined(cells, hidden) & primary


def test_totals_of_small_cells_are_hidden():
    primary, secondary = suppress_table({("AF", "op"): 1, ("AF", "ca"): 9, ("PK", "op"): 9, ("PK", "ca"): 9})
    assert primary == {("AF", "op")}
    assert secondary == {("AF", TOTAL), (TOTAL, "op"), (TOTAL, TOTAL)}


def test_complementary_cells_alone_can_be_worked_out():
    """Why totals are hidden: a rectangle of hidden cells with every total shown gives the small cells away to a
    reader who knows the other hidden cells hold at least 3 (the brute force finds one solution only)."""
    cells = {("AF", "op"): 2, ("AF", "ca"): 4, ("PK", "op"): 2, ("PK", "ca"): 5, ("IR", "op"): 7, ("IR", "ca"): 3}
    found = solutions(cells, set(cells))
    assert len({s[("AF", "op")] for s in found}) == 1


def test_nothing_small_nothing_hidden():
    assert suppress_table({("AF", "op"): 4, ("PK", "op"): 0}) == (set(), set())


def test_row_reduce_finds_determined_unknowns():
    # x + y = known and x = known: both determined.
    matrix = [[Fraction(1), Fraction(1)], [Fraction(1), Fraction(0)]]
    assert stats._row_reduce(matrix) == [(0, 0), (1, 1)]
