"""Batch incidents: same fault from many customers within a window."""

from datetime import UTC, datetime, timedelta

from complaintdesk.triage.nlp.batches import BatchItem, find_batches

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

SAME_FAULT = [
    "APP从早上开始就登录不上，一直提示服务器错误",
    "登录的时候显示服务器错误，试了好几次都进不去",
    "今天打开APP登不上去了，报错说服务器异常",
    "你们的系统是不是崩了？登录一直失败，提示错误",
    "早上九点以后app就无法登录，提示服务器繁忙",
    "APP登录页面报服务器错误，课都没法上了",
    "登录不了！一直转圈然后显示服务器错误",
    "为什么今天APP登录总是失败，说服务器出错",
    "服务器错误，登录不进去，耽误我上课",
    "一大早就登录不上了，显示服务器出了问题",
]
UNRELATED = [
    "买的羽绒服掉色严重，要求退货",
    "外卖超时一个小时，饭都凉了",
    "理赔材料交了一个月还没结果",
    "老师上课经常迟到",
    "同一笔订单被扣了两次钱",
    "骑手把餐送错地址了",
    "保险业务员说是存款其实是保险",
    "快递显示签收但没收到",
    "客服态度很差挂我电话",
    "奶茶里有异物",
]


def items(texts, prefix, *, step=timedelta(minutes=7), customers=None):
    return [
        BatchItem(
            id=f"{prefix}{i}",
            text=text,
            received_at=START + step * i,
            customer_id=(customers[i] if customers else f"{prefix}-customer-{i}"),
        )
        for i, text in enumerate(texts)
    ]


def test_ten_differently_worded_reports_of_one_fault_form_one_group_of_ten():
    groups = find_batches(items(SAME_FAULT, "s") + items(UNRELATED, "u"))
    assert len(groups) == 1
    assert groups[0].size == 10
    assert set(groups[0].ids) == {f"s{i}" for i in range(10)}
    assert "服务器" in groups[0].terms


def test_ten_unrelated_complaints_form_no_group():
    assert find_batches(items(UNRELATED, "u")) == []


def test_same_customer_duplicates_are_linked_but_not_counted():
    customers = ["a", "a", "a", "b", "b", "c", "d", "e", "f", "g"]
    [group] = find_batches(items(SAME_FAULT, "s", customers=customers))
    assert len(group.ids) == 10
    assert group.customer_count == 7
    assert set(group.duplicate_ids) == {"s1", "s2", "s4"}


def test_reports_outside_the_time_window_are_not_linked():
    spread = items(SAME_FAULT[:4], "s", step=timedelta(days=5))
    assert find_batches(spread, window=timedelta(hours=24)) == []
