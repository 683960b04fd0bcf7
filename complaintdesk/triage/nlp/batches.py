"""Batch incidents: complaints from different customers describing the same fault, close in time.

Texts become character 2–3-gram and jieba word TF-IDF vectors whose IDF is fitted on the
complaints plus a background of ordinary complaints (the product's labelled set by default),
so words every complaint uses ("退款", "客服") weigh little and the words of the fault weigh a
lot.  Two complaints are linked when the mean of both cosine similarities reaches
``threshold`` and they arrived within ``window`` of each other; groups are the connected
components.  A group is a batch when it holds at least ``min_customers`` distinct customers:
several complaints from one customer are linked into the group but counted once
(``duplicate_ids``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from complaintdesk.triage.nlp.corpora import LABELLED_CSV, load_labelled_set
from complaintdesk.triage.nlp.text import normalize, tokenize


@dataclass(frozen=True)
class BatchItem:
    id: str
    text: str
    received_at: datetime
    customer_id: str | None = None


@dataclass(frozen=True)
class BatchGroup:
    """One batch incident."""

    ids: tuple[str, ...]
    customer_count: int
    duplicate_ids: tuple[str, ...]
    first_at: datetime
    last_at: datetime
    terms: tuple[str, ...]

    @property
    def size(self) -> int:
        """Counted complaints: one per distinct customer."""
        return self.customer_count


@lru_cache(maxsize=1)
def background_texts() -> tuple[str, ...]:
    """Ordinary complaints used to learn which n-grams are common (empty if unavailable)."""
    if not LABELLED_CSV.exists():
        return ()
    texts, _ = load_labelled_set("category")
    return tuple(normalize(t) for t in texts)


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, node: int) -> int:
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


def _similarity(
    texts: list[str], background: Sequence[str]
) -> tuple[sparse.coo_matrix, sparse.csr_matrix, np.ndarray]:
    """Mean of character 2–3-gram and word cosine similarities; word matrix and names."""
    corpus = [*texts, *background]
    chars = TfidfVectorizer(
        analyzer="char", ngram_range=(2, 3), sublinear_tf=True, lowercase=False, dtype=np.float32
    ).fit(corpus)
    words = TfidfVectorizer(
        tokenizer=tokenize,
        token_pattern=None,
        lowercase=False,
        sublinear_tf=True,
        dtype=np.float32,
    ).fit(corpus)
    char_matrix = sparse.csr_matrix(chars.transform(texts))
    word_matrix = sparse.csr_matrix(words.transform(texts))
    similarity = 0.5 * (char_matrix @ char_matrix.T) + 0.5 * (word_matrix @ word_matrix.T)
    return sparse.coo_matrix(similarity), word_matrix, np.asarray(words.get_feature_names_out())


def _top_terms(matrix: sparse.csr_matrix, members: list[int], names: np.ndarray) -> tuple[str, ...]:
    weights = np.asarray(matrix[members].sum(axis=0)).ravel()
    present = np.asarray((matrix[members] > 0).sum(axis=0)).ravel()
    # Prefer n-grams most members share, then weight; drop ones contained in a better one.
    order = np.lexsort((-weights, -present))
    terms: list[str] = []
    for index in order[:40]:
        term = str(names[index]).strip()
        if len(term) < 2 or any(term in t or t in term for t in terms):
            continue
        terms.append(term)
        if len(terms) == 5:
            break
    return tuple(terms)


def find_batches(
    items: Sequence[BatchItem],
    *,
    window: timedelta = timedelta(hours=48),
    threshold: float = 0.12,
    min_customers: int = 3,
    background: Sequence[str] | None = None,
) -> list[BatchGroup]:
    """Batch groups among ``items``, largest first."""
    if len(items) < 2:
        return []
    texts = [normalize(item.text) for item in items]
    similarity, matrix, names = _similarity(
        texts, background_texts() if background is None else background
    )
    times = [item.received_at for item in items]
    links = _UnionFind(len(items))
    for a, b, score in zip(similarity.row, similarity.col, similarity.data, strict=True):
        if a < b and score >= threshold and abs(times[a] - times[b]) <= window:
            links.union(int(a), int(b))
    components: dict[int, list[int]] = {}
    for index in range(len(items)):
        components.setdefault(links.find(index), []).append(index)
    groups = []
    for members in components.values():
        group = _make_group(items, members, matrix, names, min_customers)
        if group is not None:
            groups.append(group)
    groups.sort(key=lambda g: (-g.customer_count, g.first_at))
    return groups


def _make_group(
    items: Sequence[BatchItem],
    members: list[int],
    matrix: sparse.csr_matrix,
    names: np.ndarray,
    min_customers: int,
) -> BatchGroup | None:
    ordered = sorted(members, key=lambda i: items[i].received_at)
    seen_customers: set[str] = set()
    duplicates: list[str] = []
    for index in ordered:
        item = items[index]
        customer = item.customer_id or f"item:{item.id}"
        if customer in seen_customers:
            duplicates.append(item.id)
        seen_customers.add(customer)
    if len(seen_customers) < min_customers:
        return None
    return BatchGroup(
        ids=tuple(items[i].id for i in ordered),
        customer_count=len(seen_customers),
        duplicate_ids=tuple(duplicates),
        first_at=items[ordered[0]].received_at,
        last_at=items[ordered[-1]].received_at,
        terms=_top_terms(matrix, ordered, names),
    )
