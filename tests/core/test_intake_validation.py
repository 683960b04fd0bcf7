"""Every kind of bad input is a clear 4xx that names the field, and nothing is written."""

from __future__ import annotations

import pytest

from complaintdesk.complaints.models import Complaint, ComplaintEvent, Customer, OrderRef
from tests.conftest import complaint_body


def _nothing_written() -> bool:
    return not (
        Complaint.objects.exists()
        or ComplaintEvent.objects.exists()
        or OrderRef.objects.exists()
        or Customer.objects.exclude(user__isnull=False).exists()
    )


BAD = [
    ("missing text", {"text": None}, "text", "missing"),
    ("empty text", {"text": ""}, "text", "blank"),
    ("whitespace text", {"text": "   \n\t "}, "text", "blank"),
    ("text too long", {"text": "投" * 20_001}, "text", "string_too_long"),
    ("unknown channel", {"channel": "pigeon"}, "channel", "enum"),
    ("malformed date", {"received_at": "2026-02-30T10:00:00+08:00"}, "received_at", None),
    ("not a date", {"received_at": "yesterday"}, "received_at", None),
    ("future date", {"received_at": "2099-01-01T00:00:00+08:00"}, "received_at", "future_datetime"),
    ("negative amount", {"amount_claimed": "-5"}, "amount_claimed", "greater_than_equal"),
    ("non-numeric amount", {"amount_claimed": "一百"}, "amount_claimed", "decimal_parsing"),
    ("three decimals", {"amount_claimed": "1.234"}, "amount_claimed", "decimal_max_places"),
    ("NUL in text", {"text": "退款\x00"}, "text", "control_character"),
    ("escape in title", {"title": "a\x1bb"}, "title", "control_character"),
    ("unknown field", {"priority": "urgent"}, "priority", "extra_forbidden"),
    (
        "unknown nested field",
        {"customer": {"name": "x", "age": 3}},
        "customer.age",
        "extra_forbidden",
    ),
    ("bad phone", {"customer": {"phone": "call me"}}, "customer.phone", "string_pattern_mismatch"),
    (
        "negative order amount",
        {"order": {"number": "A", "amount": -1}},
        "order.amount",
        "greater_than_equal",
    ),
    (
        "lessons over total",
        {"order": {"number": "A", "lessons_total": 10, "lessons_used": 11}},
        "order",
        "lessons_exceed_total",
    ),
    ("empty external id", {"external_id": ""}, "external_id", None),
    ("unknown currency", {"currency": "BTC"}, "currency", "enum"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "change", "field", "code"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_422_naming_the_field(api, case, change, field, code) -> None:
    body = complaint_body()
    for key, value in change.items():
        if value is None:
            body.pop(key)
        else:
            body[key] = value
    response = api("agent").post("/complaints", body)
    assert response.status_code == 422, response.content
    payload = response.json()
    assert payload["code"] == "invalid_input"
    fields = {d["field"]: d for d in payload["details"]}
    assert field in fields
    if code:
        assert fields[field]["code"] == code
    assert _nothing_written()


@pytest.mark.django_db
def test_messages_follow_accept_language(api) -> None:
    body = complaint_body(text="")
    zh = api("agent", "zh-hans").post("/complaints", body).json()
    en = api("agent", "en").post("/complaints", body).json()
    assert en["details"][0]["message"] == "Must not be empty."
    assert zh["details"][0]["message"] == "不能为空。"
    assert "请修正" in zh["message"]


@pytest.mark.django_db
def test_body_that_is_not_json(api) -> None:
    response = api("agent").post("/complaints", raw=b"{not json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_json"
    assert _nothing_written()


@pytest.mark.django_db
def test_json_that_is_not_an_object(api) -> None:
    response = api("agent").post("/complaints", raw=b"[1, 2]")
    assert response.status_code == 422
    assert _nothing_written()


@pytest.mark.django_db
def test_oversized_body_is_413(api, settings) -> None:
    body = complaint_body(title="x" * 10, text="长" * 19_000)
    body["padding"] = "p" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = api("agent", "en").post("/complaints", body)
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    assert _nothing_written()


@pytest.mark.django_db
def test_html_and_script_are_stored_as_given_and_served_as_json(api) -> None:
    text = '<script>alert("x")</script><img src=x onerror=alert(1)> 退款'
    response = api("agent").post("/complaints", complaint_body(text=text))
    assert response.status_code == 201
    assert response["Content-Type"].startswith("application/json")
    assert Complaint.objects.get().text == text
    assert api("agent").get(f"/complaints/{response.json()['number']}").json()["text"] == text


@pytest.mark.django_db
def test_longest_allowed_text_is_accepted(api) -> None:
    response = api("agent").post("/complaints", complaint_body(text="投" * 20_000))
    assert response.status_code == 201


@pytest.mark.django_db
def test_naive_received_at_is_read_in_shanghai_time(api) -> None:
    body = complaint_body(received_at="2026-11-20T09:30:00")
    payload = api("agent").post("/complaints", body).json()
    assert payload["received_at"] == "2026-11-20T09:30:00+08:00"
    assert payload["number"].startswith("TS-20261120-")


@pytest.mark.django_db
def test_amounts_are_decimal_strings(api) -> None:
    payload = api("agent").post("/complaints", complaint_body(amount_claimed=0.1)).json()
    assert payload["amount_claimed"] == "0.10"


@pytest.mark.django_db
@pytest.mark.parametrize("cursor", ["!!!", "bm90LWEtY3Vyc29y"])
def test_bad_cursor_is_422(api, cursor: str) -> None:
    response = api("agent").get("/complaints", cursor=cursor)
    assert response.status_code == 422
    assert response.json()["details"] == {"field": "cursor"}


@pytest.mark.django_db
def test_bad_list_filter_is_422(api) -> None:
    response = api("agent").get("/complaints", status="nonsense")
    assert response.status_code == 422
    assert response.json()["details"][0]["field"].startswith("status")


@pytest.mark.django_db
def test_message_body_must_not_be_empty(api) -> None:
    number = api("agent").post("/complaints", complaint_body()).json()["number"]
    response = api("agent").post(f"/complaints/{number}/messages", {"body": "  "})
    assert response.status_code == 422
    assert not Complaint.objects.get().messages.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "moment", ["1415-02-27T13:48:05-18:51", "0913-08-22T18:00:00+08:05:43", "2300-01-01T00:00:00Z"]
)
def test_implausible_times_are_422_not_a_database_error(api, moment: str) -> None:
    assert api("agent").get("/complaints", received_from=moment).status_code == 422
    assert api("agent").get("/complaints", received_to=moment).status_code == 422
    response = api("agent").post("/complaints", complaint_body(received_at=moment))
    assert response.status_code == 422
    assert _nothing_written()
