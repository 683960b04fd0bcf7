"""The unseen sets are frozen: a changed row would let a later choice be fitted to them."""

import hashlib

import pytest

from complaintdesk.triage.nlp.corpora import shared_data_dir
from complaintdesk.triage.nlp.fieldscores import (
    UNSEEN_2_CSV,
    UNSEEN_3_CSV,
    UNSEEN_4_CSV,
    UNSEEN_5_CSV,
    UNSEEN_6_CSV,
    UNSEEN_7_CSV,
    UNSEEN_8_CSV,
    UNSEEN_9_CSV,
    UNSEEN_10_CSV,
    UNSEEN_11_CSV,
    UNSEEN_12_CSV,
    UNSEEN_13_CSV,
    UNSEEN_14_CSV,
    UNSEEN_SETS,
    load_unseen_rows,
)

TAXONOMY = {
    "category": {
        "quality",
        "misdescription",
        "logistics",
        "service",
        "billing",
        "contract",
        "technical",
        "account_security",
        "other",
    },
    "demand": {
        "refund",
        "return_exchange",
        "compensation",
        "redo",
        "apology",
        "explanation",
        "cancel_service",
        "other",
    },
    "priority": {"urgent", "high", "normal", "low"},
    "sentiment": {"angry", "negative", "neutral", "positive"},
    "industry": {"ecommerce", "education", "delivery", "insurance", "other"},
}
FLAGS = {"legal_threat", "media_exposure", "regulator", "safety", "repeat"}


FROZEN = {
    UNSEEN_2_CSV: "36eb099da9fe2604aa65a56a207bf82bb6d22bce9b45eba4f6db6340f92dea64",
    UNSEEN_3_CSV: "04e074d4363430f85a6e9ee8e0c54a51bc9f1fc6275ad21b20ae73eb1a3f3aba",
    UNSEEN_4_CSV: "9ca7ff888dd5155f3e5321548e6fef0b7a43b0adb29a5bef6c5fcc88ac883240",
    UNSEEN_5_CSV: "b186f7460d839a2e2fa2f87f16edd7a93fcc4d064d711cdf8b4625a77886ab2e",
    UNSEEN_6_CSV: "c741ccbdc75d5bc5d7bd4aa154d3594f92ae0b5855e27d0c876c142ccceef058",
    UNSEEN_7_CSV: "be00e09f7f36179dc0e0e8ff21cbb97f6f25eda29c9512cb83501c97bbb4d8ba",
    UNSEEN_8_CSV: "124139d26dfe5379a4e0eba0bf316df237a8b68149f9adb5232371baff0422c7",
    UNSEEN_9_CSV: "0a1f2266bf1fae924604da7684cb8b63cdcfcd2fcc65fba54783a822728ce9a8",
    UNSEEN_10_CSV: "b9c50dbea9f3b16ade0bb406b41464d6e46f2a44deb983096802111c76a47b51",
    UNSEEN_11_CSV: "eedc49a61d2d9a7df82c5b9a072b6838f047c3b7ed4f651efb204ab982f7d8c3",
    UNSEEN_12_CSV: "69328177e46326af63cc2633d4812ef0e233287d0f7459e60b8447c2040bef99",
    UNSEEN_13_CSV: "3f0b7129ccd2f7a652b9fd480bcc8cbf185a08c3c2c362fff757c96073c6ed99",
    UNSEEN_14_CSV: "be977ecee48fd807945706b45556864f7ce244458d491e90e52f714783cc2c15",
}


@pytest.mark.parametrize("path", list(FROZEN), ids=lambda p: p.name)
def test_unseen_sets_are_frozen(path):
    assert hashlib.sha256(path.read_bytes()).hexdigest() == FROZEN[path]


@pytest.mark.parametrize("path", list(FROZEN), ids=lambda p: p.name)
def test_unseen_sets_use_taxonomy_codes_only(path):
    rows = load_unseen_rows(path)
    assert len(rows) == (480 if path in (UNSEEN_13_CSV, UNSEEN_14_CSV) else 240)
    for row in rows:
        for field, codes in TAXONOMY.items():
            assert row[field] in codes, (row["id"], field, row[field])
        assert {f for f in row["risk_flags"].split(";") if f} <= FLAGS
    assert {r["industry"] for r in rows} >= {"ecommerce", "education", "delivery", "insurance"}


def test_sets_13_and_14_judge_and_the_sets_before_them_are_training_rows():
    assert {UNSEEN_13_CSV, UNSEEN_14_CSV} <= set(UNSEEN_SETS.values())
    assert not {UNSEEN_10_CSV, UNSEEN_11_CSV, UNSEEN_12_CSV} & set(UNSEEN_SETS.values())


def test_sources_are_drawn_only_for_the_sets_drawn_from_the_corpora(tmp_path):
    from complaintdesk.triage.data.unseen_sources import draw

    with pytest.raises(ValueError, match="no unseen set 15"):
        draw(tmp_path, 15)


def test_training_rows_are_drawn_only_for_the_batches_drawn_from_the_corpora(tmp_path):
    from complaintdesk.triage.data.unseen_sources import draw_training

    with pytest.raises(ValueError, match="no training batch 7"):
        draw_training(tmp_path, 7)


@pytest.mark.skipif(shared_data_dir() is None, reason="../shared/data is absent")
@pytest.mark.parametrize("batch", [4, 5, 6])
def test_the_training_rows_are_rewritten_from_texts_no_unseen_set_drew(batch):
    from complaintdesk.triage.data.unseen_sources import (
        BATCH_WRITERS,
        draw_training,
        drawn_by_sets,
    )

    data = shared_data_dir()
    judged = drawn_by_sets(data)
    drawn = draw_training(data, batch)
    assert sorted(drawn) == sorted(BATCH_WRITERS[batch])
    texts = [text for pairs in drawn.values() for _, text in pairs]
    assert len(texts) == len(set(texts)) == 60 * len(BATCH_WRITERS[batch])
    assert not judged & set(texts)
    for pairs in drawn.values():
        assert sorted({i for i, _ in pairs}) == ["delivery", "ecommerce", "education", "insurance"]
        assert all(sum(i == industry for i, _ in pairs) == 15 for industry, _ in pairs)


def test_each_industry_of_a_batch_6_writer_aims_at_the_rarest_categories_in_turn():
    from complaintdesk.triage.data.unseen_sources import AIMS, aims

    pairs = [(place, f"{place} {n}") for place in ("ecommerce", "delivery") for n in range(15)]
    got = aims(pairs)
    assert got[:15] == got[15:] == list(AIMS)
    assert {aim: list(AIMS).count(aim) for aim in set(AIMS)} == {
        "service": 4,
        "contract": 3,
        "technical": 3,
        "other": 2,
        "": 3,
    }


@pytest.mark.skipif(shared_data_dir() is None, reason="../shared/data is absent")
def test_set_13_has_eight_writers_and_the_sets_before_it_four():
    from complaintdesk.triage.data.unseen_sources import draw

    data = shared_data_dir()
    assert sorted(draw(data, 13)) == sorted(draw(data, 14)) == list("abcdefgh")
    assert sorted(draw(data, 12)) == list("abcd")


@pytest.mark.skipif(shared_data_dir() is None, reason="../shared/data is absent")
def test_only_batch_6_sources_carry_an_aim(tmp_path):
    import csv

    from complaintdesk.triage.data.unseen_sources import main

    main("train6", tmp_path / "b6")
    main("12", tmp_path / "s12")
    with (tmp_path / "b6" / "h" / "sources.csv").open(encoding="utf-8") as handle:
        aimed = list(csv.DictReader(handle))
    with (tmp_path / "s12" / "d" / "sources.csv").open(encoding="utf-8") as handle:
        plain = list(csv.DictReader(handle))
    assert sorted(tmp_path.joinpath("b6").iterdir()) == [tmp_path / "b6" / w for w in "abcdefgh"]
    assert len(aimed) == len(plain) == 60
    assert [row["aim"] for row in aimed].count("technical") == 12
    assert "aim" not in plain[0]


@pytest.mark.skipif(shared_data_dir() is None, reason="../shared/data is absent")
def test_every_draw_leaves_out_every_text_an_earlier_draw_took():
    from complaintdesk.triage.data.unseen_sources import ORDER, draw, draw_training

    data = shared_data_dir()
    earlier: set[str] = set()
    for kind, number in ORDER:
        drawn = draw(data, number) if kind == "set" else draw_training(data, number)
        texts = [text for pairs in drawn.values() for _, text in pairs]
        assert len(texts) == len(set(texts)) == 60 * len(drawn), (kind, number)
        assert not earlier & set(texts), (kind, number)
        earlier |= set(texts)


@pytest.mark.skipif(shared_data_dir() is None, reason="../shared/data is absent")
def test_the_draws_made_before_set_14_are_those_their_rows_were_written_from():
    """Adding a draw to the order changes none of the draws before it (the digests were taken
    of the draws as their writers were given them: up to set 9 before training batch 5 and set
    10 were added, batch 5 and set 10 before set 11 was, set 11 before set 12 and batch 6
    were, set 12 and batch 6 before set 13 was, set 13 before set 14 was)."""
    import hashlib
    import json

    from complaintdesk.triage.data.unseen_sources import draw, draw_training

    data = shared_data_dir()
    digests = {
        "set 5": draw(data, 5),
        "set 6": draw(data, 6),
        "set 7": draw(data, 7),
        "set 8": draw(data, 8),
        "batch 4": draw_training(data, 4),
        "set 9": draw(data, 9),
        "batch 5": draw_training(data, 5),
        "set 10": draw(data, 10),
        "set 11": draw(data, 11),
        "set 12": draw(data, 12),
        "batch 6": draw_training(data, 6),
        "set 13": draw(data, 13),
    }
    got = {
        name: hashlib.sha256(
            json.dumps(drawn, ensure_ascii=False, sort_keys=True).encode()
        ).hexdigest()[:16]
        for name, drawn in digests.items()
    }
    assert got == {
        "set 5": "d0b6b8e3c6dae16f",
        "set 6": "a0a375055e98fea7",
        "set 7": "622ab4e3ab614b39",
        "set 8": "4d835011b0278783",
        "batch 4": "6a0bf2d09f50cd56",
        "set 9": "f1f059030279e4de",
        "batch 5": "893287493dfccf8d",
        "set 10": "2532fd0ccd165611",
        "set 11": "6ce67909970a548f",
        "set 12": "2ba83a0907aff838",
        "batch 6": "6b713b8d5aa48a3e",
        "set 13": "a48455298bcf06df",
    }


@pytest.mark.skipif(shared_data_dir() is None, reason="../shared/data is absent")
def test_insurance_draws_shorter_stories_only_from_set_14_on():
    from complaintdesk.triage.data.unseen_sources import LONG_STORY, SHORTER_STORY, draw

    data = shared_data_dir()

    def insurance(number):
        return [
            len(t) for pairs in draw(data, number).values() for i, t in pairs if i == "insurance"
        ]

    assert min(insurance(13)) >= LONG_STORY
    assert SHORTER_STORY <= min(insurance(14)) < LONG_STORY
