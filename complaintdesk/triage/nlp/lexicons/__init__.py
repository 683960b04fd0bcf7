"""Editable lexicons (data files) used by the triage rules."""
