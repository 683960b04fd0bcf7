"""The anonymiser and the masking of free text: one pattern set, pure, no database."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from complaintdesk.lib.anonymise import (
    Kind,
    anonymise,
    find_personal_data,
    mask_personal_data,
)
from complaintdesk.lib.text import mask_contacts_in_text

# Each text with the values that must not survive anonymisation.
TEXTS = [
    (
        "我叫王小明，手机 138-1234-5678，身份证号11010519491231002X，邮箱wang.xm@example.com，"
        "住在北京市朝阳区建国路88号3号楼2单元1201室，订单号TB20261009123456789。",
        [
            "王小明",
            "138-1234-5678",
            "11010519491231002X",
            "wang.xm@example.com",
            "建国路88号",
            "1201室",
            "TB20261009123456789",
        ],
    ),
    (
        "张先生的电话是+86 139 1234 5678，李老师答应回电。请寄回上海市浦东新区世纪大道100号。",
        ["张先生", "李老师", "139 1234 5678", "1391234", "世纪大道100号", "浦东新区"],
    ),
    (
        "本人赵丽，身份证440301199001011234，孩子在阳光花园5栋上课，订单编号：ED-2026-55821。"
        "客服刘经理说三天内退款到卡6222021234567890123。",
        [
            "赵丽",
            "440301199001011234",
            "阳光花园",
            "ED-2026-55821",
            "刘经理",
            "6222021234567890123",
        ],
    ),
    (
        "My name is John Smith, phone +86 13812345678, email john.smith@mail.co.uk. "
        "Deliver to Flat 3, 221 Baker Street. Order no. A-778812 never arrived. "
        "Mr. Brown at the shop was rude; call me on 021-6234 5678.",
        [
            "John Smith",
            "13812345678",
            "john.smith@mail.co.uk",
            "221 Baker Street",
            "A-778812",
            "Brown",
            "6234 5678",
        ],
    ),
    (
        "Ms. Li Na says her ID 11010519491231002x was copied; card 6222 0212 3456 7890 123, "
        "order number 5567123409 was charged twice.",
        ["Li Na", "11010519491231002x", "6222 0212 3456 7890 123", "5567123409"],
    ),
    (
        "家长（联系人：陈静）反映课程老师态度差，座机(0755)8823 4567，旧身份证110105491231002，"
        "邮寄地址广州市天河区体育西路191号中石化大厦B座2008室。",
        ["陈静", "8823 4567", "110105491231002", "体育西路191号", "2008室"],
    ),
]


@pytest.mark.parametrize(("text", "secrets"), TEXTS)
def test_anonymised_text_keeps_none_of_the_personal_data(text: str, secrets: list[str]) -> None:
    result = anonymise(text, names=["王小明"], order_numbers=["A-778812"])
    for secret in secrets:
        assert secret not in result, (secret, result)


def test_placeholders_follow_the_texts_language() -> None:
    zh = anonymise("我的手机13812345678，邮箱a@b.cn，订单号AB123456")
    assert zh == "我的手机【手机号】，邮箱【邮箱】，订单号【订单号】"
    en = anonymise("Call 13812345678 or mail a@b.cn about order no. AB123456")
    assert en == "Call [phone] or mail [email] about order no. [order number]"


def test_known_names_and_their_titled_forms_are_replaced_wherever_they_occur() -> None:
    text = "客户周杰说周先生没收到货；坐席 liu.yang 已联系。"
    result = anonymise(text, names=["周杰", "liu.yang"])
    assert result == "客户【姓名】说【姓名】先生没收到货；坐席 【姓名】 已联系。"


def test_the_words_around_an_address_stay() -> None:
    result = anonymise("快递员把包裹放在北京市海淀区中关村大街27号门口，我没收到。")
    assert result == "快递员把包裹放在【地址】门口，我没收到。"


def test_ordinary_text_is_left_alone() -> None:
    text = "课程质量太差，老师经常迟到，要求退款 3980 元，已经等了 15 天。"
    assert anonymise(text) == text
    assert mask_personal_data(text) == text


def test_masking_keeps_enough_to_recognise_the_value() -> None:
    text = (
        "电话 +86 138-1234-5678，座机010-62345678，身份证11010519491231002X，"
        "邮箱wang.xm@example.com，卡号6222 0212 3456 7890 123"
    )
    assert mask_personal_data(text) == (
        "电话 138****5678，座机010****5678，身份证11**************2X，"
        "邮箱w***@example.com，卡号6222***********0123"
    )


def test_masking_leaves_names_addresses_and_order_numbers() -> None:
    text = "王小明住在建国路88号，订单号20261009123456789"
    assert mask_personal_data(text) == text


def test_the_old_masking_function_uses_the_same_patterns() -> None:
    text = "ID 11010519491231002X, card 6222021234567890123, 13812345678"
    assert mask_contacts_in_text(text) == mask_personal_data(text)
    assert [f.kind for f in find_personal_data(text)] == [
        Kind.ID_NUMBER,
        Kind.BANK_CARD,
        Kind.MOBILE,
    ]


# --- property: neither masking nor anonymising leaves a phone or ID number of the input ------

_digits = st.text(alphabet="0123456789", min_size=1, max_size=1)
_mobile = st.builds(
    lambda second, rest, style: style(f"1{second}{rest}"),
    st.sampled_from("3456789"),
    st.text(alphabet="0123456789", min_size=9, max_size=9),
    st.sampled_from(
        [
            lambda d: d,
            lambda d: f"{d[:3]}-{d[3:7]}-{d[7:]}",
            lambda d: f"{d[:3]} {d[3:7]} {d[7:]}",
            lambda d: f"+86{d}",
            lambda d: f"+86 {d[:3]} {d[3:7]} {d[7:]}",
        ]
    ),
)
_id18 = st.builds(
    lambda body, check: body + check,
    st.text(alphabet="0123456789", min_size=17, max_size=17),
    st.sampled_from("0123456789Xx"),
)
_filler = st.text(
    alphabet="投诉课程老师退款快递没有收到请联系谢谢 ，。,.!abcdefghijklmnpqrstuvwyz:：",
    max_size=12,
)
_reference_mobile = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_reference_id = re.compile(r"(?<!\d)\d{17}[\dXx](?![\dXx])")


def _numbers_in(text: str) -> set[str]:
    """Phones and ID numbers of ``text`` by a reference pattern, separators removed."""
    squeezed = re.sub(r"(?<=\d)[ -](?=\d)", "", text).replace("+86", " ")
    return set(_reference_mobile.findall(squeezed)) | set(_reference_id.findall(squeezed))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_filler, st.one_of(_mobile, _id18)), min_size=1, max_size=5), _filler)
def test_output_never_holds_a_phone_or_id_number_of_the_input(
    parts: list[tuple[str, str]], tail: str
) -> None:
    text = "".join(filler + value for filler, value in parts) + tail
    secrets = _numbers_in(text)
    for output in (mask_personal_data(text), anonymise(text)):
        squeezed = re.sub(r"[\s-]", "", output)
        for secret in secrets:
            assert secret not in squeezed, (secret, text, output)
