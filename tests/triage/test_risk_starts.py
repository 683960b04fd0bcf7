"""Trying a risk regex only where a match can start finds what ``finditer`` finds."""

import random
import re

import pytest

from complaintdesk.triage.nlp.benchmarks import speed_texts
from complaintdesk.triage.nlp.risk import _matches, _starts_of, default_lexicon
from complaintdesk.triage.nlp.text import normalize


def _spans(regex, starts, text):
    return [(m.start(), m.end(), m.group(0)) for m in _matches(regex, starts, text)]


def test_every_flag_of_the_shipped_lexicon_has_its_start_characters():
    assert all(matcher.starts is not None for matcher in default_lexicon().matchers)


def test_the_shipped_lexicon_finds_the_same_matches_on_every_training_text():
    texts = [normalize(text) for text in speed_texts()]
    for matcher in default_lexicon().matchers:
        for text in texts:
            expected = [(m.start(), m.end(), m.group(0)) for m in matcher.regex.finditer(text)]
            assert _spans(matcher.regex, matcher.starts, text) == expected


def test_shuffled_texts_find_the_same_matches_too():
    """Texts cut and joined at random put terms next to Latin letters, digits and each other."""
    rng = random.Random(7)
    pieces = [normalize(text) for text in speed_texts()[:400]]
    for _ in range(400):
        text = "".join(rng.choice(p)[: rng.randint(1, 12)] for p in rng.sample(pieces, 6))
        text += rng.choice(["律师", "lawyer", "12315", "12315号", "a12315", "找个律师", "不会起诉"])
        for matcher in default_lexicon().matchers:
            expected = [(m.start(), m.end(), m.group(0)) for m in matcher.regex.finditer(text)]
            assert _spans(matcher.regex, matcher.starts, text) == expected


@pytest.mark.parametrize(
    ("pattern", "starts"),
    [
        (r"(?<![a-z])(?:ab|c)d", "[ac]"),
        (r"(?:吃|喝)(?:了)?.{0,4}吐", "[吃喝]"),
        (r"x?y", "[xy]"),
        (r"(?=a)[ab]", "[ab]"),
        (r"[0-3]q", "[0123]"),
        (r"\bfoo", "[f]"),
    ],
)
def test_the_start_characters_of_a_pattern(pattern, starts):
    assert _starts_of(re.compile(pattern)).pattern == starts


@pytest.mark.parametrize("pattern", [r"a?", r".b", r"[^a]b", r"\db", r"(?i)ab", r"(?:x|)"])
def test_a_pattern_whose_start_cannot_be_told_is_tried_everywhere(pattern):
    regex = re.compile(pattern)
    assert _starts_of(regex) is None
    text = "foo ab xb 1b"
    assert _spans(regex, None, text) == [
        (m.start(), m.end(), m.group(0)) for m in regex.finditer(text)
    ]


def test_a_lookbehind_still_sees_the_text_before_the_start():
    regex = re.compile(r"(?<![a-z])ab")
    starts = _starts_of(regex)
    assert _spans(regex, starts, "xab ab") == [(4, 6, "ab")]
