"""Draw the public texts that unseen sets 5 to 14 were rewritten from (their briefs:
``unseen_complaints_5.brief.md`` and the nine that follow it), and those the rewritten
training rows of ``complaints_written_4.csv`` to ``complaints_written_6.csv`` were (their
briefs: ``complaints_written_4.brief.md`` and the two that follow it).

    .venv/bin/python -m complaintdesk.triage.data.unseen_sources SET OUT_DIR
    .venv/bin/python -m complaintdesk.triage.data.unseen_sources train4 OUT_DIR   # or train5, 6

Writes ``OUT_DIR/<writer>/sources.csv`` for the four writers a–d of a set (eight a–h for sets
13 and 14; the sixteen a–p of training batches 4 and 5, the eight a–h of batch 6): 15 texts per
industry each, drawn with fixed seeds from the shared corpora (``../shared/data``) — negative
online_shopping_10_cats reviews (not of hotels) for e-commerce, negative waimai_10k reviews for
delivery, TipDM citizen messages for education, CFPB narratives for insurance. The draws were
made in the order of :data:`ORDER` (sets 5 to 8, training batch 4, set 9, training batch 5,
sets 10 to 12, training batch 6, sets 13 and 14), and each leaves out every text a draw before it
took; from training batch 4 on, education also draws the unlabelled citizen messages. No label
of any corpus is read beyond "negative review"; the corpus texts stay outside the repository.
Training batch 6's ``sources.csv`` has a fourth column, ``aim``: the category its complaint
should be about (:data:`AIMS`), so that the batch holds the categories the rewritten rows hold
least of.
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
# Set 13 has eight writers (each emphasis twice) and 480 rows: on 240 a label with one or two
# rows moved category macro-F1 by a ninth, and the intervals were 0.14 wide.
# Set 14 the same.
SET_WRITERS = {13: tuple("abcdefgh"), 14: tuple("abcdefgh")}
PER_WRITER = 15
SETS = (5, 6, 7, 8, 9, 10, 11, 12, 13, 14)
INDUSTRIES = ("ecommerce", "delivery", "education", "insurance")
# Citizen messages about schools and training come first; the rest are other grievances
# whose situation (fees, staff, delays, safety) the writer moves to an education platform.
EDUCATION_WORDS = ("培训", "课程", "网课", "辅导", "学费", "退费", "教育", "学校", "老师", "驾校")
LONGEST = 700
# Insurance draws CFPB narratives of at least LONG_STORY characters; the draws before set 14
# took all but about fifty of them, so from set 14 on it also draws those of SHORTER_STORY
# characters or more (a story of two or three sentences).
LONG_STORY = 200
SHORTER_STORY = 100
# The pool education draws from after its citizen messages (see _other_education_sources).
OTHER_EDUCATION = "education:other"
Drawn = dict[str, list[tuple[str, str]]]
# The writers of a batch of rewritten training rows (complaints_written_<batch>.csv): sixteen
# for batches 4 and 5, eight for batch 6.
TRAINING_WRITERS = tuple("abcdefghijklmnop")
TRAINING_BATCHES = (4, 5, 6)
BATCH_WRITERS = {4: TRAINING_WRITERS, 5: TRAINING_WRITERS, 6: TRAINING_WRITERS[:8]}
# Training batch 6 aims at the categories the rewritten rows hold least of: each writer's 15
# texts of an industry carry, in this order, the category the complaint should be about
# ("" leaves it to the source).
AIMS = ("service",) * 4 + ("contract",) * 3 + ("technical",) * 3 + ("other",) * 2 + ("",) * 3
AIMED_BATCHES = (6,)
# Every draw, in the order it was made: ("set", n) or ("train", batch).
ORDER = (
    ("set", 5),
    ("set", 6),
    ("set", 7),
    ("set", 8),
    ("train", 4),
    ("set", 9),
    ("train", 5),
    ("set", 10),
    ("set", 11),
    ("set", 12),
    ("train", 6),
    ("set", 13),
    ("set", 14),
)
# Each draw's seeds are its base + 1 to + 4, one per industry; a base is never reused.
SEED_BASE = {
    ("set", 5): 500,
    ("set", 6): 600,
    ("set", 7): 700,
    ("set", 8): 800,
    ("train", 4): 900,
    ("set", 9): 1000,
    ("train", 5): 1100,
    ("set", 10): 1200,
    ("set", 11): 1300,
    ("set", 12): 1400,
    ("train", 6): 1500,
    ("set", 13): 1600,
    ("set", 14): 1700,
}


def _pool(
    industry: str, data: Path, *, more_messages: bool = False, shorter_stories: bool = False
) -> list[str]:
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
    shortest = SHORTER_STORY if shorter_stories else LONG_STORY
    return [text for text in load_cfpb(data)[0] if len(text) >= shortest]


def draw(data: Path, number: int) -> Drawn:
    """Per writer of set ``number``, (industry, source text) pairs: 15 per industry, none
    shared with another writer or drawn by an earlier set."""
    if number not in SETS:
        raise ValueError(f"no unseen set {number} is drawn from the corpora: choose from {SETS}")
    return _every_draw(data)[("set", number)]


def draw_training(data: Path, batch: int = 4) -> Drawn:
    """Per writer of training batch ``batch``, (industry, source text) pairs: 15 per
    industry, none that any set or other batch drew."""
    if batch not in TRAINING_BATCHES:
        raise ValueError(
            f"no training batch {batch} is drawn from the corpora: choose from {TRAINING_BATCHES}"
        )
    return _every_draw(data)[("train", batch)]


def _texts(drawn: Drawn) -> set[str]:
    return {text for pairs in drawn.values() for _industry, text in pairs}


@functools.cache
def _every_draw(data: Path) -> dict[tuple[str, int], Drawn]:
    """Every draw, in the order they were made, each leaving out the texts the draws before
    it took (made once per process: every caller reads them)."""
    earlier: set[str] = set()
    draws: dict[tuple[str, int], Drawn] = {}
    pools: dict[tuple[bool, bool, bool], dict[str, list[str]]] = {}
    for step, key in enumerate(ORDER):
        kind, number = key
        # The labelled messages were nearly all drawn by training batch 4: from it on, the
        # unlabelled ones are drawn too; it left five, so from training batch 5 on education
        # also draws other sources.
        more_messages = step >= ORDER.index(("train", 4))
        other_sources = step >= ORDER.index(("train", 5))
        shorter_stories = step >= ORDER.index(("set", 14))
        writers = BATCH_WRITERS[number] if kind == "train" else SET_WRITERS.get(number, WRITERS)
        stage = (more_messages, other_sources, shorter_stories)
        if stage not in pools:  # the corpora are read once per stage, not once per draw
            pools[stage] = _pools(
                data,
                more_messages=more_messages,
                other_sources=other_sources,
                shorter_stories=shorter_stories,
            )
        draws[key] = _draw_set(pools[stage], SEED_BASE[key], earlier, writers)
        earlier |= _texts(draws[key])
    return draws


def drawn_by_sets(data: Path) -> set[str]:
    """Every source text an unseen set drew."""
    return {
        text
        for (kind, _), drawn in _every_draw(data).items()
        if kind == "set"
        for text in _texts(drawn)
    }


def _other_education_sources(data: Path) -> list[str]:
    """What education draws once the citizen messages run out (training batch 5 on): negative
    reviews of books (a course's materials) and CFPB narratives (a course's instalment loan and
    its collectors), for the writer to move to an education platform."""
    texts, lines = load_online_shopping(data, label="0")
    books = [text for text, line in zip(texts, lines, strict=True) if line == "书籍"]
    return books + [text for text in load_cfpb(data)[0] if len(text) >= LONG_STORY]


def _pools(
    data: Path,
    *,
    more_messages: bool = False,
    other_sources: bool = False,
    shorter_stories: bool = False,
) -> dict[str, list[str]]:
    pools = {
        industry: _pool(
            industry, data, more_messages=more_messages, shorter_stories=shorter_stories
        )
        for industry in INDUSTRIES
    }
    pools[OTHER_EDUCATION] = _other_education_sources(data) if other_sources else []
    return pools


def _draw_set(
    pools: dict[str, list[str]],
    seed_base: int,
    earlier: set[str],
    writers: tuple[str, ...] = WRITERS,
) -> Drawn:
    """A draw with the seeds ``seed_base`` + 1 to ``seed_base`` + 4, one per industry."""
    drawn: Drawn = {writer: [] for writer in writers}
    wanted = PER_WRITER * len(writers)
    # Two industries may draw from one corpus (education's other sources): a text goes to one.
    taken = set(earlier)
    for n, industry in enumerate(INDUSTRIES, 1):
        seed = seed_base + n
        pool = [text for text in pools[industry] if text[:LONGEST] not in taken]
        if industry == "education":
            # The school and training messages first, each part shuffled on its own.
            head = [t for t in pool if any(w in t for w in EDUCATION_WORDS)]
            rest = [t for t in pool if not any(w in t for w in EDUCATION_WORDS)]
            random.Random(seed).shuffle(head)
            random.Random(seed + 1).shuffle(rest)
            # Then, when the messages run out, the other sources, shuffled (seed + 3).
            other = list(
                dict.fromkeys(t for t in pools[OTHER_EDUCATION] if t[:LONGEST] not in taken)
            )
            random.Random(seed + 3).shuffle(other)
            chosen = (head + rest + other)[:wanted]
            random.Random(seed + 2).shuffle(chosen)
        else:
            chosen = random.Random(seed).sample(pool, wanted)
        for k, text in enumerate(chosen):
            drawn[writers[k % len(writers)]].append((industry, text[:LONGEST]))
            taken.add(text[:LONGEST])
    return drawn


def aims(pairs: list[tuple[str, str]]) -> list[str]:
    """The category each of a writer's texts should become (training batch 6): :data:`AIMS`
    in turn over each industry's texts, in the order they were drawn."""
    seen: dict[str, int] = {}
    out = []
    for industry, _text in pairs:
        out.append(AIMS[seen.get(industry, 0) % len(AIMS)])
        seen[industry] = seen.get(industry, 0) + 1
    return out


def main(which: str, out: Path) -> None:
    data = shared_data_dir()
    if data is None:
        raise SystemExit("the shared corpora (../shared/data) are not here")
    try:
        if which.startswith("train"):
            # "train" alone is batch 4, as its brief names it.
            drawn = draw_training(data, int(which.removeprefix("train") or 4))
        else:
            drawn = draw(data, int(which))
    except ValueError as error:
        raise SystemExit(
            f"{error} (a set's number, or train4 / train5 / train6 for the training rows)"
        ) from None
    aimed = which.removeprefix("train") in {str(batch) for batch in AIMED_BATCHES}
    for writer, pairs in drawn.items():
        folder = out / writer
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "sources.csv").open("w", encoding="utf-8", newline="") as handle:
            out_csv = csv.writer(handle)
            out_csv.writerow(["n", "industry", "source_text", *(["aim"] if aimed else [])])
            for n, (industry, text) in enumerate(pairs, start=1):
                aim = [aims(pairs)[n - 1]] if aimed else []
                out_csv.writerow([n, industry, text, *aim])


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
