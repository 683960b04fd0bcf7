"""Latent semantic features learnt from large real Chinese corpora (LSA).

A TF-IDF of character 1–3-grams is fitted on about 73,000 real texts from ``../shared/data``
(food-delivery, shopping and hotel reviews, citizen messages to government, microblog posts)
and reduced by a truncated SVD.  Texts that use different words for the same thing land near
each other in the reduced space, which the n-grams of the small labelled set cannot learn.
Classifiers may append the first ``lsa_dims`` dimensions (l2-normalised, times ``lsa_weight``)
to their n-gram features; dimensions and weight are chosen by cross-validation on the train
split (:mod:`tuning`).

No label of any corpus is used, and no corpus text is stored: the artifact holds the n-gram
vocabulary, its IDF weights and the projection matrix (float16).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import joblib
import numpy as np

from complaintdesk.triage.nlp.grams import char_gram_table, tfidf_rows
from complaintdesk.triage.nlp.text import normalize

LSA_FORMAT = 1
SHIPPED_DIR = Path(__file__).resolve().parents[1] / "models"
NGRAMS = (1, 3)  # the classifiers' n-grams, so both read one cached table of a batch


@dataclass
class LsaProjection:
    """Vocabulary, IDF and SVD components: text → dense semantic vector."""

    vocabulary: dict[str, int]
    idf: np.ndarray  # float32, one per vocabulary entry
    components: np.ndarray  # (dims, vocabulary) float32
    info: dict[str, Any] = field(default_factory=dict)
    # The last batch projected on every dimension: the models of one pipeline call share it.
    _last: tuple[tuple[str, ...], np.ndarray] | None = field(default=None, repr=False)

    @property
    def dims(self) -> int:
        return int(self.components.shape[0])

    def transform(self, texts: Sequence[str], dims: int) -> np.ndarray:
        """The first ``dims`` LSA dimensions of each text, l2-normalised (rows of zeros stay)."""
        normalised = tuple(normalize(t) for t in texts)
        last = self._last
        if last is not None and last[0] == normalised:
            projected = last[1]
        else:
            table = char_gram_table(normalised, NGRAMS[0], NGRAMS[1])
            matrix = tfidf_rows(table, self.vocabulary, self.idf)
            projected = np.asarray(matrix @ self.components.T, dtype=np.float32)
            self._last = (normalised, projected)
        dense = projected[:, :dims]
        norms = np.linalg.norm(dense, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return dense / norms

    def truncated(self, dims: int) -> LsaProjection:
        return LsaProjection(self.vocabulary, self.idf, self.components[:dims], dict(self.info))

    def save(self, path: Path) -> Path:
        payload = {
            "format": LSA_FORMAT,
            "vocabulary": self.vocabulary,
            "idf": self.idf.astype(np.float32),
            "components": self.components.astype(np.float16),
            "info": self.info,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(payload, path, compress=3)
        return path

    @classmethod
    def load(cls, path: Path) -> LsaProjection:
        payload = joblib.load(path)
        if payload.get("format") != LSA_FORMAT:
            raise ValueError(f"{path}: unsupported LSA format {payload.get('format')!r}")
        return cls(
            vocabulary=dict(payload["vocabulary"]),
            idf=np.asarray(payload["idf"], dtype=np.float32),
            components=np.asarray(payload["components"], dtype=np.float32),
            info=dict(payload.get("info") or {}),
        )


def fit_lsa(
    texts: Sequence[str], *, dims: int = 200, max_features: int = 20000, seed: int = 42
) -> LsaProjection:
    """Fit TF-IDF (character 1–3-grams, min_df 3) and a randomized truncated SVD."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    started = time.perf_counter()
    normalised = [normalize(t) for t in dict.fromkeys(texts) if t.strip()]
    vectorizer = TfidfVectorizer(
        analyzer="char",
        ngram_range=NGRAMS,
        sublinear_tf=True,
        min_df=3,
        max_features=max_features,
        lowercase=False,
        dtype=np.float32,
    )
    matrix = vectorizer.fit_transform(normalised)
    svd = TruncatedSVD(dims, algorithm="randomized", n_iter=5, random_state=seed).fit(matrix)
    return LsaProjection(
        vocabulary={str(k): int(v) for k, v in vectorizer.vocabulary_.items()},
        idf=np.asarray(vectorizer.idf_, dtype=np.float32),
        components=np.asarray(svd.components_, dtype=np.float32),
        info={
            "texts": len(normalised),
            "vocabulary": len(vectorizer.vocabulary_),
            "dims": dims,
            "explained_variance": round(float(svd.explained_variance_ratio_.sum()), 4),
            "fit_seconds": round(time.perf_counter() - started, 1),
        },
    )


def corpus_texts(data: Path) -> tuple[list[str], dict[str, int]]:
    """The unlabelled real texts the projection is fitted on, and how many from each corpus."""
    from complaintdesk.triage.nlp.corpora import (
        load_gov_messages,
        load_online_shopping,
        load_waimai,
        load_weibo_anger,
    )
    from complaintdesk.triage.nlp.evaluate import read_rows

    reviews = data / "sophonplus-reviews"
    gov = data / "tipdm2020-gov-messages"
    parts: dict[str, list[str]] = {
        "waimai_10k": load_waimai(data)[0],
        "online_shopping_10_cats": load_online_shopping(data)[0],
        "ChnSentiCorp_htl_all": [
            str(r["review"]) for r in read_rows(reviews / "ChnSentiCorp_htl_all.csv") if r["review"]
        ],
        "gov_messages": load_gov_messages(data, field="both")[0]
        + [f"{r['留言主题']} {r['留言详情']}" for r in read_rows(gov / "fj4_messages_replies.csv")],
        "simplifyweibo_5_moods": load_weibo_anger(data)[0],
    }
    texts = [t for part in parts.values() for t in part]
    return texts, {name: len(part) for name, part in parts.items()}


@lru_cache(maxsize=4)
def load_lsa(name: str, directory: str = str(SHIPPED_DIR)) -> LsaProjection:
    """The projection ``name`` from ``directory`` (else the shipped models folder), once."""
    for folder in (Path(directory), SHIPPED_DIR):
        if (folder / name).exists():
            return LsaProjection.load(folder / name)
    raise FileNotFoundError(f"LSA artifact {name!r} not found in {directory} or {SHIPPED_DIR}")
