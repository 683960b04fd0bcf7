"""Desk views, one module per responsibility: queues, the complaint page, actions on one
complaint, bulk actions, the team view."""
