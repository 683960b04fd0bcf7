"""Nearest resolved complaints: character n-gram TF-IDF cosine, top-k with scores.

Build a :class:`SimilarIndex` from resolved complaints (ids and texts), then ask it for the
cases closest to a new complaint.  The index is a sparse matrix held in memory; at 100,000
cases a query is one sparse matrix-vector product.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from complaintdesk.triage.nlp.text import normalize


@dataclass(frozen=True)
class SimilarCase:
    id: str
    score: float


class SimilarIndex:
    """Cosine-similarity index over resolved complaints."""

    def __init__(self, ids: Sequence[str], texts: Sequence[str]) -> None:
        if len(ids) != len(texts):
            raise ValueError("ids and texts differ in length")
        self.ids = [str(i) for i in ids]
        self.vectorizer = TfidfVectorizer(
            analyzer="char",
            ngram_range=(1, 3),
            sublinear_tf=True,
            lowercase=False,
            min_df=1,
            dtype=np.float32,
        )
        normalised = [normalize(t) for t in texts]
        self.matrix = (
            sparse.csr_matrix(self.vectorizer.fit_transform(normalised))
            if normalised
            else sparse.csr_matrix((0, 0), dtype=np.float32)
        )

    def __len__(self) -> int:
        return len(self.ids)

    def query(
        self, text: str, *, k: int = 5, min_score: float = 0.0, exclude: Sequence[str] = ()
    ) -> list[SimilarCase]:
        """The ``k`` most similar cases with cosine scores in [0, 1], best first."""
        return self.query_many([text], k=k, min_score=min_score, exclude=exclude)[0]

    def query_many(
        self,
        texts: Sequence[str],
        *,
        k: int = 5,
        min_score: float = 0.0,
        exclude: Sequence[str] = (),
    ) -> list[list[SimilarCase]]:
        if not self.ids:
            return [[] for _ in texts]
        vectors = self.vectorizer.transform([normalize(t) for t in texts])
        scores = np.asarray((vectors @ self.matrix.T).toarray())
        skip = set(exclude)
        out: list[list[SimilarCase]] = []
        for row in scores:
            order = np.argsort(-row)
            found: list[SimilarCase] = []
            for index in order:
                if len(found) >= k or row[index] < min_score or row[index] <= 0:
                    break
                if self.ids[index] in skip:
                    continue
                found.append(SimilarCase(self.ids[index], round(float(row[index]), 4)))
            out.append(found)
        return out
