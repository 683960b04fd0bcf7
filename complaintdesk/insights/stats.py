"""Pure statistics of the insights app: percentiles of counted values and the spike test.

No Django here (an import-linter contract keeps it so): the functions take plain numbers, are
tested without a database and are reused by the benchmark.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


def percentile_from_counts(counts: Iterable[tuple[float, int]], q: float) -> float | None:
    """The ``q`` quantile (0 ≤ q ≤ 1) of values given as ``(value, how many)`` pairs, by
    linear interpolation between the two closest ranks (numpy's default ``linear``
    method): with the values sorted as x[0..n-1], h = (n − 1)·q and the result is
    x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]). ``None`` when there are no values.

    The values need not be expanded: a million resolution times stored in whole working
    minutes are a few thousand pairs."""
    if not 0 <= q <= 1:
        raise ValueError("q must lie between 0 and 1")
    pairs = sorted((value, n) for value, n in counts if n > 0)
    total = sum(n for _, n in pairs)
    if total == 0:
        return None
    h = (total - 1) * q
    low_rank = math.floor(h)
    fraction = h - low_rank
    low = _value_at_rank(pairs, low_rank)
    if fraction == 0:
        return float(low)
    high = _value_at_rank(pairs, low_rank + 1)
    return float(low + fraction * (high - low))


def _value_at_rank(pairs: Sequence[tuple[float, int]], rank: int) -> float:
    seen = 0
    for value, n in pairs:
        seen += n
        if rank < seen:
            return value
    return pairs[-1][0]


def share(part: int, whole: int) -> float | None:
    """``part / whole`` or ``None`` when nothing was counted."""
    return part / whole if whole else None


# --- spikes ---------------------------------------------------------------------------------

#: Fewer complaints than this in a day never raise an alert, whatever the baseline.
MIN_COUNT = 5
#: The upper-tail probability below which a day's count is a spike.
ALPHA = 0.001
#: Weight of the most recent day in the exponentially weighted baseline.
EWMA_WEIGHT = 0.3
#: A baseline is never taken below this many complaints a day (a series quiet for weeks).
BASELINE_FLOOR = 0.5


def ewma(values: Sequence[float], weight: float = EWMA_WEIGHT) -> float:
    """Exponentially weighted moving average of ``values`` (oldest first), started at their
    plain mean so that a short history does not start from zero."""
    if not values:
        return 0.0
    level = sum(values) / len(values)
    for value in values:
        level = weight * value + (1 - weight) * level
    return level


def poisson_upper_tail(k: int, mean: float) -> float:
    """P(X ≥ k) for X ~ Poisson(mean), exact, without scipy: summed upwards from k when k is
    above the mean (so a tiny tail is not lost in 1 − almost 1), else as 1 − P(X < k)."""
    if k <= 0:
        return 1.0
    if mean <= 0:
        return 0.0
    log_mean = math.log(mean)
    if k > mean:
        total, i = 0.0, k
        log_term = -mean + k * log_mean - math.lgamma(k + 1)
        while True:
            term = math.exp(log_term)
            total += term
            if term <= total * 1e-16:
                return min(total, 1.0)
            i += 1
            log_term += log_mean - math.log(i)
    below = sum(math.exp(-mean + i * log_mean - math.lgamma(i + 1)) for i in range(k))
    return max(0.0, 1.0 - below)


@dataclass(frozen=True)
class SpikeVerdict:
    count: int
    expected: float
    p_value: float
    is_spike: bool


def spike_test(
    count: int,
    history: Sequence[int],
    *,
    min_count: int = MIN_COUNT,
    alpha: float = ALPHA,
    weight: float = EWMA_WEIGHT,
) -> SpikeVerdict:
    """Is today's ``count`` a spike against its own ``history`` (daily counts, oldest first)?

    The expected count is the EWMA of the history (at least ``BASELINE_FLOOR``); the day is a
    spike when the count reaches ``min_count`` and a Poisson variable with that mean would
    reach the count with probability below ``alpha``. The Poisson tail is exact for small
    counts, where a normal approximation (a z-score) would alarm on noise."""
    expected = max(ewma([float(v) for v in history], weight), BASELINE_FLOOR)
    p_value = poisson_upper_tail(count, expected)
    return SpikeVerdict(
        count=count,
        expected=expected,
        p_value=p_value,
        is_spike=count >= min_count and p_value < alpha,
    )
