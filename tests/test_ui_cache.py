"""The app's shared caches: refused files are remembered, results are keyed by content and read-only."""

import numpy as np
import pytest

import model.loading
from model.errors import AtlasError
from tests.bad_inputs import animated_gif
from ui import cache


def test_a_refused_weights_file_is_refused_again_without_being_read(monkeypatch):
    calls = []
    real = model.loading.load_vit_from_weights

    def spy(*args):
        calls.append(args[1])
        return real(*args)

    monkeypatch.setattr(model.loading, "load_vit_from_weights", spy)
    data = b"not weights at all " + bytes(range(256))
    for _ in range(3):
        with pytest.raises(AtlasError) as err:
            cache.vit_from_weights(data, "mine.safetensors", "vit_tiny_patch16_224")
    assert err.value.code == "weights_unreadable" and calls == ["mine.safetensors"]


def test_an_image_trace_is_keyed_by_the_bytes_and_cannot_be_changed_by_its_readers():
    key = cache.catalog_key(cache.BUNDLED_VIT)
    loaded = cache.loaded_vit(key)
    data = animated_gif(3)[1]
    first = cache.image_trace(key, loaded, data, "a.gif")
    again = cache.image_trace(key, loaded, data, "b.gif")
    assert again is first
    with pytest.raises(ValueError):
        first.weights[0, 0, 0, 0] = np.float32(1.0)


def test_a_weights_model_no_longer_held_asks_for_its_file_again():
    with pytest.raises(AtlasError) as err:
        cache.loaded_vit(cache.file_key(b"weights nobody loaded", "vit_tiny_patch16_224"))
    assert err.value.code == "weights_again"
