"""A small, explainable text classifier: TF-IDF n-grams + a linear model.

Features are character 1–3-grams of the normalised text (sublinear TF-IDF), optionally joined
by jieba word uni/bigrams.  The model is linear (LinearSVC by default, or logistic regression,
SGD, complement naive Bayes), so every prediction can be explained by the n-grams whose
``weight × tf-idf`` contributed most to the predicted class.  Confidence is a probability:
``predict_proba`` where the model has one, else a softmax of decision scores.

Artifacts are saved with joblib next to a JSON sidecar (version, task, labels, metrics, training
data provenance, created_at).
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
import weakref
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

import joblib
import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.naive_bayes import ComplementNB
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC

from complaintdesk.triage.nlp.grams import (
    GramTable,
    build_gram_table,
    char_gram_table,
    request_gram_table,
    shared_tfidf_rows,
    weighted,
    word_gram_table,
)
from complaintdesk.triage.nlp.lsa import SHIPPED_DIR, LsaProjection, load_lsa
from complaintdesk.triage.nlp.text import normalize, request_clauses, tokenize

ARTIFACT_FORMAT = 1
MODEL_KINDS = ("svc", "logreg", "sgd", "cnb")


@dataclass(frozen=True)
class ClassifierConfig:
    """How to build the features and the model; stored in the sidecar."""

    model: str = "svc"
    char_ngrams: tuple[int, int] = (1, 3)
    words: bool = True
    max_features: int | None = 60000
    min_df: int = 2
    c: float = 0.5
    # Softmax temperature applied to SVC/SGD decision scores to get a confidence.
    temperature: float = 0.3
    class_weight: str | None = None  # "balanced" helps macro-F1 on skewed label counts
    seed: int = 42
    # Latent semantic features learnt from the real corpora (lsa.py): the artifact's name, how
    # many of its dimensions to append (0 = none) and their weight next to the n-grams.
    lsa: str = ""
    lsa_dims: int = 0
    lsa_weight: float = 1.0
    # Weight in the fit of the rows marked ``written`` (complaints in customers' own words)
    # against the template-built rows; chosen by cross-validation (tuning.py).
    written_weight: float = 1.0
    # Weight of a second character 1–3-gram view of only the clauses that carry a request
    # (:func:`text.request_clauses`); 0 = without it.  Chosen by cross-validation (demand).
    request_weight: float = 0.0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["char_ngrams"] = list(self.char_ngrams)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ClassifierConfig:
        values = dict(data)
        values["char_ngrams"] = tuple(values.get("char_ngrams", (1, 3)))
        return cls(**values)


class Prediction(NamedTuple):
    """A label with a probability-like confidence and the n-grams that argued for it (a named
    tuple: a batch makes tens of thousands of them, and a tuple is built several times faster
    than a frozen dataclass)."""

    label: str
    confidence: float
    explanation_terms: tuple[str, ...] = ()
    # The next labels the model gives at least ALTERNATIVE_FLOOR, most likely first, when the
    # caller asked for them: what a person correcting the label most often picks instead.
    alternatives: tuple[tuple[str, float], ...] = ()


# A runner-up label is offered beside the chosen one when the model gives it at least one
# chance in five.
ALTERNATIVE_FLOOR = 0.2


def runner_up_labels(
    probs: np.ndarray, labels: Sequence[str], most: int, floor: float = ALTERNATIVE_FLOOR
) -> list[tuple[tuple[str, float], ...]]:
    """Per row of ``probs``, up to ``most`` labels after the best whose probability reaches
    ``floor``, most likely first, with their probabilities (4 decimals)."""
    if probs.shape[1] < 2 or most < 1:
        return [()] * probs.shape[0]
    order = np.argsort(-probs, axis=1, kind="stable")[:, 1 : most + 1]
    values = np.take_along_axis(probs, order, axis=1)
    kept = values >= floor
    out: list[tuple[tuple[str, float], ...]] = [()] * probs.shape[0]
    for row in np.flatnonzero(kept.any(axis=1)).tolist():
        out[row] = tuple(
            (labels[int(column)], round(float(value), 4))
            for column, value, keep in zip(order[row], values[row], kept[row], strict=True)
            if keep
        )
    return out


@dataclass
class ModelInfo:
    """What the JSON sidecar records about a trained model."""

    task: str
    version: str
    labels: list[str]
    config: dict[str, Any]
    metrics: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, Any] = field(default_factory=dict)
    created_at: str = ""
    n_train: int = 0
    format: int = ARTIFACT_FORMAT


def word_tokens(text: str) -> list[str]:
    """Word analyzer of the jieba branch (module-level so it pickles; batches: grams)."""
    return tokenize(text)


def _word_analyzer_factory(ngram_range: tuple[int, int]) -> TfidfVectorizer:
    return TfidfVectorizer(
        tokenizer=word_tokens,
        preprocessor=None,
        lowercase=False,
        token_pattern=None,
        ngram_range=ngram_range,
        sublinear_tf=True,
        min_df=1,
        max_features=30000,
        dtype=np.float32,
    )


def _char_vectorizer(
    config: ClassifierConfig, preprocessor: Callable[[str], str] | None = None
) -> TfidfVectorizer:
    """Character n-gram TF-IDF as ``config`` sets it, of the text or of ``preprocessor(text)``."""
    return TfidfVectorizer(
        analyzer="char",
        preprocessor=preprocessor,
        ngram_range=config.char_ngrams,
        sublinear_tf=True,
        min_df=config.min_df,
        max_features=config.max_features,
        lowercase=False,
        dtype=np.float32,
    )


def build_features(config: ClassifierConfig) -> FeatureUnion:
    """The TF-IDF feature union described by ``config``."""
    parts: list[tuple[str, Any]] = [("char", _char_vectorizer(config))]
    if config.words:
        parts.append(("word", _word_analyzer_factory((1, 2))))
    if config.request_weight <= 0:
        return FeatureUnion(parts)
    parts.append(("request", _char_vectorizer(config, request_clauses)))
    return FeatureUnion(parts, transformer_weights={"request": config.request_weight})


def build_estimator(config: ClassifierConfig) -> Any:
    """The linear model named by ``config.model``."""
    if config.model == "svc":
        return LinearSVC(C=config.c, class_weight=config.class_weight, random_state=config.seed)
    if config.model == "logreg":
        return LogisticRegression(
            C=config.c * 20,
            max_iter=2000,
            class_weight=config.class_weight,
            random_state=config.seed,
        )
    if config.model == "sgd":
        return SGDClassifier(
            loss="modified_huber",
            alpha=1e-5 / config.c,
            class_weight=config.class_weight,
            random_state=config.seed,
            max_iter=50,
            tol=1e-4,
        )
    if config.model == "cnb":
        return ComplementNB(alpha=0.3)
    raise ValueError(f"unknown model kind {config.model!r}; expected one of {MODEL_KINDS}")


def softmax(scores: np.ndarray, temperature: float) -> np.ndarray:
    scaled = scores / max(temperature, 1e-6)
    scaled -= scaled.max(axis=1, keepdims=True)
    exp = np.exp(scaled)
    return np.asarray(exp / exp.sum(axis=1, keepdims=True))


class TextClassifier:
    """Fit, predict with confidence and explanation, save and load."""

    def __init__(self, task: str, config: ClassifierConfig | None = None) -> None:
        self.task = task
        self.config = config or ClassifierConfig()
        self.features: FeatureUnion | None = None
        self.estimator: Any = None
        self.info = ModelInfo(task=task, version="", labels=[], config=self.config.to_json())
        self._analyzers: list[tuple[Any, dict[str, int], np.ndarray, float]] | None = None
        self._display: tuple[list[str], np.ndarray] | None = None
        self.lsa_dir: Path | None = None  # where the LSA artifact is looked for first

    # -- latent semantic features -----------------------------------------------------------
    def lsa_projection(self) -> LsaProjection | None:
        """The LSA projection this model appends, if its config names one."""
        if not self.config.lsa or self.config.lsa_dims <= 0:
            return None
        directory = self.lsa_dir or SHIPPED_DIR
        return load_lsa(self.config.lsa, str(directory))

    def _with_lsa(self, ngrams: sparse.csr_matrix, texts: Sequence[str]) -> sparse.csr_matrix:
        projection = self.lsa_projection()
        if projection is None:
            return ngrams
        _check_dims(projection, self.config)
        dense = projection.transform(texts, self.config.lsa_dims) * self.config.lsa_weight
        return sparse.hstack([ngrams, sparse.csr_matrix(dense)], format="csr")

    # -- training -------------------------------------------------------------------------
    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        provenance: dict[str, Any] | None = None,
        version: str | None = None,
        written: Sequence[bool] | None = None,
    ) -> TextClassifier:
        """Fit features and model on ``texts`` with string ``labels``; rows marked in
        ``written`` weigh ``config.written_weight`` in the fit, the others 1."""
        if len(texts) != len(labels):
            raise ValueError("texts and labels differ in length")
        if written is not None and len(written) != len(texts):
            raise ValueError("texts and written marks differ in length")
        label_list = [str(label) for label in labels]
        if len(set(label_list)) < 2:
            raise ValueError("need at least two distinct labels to train")
        normalised = [normalize(t) for t in texts]
        self.features = build_features(self.config)
        matrix = self._with_lsa(self.features.fit_transform(normalised), normalised)
        _drop_stop_words(self.features)
        self.estimator = build_estimator(self.config)
        if written is None or self.config.written_weight == 1.0:
            self.estimator.fit(matrix, label_list)
        else:
            marks = np.asarray(list(written), dtype=bool)
            weights = np.where(marks, self.config.written_weight, 1.0)
            self.estimator.fit(matrix, label_list, sample_weight=weights)
        _shrink(self.estimator)
        now = datetime.now(UTC)
        self.info = ModelInfo(
            task=self.task,
            version=version or now.strftime("%Y%m%d%H%M%S"),
            labels=[str(c) for c in self.estimator.classes_],
            config=self.config.to_json(),
            provenance=dict(provenance or {}),
            created_at=now.isoformat(),
            n_train=len(label_list),
        )
        self._analyzers = None
        self._display = None
        return self

    # -- inference ------------------------------------------------------------------------
    @property
    def labels(self) -> list[str]:
        return list(self.info.labels)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """All features: the n-grams, then the LSA dimensions when the config asks for them."""
        return self._with_lsa(self.ngram_matrix(texts), texts)

    def ngram_matrix(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """TF-IDF features, computed without sklearn's per-call validation (same numbers)."""
        if self.features is None:
            raise RuntimeError("classifier is not fitted")
        if self._analyzers is None:
            weights = self.features.transformer_weights or {}
            self._analyzers = [
                (
                    _table_for(vec),
                    *_shared_terms(vec.vocabulary_, np.asarray(vec.idf_, dtype=np.float32)),
                    float(weights.get(name, 1.0)),
                )
                for name, vec in self.features.transformer_list
            ]
            with _shared_lock:
                _models_with_terms.add(self)
        normalised = tuple(normalize(t) for t in texts)
        blocks = [
            weighted(shared_tfidf_rows(tabulate(normalised), vocabulary, idf), weight)
            for tabulate, vocabulary, idf, weight in self._analyzers
        ]
        return blocks[0] if len(blocks) == 1 else sparse.hstack(blocks, format="csr")

    def decision_scores(self, matrix: sparse.csr_matrix) -> np.ndarray:
        """Raw linear scores, one column per label (binary models get ``-s/2, s/2``)."""
        coef = np.asarray(self.estimator.coef_)
        scores = np.asarray(matrix @ coef.T) + np.asarray(self.estimator.intercept_)
        if scores.shape[1] == 1:
            scores = scores[:, 0]
        if scores.ndim == 1:
            scores = np.column_stack([-scores / 2, scores / 2])
        return scores

    def probabilities(self, matrix: sparse.csr_matrix) -> np.ndarray:
        """Class probabilities (rows sum to 1) in the order of :attr:`labels`.

        For SVC/SGD models a softmax of the decision scores at ``config.temperature``; the
        shipped models fit that temperature on out-of-fold scores of their training rows
        (:mod:`complaintdesk.triage.nlp.tuning`), which makes it a calibrated probability.
        """
        if hasattr(self.estimator, "predict_proba") and self.config.model in ("logreg", "cnb"):
            return np.asarray(self.estimator.predict_proba(matrix))
        return softmax(self.decision_scores(matrix), self.config.temperature)

    def _probabilities_of(self, ngrams: sparse.csr_matrix, texts: Sequence[str]) -> np.ndarray:
        """:meth:`probabilities` of the texts whose n-gram rows are ``ngrams``, without
        stacking the LSA block onto them for linear-score models (same numbers, less time)."""
        projection = self.lsa_projection()
        if projection is None or self.config.model in ("logreg", "cnb"):
            return self.probabilities(self._with_lsa(ngrams, texts))
        _check_dims(projection, self.config)
        coef = np.asarray(self.estimator.coef_)
        width = ngrams.shape[1]
        dense = projection.transform(texts, self.config.lsa_dims) * self.config.lsa_weight
        scores = np.asarray(ngrams @ coef[:, :width].T) + dense @ coef[:, width:].T
        scores += np.asarray(self.estimator.intercept_)
        if scores.shape[1] == 1:
            scores = np.column_stack([-scores[:, 0] / 2, scores[:, 0] / 2])
        return softmax(scores, self.config.temperature)

    def predict(
        self, texts: Sequence[str], *, explain: int = 5, alternatives: int = 0
    ) -> list[Prediction]:
        """One :class:`Prediction` per text; ``explain`` = how many n-grams to return,
        ``alternatives`` = at most how many runner-up labels to give (those the model gives at
        least :data:`ALTERNATIVE_FLOOR`)."""
        if not texts:
            return []
        ngrams = self.ngram_matrix(texts)
        probs = self._probabilities_of(ngrams, texts)
        best = probs.argmax(axis=1)
        labels = self.labels
        explanations = self.explain(ngrams, best, explain) if explain else [()] * len(best)
        confidences = np.round(probs[np.arange(len(best)), best].astype(np.float64), 4).tolist()
        runners_up = (
            runner_up_labels(probs, labels, alternatives) if alternatives else [()] * len(best)
        )
        return [
            Prediction(labels[class_index], confidence, terms, others)
            for class_index, confidence, terms, others in zip(
                best.tolist(), confidences, explanations, runners_up, strict=True
            )
        ]

    def predict_labels(self, texts: Sequence[str]) -> list[str]:
        """Labels only (fast path for evaluation)."""
        if not texts:
            return []
        probs = self._probabilities_of(self.ngram_matrix(texts), texts)
        labels = self.labels
        return [labels[i] for i in probs.argmax(axis=1)]

    def explain(
        self, matrix: sparse.csr_matrix, classes: np.ndarray, top: int
    ) -> list[tuple[str, ...]]:
        """Per row, the ``top`` n-grams with the largest positive ``weight × tf-idf`` for the
        row's class (vectorised over all rows; readable multi-character n-grams first).

        ``matrix`` holds the n-gram features only: LSA dimensions have no words to show."""
        weights = self._weight_matrix()
        if weights is None:
            return [()] * matrix.shape[0]
        terms, readable = self._display_terms()
        n_rows = matrix.shape[0]
        rows = np.repeat(np.arange(n_rows), np.diff(matrix.indptr))
        contrib = matrix.data * weights[np.asarray(classes)[rows], matrix.indices]
        positive = np.flatnonzero(contrib > 0)
        columns = matrix.indices[positive]
        # One int64 sort key per candidate: its row, then readable n-grams before unreadable
        # ones, then the larger contribution first (the bits of a positive float32 order as
        # its value does).
        bits = contrib[positive].astype(np.float32).view(np.int32).astype(np.int64)
        key = (rows[positive] << 33) | ((~readable[columns]).astype(np.int64) << 32)
        key |= 0x7FFFFFFF - bits
        ranked = columns[np.argsort(key, kind="stable")]
        per_row = np.bincount(rows[positive], minlength=n_rows)
        bounds = np.concatenate([[0], np.cumsum(per_row)])
        # Most rows fill ``top`` from their first few candidates: turn only those into
        # strings, and walk the rest of a row's candidates only when it runs short.
        head = max(4 * top, 8)
        rank = np.arange(len(ranked)) - np.repeat(bounds[:-1], per_row)
        shortlist = ranked[rank < head].tolist()
        starts = np.concatenate([[0], np.cumsum(np.minimum(per_row, head))]).tolist()
        long_rows = set(np.flatnonzero(per_row > head).tolist())
        out: list[tuple[str, ...]] = []
        for row in range(n_rows):
            picked = _pick_terms(terms, shortlist[starts[row] : starts[row + 1]], top)
            if len(picked) < top and row in long_rows:
                picked = _pick_terms(terms, ranked[bounds[row] : bounds[row + 1]].tolist(), top)
            out.append(tuple(picked))
        return out

    def _display_terms(self) -> tuple[list[str], np.ndarray]:
        """Display form of every feature and whether it is readable (built once per model,
        when it is loaded: see :meth:`load`)."""
        if self._display is None:
            assert self.features is not None
            terms = _feature_terms(self.features)
            self._display = (terms, _readable_mask(terms))
        return self._display

    def _weight_matrix(self) -> np.ndarray | None:
        """Per-class feature weights, shape (n_classes, n_features)."""
        coef = getattr(self.estimator, "coef_", None)
        if coef is None:
            log_prob = getattr(self.estimator, "feature_log_prob_", None)
            if log_prob is None:
                return None
            return np.asarray(log_prob - log_prob.mean(axis=0))
        coef = np.asarray(coef)[:, : len(self._display_terms()[0])]
        return np.vstack([-coef[0], coef[0]]) if coef.shape[0] == 1 else coef

    def feature_terms(self) -> list[str]:
        """The term of every n-gram feature, in column order (LSA dimensions have none)."""
        return self._display_terms()[0]

    # -- persistence ----------------------------------------------------------------------
    def save(self, path: str | Path, *, metrics: dict[str, Any] | None = None) -> Path:
        """Write ``path`` (joblib) and ``path`` with ``.json`` suffix (sidecar)."""
        if self.estimator is None:
            raise RuntimeError("classifier is not fitted")
        if metrics is not None:
            self.info.metrics = metrics
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        payload = {"format": ARTIFACT_FORMAT, "features": self.features, "model": self.estimator}
        joblib.dump(payload, target, compress=3)
        sidecar_path(target).write_text(
            json.dumps(asdict(self.info), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        return target

    @classmethod
    def load(cls, path: str | Path) -> TextClassifier:
        """Load an artifact written by :meth:`save` (joblib is trusted local data)."""
        target = Path(path)
        info_data = json.loads(sidecar_path(target).read_text(encoding="utf-8"))
        info = ModelInfo(**info_data)
        payload = joblib.load(target)
        if payload.get("format") != ARTIFACT_FORMAT:
            raise ValueError(f"{target}: unsupported artifact format {payload.get('format')!r}")
        model = cls(info.task, ClassifierConfig.from_json(info.config))
        model.features = payload["features"]
        model.estimator = payload["model"]
        model.info = info
        model.lsa_dir = target.parent
        # The explanations' display terms, built here once rather than inside the first
        # complaint or batch triaged.
        model._display_terms()
        return model


def _table_for(vectorizer: TfidfVectorizer) -> Callable[[tuple[str, ...]], GramTable]:
    """How to tabulate a batch for this vectorizer: shared and cached for plain char and jieba
    word ones."""
    low, high = vectorizer.ngram_range
    plain = not vectorizer.lowercase and vectorizer.preprocessor is None
    if plain and vectorizer.analyzer == "char" and vectorizer.strip_accents is None:
        return partial(char_gram_table, low=low, high=high)
    if vectorizer.preprocessor is request_clauses and vectorizer.analyzer == "char":
        return partial(request_gram_table, low=low, high=high)
    words = vectorizer.tokenizer is word_tokens and vectorizer.stop_words is None
    if plain and vectorizer.analyzer == "word" and words:
        return partial(word_gram_table, low=low, high=high)
    analyze = vectorizer.build_analyzer()
    return partial(build_gram_table, count_grams=lambda text: Counter(analyze(text)))


def _pick_terms(terms: list[str], columns: list[int], top: int) -> list[str]:
    """Up to ``top`` terms of ``columns`` in order, skipping any that holds or is held by one
    already picked (退款 after 退款了 says nothing new)."""
    picked: list[str] = []
    for column in columns:
        term = terms[column]
        for kept in picked:  # a plain loop: this runs for every candidate of every row
            if term in kept or kept in term:
                break
        else:
            picked.append(term)
            if len(picked) >= top:
                break
    return picked


# Models fitted alike (category, demand, industry, tone; the second looks) take one live
# vocabulary and IDF, so a batch's rows are computed once (:func:`grams.shared_tfidf_rows`).
_models_with_terms: weakref.WeakSet[TextClassifier] = weakref.WeakSet()
_shared_lock = threading.Lock()


def _shared_terms(vocabulary: dict[str, int], idf: np.ndarray) -> tuple[dict[str, int], np.ndarray]:
    """The vocabulary and IDF a live model already holds when they are equal to these, else
    these."""
    with _shared_lock:
        for other in list(_models_with_terms):
            for _tabulate, known_vocabulary, known_idf, _weight in other._analyzers or ():
                if (
                    len(known_vocabulary) == len(vocabulary)
                    and np.array_equal(known_idf, idf)
                    and known_vocabulary == vocabulary
                ):
                    return known_vocabulary, known_idf
    return vocabulary, idf


def _check_dims(projection: LsaProjection, config: ClassifierConfig) -> None:
    """A model trained on more LSA dimensions than the projection now holds cannot score."""
    if projection.dims < config.lsa_dims:
        raise ValueError(
            f"the model uses {config.lsa_dims} dimensions of {config.lsa!r}, which now holds "
            f"{projection.dims}: retrain the model with the current projection"
        )


def sidecar_path(path: Path) -> Path:
    return path.with_suffix(".json")


def _feature_terms(features: FeatureUnion) -> list[str]:
    """The term of every n-gram feature, in column order, read off the vectorizers'
    vocabularies (what ``get_feature_names_out`` gives without its ``char__`` prefixes, and
    several times faster)."""
    terms: list[str] = []
    for _name, vectorizer in features.transformer_list:
        block = [""] * len(vectorizer.vocabulary_)
        for term, column in vectorizer.vocabulary_.items():
            block[column] = term.strip()
        terms.extend(block)
    return terms


def _readable_mask(terms: list[str]) -> np.ndarray:
    """Whether each term is readable: at least two characters, no punctuation, symbol or
    space (Latin: a whole word).  Each distinct character's Unicode category is looked up
    once, then one regular expression finds the terms that hold such a character (a model has
    tens of thousands of terms but a few thousand distinct characters)."""
    characters = set().union(*terms) if terms else set()
    unreadable = sorted(ch for ch in characters if unicodedata.category(ch)[0] in "PSZ")
    pattern = re.compile("[" + "".join(map(re.escape, unreadable)) + "]" if unreadable else "(?!)")
    return np.fromiter(
        (len(t) >= 2 and pattern.search(t) is None for t in terms), dtype=bool, count=len(terms)
    )


def _drop_stop_words(features: FeatureUnion) -> None:
    """``stop_words_`` only helps introspection and can be huge; drop it before saving."""
    for _, vectorizer in features.transformer_list:
        if hasattr(vectorizer, "stop_words_"):
            vectorizer.stop_words_ = None


def _shrink(estimator: Any) -> None:
    """Store linear weights as float32: half the size, same predictions in practice."""
    coef = getattr(estimator, "coef_", None)
    if isinstance(coef, np.ndarray) and coef.dtype == np.float64:
        estimator.coef_ = coef.astype(np.float32)
