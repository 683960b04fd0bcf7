"""The pure statistics: percentiles from counted values and the spike test (no database)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from complaintdesk.insights import stats


def test_median_of_an_odd_and_an_even_count():
    assert stats.percentile_from_counts([(9, 1), (2, 1), (4, 1)], 0.5) == 4
    assert stats.percentile_from_counts([(1, 1), (2, 1), (3, 1), (10, 1)], 0.5) == 2.5


def test_p90_interpolates_between_ranks():
    assert stats.percentile_from_counts([(1, 1), (2, 1), (3, 1), (10, 1)], 0.9) == pytest.approx(
        7.9
    )


def test_nothing_counted_has_no_percentile():
    assert stats.percentile_from_counts([], 0.5) is None
    assert stats.percentile_from_counts([(5, 0)], 0.5) is None


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=60),
       st.floats(min_value=0, max_value=1))
def test_counted_values_give_numpys_linear_percentile(values, q):
    import numpy

    counts: dict[int, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    expected = float(numpy.percentile(values, q * 100))
    assert stats.percentile_from_counts(counts.items(), q) == pytest.approx(expected, abs=1e-6)


def test_poisson_tail_matches_the_sum_of_the_mass():
    mean, k = 2.5, 6
    direct = 1 - sum(math.exp(-mean) * mean**i / math.factorial(i) for i in range(k))
    assert stats.poisson_upper_tail(k, mean) == pytest.approx(direct, rel=1e-9)
    assert stats.poisson_upper_tail(0, 3.0) == 1.0


def test_a_flat_series_is_no_spike():
    for level in (1, 5, 20, 100):
        assert not stats.spike_test(level, [level] * 28).is_spike


def test_twelve_against_a_baseline_of_one_is_a_spike():
    verdict = stats.spike_test(12, [1] * 28)
    assert verdict.is_spike and verdict.expected == pytest.approx(1.0)
    assert verdict.p_value < 1e-8


def test_below_the_minimum_count_nothing_is_raised():
    assert not stats.spike_test(4, [0] * 28).is_spike


def test_a_rising_but_ordinary_day_is_no_spike():
    assert not stats.spike_test(14, [10] * 28).is_spike


def test_the_baseline_follows_recent_days():
    # a series that moved up to 10 a day a week ago: 14 today is ordinary
    assert not stats.spike_test(14, [1] * 21 + [10] * 7).is_spike
