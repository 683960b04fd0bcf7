"""The NLP package stays pure: no Django import anywhere in it."""

import ast
from pathlib import Path

import complaintdesk.triage.nlp as nlp


def test_no_module_of_the_nlp_package_imports_django():
    for path in Path(nlp.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n == "django" or n.startswith("django.") for n in names), path
