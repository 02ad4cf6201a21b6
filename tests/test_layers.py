"""The one-way import rule: pages -> viz, model, i18n; nothing climbs back.

viz/ draws plain arrays (no torch, Streamlit, model or UI text); model/ computes (no Streamlit,
Plotly, UI text or training code); i18n/ is text tables that import nothing of the project.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT = {"bench", "docs", "i18n", "model", "training", "ui", "viz"}
FORBIDDEN = {
    "viz": {"torch", "timm", "transformers", "streamlit", "model", "ui", "i18n", "training"},
    "model": {"streamlit", "plotly", "ui", "viz", "i18n", "training"},
    "i18n": PROJECT - {"i18n"},
}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_flow_one_way(package):
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_roots(path) & FORBIDDEN[package])
        for path in (ROOT / package).rglob("*.py")
    }
    assert not {k: v for k, v in offenders.items() if v}
