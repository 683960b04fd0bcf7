"""Triage: category, demand, priority, risk, sentiment, industry and batches for complaints.

``complaintdesk.triage.nlp`` is pure Python (no Django); services that apply its results to
complaints live next to it.
"""
