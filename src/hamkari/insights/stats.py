"""Statistics of the regional picture, in plain Python (no Django): medians, the emerging-trend test and the
suppression of small cells in published tables. Tested and benchmarked alone.

The emerging-trend test
-----------------------
A series is the monthly number of seizure cases of one country and one substance (or route, transport or
concealment method). Over the last RECENT_MONTHS (3) months it counts `recent` cases; over the HISTORY_MONTHS
(12) months before them, `history`. If the monthly rate had not changed, each of the `n = recent + history`
cases would fall in the recent window with probability p0 = 3/15, so `recent` would follow Binomial(n, p0).
The flag is the exact one-sided test of that null hypothesis: p = P(X >= recent | Binomial(n, p0)). This is the
conditional test for comparing two Poisson rates (Przyborowski and Wilenski, 1940): unlike a Poisson test
against the historical mean taken as exact, it accounts for the history being a count too, and it stays valid
when the history is short or zero. A series is flagged when p < ALPHA (0.01) and it has at least MIN_RECENT (5)
recent cases, so that a rise from 0 to 1 is never a "trend". The evidence shown with every flag: the recent
count, the count expected from the history (history x 3/12), their ratio and the p-value.
"""

import math
from dataclasses import dataclass
from fractions import Fraction

RECENT_MONTHS = 3
HISTORY_MONTHS = 12
ALPHA = 0.01
MIN_RECENT = 5


def median(values):
    """The median of a sequence of numbers (the mean of the two middle ones for an even count); None if empty."""
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return None
    middle = n // 2
    if n % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def binomial_upper_tail(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p), summed exactly in log space (no overflow for large n)."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    if p <= 0.0:
        return 0.0
    if p >= 1.0:
        return 1.0
    log_p, log_q = math.log(p), math.log1p(-p)
    log_terms = [math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * log_p + (n - i) * log_q
                 for i in range(k, n + 1)]
    top = max(log_terms)
    return min(1.0, math.exp(top) * sum(math.exp(t - top) for t in log_terms))


def poisson_upper_tail(k: int, mean: float) -> float:
    """P(X >= k) for X ~ Poisson(mean): 1 minus the lower sum, computed in log space."""
    if k <= 0:
        return 1.0
    if mean <= 0:
        return 0.0
    log_terms = [i * math.log(mean) - mean - math.lgamma(i + 1) for i in range(k)]
    top = max(log_terms)
    below = math.exp(top) * sum(math.exp(t - top) for t in log_terms)
    return max(0.0, 1.0 - below)


@dataclass(frozen=True)
class RiseEvidence:
    recent: int  # cases in the recent window
    history: int  # cases in the history window
    expected: float  # recent cases expected from the history's monthly rate
    ratio: float | None  # recent / expected; None when the history is empty
    p_value: float

    @property
    def flagged(self) -> bool:
        return self.recent >= MIN_RECENT and self.p_value < ALPHA


def rise_test(recent: int, history: int, *, recent_months: int = RECENT_MONTHS,
              history_months: int = HISTORY_MONTHS) -> RiseEvidence:
    """The exact conditional test that the recent monthly rate exceeds the historical one (module docstring)."""
    recent, history = int(recent), int(history)
    if recent < 0 or history < 0:
        raise ValueError("counts cannot be negative")
    share = recent_months / (recent_months + history_months)
    expected = history * recent_months / history_months
    p_value = binomial_upper_tail(recent, recent + history, share)
    ratio = recent / expected if expected else None
    return RiseEvidence(recent, history, expected, ratio, p_value)


@dataclass(frozen=True)
class Trend:
    key: tuple  # (country, kind, value): what rises where
    evidence: RiseEvidence
    months: tuple[int, ...]  # the monthly counts, oldest first


def emerging_trends(series: dict, *, recent_months: int = RECENT_MONTHS, history_months: int = HISTORY_MONTHS,
                    alpha: float = ALPHA, min_recent: int = MIN_RECENT) -> tuple[list[Trend], int]:
    """(flagged trends, strongest first; number of series tested).

    `series` maps a key to its monthly counts, oldest first, covering history_months + recent_months months
    (shorter lists are padded with zero months at the start: no case reported). A series with no recent case
    is not tested (it cannot rise).
    """
    width = recent_months + history_months
    flagged, tested = [], 0
    for key, counts in series.items():
        counts = [0] * max(0, width - len(counts)) + list(counts)[-width:]
        recent = sum(counts[-recent_months:])
        history = sum(counts[:-recent_months])
        if recent < min_recent:
            continue
        tested += 1
        evidence = rise_test(recent, history, recent_months=recent_months, history_months=history_months)
        if evidence.p_value < alpha:
            flagged.append(Trend(tuple(key), evidence, tuple(counts)))
    flagged.sort(key=lambda t: (t.evidence.p_value, -t.evidence.recent))
    return flagged, tested


def month_span(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    """Every (year, month) from `first` to `last`, inclusive."""
    (y, m), out = first, []
    while (y, m) <= last:
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


# ------------------------------------------------------------------------------------------------------------
# Small-cell suppression of a published two-way table with its totals.

TOTAL = "__total__"


def suppress_table(cells: dict, *, threshold: int = 3) -> tuple[set, set]:
    """(primary, secondary): the keys to hide in a two-way table of counts published with its totals.

    `cells` maps (row, column) to a count. The published table also shows each row's and each column's total
    and the grand total, keyed (row, TOTAL), (TOTAL, column) and (TOTAL, TOTAL).

    Primary: every cell with 0 < count < threshold. Secondary: the totals of the row and of the column of each
    primary cell, and then the grand total. Hiding totals rather than complementary cells keeps every other
    cell exact, and it is safe however the reader combines what is shown: adding any amount d to a hidden
    cell, to its row and column totals and to the grand total leaves every sum of the table true, so each
    small cell can be any value from 1 to threshold - 1 whatever else is known (checked exhaustively in
    tests/insights/test_stats.py). Complementary cell suppression, the other classic method, is not: a reader
    who knows that a hidden complement holds at least `threshold` cases can pin small cells down across
    several lines.
    """
    primary = {(r, c) for (r, c), n in cells.items()
               if r != TOTAL and c != TOTAL and 0 < int(n or 0) < threshold}
    secondary = set()
    for r, c in primary:
        secondary.update({(r, TOTAL), (TOTAL, c), (TOTAL, TOTAL)})
    return primary, secondary


def determined(cells: dict, hidden: set) -> set:
    """Hidden keys of a table (as in suppress_table) whose value follows exactly from the shown values and the
    table's sums, by linear algebra over every row, column and total. A check on a suppression pattern."""
    rows = sorted({r for r, _c in cells if r != TOTAL}, key=str)
    cols = sorted({c for _r, c in cells if c != TOTAL}, key=str)
    lines = [([(r, c) for c in cols], (r, TOTAL)) for r in rows]
    lines += [([(r, c) for r in rows], (TOTAL, c)) for c in cols]
    lines.append(([(r, TOTAL) for r in rows], (TOTAL, TOTAL)))
    lines.append(([(TOTAL, c) for c in cols], (TOTAL, TOTAL)))
    unknowns = sorted(hidden, key=str)
    if not unknowns:
        return set()
    index = {k: i for i, k in enumerate(unknowns)}
    matrix = []
    for members, total in lines:
        row = [Fraction(0)] * len(unknowns)
        for k in members:
            if k in index:
                row[index[k]] += 1
        if total in index:
            row[index[total]] -= 1
        if any(row):
            matrix.append(row)
    if not matrix:
        return set(unknowns)
    pivots = _row_reduce(matrix)
    free = set(range(len(unknowns))) - {col for col, _row in pivots}
    return {unknowns[col] for col, row in pivots if all(matrix[row][f] == 0 for f in free)}


def _row_reduce(matrix) -> list[tuple[int, int]]:
    """Reduce `matrix` (lists of Fractions) in place to reduced row echelon form; [(pivot column, row)]."""
    pivots, r = [], 0
    n_cols = len(matrix[0]) if matrix else 0
    for col in range(n_cols):
        pivot = next((i for i in range(r, len(matrix)) if matrix[i][col] != 0), None)
        if pivot is None:
            continue
        matrix[r], matrix[pivot] = matrix[pivot], matrix[r]
        lead = matrix[r][col]
        matrix[r] = [x / lead for x in matrix[r]]
        for i in range(len(matrix)):
            if i != r and matrix[i][col] != 0:
                factor = matrix[i][col]
                matrix[i] = [a - factor * b for a, b in zip(matrix[i], matrix[r], strict=True)]
        pivots.append((col, r))
        r += 1
        if r == len(matrix):
            break
    return pivots
