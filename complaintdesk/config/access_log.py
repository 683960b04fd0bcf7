"""gunicorn's access log without secrets: no query strings (search terms, filters), and the
tokens of tracking, survey, respondent and password-reset links replaced by ``…``.

``complaintdesk serve`` passes ``--logger-class complaintdesk.config.access_log.RedactingLogger``.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from gunicorn.glogging import Logger

# /t/<token>/…, /s/<token>/…, /r/<token>/… (portal links), /desk/password-reset/<uid>/<token>/.
_TOKEN_PATHS = re.compile(r"^(/(?:t|s|r)/)[^/]+|^(/desk/password-reset/)(?!sent/|done/)[^/]+/[^/]+")


def redact_path(path: str) -> str:
    """The path without its query string, with any link token replaced by ``…``."""
    path = path.split("?", 1)[0]
    return _TOKEN_PATHS.sub(lambda m: (m.group(1) or m.group(2)) + "…", path)


def redact_url(url: str) -> str:
    if not url or url == "-":
        return url
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, redact_path(parts.path), "", ""))


class RedactingLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> Any:
        atoms = super().atoms(resp, req, environ, request_time)
        path = redact_path(str(environ.get("PATH_INFO", "")))
        method = environ.get("REQUEST_METHOD", "-")
        protocol = environ.get("SERVER_PROTOCOL", "-")
        atoms["r"] = f"{method} {path} {protocol}"
        atoms["U"] = path
        atoms["q"] = ""
        atoms["f"] = redact_url(str(atoms.get("f", "-")))
        return atoms


class RedactPaths(logging.Filter):
    """The same redaction for Django's own request warnings (``Not Found: /t/<token>/``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                redact_path(arg) if isinstance(arg, str) and arg.startswith("/") else arg
                for arg in record.args
            )
        return True
