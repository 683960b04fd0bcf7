"""Cross-validating other settings of a shipped model on its folds, before shipping any."""

import pytest

from complaintdesk.triage.nlp.classifier import ClassifierConfig
from complaintdesk.triage.nlp.variants import WORDS_MEAN, compare, main, parse_variant

SLOW = ["快递三天了还没到", "骑手送错地址了", "物流一直不更新", "包裹压坏了"]
RUDE = ["客服态度很差", "打电话没人接", "客服一直不回复", "说好回电没回电"]
CRASH = ["软件一打开就闪退", "视频播放不了一直转圈", "登录不上系统报错", "课程回放加载失败"]


def _rows():
    rows = []
    for n in range(12):
        for label, phrases in (("logistics", SLOW), ("service", RUDE), ("technical", CRASH)):
            rows.append(
                {
                    "origin": "complaints_written_4" if n % 2 else "complaints_written",
                    "text": f"{phrases[n % 4]}，要求尽快处理，订单{n}",
                    "category": label,
                    "written": "1",
                    "group": f"{label}{n}",
                }
            )
    return rows


def test_a_variant_changes_one_field_of_the_shipped_setting():
    shipped = ClassifierConfig(c=0.5, words=False, request_weight=0.0, min_df=2)
    assert parse_variant("request_weight=0.5", shipped).request_weight == 0.5
    assert parse_variant("words=true", shipped).words is True
    assert parse_variant("min_df=1", shipped).min_df == 1
    assert parse_variant(WORDS_MEAN, shipped) == WORDS_MEAN


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("weight=2", "is not a variant: write field=value"),
        ("request_weight", "is not a variant: write field=value"),
        ("words=yes", "words takes true or false"),
        ("c=much", "c takes a number"),
    ],
)
def test_a_variant_that_names_no_setting_is_refused(text, message):
    with pytest.raises(ValueError, match=message):
        parse_variant(text, ClassifierConfig())


def test_the_shipped_setting_and_each_variant_are_scored_on_the_same_rows():
    shipped = ClassifierConfig(c=1.0, words=False, min_df=1, temperature=0.3)
    report = compare(
        "category", ["request_weight=0.5", WORDS_MEAN], _rows(), config=shipped, folds=3
    )
    assert report["rewritten_rows"] == 18 and report["written_rows"] == 36
    assert set(report) >= {"shipped", "request_weight=0.5", WORDS_MEAN}
    assert "gain" not in report["shipped"]
    for name in ("request_weight=0.5", WORDS_MEAN):
        entry = report[name]
        low, high = entry["gain_interval_95"]
        assert -1 <= low <= high <= 1 and -1 <= entry["gain"] <= 1
        assert set(entry["rewritten_per_label_f1"]) == {"logistics", "service", "technical"}
    # These phrasings are easy: every setting gets most rows right out of fold.
    assert report["shipped"]["written_macro_f1"] > 0.8


def test_no_variant_is_refused_before_anything_is_trained():
    with pytest.raises(SystemExit, match="name the task and at least one variant"):
        main(["category"])
    with pytest.raises(ValueError, match="name at least one variant"):
        compare("category", [], [], config=ClassifierConfig())
