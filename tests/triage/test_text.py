"""Normalisation, language detection and segmentation."""

from complaintdesk.triage.nlp.text import (
    detect_language,
    fold_traditional,
    normalize,
    to_traditional,
    tokenize,
)


def test_normalize_folds_width_case_and_traditional():
    assert normalize("  ＡＢＣ１２３　訂單沒到  ") == "abc123 订单没到"


def test_traditional_round_trip_on_complaint_vocabulary():
    simplified = "我要投诉，退款一直没有到账，还要找律师"
    assert fold_traditional(to_traditional(simplified)) == simplified
    assert to_traditional(simplified) != simplified


def test_detect_language():
    assert detect_language("快递三天没到") == "zh"
    assert detect_language("My parcel never arrived") == "en"
    assert detect_language("APP一直闪退，login 失败") == "zh"
    assert detect_language("12345") == "zh"


def test_tokenize_segments_chinese_and_drops_punctuation():
    words = tokenize("骑手把餐送错了地址！")
    assert "骑手" in words
    assert "！" not in words and "!" not in words


def test_tokenize_drops_whitespace():
    words = tokenize("退款  没有到账\n客服 不理")
    assert "退款" in words and "客服" in words
    assert all(word and word == word.strip() for word in words)


def test_tokenize_splits_joined_latin_runs_into_their_parts():
    assert tokenize("auto-renew") == ["auto", "renew"]
    assert tokenize("客服邮箱 service_desk@yahoo.com.cn 不回") == [
        "客服",
        "邮箱",
        "service",
        "desk",
        "yahoo",
        "com",
        "cn",
        "不回",
    ]


def test_tokenize_keeps_decimals_and_percentages_whole():
    assert "38.5" in tokenize("多扣了38.5元")
    assert "50%" in tokenize("说好打 50% 折扣")
    assert tokenize("v1.2.3") == ["v1.2", "3"]
