"""Request size limits that act before a body is read.

``RequestSizeLimit`` refuses with 413 any request whose declared ``Content-Length`` is over
its limit, before Django reads a byte of the body: ``MAX_UPLOAD_REQUEST_BYTES`` for multipart
uploads (by default room for five attachments at ``ATTACHMENT_MAX_BYTES``), and
``MAX_REQUEST_BYTES`` (``DATA_UPLOAD_MAX_MEMORY_SIZE``) for everything else.
``CappedUploadHandler`` then keeps at most ``ATTACHMENT_MAX_BYTES + 1`` bytes of each file
while the body streams in, so an oversized file is never held whole, in memory or on disk;
the forms see that it is too large and say so.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _


def _declared_length(request: HttpRequest) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def _limit(request: HttpRequest) -> int:
    if request.content_type == "multipart/form-data":
        return int(settings.MAX_UPLOAD_REQUEST_BYTES)
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def _too_large(request: HttpRequest, limit: int) -> HttpResponse:
    megabytes = round(limit / (1024 * 1024), 1)
    message = _("The request is too large: send at most %(mb)s MB at once.") % {"mb": megabytes}
    if request.path.startswith("/api/"):
        body = {"code": "request_too_large", "message": message, "details": {"limit": limit}}
        return HttpResponse(
            json.dumps(body, ensure_ascii=False), status=413, content_type="application/json"
        )
    response = HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
    response["Connection"] = "close"  # the unread body is not worth reading
    return response


class RequestSizeLimit:
    """First in MIDDLEWARE: 413 on a declared length over the limit, nothing read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = _limit(request)
        if _declared_length(request) > limit:
            return _too_large(request, limit)
        return self.get_response(request)


class CappedUploadHandler(FileUploadHandler):
    """Pass on at most ``ATTACHMENT_MAX_BYTES + 1`` bytes of each uploaded file."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.kept = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.kept = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        room = int(settings.ATTACHMENT_MAX_BYTES) + 1 - self.kept
        if room <= 0:
            return None
        kept = raw_data[:room]
        self.kept += len(kept)
        return kept

    def file_complete(self, file_size: int) -> None:
        return None
