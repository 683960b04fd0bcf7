"""Loaders of ../shared/data.

These skip with a reason when the shared folder is absent (it is not part of the repository).
"""

import pytest

from complaintdesk.triage.nlp import benchmarks
from complaintdesk.triage.nlp.corpora import (
    load_cfpb,
    load_gov_messages,
    load_online_shopping,
    load_waimai,
    shared_data_dir,
)

DATA = shared_data_dir()
needs_data = pytest.mark.skipif(DATA is None, reason="../shared/data is absent")


@needs_data
def test_loaders_return_deduplicated_string_labels():
    texts, labels = load_waimai(DATA)
    assert len(texts) == len(set(texts)) > 9000
    assert set(labels) == {"0", "1"}
    _, categories = load_online_shopping(DATA, label="0")
    assert len(set(categories)) == 10
    _, gov = load_gov_messages(DATA)
    assert len(set(gov)) == 7
    _, products = load_cfpb(DATA)
    assert len(set(products)) == 4


def test_corpus_figures_skip_cleanly_without_the_shared_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("COMPLAINTDESK_SHARED_DATA", str(tmp_path / "absent"))
    assert shared_data_dir() is None
    assert "skipped" in benchmarks.corpus_figures(quick=True)
