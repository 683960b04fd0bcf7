"""Risk flags from the lexicon: each category in simplified, traditional and English."""

import json

import pytest

from complaintdesk.triage.nlp.risk import (
    DEFAULT_LEXICON_PATH,
    RISK_FLAGS,
    RiskLexicon,
    detect_risks,
)


def codes(text):
    return {flag.code for flag in detect_risks(text)}


@pytest.mark.parametrize(
    ("flag", "texts"),
    [
        ("legal_threat", ["再不退款我就去法院起诉你们", "我會請律師起訴你們", "I will sue you"]),
        (
            "media_exposure",
            ["我要发微博曝光你们", "我會把這件事發到網上", "I will go to the press"],
        ),
        ("regulator", ["我已经打了12315", "我要向消協投訴", "I am reporting this to the CFPB"]),
        ("safety", ["吃完外卖全家食物中毒", "騎手闖紅燈把我撞倒了", "I got food poisoning"]),
        ("repeat", ["这是第三次投诉了", "我已經投訴過了還是沒人處理", "I complained twice"]),
    ],
)
def test_each_flag_in_simplified_traditional_and_english(flag, texts):
    for text in texts:
        assert flag in codes(text), text


def test_matched_terms_are_the_explanation():
    [flag] = [f for f in detect_risks("不处理就找律师") if f.code == "legal_threat"]
    assert "找律师" in flag.terms


def test_negated_threat_is_not_a_flag_but_conditional_one_is():
    assert "legal_threat" not in codes("我不会起诉的，只想要个说法")
    assert "legal_threat" not in codes("I won't take legal action, just refund me")
    assert "media_exposure" not in codes("我无意去媒体曝光")
    assert "legal_threat" in codes("如果不退款我就起诉")
    assert "legal_threat" in codes("我不会善罢甘休，我要起诉")


def test_numbers_inside_longer_numbers_do_not_match():
    assert codes("订单号 2023123156，请问怎么退") == set()
    assert "regulator" in codes("已打12315。")


def test_neutral_text_has_no_flags():
    assert codes("您好，请问退款多久到账？谢谢") == set()


def test_lexicon_file_is_editable_data_covering_every_flag():
    data = json.loads(DEFAULT_LEXICON_PATH.read_text(encoding="utf-8"))
    assert set(data["flags"]) == set(RISK_FLAGS)
    custom = RiskLexicon.from_dict({"flags": {"legal_threat": {"terms": ["告状"]}}})
    assert [f.code for f in custom.detect("我要去告状")] == ["legal_threat"]


@pytest.mark.parametrize(
    "text",
    ["我没有打算投诉12315，只想退款", "我并不想去曝光你们", "I am not going to sue anyone"],
)
def test_a_negated_threat_raises_no_flag(text):
    assert not codes(text) & {"regulator", "media_exposure", "legal_threat"}


@pytest.mark.parametrize(
    ("flag", "text"),
    [
        ("regulator", "我已经向市场监督管理局反映了"),
        ("regulator", "xiaoxie 那边我也会去说"),
        ("media_exposure", "我会把视频发到抖音上"),
        ("legal_threat", "我们法庭上见"),
        ("safety", "孩子吃了以后发高烧住院了"),
        ("safety", "the heater caught fire in our kitchen"),
        ("repeat", "我已经打了好几次电话都没人理"),
    ],
)
def test_lexicon_covers_variants_from_the_taxonomy(flag, text):
    assert flag in codes(text), text


def test_a_number_of_days_is_not_an_emergency_call():
    assert "safety" not in codes("客服说120天内可以退")


def test_the_trie_regex_matches_exactly_the_terms_longest_first():
    import re

    from complaintdesk.triage.nlp.risk import trie_regex

    regex = re.compile(trie_regex(["律师", "律师函", "法院", "法院见"]))
    assert [m.group(0) for m in regex.finditer("发律师函，法院见，请律师")] == [
        "律师函",
        "法院见",
        "律师",
    ]
    assert regex.search("律") is None


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("再不处理我就找lvshi问问怎么告", "legal_threat"),  # Latin next to Chinese
        ("不给说法我就去shichang jianguanju举报", "regulator"),
        ("他在电话里说知道我住哪，让我小心点", "safety"),
        ("孩子差点把小零件吞下去", "safety"),
        ("这是我第四次为同一件事投诉了", "repeat"),
        ("找客服反映了三次都没用", "repeat"),
        # Contacts made several times, in the words of the taxonomy's "called several times".
        ("我已经多次致电你们的客服热线", "repeat"),
        ("前后好几次写信要求更正", "repeat"),
        ("跟客服说了三遍地址还是送错", "repeat"),
        ("I contacted your support four times and nobody answered", "repeat"),
    ],
)
def test_spoken_and_indirect_wording_raises_the_flag(text, flag):
    assert flag in codes(text)


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("面里吃出一根头发，退一半吧", "safety"),  # a hygiene fault, nobody at risk
        ("住院费用的理赔材料交齐一个月了", "safety"),  # an illness that is a claim's subject
        ("快递到现在还没到", "repeat"),  # waiting is a delay, not a repeat complaint
        ("App 闪退，重装三次了还是不行", "repeat"),
        ("这款耳机我买了三次了，一直很满意", "repeat"),  # buying again is not complaining again
        ("I have used this app many days", "repeat"),
        ("懒得去消协折腾了，把运费退了就行", "regulator"),  # declined
        ("我先不找12315，帮我退订", "regulator"),
        # 动手 (to come to blows) inside other words: 运动+手表, 活动+手册, 变动+手续费
        ("页面上写的运动手表是全新正品，到手发现有划痕", "safety"),
        ("活动手册少发了一本", "safety"),
        ("变动手续费也不提前通知", "safety"),
        # 着火 (catching fire) and 发烧 (a fever) inside other words
        ("一边吃着火锅一边等外卖，等了一个半小时", "safety"),
        ("挨着火车站的那家店发错货了", "safety"),
        ("这款耳机号称发烧级，音质一般", "safety"),
    ],
)
def test_what_is_not_a_risk_raises_no_flag(text, flag):
    assert flag not in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "骑手直接动手打人",
        "他们的员工对我動手了",
        "差点动手",
        "仓库着火了",
        "充电宝突然著火",
        "孩子吃完發燒了",
    ],
)
def test_blows_fire_and_fever_are_still_a_safety_risk(text):
    assert "safety" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "本来想拍个视频发抖音吐槽，想想算了，麻烦换一件",
        "我朋友劝我报警，我觉得没必要，让他道个歉就行",
    ],
)
def test_a_threat_taken_back_right_after_raises_no_flag(text):
    assert not codes(text) & {"media_exposure", "legal_threat"}


def test_a_conditional_threat_is_not_taken_back_by_a_later_sentence():
    assert "media_exposure" in codes("再不退款我就发抖音曝光你们。其他的就算了，先把钱退了")


def test_an_injury_that_is_an_insurance_claims_subject_is_not_a_safety_risk():
    assert "safety" not in codes("我爸摔了一跤骨折住院，意外险理赔材料交了一个月还没赔付")
    # ...but a threat from the insurer's staff still is.
    assert "safety" in codes("理赔员在电话里说知道我住哪，让我小心点")
    assert "safety" in codes("骑手闯红灯把我撞倒了，膝盖擦伤")
