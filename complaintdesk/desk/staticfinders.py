"""Serve the charting library from the installed ``plotly`` package as a static file.

The PyPI package ships the browser bundle (``plotly/package_data/plotly.min.js``); this
finder exposes that one file as ``desk/vendor/plotly.min.js`` to ``collectstatic`` and to
WhiteNoise, so the page needs no CDN and the version follows pyproject.toml.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage, Error
from django.core.files.storage import FileSystemStorage

PREFIX = "desk/vendor"
NAME = "plotly.min.js"


def plotly_bundle() -> Path | None:
    spec = importlib.util.find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "package_data" / NAME
    return path if path.is_file() else None


class PlotlyFinder(BaseFinder):
    def check(self, **kwargs: Any) -> list[CheckMessage]:
        if plotly_bundle() is None:
            return [Error("plotly.min.js not found: install the plotly package",
                          id="desk.E001")]
        return []

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        bundle = plotly_bundle()
        if path != f"{PREFIX}/{NAME}" or bundle is None:
            return [] if find_all else None
        return [str(bundle)] if find_all else str(bundle)

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        bundle = plotly_bundle()
        if bundle is None:
            return
        storage = FileSystemStorage(location=str(bundle.parent))
        storage.prefix = PREFIX  # type: ignore[attr-defined]
        yield NAME, storage
