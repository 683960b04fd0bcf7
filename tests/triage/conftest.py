"""Small toy corpus shared by the classifier, training and evaluation tests."""

import pytest

TOY = [
    ("快递三天了还没到", "logistics"),
    ("物流一直不更新，包裹丢了", "logistics"),
    ("骑手送错地址，外卖超时", "logistics"),
    ("快递员把包裹扔在门口", "logistics"),
    ("同一笔订单扣了两次钱", "billing"),
    ("没经过同意就自动续费扣款", "billing"),
    ("多收了我一笔服务费", "billing"),
    ("发票开不出来，还多扣了钱", "billing"),
    ("客服态度很差，直接挂电话", "service"),
    ("客服一直不回消息", "service"),
    ("打了客服电话没人接", "service"),
    ("客服说话阴阳怪气", "service"),
]


@pytest.fixture
def toy():
    texts = [t for t, _ in TOY] * 2
    labels = [label for _, label in TOY] * 2
    return texts, labels
