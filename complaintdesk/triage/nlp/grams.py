"""Batches of texts as n-gram tables, and their TF-IDF rows, built with numpy for the whole
batch: the same grams and weights as scikit-learn's ``TfidfVectorizer`` forms, without its
per-text Python loop. The classifier and the LSA projection both score through these."""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial

import numpy as np
from scipy import sparse

from complaintdesk.triage.nlp.text import request_clauses, tokenize


@dataclass(frozen=True)
class GramTable:
    """The n-grams of a batch of texts: unique grams once, occurrences as indices into them.

    Character tables name each gram by an integer key (:func:`gram_key`) in ``keys``
    instead of by its string in ``grams``, so the whole table is built with numpy.
    """

    grams: list[str]
    ids: np.ndarray  # per (text, gram): index into ``grams`` (or ``keys``)
    counts: np.ndarray  # per (text, gram): how often the gram occurs in the text
    indptr: np.ndarray  # row pointers into ``ids`` / ``counts``
    keys: np.ndarray | None = None  # sorted int64 keys of the distinct grams (char tables)


_KEY_BITS = 21  # every Unicode code point + 1 fits in 21 bits; three of them in an int64


def gram_key(gram: str) -> int:
    """The integer that names a character 1–3-gram: its code points + 1, 21 bits each."""
    key = 0
    for char in gram:
        key = (key << _KEY_BITS) | (ord(char) + 1)
    return key


def char_key_table(texts: Sequence[str], low: int, high: int) -> GramTable:
    """Character ``low``–``high``-gram counts of every text (``high`` ≤ 3), as
    ``TfidfVectorizer(analyzer="char")`` forms them, computed with numpy for the whole batch."""
    if high > 3:
        raise ValueError("integer gram keys hold at most three characters")
    cleaned = [_SPACES.sub(" ", text) for text in texts]
    n_rows = len(cleaned)
    lengths = np.fromiter(map(len, cleaned), dtype=np.int64, count=n_rows)
    encoded = "".join(cleaned).encode("utf-32-le", "surrogatepass")
    points = np.frombuffer(encoded, dtype=np.uint32).astype(np.int64) + 1
    row_of = np.repeat(np.arange(n_rows, dtype=np.int64), lengths)
    ends = np.repeat(np.cumsum(lengths), lengths)  # where each character's text ends
    left = ends - np.arange(len(points), dtype=np.int64)  # characters left, itself included
    key_parts: list[np.ndarray] = []
    row_parts: list[np.ndarray] = []
    for size in range(low, high + 1):
        starts = np.flatnonzero(left >= size)
        key = np.zeros(len(starts), dtype=np.int64)
        for offset in range(size):
            key = (key << _KEY_BITS) | points[starts + offset]
        key_parts.append(key)
        row_parts.append(row_of[starts])
    all_keys = np.concatenate(key_parts) if key_parts else np.zeros(0, dtype=np.int64)
    all_rows = np.concatenate(row_parts) if row_parts else np.zeros(0, dtype=np.int64)
    keys, inverse = np.unique(all_keys, return_inverse=True)
    pairs, counts = np.unique(all_rows * max(1, len(keys)) + inverse, return_counts=True)
    rows = pairs // max(1, len(keys))
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_rows), out=indptr[1:])
    return GramTable(
        grams=[],
        ids=pairs % max(1, len(keys)),
        counts=counts.astype(np.float32),
        indptr=indptr,
        keys=keys,
    )


class _KeyIndex:
    """A vocabulary of character grams as sorted integer keys and their columns."""

    def __init__(self, vocabulary: dict[str, int]) -> None:
        keys = np.fromiter(map(gram_key, vocabulary), dtype=np.int64, count=len(vocabulary))
        columns = np.fromiter(vocabulary.values(), dtype=np.int64, count=len(vocabulary))
        order = np.argsort(keys)
        self.keys = keys[order]
        self.columns = columns[order]

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        """Column of each key, -1 when the vocabulary does not hold it."""
        if not len(self.keys):
            return np.full(len(keys), -1, dtype=np.int64)
        position = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        return np.where(self.keys[position] == keys, self.columns[position], -1)


_key_indexes: dict[int, tuple[dict[str, int], _KeyIndex]] = {}


def _key_index(vocabulary: dict[str, int]) -> _KeyIndex:
    """The key index of ``vocabulary``, built once (a few recent vocabularies are kept)."""
    cached = _key_indexes.get(id(vocabulary))
    if cached is not None and cached[0] is vocabulary:
        return cached[1]
    index = _KeyIndex(vocabulary)
    if len(_key_indexes) >= 16:
        _key_indexes.pop(next(iter(_key_indexes)))
    _key_indexes[id(vocabulary)] = (vocabulary, index)
    return index


def build_gram_table(texts: Sequence[str], count_grams: Callable[[str], Counter[str]]) -> GramTable:
    index: dict[str, int] = {}
    ids: list[int] = []
    counts: list[int] = []
    indptr = [0]
    for text in texts:
        for gram, count in count_grams(text).items():
            ids.append(index.setdefault(gram, len(index)))
            counts.append(count)
        indptr.append(len(ids))
    return GramTable(
        grams=list(index),
        ids=np.asarray(ids, dtype=np.int64),
        counts=np.asarray(counts, dtype=np.float32),
        indptr=np.asarray(indptr, dtype=np.int64),
    )


def token_gram_table(token_lists: Sequence[Sequence[str]], low: int, high: int) -> GramTable:
    """Word ``low``–``high``-gram counts of every text's tokens, as a word ``TfidfVectorizer``
    forms them (an n-gram is its words joined by one space), computed with numpy for the whole
    batch: each word becomes an integer once, each n-gram a key of its words' integers, and
    only the batch's distinct n-grams become strings."""
    words: dict[str, int] = {}
    flat = np.fromiter(
        (words.setdefault(token, len(words)) for tokens in token_lists for token in tokens),
        dtype=np.int64,
    )
    n_rows = len(token_lists)
    lengths = np.fromiter(map(len, token_lists), dtype=np.int64, count=n_rows)
    base = max(1, len(words))
    if high > 1 and base**high >= 2**63:
        raise ValueError("too many distinct words for integer n-gram keys")
    row_of = np.repeat(np.arange(n_rows, dtype=np.int64), lengths)
    left = np.repeat(np.cumsum(lengths), lengths) - np.arange(len(flat), dtype=np.int64)
    key_parts, row_parts, size_parts = [], [], []
    for size in range(low, high + 1):
        starts = np.flatnonzero(left >= size)
        key = np.zeros(len(starts), dtype=np.int64)
        for offset in range(size):
            key = key * base + flat[starts + offset]
        key_parts.append(key)
        row_parts.append(row_of[starts])
        size_parts.append(np.full(len(starts), size, dtype=np.int64))
    all_keys = np.concatenate(key_parts) if key_parts else np.zeros(0, dtype=np.int64)
    all_sizes = np.concatenate(size_parts) if size_parts else np.zeros(0, dtype=np.int64)
    # A gram's size and its key together name it: the key alone would not tell a one-word
    # gram from a two-word one whose first word is word 0.
    named = all_keys * (high + 1) + all_sizes if high > 1 else all_keys
    distinct, first, inverse = np.unique(named, return_index=True, return_inverse=True)
    all_rows = np.concatenate(row_parts) if row_parts else np.zeros(0, dtype=np.int64)
    width = max(1, len(distinct))
    pairs, counts = np.unique(all_rows * width + inverse, return_counts=True)
    rows = pairs // width
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_rows), out=indptr[1:])
    vocabulary = list(words)
    grams = []
    for key, size in zip(all_keys[first].tolist(), all_sizes[first].tolist(), strict=True):
        parts = []
        for _ in range(size):
            key, word = divmod(key, base)
            parts.append(vocabulary[word])
        grams.append(" ".join(reversed(parts)))
    return GramTable(
        grams=grams, ids=pairs % width, counts=counts.astype(np.float32), indptr=indptr
    )


@lru_cache(maxsize=4)
def char_gram_table(texts: tuple[str, ...], low: int, high: int) -> GramTable:
    """Cached per batch, so the pipeline's models share one pass over the texts."""
    if high <= 3:
        return char_key_table(texts, low, high)
    return build_gram_table(texts, partial(char_gram_counts, low=low, high=high))


def tfidf_rows(table: GramTable, vocabulary: dict[str, int], idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear, l2-normalised TF-IDF rows, as ``TfidfVectorizer(sublinear_tf=True)`` gives.

    Vocabulary lookups happen once per distinct gram of the batch, not once per occurrence.
    """
    n_rows = len(table.indptr) - 1
    if table.keys is not None:
        lookup = _key_index(vocabulary).lookup(table.keys)
    else:
        lookup = np.fromiter(
            (vocabulary.get(gram, -1) for gram in table.grams),
            dtype=np.int64,
            count=len(table.grams),
        )
    columns = lookup[table.ids] if table.ids.size else table.ids
    keep = columns >= 0
    rows = np.repeat(np.arange(n_rows), np.diff(table.indptr))[keep]
    columns = columns[keep]
    data = ((1.0 + np.log(table.counts[keep])) * idf[columns]).astype(np.float32)
    counts = np.bincount(rows, minlength=n_rows)
    norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=n_rows))
    norms[norms == 0] = 1.0
    data /= norms[rows].astype(np.float32)
    indptr = np.zeros(n_rows + 1, dtype=np.int32)
    np.cumsum(counts, out=indptr[1:])
    # Columns stay in the batch's gram order within a row: no consumer needs them sorted.
    return sparse.csr_matrix(
        (data, columns.astype(np.int32), indptr), shape=(n_rows, len(idf)), copy=False
    )


_SPACES = re.compile(r"\s\s+")


@lru_cache(maxsize=16384)
def char_gram_counts(text: str, low: int, high: int) -> Counter[str]:
    """Character n-gram counts exactly as ``TfidfVectorizer(analyzer="char")`` forms them."""
    text = _SPACES.sub(" ", text)
    length = len(text)
    grams: Counter[str] = Counter()
    for size in range(low, min(high, length) + 1):
        grams.update(text[i : i + size] for i in range(length - size + 1))
    return grams


@lru_cache(maxsize=4)
def word_gram_table(texts: tuple[str, ...], low: int, high: int) -> GramTable:
    """The jieba word n-grams of a batch as a model's word branch forms them, cached per batch
    like :func:`char_gram_table`: segmenting is the slow part, and the models that use words
    share one segmentation of the texts."""
    return token_gram_table([tokenize(text) for text in texts], low, high)


def request_gram_table(texts: tuple[str, ...], low: int, high: int) -> GramTable:
    """The character grams of each text's request clauses (:func:`text.request_clauses`)."""
    return char_gram_table(tuple(map(request_clauses, texts)), low, high)


def weighted(block: sparse.csr_matrix, weight: float) -> sparse.csr_matrix:
    """A feature block scaled as ``FeatureUnion(transformer_weights=...)`` scales it (a new
    matrix: the block may be shared by other models, see :func:`shared_tfidf_rows`)."""
    if weight != 1.0:
        return block * np.float32(weight)
    return block


# The TF-IDF rows of the last few batch tables, per vocabulary: models that hold the same
# vocabulary and IDF (``classifier`` gives equal ones to models fitted alike) share them. A
# chunk of the pipeline needs four: characters, request clauses, words, blanked characters.
_BATCHES_KEPT = 4
_rows_of_batch: dict[tuple[int, int, int], tuple[object, ...]] = {}
_rows_lock = threading.Lock()


def shared_tfidf_rows(
    table: GramTable, vocabulary: dict[str, int], idf: np.ndarray
) -> sparse.csr_matrix:
    """:func:`tfidf_rows`, computed once per batch table and vocabulary (callers do not change
    the matrix)."""
    key = (id(table), id(vocabulary), id(idf))
    kept = _rows_of_batch.get(key)
    if kept is not None and kept[0] is table and kept[1] is vocabulary and kept[2] is idf:
        rows = kept[3]
        assert isinstance(rows, sparse.csr_matrix)
        return rows
    rows = tfidf_rows(table, vocabulary, idf)
    with _rows_lock:
        while len(_rows_of_batch) >= _BATCHES_KEPT:
            _rows_of_batch.pop(next(iter(_rows_of_batch)))
        _rows_of_batch[key] = (table, vocabulary, idf, rows)
    return rows
