from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limit(settings: Any, tmp_path: Any) -> None:
    """Each test starts with an empty rate-limit counter and its own attachment folder."""
    cache.clear()
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"


def form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "text": "外卖送达时汤洒了一半，骑手态度很差。",
        "demand": "refund",
        "order_number": "MT-778899",
        "name": "李先生",
        "phone": "13700001111",
        "email": "",
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def file_complaint(client: Any, db: Any) -> Any:
    """File through the portal; returns (complaint number, tracking path)."""

    def run(**overrides: Any) -> tuple[str, str]:
        response = client.post("/", form_data(**overrides))
        assert response.status_code == 302, response.content.decode()[:2000]
        page = client.get(response["Location"])
        number = page.context["number"]
        path = "/" + page.context["link"].split("/", 3)[3]
        return number, path

    return run
