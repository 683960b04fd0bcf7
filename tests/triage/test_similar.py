"""Nearest resolved complaints."""

from complaintdesk.triage.nlp.similar import SimilarIndex

INDEX = SimilarIndex(
    ["r1", "r2", "r3"],
    ["骑手送餐超时一个小时", "理赔申请被拒绝", "外卖送到时已经超时很久"],
)


def test_top_k_with_scores_best_first():
    found = INDEX.query("外卖超时了一个多小时", k=2)
    assert {case.id for case in found} == {"r1", "r3"}
    assert found[0].score >= found[1].score > 0
    assert all(0 < case.score <= 1 for case in found)


def test_excluded_ids_are_skipped():
    found = INDEX.query("外卖超时了一个多小时", k=3, exclude=["r1"])
    assert "r1" not in [case.id for case in found]
    assert found[0].id == "r3"


def test_empty_index_returns_nothing():
    assert SimilarIndex([], []).query("任何") == []
