"""The noise tests themselves, without a database."""

from __future__ import annotations

import pytest

from complaintdesk.learning.stats import ALPHA, poisson_rates, two_proportions


def test_thirty_to_ten_a_month_is_beyond_noise() -> None:
    result = poisson_rates(before=30, after=10, exposure_before=30, exposure_after=30, scale=30)
    assert (result.before, result.after) == (30, 10)
    assert result.change == pytest.approx(-2 / 3)
    assert result.p_value is not None and result.p_value < ALPHA
    assert result.beyond_noise


def test_three_to_two_a_month_is_within_noise() -> None:
    result = poisson_rates(before=3, after=2, exposure_before=30, exposure_after=30, scale=30)
    assert result.p_value is not None and result.p_value > 0.5
    assert not result.beyond_noise


def test_unequal_exposure_is_a_rate_not_a_count() -> None:
    # 20 complaints on 10,000 orders, then 20 on 20,000: the rate halved, beyond noise only
    # because the exposure doubled; the conditional binomial takes p0 = 2/3.
    result = poisson_rates(
        before=20, after=20, exposure_before=10_000, exposure_after=20_000, scale=1000
    )
    assert (result.before, result.after) == (2.0, 1.0)
    assert result.p_value == pytest.approx(0.0294, abs=0.0005)
    assert result.beyond_noise


def test_no_complaints_either_side_cannot_be_tested() -> None:
    result = poisson_rates(before=0, after=0, exposure_before=30, exposure_after=30)
    assert result.p_value is None and not result.beyond_noise


def test_refund_rate_falling_from_40_to_20_percent_of_100_is_beyond_noise() -> None:
    result = two_proportions(hits_before=40, n_before=100, hits_after=20, n_after=100)
    assert result.p_value == pytest.approx(0.00203, abs=1e-4)
    assert result.beyond_noise


def test_refund_rate_4_of_10_to_3_of_10_is_within_noise() -> None:
    result = two_proportions(hits_before=4, n_before=10, hits_after=3, n_after=10)
    assert not result.beyond_noise


def test_bad_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        two_proportions(hits_before=5, n_before=3, hits_after=0, n_after=1)
    with pytest.raises(ValueError):
        poisson_rates(before=-1, after=0, exposure_before=1, exposure_after=1)
