"""The clock fixtures of tests/sla serve the workflow stories too."""

from tests.sla.conftest import clock_policies, frozen, special_team

__all__ = ["clock_policies", "frozen", "special_team"]
