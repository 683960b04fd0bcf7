"""Properties that hold for any input text (hypothesis)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from complaintdesk.triage.nlp.pipeline import triage_text
from complaintdesk.triage.nlp.risk import RISK_FLAGS, detect_risks
from complaintdesk.triage.nlp.sentiment import score_sentiment
from complaintdesk.triage.nlp.text import detect_language, normalize

# Complaint-like alphabet: common Chinese, traditional, Latin, digits, punctuation, spaces.
ALPHABET = st.sampled_from(
    list("退款骗子律师起诉曝光訴錢課險不会我你们的了") + list("！!？?，。 abcXYZ0123456789\n\t")
)
TEXTS = st.text(alphabet=ALPHABET, max_size=80) | st.text(max_size=40)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXTS)
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@FAST
@given(TEXTS)
def test_risk_flags_are_known_codes_with_terms(text):
    for flag in detect_risks(text):
        assert flag.code in RISK_FLAGS
        assert flag.terms


@FAST
@given(TEXTS)
def test_sentiment_score_and_label_stay_in_range(text):
    result = score_sentiment(text)
    assert -1.0 <= result.score <= 1.0
    assert 0.0 <= result.confidence <= 1.0
    assert result.label in {"angry", "negative", "neutral", "positive"}
    assert detect_language(text) in {"zh", "en"}


@FAST
@given(TEXTS)
def test_triage_answers_every_field_for_any_text(text):
    data = triage_text(text).as_dict()
    for field in data.values():
        assert 0.0 <= field["confidence"] <= 1.0
    assert data["priority"]["value"] in {"urgent", "high", "normal", "low"}
