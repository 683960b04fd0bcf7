"""Risk flags (legal_threat, media_exposure, regulator, safety, repeat) from editable lexicons.

The lexicon is data (``lexicons/risk_zh_en.json``): terms in simplified and traditional Chinese
and English, plus regular expressions.  Matching runs on normalised text (see
:func:`complaintdesk.triage.nlp.text.normalize`), so traditional spellings fold onto simplified
ones.  A threat that is explicitly negated right before the term ("不会起诉", "won't sue") or
taken back right after it ("发抖音吐槽，想想算了") does not raise the flag; a conditional one
("不退款我就起诉") does.  A flag may name a context in which its terms do not count unless one
of them is of a kind that always does: an injury or illness in a text about an insurance claim
is the claim's subject, not a risk the business created, while a threat still is.  The matched
terms are returned as the explanation.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from complaintdesk.triage.nlp.text import normalize

RISK_FLAGS = ("legal_threat", "media_exposure", "regulator", "safety", "repeat")
DEFAULT_LEXICON_PATH = Path(__file__).with_name("lexicons") / "risk_zh_en.json"


@dataclass(frozen=True)
class RiskFlag:
    """One raised flag and the text evidence for it."""

    code: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class _FlagMatcher:
    code: str
    regex: re.Pattern[str] | None
    negatable: bool
    # The flag is not raised when the text matches ``unless_context`` and none of the matched
    # terms matches ``still_counts`` (e.g. an injury that is the subject of an insurance claim).
    unless_context: re.Pattern[str] | None = None
    still_counts: re.Pattern[str] | None = None
    # Every character a match can start with, as one character class: the positions worth
    # trying (see :func:`_matches`); ``None`` when the regex does not tell.
    starts: re.Pattern[str] | None = None


@dataclass(frozen=True)
class RiskLexicon:
    """Compiled lexicon: one alternation per flag plus the negation rule."""

    version: str
    matchers: tuple[_FlagMatcher, ...]
    negation: re.Pattern[str] | None
    max_gap: int
    breakers: tuple[str, ...]
    spec: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    # A threat the customer takes back right after it ("本想发抖音，想想算了").
    retraction: re.Pattern[str] | None = None
    retraction_gap: int = 0

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RiskLexicon:
        negation = data.get("negation") or {}
        negatable = set(negation.get("flags", ()))
        matchers = []
        for code, spec in data.get("flags", {}).items():
            terms = [normalize(t) for t in spec.get("terms", ()) if t.strip()]
            parts = [f"(?:{p})" for p in spec.get("patterns", ())]
            # Longest alternatives first so "律师函" wins over "律师".
            parts.sort(key=len, reverse=True)
            parts.extend(_literal_parts(terms))
            regex = re.compile("|".join(parts)) if parts else None
            context = spec.get("unless_context") or {}
            matchers.append(
                _FlagMatcher(
                    code=code,
                    regex=regex,
                    negatable=code in negatable,
                    unless_context=re.compile(context["pattern"]) if context else None,
                    still_counts=re.compile(context["still_counts"]) if context else None,
                    starts=_starts_of(regex),
                )
            )
        cues = [normalize(c) for c in negation.get("cues", ()) if c.strip()]
        cues.sort(key=len, reverse=True)
        negation_regex = re.compile("|".join(re.escape(c) for c in cues)) if cues else None
        after = [normalize(c) for c in negation.get("after_cues", ()) if c.strip()]
        after.sort(key=len, reverse=True)
        retraction = re.compile("|".join(re.escape(c) for c in after)) if after else None
        return cls(
            version=str(data.get("version", "")),
            matchers=tuple(matchers),
            negation=negation_regex,
            max_gap=int(negation.get("max_gap", 4)),
            breakers=tuple(normalize(b) or b for b in negation.get("breakers", ())),
            spec=data,
            retraction=retraction,
            retraction_gap=int(negation.get("after_gap", 0)),
        )

    @classmethod
    def from_path(cls, path: str | Path) -> RiskLexicon:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))

    def detect(self, text: str) -> list[RiskFlag]:
        """Flags raised by ``text``, in lexicon order, each with its matched terms."""
        normalised = normalize(text)
        flags = []
        for matcher in self.matchers:
            if matcher.regex is None:
                continue
            terms: list[str] = []
            for match in _matches(matcher.regex, matcher.starts, normalised):
                if matcher.negatable and (
                    self._negated(normalised, match.start())
                    or self._retracted(normalised, match.end())
                ):
                    continue
                term = match.group(0).strip()
                if term not in terms:
                    terms.append(term)
            if terms and _excused(matcher, normalised, terms):
                continue
            if terms:
                flags.append(RiskFlag(code=matcher.code, terms=tuple(terms)))
        return flags

    def _retracted(self, text: str, end: int) -> bool:
        if self.retraction is None:
            return False
        # Within the same sentence only: "…曝光你们。其他的就算了" keeps the threat.
        window = _SENTENCE_END.split(text[end : end + self.retraction_gap], maxsplit=1)[0]
        return self.retraction.search(window) is not None

    def _negated(self, text: str, start: int) -> bool:
        if self.negation is None:
            return False
        window = text[max(0, start - self.max_gap - 12) : start]
        for cue in self.negation.finditer(window):
            gap = window[cue.end() :]
            if len(gap.strip()) <= self.max_gap and not any(b in gap for b in self.breakers):
                return True
        return False


_SENTENCE_END = re.compile(r"[。！!？?；;\n]")


def _matches(
    regex: re.Pattern[str], starts: re.Pattern[str] | None, text: str
) -> Iterator[re.Match[str]]:
    """``regex.finditer(text)``, trying the regex only where a match can start.

    ``finditer`` runs the whole alternation of a flag's terms and patterns at every position of
    the text; ``starts`` finds, in C, the next character a match can begin with, and the regex
    is tried there (its lookbehinds still see the text before). The matches are the same."""
    if starts is None:
        yield from regex.finditer(text)
        return
    position = 0
    while (candidate := starts.search(text, position)) is not None:
        at = candidate.start()
        match = regex.match(text, at)
        if match is None:
            position = at + 1
            continue
        yield match
        position = max(match.end(), at + 1)


def _starts_of(regex: re.Pattern[str] | None) -> re.Pattern[str] | None:
    """A character class of every character a match of ``regex`` can start with, or ``None``
    when the regex could match without consuming a character or its start cannot be told
    (a negated class, ``.``, a flag or a construct read here as unknown)."""
    if regex is None or regex.flags & ~re.UNICODE:
        return None
    try:  # the standard library's own reading of a pattern
        parser = importlib.import_module("re._parser")
    except ImportError:  # pragma: no cover - a Python whose re module is laid out otherwise
        return None
    try:
        chars, empty = _first_of(list(parser.parse(regex.pattern)))
    except (_Unknown, ValueError, TypeError):
        return None
    if empty or not chars:
        return None
    return re.compile("[" + "".join(re.escape(char) for char in sorted(chars)) + "]")


class _Unknown(Exception):
    """A construct :func:`_first_of` does not read."""


_WIDEST_RANGE = 1024


def _first_of(items: list[tuple[Any, Any]]) -> tuple[set[str], bool]:
    """The characters a match of a parsed sequence can start with, and whether it can match
    the empty string."""
    c = importlib.import_module("re._constants")
    chars: set[str] = set()
    for op, av in items:
        if op is c.LITERAL:
            return chars | {chr(av)}, False
        if op is c.IN:
            for kind, value in av:
                if kind is c.LITERAL:
                    chars.add(chr(value))
                elif kind is c.RANGE and value[1] - value[0] < _WIDEST_RANGE:
                    chars.update(chr(point) for point in range(value[0], value[1] + 1))
                else:
                    raise _Unknown(kind)
            return chars, False
        if op is c.BRANCH:
            empty = False
            for branch in av[1]:
                found, can_be_empty = _first_of(list(branch))
                chars |= found
                empty = empty or can_be_empty
            if not empty:
                return chars, False
        elif op is c.SUBPATTERN:
            _group, add_flags, del_flags, inner = av
            if add_flags or del_flags:
                raise _Unknown(op)
            found, empty = _first_of(list(inner))
            chars |= found
            if not empty:
                return chars, False
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            low, _high, inner = av
            found, empty = _first_of(list(inner))
            chars |= found
            if low > 0 and not empty:
                return chars, False
        elif op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue  # zero width: the next item starts the match
        else:
            raise _Unknown(op)
    return chars, True


def _excused(matcher: _FlagMatcher, text: str, terms: list[str]) -> bool:
    """True when the flag's context exclusion applies and no matched term still counts."""
    context, still = matcher.unless_context, matcher.still_counts
    if context is None or still is None or not context.search(text):
        return False
    return not any(still.search(term) for term in terms)


def _edge(ch: str) -> str:
    if ch.isdigit():
        return "digit"
    return "latin" if ch.isascii() and ch.isalpha() else "other"


def _literal_parts(terms: list[str]) -> list[str]:
    """The terms as a few tries, one per kind of edge (see :func:`term_regex`)."""
    groups: dict[tuple[str, str], list[str]] = {}
    for term in terms:
        groups.setdefault((_edge(term[0]), _edge(term[-1])), []).append(term)
    # Latin words must not sit inside longer Latin words; next to Chinese they stand alone
    # ("找lvshi"), which ``\b`` would refuse, since Chinese characters are word characters.
    guards = {
        "digit": (r"(?<!\d)", r"(?!\d)"),
        "latin": (r"(?<![a-z])", r"(?![a-z])"),
        "other": ("", ""),
    }
    parts = []
    for (first, last), group in sorted(groups.items()):
        parts.append(guards[first][0] + "(?:" + trie_regex(group) + ")" + guards[last][1])
    return parts


def trie_regex(terms: list[str]) -> str:
    """One regex for many literal terms, shaped as a trie: ``律师(?:函)?`` rather than
    ``律师函|律师``.  Python's ``re`` tries alternatives one by one at every position, so a
    trie is many times faster for a lexicon of hundreds of terms; the longest term still wins.
    """
    trie: dict[str, Any] = {}
    for term in terms:
        node = trie
        for ch in term:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_node(trie)


def _trie_node(node: dict[str, Any]) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _trie_node(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return f"(?:{body})?"
    return body


def term_regex(term: str) -> str:
    """Escape a term; keep numbers and Latin words from matching inside longer ones."""
    escaped = re.escape(term)
    if term[:1].isdigit():
        escaped = r"(?<!\d)" + escaped
    if term[-1:].isdigit():
        escaped += r"(?!\d)"
    if term[:1].isascii() and term[:1].isalpha():
        escaped = r"(?<![a-z])" + escaped
    if term[-1:].isascii() and term[-1:].isalpha():
        escaped += r"(?![a-z])"
    return escaped


@lru_cache(maxsize=1)
def default_lexicon() -> RiskLexicon:
    """The lexicon shipped with the package (loaded once)."""
    return RiskLexicon.from_path(DEFAULT_LEXICON_PATH)


def detect_risks(text: str, lexicon: RiskLexicon | None = None) -> list[RiskFlag]:
    """Risk flags for ``text`` using ``lexicon`` or the shipped default."""
    return (lexicon or default_lexicon()).detect(text)


def flag_codes(flags: Iterable[RiskFlag]) -> list[str]:
    return [flag.code for flag in flags]
