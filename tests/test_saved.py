"""The default sample's saved trace (model/saved.py) is the bundled model's own output for it."""

import dataclasses

import numpy as np
import pytest

from model.catalog import bundled_files
from model.inputs import decode_image
from model.samples import SAMPLES_DIR, load_samples
from model.saved import digest, load_saved_trace, save_trace, saved_path
from model.trace import Trace
from model.vit.trace import trace_image


@pytest.fixture(scope="module")
def default_sample():
    return load_samples()[0]


def test_saved_trace_equals_a_fresh_trace_of_the_default_sample(default_sample, bundled_vit):
    picture = default_sample.read_bytes()
    weights = digest(bundled_files()[1].read_bytes())
    saved = load_saved_trace(saved_path(SAMPLES_DIR / default_sample.file), weights, digest(picture))
    assert saved is not None, "make samples saves the default sample's trace; the file is missing or stale"
    decoded = decode_image(picture, filename=default_sample.file)
    fresh = trace_image(bundled_vit, decoded.image, decoded.notices)
    for field in dataclasses.fields(Trace):
        mine, theirs = getattr(saved, field.name), getattr(fresh, field.name)
        if isinstance(theirs, np.ndarray):
            assert mine.dtype == theirs.dtype and mine.shape == theirs.shape, field.name
            # Equal on the machine and thread count that saved it; the tolerance allows another CPU's
            # or thread count's order of float32 sums: a few units of 1e-7 of the array's largest value.
            scale = max(1.0, float(np.abs(theirs).max()))
            np.testing.assert_allclose(mine, theirs, rtol=1e-5, atol=1e-6 * scale, err_msg=field.name)
        elif field.name == "top5":
            assert [label for label, _ in mine] == [label for label, _ in theirs]
            np.testing.assert_allclose([p for _, p in mine], [p for _, p in theirs], rtol=1e-5)
        else:
            assert mine == theirs, field.name


def test_saved_trace_is_ignored_for_other_weights_or_another_picture(default_sample, tmp_path, bundled_vit):
    picture = default_sample.read_bytes()
    decoded = decode_image(picture)
    trace = trace_image(bundled_vit, decoded.image, decoded.notices)
    path = tmp_path / "x.png.trace.npz"
    save_trace(trace, path, weights_digest="a" * 64, input_digest=digest(picture))
    assert load_saved_trace(path, "a" * 64, digest(picture)) is not None
    assert load_saved_trace(path, "b" * 64, digest(picture)) is None  # the model was retrained
    assert load_saved_trace(path, "a" * 64, digest(picture + b"\0")) is None  # another file
    assert load_saved_trace(tmp_path / "missing.trace.npz", "a" * 64, digest(picture)) is None
