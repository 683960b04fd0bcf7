"""Disputes between a customer and a respondent: evidence periods, rulings, appeals with an
independent review, and conflicts of interest (回避)."""
