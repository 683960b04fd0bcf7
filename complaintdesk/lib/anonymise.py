"""Personal data inside free text: one set of patterns for masking and for anonymising.

*Masking* keeps enough to recognise a value and hides the rest (``138****5678``); it is what a
reader without the right to personal data (an auditor, an outside overseer, a respondent) sees
of phones, ID numbers, emails and bank cards typed into a complaint or a message.

*Anonymising* replaces a value with a placeholder in the text's language (``【手机号】`` or
``[phone]``) and also catches person names, addresses and order numbers; it is what the case
library keeps.

Both run over the same findings from :func:`find_personal_data`. Patterns are heuristics: they
catch the usual ways these values are written in Chinese and English text, not every way (see
docs/cases.md). Pure: no Django.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass


class Kind(enum.StrEnum):
    """What a finding is; the order here is the order placeholders are documented in."""

    NAME = "name"
    MOBILE = "mobile"
    LANDLINE = "landline"
    ID_NUMBER = "id_number"
    EMAIL = "email"
    BANK_CARD = "bank_card"
    ADDRESS = "address"
    ORDER_NUMBER = "order_number"


PLACEHOLDERS_ZH = {
    Kind.NAME: "【姓名】",
    Kind.MOBILE: "【手机号】",
    Kind.LANDLINE: "【电话】",
    Kind.ID_NUMBER: "【证件号】",
    Kind.EMAIL: "【邮箱】",
    Kind.BANK_CARD: "【银行卡号】",
    Kind.ADDRESS: "【地址】",
    Kind.ORDER_NUMBER: "【订单号】",
}
PLACEHOLDERS_EN = {
    Kind.NAME: "[name]",
    Kind.MOBILE: "[phone]",
    Kind.LANDLINE: "[phone]",
    Kind.ID_NUMBER: "[ID number]",
    Kind.EMAIL: "[email]",
    Kind.BANK_CARD: "[bank card]",
    Kind.ADDRESS: "[address]",
    Kind.ORDER_NUMBER: "[order number]",
}

#: The kinds a masked reader must not read; names, addresses and order numbers stay.
CONTACT_KINDS = frozenset({Kind.MOBILE, Kind.LANDLINE, Kind.ID_NUMBER, Kind.EMAIL, Kind.BANK_CARD})


@dataclass(frozen=True)
class Finding:
    kind: Kind
    start: int
    end: int
    value: str


# --- numbers and emails ---------------------------------------------------------------------
# Emails first (a QQ address is a number too). Then each run of digits, single spaces or dashes
# between them allowed (138 1234 5678, 6222-0212-…), is read as one number by its digits: a
# mobile, an ID number, a card or a landline. A run that is none of them is searched for
# numbers separated by its spaces (等了15 13812345678). Any run of 16 digits or more is hidden
# as a card, so two numbers written together are not left whole.
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_NUMBER_RUN = re.compile(r"(?<!\d)(?:\+\s?)?(?:\(\d{2,4}\)\s?)?\d(?:[ -]?\d)*(?:[Xx](?![A-Za-z]))?")
_INNER = re.compile(
    r"""
    (?P<mobile>(?<!\d)1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d))
    | (?P<landline>(?<!\d)0\d{2,3}[\s-]\d{3,4}[\s-]?\d{4}(?!\d))
    """,
    re.VERBOSE,
)
_BIRTH_DATE = re.compile(r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")


def _number_kind(run: str) -> Kind | None:
    """What a run of digits is, read from its digits alone."""
    digits = re.sub(r"[^0-9Xx]", "", run)
    bare = digits[2:] if digits.startswith("86") and len(digits) == 13 else digits
    if len(bare) == 11 and bare[0] == "1" and bare[1] in "3456789":
        return Kind.MOBILE
    if len(digits) == 18 and (digits[-1] in "Xx" or _BIRTH_DATE.match(digits, 10)):
        return Kind.ID_NUMBER
    if len(digits) == 15 and digits.isdigit() and _BIRTH_DATE.match(digits, 8):
        return Kind.ID_NUMBER
    if len(digits) >= 16:
        return Kind.BANK_CARD
    separated = run.startswith("(") or "-" in run or " " in run
    if digits.startswith("0") and 10 <= len(digits) <= 12 and (separated or len(digits) >= 11):
        return Kind.LANDLINE
    return None


def _number_findings(text: str) -> list[Finding]:
    found = [Finding(Kind.EMAIL, m.start(), m.end(), m.group()) for m in _EMAIL.finditer(text)]
    taken = [(f.start, f.end) for f in found]
    for match in _NUMBER_RUN.finditer(text):
        if any(start < match.end() and match.start() < end for start, end in taken):
            continue
        kind = _number_kind(match.group())
        if kind is not None:
            found.append(Finding(kind, match.start(), match.end(), match.group()))
            continue
        for inner in _INNER.finditer(match.group()):
            kind = Kind.MOBILE if inner.lastgroup == "mobile" else Kind.LANDLINE
            start = match.start() + inner.start()
            found.append(Finding(kind, start, start + len(inner.group()), inner.group()))
    return found


# --- order numbers after a keyword ----------------------------------------------------------
_ORDER = re.compile(
    r"(?:订单编号|订单号码|订单号|订单|运单号|快递单号|单号|"
    r"(?i:order\s*(?:no\.?|number|num|id|\#)|order))"
    r"\s*(?:是|为|[:：#])?\s*"
    r"(?P<id>(?=[A-Za-z0-9-]*\d)[A-Za-z0-9][A-Za-z0-9-]{5,39})(?![A-Za-z0-9])"
)

# --- names ----------------------------------------------------------------------------------
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史"
    "陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤欧常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳"
    "翟殷詹申耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游"
)
_TITLES = "先生|女士|小姐|老师|同学|师傅|经理|主任|校长|教练|医生|律师"
# A surname starts a name after a non-Chinese character or a word that often comes before one
# (客服刘经理, 找王老师), not inside a word (课程老师 is not a teacher named 程).
_BEFORE_NAME = "的是找和跟给向被让叫问请位说对与把服员户长系名姓"
_ZH_TITLED = re.compile(
    rf"(?:(?<![\u4e00-\u9fff])|(?<=[{_BEFORE_NAME}]))"
    rf"(?P<name>[{_SURNAMES}][\u4e00-\u9fff]{{0,2}}?)(?={_TITLES})"
)
_ZH_INTRODUCED = re.compile(
    r"(?:我叫|我的名字是|我是|本人|名叫|姓名[:：]?|联系人[:：]?)\s*"
    r"(?P<name>[\u4e00-\u9fff]{2,3})(?=[\s，,。.;；、！!？?）)]|$)"
)
_EN_NAME = r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?"
_EN_TITLED = re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+(?P<name>{_EN_NAME})")
_EN_INTRODUCED = re.compile(
    rf"(?i:\bmy name is|\bI am called|\bname\s*:)\s*(?P<name>(?-i:{_EN_NAME}))"
)

# --- addresses ------------------------------------------------------------------------------
_NUM = r"[0-9０-９一二三四五六七八九十百零]+"
_ZH_ADDRESS = re.compile(
    rf"""
    (?:[\u4e00-\u9fff]{{2,8}}?(?:省|自治区|市|区|县|镇|乡))*
    (?:
        [\u4e00-\u9fff0-9]{{1,12}}?(?:路|街|大道|大街|巷|弄|胡同){_NUM}号(?:院)?
        | [\u4e00-\u9fff]{{2,12}}?(?:小区|花园|公寓|大厦|家园|苑)
    )
    (?:[\u4e00-\u9fff]{{0,8}}?(?:小区|花园|公寓|大厦|家园|苑))?
    (?:(?:[A-Za-z]|{_NUM})+(?:号楼|栋|幢|座))?
    (?:{_NUM}单元)?
    (?:{_NUM}(?:室|号房|号))?
    """,
    re.VERBOSE,
)
# Words that end the sentence's own words and start an address inside the same run of Chinese
# characters: 我住在|北京市…, 请寄回|上海市…
_ADDRESS_LEADERS = re.compile(r".*(?:在|到|是|我|的|于|址|往|至|为|回|给|从|把|:|：)")
_EN_ADDRESS = re.compile(
    r"""
    (?:\b(?:Apt|Apartment|Suite|Unit|Flat|Room|Rm)\.?\s*\w+,?\s*)?
    \b\d{1,5}[A-Za-z]?\s+(?:[A-Z][a-z]+\s+){1,4}
    (?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Boulevard|Blvd|Drive|Dr|Way|Court|Ct|Place|Pl)\b
    (?:,?\s*(?:Apt|Apartment|Suite|Unit|Flat|Room|Rm)\.?\s*\w+)?
    """,
    re.VERBOSE,
)

_HAN = re.compile(r"[\u4e00-\u9fff]")


def is_chinese(text: str) -> bool:
    """The text's placeholders are Chinese when it holds any Chinese character."""
    return _HAN.search(text) is not None


def _literal_findings(text: str, kind: Kind, values: Iterable[str]) -> list[Finding]:
    found = []
    for value in sorted(
        {v.strip() for v in values if v and len(v.strip()) >= 2}, key=len, reverse=True
    ):
        for match in re.finditer(re.escape(value), text, flags=re.IGNORECASE):
            found.append(Finding(kind, match.start(), match.end(), match.group()))
    return found


def _known_name_variants(names: Iterable[str]) -> list[str]:
    """A known Chinese name is also written as its surname with a title (王小明 → 王先生)."""
    variants = []
    for name in names:
        name = name.strip()
        if not name:
            continue
        variants.append(name)
        if " " in name:
            variants.extend(part for part in name.split() if len(part) >= 3)
    return variants


def _known_surname_findings(text: str, names: Iterable[str]) -> list[Finding]:
    """A known Chinese name written as its surname and a title: the surname (王小明 → 王先生)."""
    surnames = {
        n.strip()[0]
        for n in names
        if 2 <= len(n.strip()) <= 4 and all(_HAN.match(ch) for ch in n.strip())
    }
    if not surnames:
        return []
    pattern = re.compile(rf"[{''.join(sorted(surnames))}](?={_TITLES})")
    return [Finding(Kind.NAME, m.start(), m.end(), m.group()) for m in pattern.finditer(text)]


def _group_findings(text: str, kind: Kind, pattern: re.Pattern[str]) -> list[Finding]:
    return [
        Finding(kind, m.start("name"), m.end("name"), m.group("name"))
        for m in pattern.finditer(text)
    ]


def _address_findings(text: str) -> list[Finding]:
    found = []
    for match in _ZH_ADDRESS.finditer(text):
        start, value = match.start(), match.group()
        leader = _ADDRESS_LEADERS.match(value)
        if leader is not None and leader.end() < len(value):
            start, value = start + leader.end(), value[leader.end() :]
        if len(value) >= 4:
            found.append(Finding(Kind.ADDRESS, start, match.end(), value))
    for match in _EN_ADDRESS.finditer(text):
        found.append(Finding(Kind.ADDRESS, match.start(), match.end(), match.group()))
    return found


def _order_findings(text: str, order_numbers: Iterable[str]) -> list[Finding]:
    found = _literal_findings(text, Kind.ORDER_NUMBER, order_numbers)
    for match in _ORDER.finditer(text):
        found.append(
            Finding(Kind.ORDER_NUMBER, match.start("id"), match.end("id"), match.group("id"))
        )
    return found


def _without_overlaps(findings: list[Finding]) -> list[Finding]:
    """Earliest first; at the same start the longest, and an order number named as one
    before a card or ID the digits also look like; a finding inside another is dropped."""
    kept: list[Finding] = []
    order = sorted(
        findings, key=lambda f: (f.start, -(f.end - f.start), f.kind != Kind.ORDER_NUMBER)
    )
    for finding in order:
        if kept and finding.start < kept[-1].end:
            if finding.end > kept[-1].end:
                last = kept[-1]
                kept[-1] = Finding(last.kind, last.start, finding.end, text_span(last, finding))
            continue
        kept.append(finding)
    return kept


def text_span(first: Finding, second: Finding) -> str:
    """The value of two overlapping findings merged (the first's kind is kept)."""
    return first.value + second.value[first.end - second.start :]


def find_personal_data(
    text: str,
    *,
    names: Iterable[str] = (),
    order_numbers: Iterable[str] = (),
    kinds: frozenset[Kind] | None = None,
) -> list[Finding]:
    """Every piece of personal data found in ``text``, in order, without overlaps.

    ``names`` and ``order_numbers`` are values known to belong to the complaint (the
    customer's, the staff's and the respondent's names; the complaint's order number); they
    are found wherever they occur, beside what the patterns find. ``kinds`` limits the search.
    """
    wanted = kinds if kinds is not None else frozenset(Kind)
    findings: list[Finding] = []
    if wanted & CONTACT_KINDS:
        findings += [f for f in _number_findings(text) if f.kind in wanted]
    if Kind.ORDER_NUMBER in wanted:
        findings += _order_findings(text, order_numbers)
    if Kind.NAME in wanted:
        names = list(names)
        findings += _literal_findings(text, Kind.NAME, _known_name_variants(names))
        findings += _known_surname_findings(text, names)
        findings += _group_findings(text, Kind.NAME, _ZH_TITLED)
        findings += _group_findings(text, Kind.NAME, _ZH_INTRODUCED)
        findings += _group_findings(text, Kind.NAME, _EN_TITLED)
        findings += _group_findings(text, Kind.NAME, _EN_INTRODUCED)
    if Kind.ADDRESS in wanted:
        findings += _address_findings(text)
    return _without_overlaps(findings)


def _replace(text: str, findings: list[Finding], replacement: dict[Kind, str] | None) -> str:
    parts, position = [], 0
    for finding in findings:
        parts.append(text[position : finding.start])
        parts.append(replacement[finding.kind] if replacement else mask_value(finding))
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)


def mask_value(finding: Finding) -> str:
    """One value partly hidden: enough to tell two apart, not enough to use."""
    value = finding.value
    digits = re.sub(r"[^0-9Xx]", "", value)
    if finding.kind == Kind.EMAIL:
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    if finding.kind == Kind.MOBILE:
        digits = digits[-11:]
        return f"{digits[:3]}****{digits[-4:]}"
    if finding.kind == Kind.LANDLINE:
        return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"
    if finding.kind == Kind.BANK_CARD:
        return f"{digits[:4]}{'*' * (len(digits) - 8)}{digits[-4:]}"
    if finding.kind == Kind.ID_NUMBER:
        return f"{digits[:2]}{'*' * (len(digits) - 4)}{digits[-2:]}"
    return "*" * len(value)


def mask_personal_data(text: str) -> str:
    """Phones, ID numbers, emails and bank card numbers in ``text`` partly hidden; a number
    written as an order number (订单号…, order no. …) stays as it is."""
    findings = find_personal_data(text, kinds=CONTACT_KINDS | {Kind.ORDER_NUMBER})
    return _replace(text, [f for f in findings if f.kind in CONTACT_KINDS], None)


def anonymise(
    text: str,
    *,
    names: Iterable[str] = (),
    order_numbers: Iterable[str] = (),
    chinese: bool | None = None,
) -> str:
    """``text`` with every finding replaced by its placeholder, in the text's language
    (``chinese`` overrides the guess, e.g. for a file name written in Latin letters)."""
    findings = find_personal_data(text, names=names, order_numbers=order_numbers)
    use_chinese = is_chinese(text) if chinese is None else chinese
    return _replace(text, findings, PLACEHOLDERS_ZH if use_chinese else PLACEHOLDERS_EN)
