"""Draw the public texts that unseen sets 5 to 9 were rewritten from (their briefs:
``unseen_complaints_5.brief.md`` and the four that follow it), and those the rewritten
training rows of ``complaints_written_4.csv`` were (its brief: ``complaints_written_4.brief.md``).

    .venv/bin/python -m complaintdesk.triage.data.unseen_sources SET OUT_DIR
    .venv/bin/python -m complaintdesk.triage.data.unseen_sources train OUT_DIR

Writes ``OUT_DIR/<writer>/sources.csv`` for the four writers a–d of a set (the sixteen a–p of
the training rows): 15 texts per industry each, drawn with fixed seeds from the shared corpora
(``../shared/data``) — negative online_shopping_10_cats reviews (not of hotels) for e-commerce,
negative waimai_10k reviews for delivery, TipDM citizen messages for education, CFPB narratives
for insurance — leaving out every text an earlier set drew; the training rows, drawn between
sets 8 and 9, leave out every text sets 5 to 8 drew, and set 9 every text they drew (set 9 and
the training rows also draw the unlabelled citizen messages for education). No label of any
corpus is read beyond "negative review"; the corpus texts stay outside the repository.
"""

from __future__ import annotations

import csv
import functools
import random
import sys
from pathlib import Path

from complaintdesk.triage.nlp.corpora import (
    load_cfpb,
    load_gov_messages,
    load_online_shopping,
    load_other_gov_messages,
    load_waimai,
    shared_data_dir,
)

WRITERS = ("a", "b", "c", "d")
PER_WRITER = 15
SETS = (5, 6, 7, 8, 9)
INDUSTRIES = ("ecommerce", "delivery", "education", "insurance")
# Citizen messages about schools and training come first; the rest are other grievances
# whose situation (fees, staff, delays, safety) the writer moves to an education platform.
EDUCATION_WORDS = ("培训", "课程", "网课", "辅导", "学费", "退费", "教育", "学校", "老师", "驾校")
LONGEST = 700
Drawn = dict[str, list[tuple[str, str]]]
# The writers of the rewritten training rows, and their draw's seeds (901–904 by industry).
TRAINING_WRITERS = tuple("abcdefghijklmnop")
TRAINING_DRAW = 9
# The training rows were drawn after set 8 and before set 9: they leave out the texts of the
# sets before them, and set 9 (seeds 1001–1004, since 901–904 are theirs) leaves out theirs.
SETS_BEFORE_TRAINING = (5, 6, 7, 8)
SEED_BASE = {number: 100 * number for number in SETS} | {9: 1000}


def _pool(industry: str, data: Path, *, more_messages: bool = False) -> list[str]:
    if industry == "ecommerce":
        texts, lines = load_online_shopping(data, label="0")
        return [text for text, line in zip(texts, lines, strict=True) if line != "酒店"]
    if industry == "delivery":
        texts, labels = load_waimai(data)
        return [text for text, label in zip(texts, labels, strict=True) if label == "0"]
    if industry == "education":
        texts = [" ".join(text.split()) for text in load_gov_messages(data, field="both")[0]]
        if more_messages:
            # The sets drew most of the labelled messages; the training rows also take the
            # unlabelled ones (hot topics, messages with replies).
            texts += [" ".join(text.split()) for text in load_other_gov_messages(data)]
        return list(dict.fromkeys(texts))
    return [text for text in load_cfpb(data)[0] if len(text) >= 200]


def draw(data: Path, number: int) -> Drawn:
    """Per writer of set ``number``, (industry, source text) pairs: 15 per industry, none
    shared with another writer or drawn by an earlier set."""
    if number not in SETS:
        raise ValueError(f"no unseen set {number} is drawn from the corpora: choose from {SETS}")
    return _every_set(data)[number]


def _texts(drawn: Drawn) -> set[str]:
    return {text for pairs in drawn.values() for _industry, text in pairs}


@functools.cache
def _every_draw(data: Path) -> tuple[dict[int, Drawn], Drawn]:
    """Every set's draw and the training rows' draw, in the order they were made, each leaving
    out the texts the draws before it took (made once per process: every caller reads them)."""
    pools = _pools(data)
    earlier: set[str] = set()
    draws: dict[int, Drawn] = {}
    training: Drawn = {}
    for number in SETS:
        if number not in SETS_BEFORE_TRAINING and not training:
            training = _draw_training(data, earlier)
            earlier |= _texts(training)
            # The labelled messages are nearly all drawn by now: later sets take the rest too.
            pools = _pools(data, more_messages=True)
        draws[number] = _draw_set(pools, SEED_BASE[number], earlier)
        earlier |= _texts(draws[number])
    return draws, training


def _every_set(data: Path) -> dict[int, Drawn]:
    return _every_draw(data)[0]


def drawn_by_sets(data: Path) -> set[str]:
    """Every source text an unseen set drew."""
    return {text for drawn in _every_set(data).values() for text in _texts(drawn)}


def draw_training(data: Path) -> Drawn:
    """Per writer of the rewritten training rows, (industry, source text) pairs: 15 per
    industry, none that an unseen set drew (sets 5 to 8 were drawn before them, set 9 after)."""
    return _every_draw(data)[1]


def _draw_training(data: Path, earlier: set[str]) -> Drawn:
    return _draw_set(
        _pools(data, more_messages=True), 100 * TRAINING_DRAW, earlier, TRAINING_WRITERS
    )


def _pools(data: Path, *, more_messages: bool = False) -> dict[str, list[str]]:
    return {industry: _pool(industry, data, more_messages=more_messages) for industry in INDUSTRIES}


def _draw_set(
    pools: dict[str, list[str]],
    seed_base: int,
    earlier: set[str],
    writers: tuple[str, ...] = WRITERS,
) -> Drawn:
    """A draw with the seeds ``seed_base`` + 1 to ``seed_base`` + 4, one per industry."""
    drawn: Drawn = {writer: [] for writer in writers}
    wanted = PER_WRITER * len(writers)
    for n, industry in enumerate(INDUSTRIES, 1):
        seed = seed_base + n
        pool = [text for text in pools[industry] if text[:LONGEST] not in earlier]
        if industry == "education":
            # The school and training messages first, each part shuffled on its own.
            head = [t for t in pool if any(w in t for w in EDUCATION_WORDS)]
            rest = [t for t in pool if not any(w in t for w in EDUCATION_WORDS)]
            random.Random(seed).shuffle(head)
            random.Random(seed + 1).shuffle(rest)
            chosen = (head + rest)[:wanted]
            random.Random(seed + 2).shuffle(chosen)
        else:
            chosen = random.Random(seed).sample(pool, wanted)
        for k, text in enumerate(chosen):
            drawn[writers[k % len(writers)]].append((industry, text[:LONGEST]))
    return drawn


def main(which: str, out: Path) -> None:
    data = shared_data_dir()
    if data is None:
        raise SystemExit("the shared corpora (../shared/data) are not here")
    try:
        drawn = draw_training(data) if which == "train" else draw(data, int(which))
    except ValueError as error:
        raise SystemExit(f"{error} (or 'train' for the training rows)") from None
    for writer, pairs in drawn.items():
        folder = out / writer
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "sources.csv").open("w", encoding="utf-8", newline="") as handle:
            out_csv = csv.writer(handle)
            out_csv.writerow(["n", "industry", "source_text"])
            for n, (industry, text) in enumerate(pairs, start=1):
                out_csv.writerow([n, industry, text])


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
