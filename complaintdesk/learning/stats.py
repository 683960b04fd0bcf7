"""Is a change beyond the noise of the period before? Pure functions, no Django.

Counts (complaints, or complaints per 1,000 orders) are compared as Poisson rates by the
conditional binomial test: given ``n = before + after`` events, under "no change in the rate"
each event falls in the after-period with probability ``p0 = exposure_after / (exposure_before
+ exposure_after)``; the two-sided p-value is that of ``after`` in Binomial(n, p0) (exact,
``scipy.stats.binomtest``). Exposure is the period length for counts and the number of orders
for rates per 1,000 orders.

Rates (refund rate, breach rate, share of satisfied customers) are compared by the two-sided
two-proportion z-test with the pooled proportion.

A change is *beyond noise* when the p-value is below ``ALPHA`` (0.05): a change this large
would happen less than one time in twenty if nothing had changed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.stats import binomtest, norm

ALPHA = 0.05


@dataclass(frozen=True)
class Comparison:
    before: float | None  # the metric's value before (a rate, a count, a proportion)
    after: float | None
    change: float | None  # relative: (after - before) / before; None when before is 0
    p_value: float | None  # None: not enough data to test
    beyond_noise: bool


def _relative(before: float | None, after: float | None) -> float | None:
    if before is None or after is None or before == 0:
        return None
    return (after - before) / before


def poisson_rates(
    *, before: int, after: int, exposure_before: float, exposure_after: float, scale: float = 1.0
) -> Comparison:
    """Compare two event counts over their exposures (days, or orders); ``scale`` turns the
    rate into the reported unit (e.g. 1000 for complaints per 1,000 orders, 30 for a month)."""
    if before < 0 or after < 0:
        raise ValueError("counts are never negative")
    if exposure_before <= 0 or exposure_after <= 0:
        return Comparison(None, None, None, None, beyond_noise=False)
    rate_before = before / exposure_before * scale
    rate_after = after / exposure_after * scale
    total = before + after
    if total == 0:
        return Comparison(rate_before, rate_after, None, None, beyond_noise=False)
    share = exposure_after / (exposure_before + exposure_after)
    p_value = float(binomtest(after, total, share, alternative="two-sided").pvalue)
    return Comparison(
        rate_before,
        rate_after,
        _relative(rate_before, rate_after),
        p_value,
        beyond_noise=p_value < ALPHA,
    )


def two_proportions(
    *, hits_before: int, n_before: int, hits_after: int, n_after: int
) -> Comparison:
    """Compare two proportions (hits out of n) with the pooled two-proportion z-test."""
    if not (0 <= hits_before <= n_before and 0 <= hits_after <= n_after):
        raise ValueError("hits must lie between 0 and n")
    before = hits_before / n_before if n_before else None
    after = hits_after / n_after if n_after else None
    if not n_before or not n_after:
        return Comparison(before, after, _relative(before, after), None, beyond_noise=False)
    pooled = (hits_before + hits_after) / (n_before + n_after)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n_before + 1 / n_after))
    if spread == 0:  # both all hits or both none: no difference to test
        return Comparison(before, after, _relative(before, after), 1.0, beyond_noise=False)
    assert before is not None and after is not None
    z = (after - before) / spread
    p_value = float(2 * norm.sf(abs(z)))
    return Comparison(
        before, after, _relative(before, after), p_value, beyond_noise=p_value < ALPHA
    )
