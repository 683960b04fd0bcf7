"""Pure triage NLP: text normalisation, classifiers, risk rules, sentiment, priority, batches.

Nothing in this package imports Django (an import-linter contract enforces it), so every piece
can be trained, evaluated and tested without a database.  Entry points:

- :func:`complaintdesk.triage.nlp.pipeline.triage_text` / ``triage_texts`` for inference;
- :mod:`complaintdesk.triage.nlp.training` for ``train`` / ``evaluate`` / ``should_activate``;
- :mod:`complaintdesk.triage.nlp.batches` and :mod:`~complaintdesk.triage.nlp.similar`.
"""
