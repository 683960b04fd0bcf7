"""Phones, ID numbers, emails and bank cards written inside complaint text and messages are
masked for auditors, outside overseers and respondents, on every surface they read; staff
read them as written."""

from __future__ import annotations

import pytest

from complaintdesk.testing.personas import Persona, respondent_persona
from tests.cases.conftest import CARD, EMAIL, ID_NUMBER, MESSAGE_PHONE, PHONE, SECRETS, World
from tests.conftest import Api

pytestmark = pytest.mark.django_db
MASKED_FORMS = ("139****5678", "11**************2X", "z***@example.com", "6222***********0123")


def _assert_masked(body: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in body, (where, secret)


def _desk_bodies(client, number: str) -> dict[str, str]:
    return {
        "desk complaint page": client.get(f"/desk/c/{number}/").content.decode(),
        "desk queue": client.get("/desk/?queue=open").content.decode(),
    }


def _api_bodies(persona: Persona, number: str) -> dict[str, str]:
    api = Api(persona)
    return {
        "api detail": api.get(f"/complaints/{number}").content.decode("unicode_escape"),
        "api list": api.get("/complaints").content.decode("unicode_escape"),
        "api timeline": api.get(f"/complaints/{number}/timeline").content.decode("unicode_escape"),
    }


@pytest.mark.parametrize("role", ["auditor", "overseer"])
def test_masked_roles_read_no_personal_data_inside_text_on_desk_and_api(
    world: World, personas, signed_in, role: str
) -> None:
    persona = world.overseer if role == "overseer" else personas[role]
    number = world.inside[0].number
    bodies = {**_desk_bodies(signed_in(persona), number), **_api_bodies(persona, number)}
    for where, body in bodies.items():
        assert number in body, where
        _assert_masked(body, where)
    assert "139****5678" in bodies["desk complaint page"]
    for masked in MASKED_FORMS:
        assert masked in bodies["api detail"], masked
    # the agent's message in the thread, with its own phone number
    assert MESSAGE_PHONE not in bodies["desk complaint page"]
    assert MESSAGE_PHONE not in bodies["api timeline"]
    assert "136****5432" in bodies["api timeline"]


def test_a_respondent_reads_no_personal_data_inside_text_by_its_key(world: World) -> None:
    respondent = respondent_persona("school", world.inside[0].respondent)
    number = world.inside[0].number
    bodies = _api_bodies(respondent, number)
    assert number in bodies["api detail"]
    for where, body in bodies.items():
        _assert_masked(body, where)


def test_staff_read_the_text_as_written(world: World, personas, signed_in) -> None:
    number = world.inside[0].number
    page = signed_in("agent").get(f"/desk/c/{number}/").content.decode()
    detail = Api(personas["agent"]).get(f"/complaints/{number}").json()
    for secret in (PHONE, ID_NUMBER, EMAIL, CARD, MESSAGE_PHONE):
        assert secret in page
    assert PHONE in detail["text"] and CARD in detail["text"]


def test_an_overseer_reads_the_customers_surname_only(world: World, signed_in, personas) -> None:
    number = world.inside[0].number
    page = signed_in(world.overseer).get(f"/desk/c/{number}/").content.decode()
    detail = Api(world.overseer).get(f"/complaints/{number}").json()
    assert detail["customer"]["name"] == "赵**" and "赵**" in page
    assert Api(personas["auditor"]).get(f"/complaints/{number}").json()["customer"]["name"] == (
        "赵丽"
    )
