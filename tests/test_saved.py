"""The saved traces (model/saved.py) are the models' own output: the default sample's on the bundled ViT and the
default sentence's on MiniLM; and the Image and Sentence pages' first figures, drawn from them, need no torch."""

import dataclasses
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from model import saved as saved_traces
from model.catalog import bundled_files
from model.inputs import decode_image
from model.samples import SAMPLES_DIR, load_samples
from model.saved import digest, load_saved_trace, save_trace, saved_path
from model.trace import Trace
from model.vit.trace import trace_image

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def default_sample():
    return load_samples()[0]


def test_saved_trace_equals_a_fresh_trace_of_the_default_sample(default_sample, bundled_vit):
    picture = default_sample.read_bytes()
    weights = digest(bundled_files()[1].read_bytes())
    saved = load_saved_trace(saved_path(SAMPLES_DIR / default_sample.file), weights, digest(picture))
    assert saved is not None, "make samples saves the default sample's trace; the file is missing or stale"
    decoded = decode_image(picture, filename=default_sample.file)
    assert_same_trace(saved, trace_image(bundled_vit, decoded.image, decoded.notices))


def assert_same_trace(saved: Trace, fresh: Trace) -> None:
    """Every field of the two traces equal: arrays within another CPU's float32 rounding, the rest exactly."""
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


def test_saved_sentence_trace_equals_a_fresh_trace_of_the_default_sentence(minilm):
    from model.text.trace import trace_text

    sentence = saved_traces.DEFAULT_SENTENCE
    saved = saved_traces.load_saved_sentence(saved_traces.text_model_digest(), sentence, 128)
    assert saved is not None, "make samples saves the default sentence's trace; the file is missing or stale"
    assert_same_trace(saved, trace_text(minilm, sentence, 128))  # 128: the Sentence page's default limit


def test_saved_sentence_trace_is_ignored_for_other_weights_another_text_or_a_limit_that_cuts_it():
    weights, sentence = saved_traces.text_model_digest(), saved_traces.DEFAULT_SENTENCE
    load = saved_traces.load_saved_sentence
    saved = load(weights, sentence, 512)
    assert saved is not None
    assert load("b" * 64, sentence, 512) is None  # another model's files
    assert load(weights, sentence + " ", 512) is None  # another text
    assert load(weights, sentence, saved.num_tokens - 1) is None  # a limit that cuts it


FIRST_FIGURE_WITHOUT_TORCH = """
import sys
sys.path.insert(0, {root!r})
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({page!r}, default_timeout=60).run()
assert not at.exception, [e.value for e in at.exception]
heavy = sorted(name for name in ("torch", "transformers", "timm") if name in sys.modules)
assert not heavy, heavy
"""


@pytest.mark.parametrize("page", ["sentence_page.py", "image_page.py"])
def test_a_pages_first_figure_imports_no_torch(page):
    """A fresh process runs the page on its default input: drawn from the saved trace, without torch. (So the
    Sentence page's first preset is model.saved.DEFAULT_SENTENCE: another text would need the model.)"""
    script = FIRST_FIGURE_WITHOUT_TORCH.format(root=str(ROOT), page=str(ROOT / "ui" / page))
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
