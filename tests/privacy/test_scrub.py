"""The scrubber for one person: their values and any phone, ID number or e-mail in text."""

from __future__ import annotations

from complaintdesk.privacy.scrub import Scrubber, id_number_valid

SCRUB = Scrubber.for_person(names=["欧阳娜娜", "Nana Ouyang"], values=["13712349876", "VIP-778"])


def test_phones_in_the_usual_spellings_are_replaced() -> None:
    for phone in (
        "13712349876",
        "137-1234-9876",
        "137 1234 9876",
        "+86 13712349876",
        "010-88886666",
        "0571 88886666",
    ):
        assert SCRUB(f"请回电{phone}谢谢") == "请回电[电话]谢谢", phone


def test_id_numbers_with_a_valid_check_digit_and_old_fifteen_digit_ones() -> None:
    assert SCRUB("身份证110101199003071233。") == "身份证[证件号]。"
    assert SCRUB("证件 44030419851120567x") == "证件 44030419851120567x"  # wrong check digit
    assert SCRUB("老证 110101900307123") == "老证 [证件号]"
    assert id_number_valid("440304198511205674")


def test_emails_names_and_known_values() -> None:
    text = "我是欧阳娜娜 (Nana Ouyang)，会员号 vip-778，邮箱 Nana.O@Example.org"
    assert SCRUB(text) == "我是[姓名] ([姓名])，会员号 [已删除]，邮箱 [邮箱]"


def test_what_is_not_personal_stays() -> None:
    text = "订单 JD-1001 金额 299.00 元，投诉 TS-20261122-000123，运单 SF1234567890，2026-10-09"
    assert SCRUB(text) == text
    assert SCRUB("") == ""
    digest = "ab13712349876cd110101900307123ef"  # a hash that happens to hold such digits
    assert Scrubber.for_person()(digest) == digest


def test_a_scrubber_without_values_still_removes_patterns() -> None:
    assert Scrubber.for_person()("电话13912345678") == "电话[电话]"
