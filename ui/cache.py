"""Cached back-end calls, shared by every session: models, traces and what is derived from them.

One server serves a class, so nothing here grows or works without bound (model/server_limits.py):
every model load, trace, gradient rollout and figure export takes its turn in one `WORK`
queue, and a page passes `on_wait` to hear its place while it waits; models, traces and derived
arrays live in caches bounded by bytes and keyed by content (digests), never by a file name.
Cached objects are shared: models are never modified (tracing uses temporary, thread-filtered
hooks) and every cached array is read-only.

The modules that bring torch, timm and transformers are imported inside the functions that
need them: the Image page draws the default sample, and the Sentence page the default sentence,
from their saved traces (model/saved.py) without them, instead of waiting three seconds and more for
them on a fresh server.
"""

import dataclasses
import os
import threading
from collections import OrderedDict
from collections.abc import Callable

import numpy as np
import streamlit as st
from PIL import Image

from model.catalog import BUNDLED_VIT, DEFAULT_TEXT_MODEL, KOREAN_ENCODER, bundled_files
from model.errors import AtlasError
from model.inputs import decode_image
from model.rollout import attention_flow, gradient_rollout, rollout_by_layer
from model.samples import SAMPLES_DIR, load_samples
from model.saved import DEFAULT_SENTENCE, digest, load_saved_sentence, load_saved_trace, saved_path, text_model_digest
from model.server_limits import DERIVED_CACHE_MB, MODEL_CACHE_MB, TRACE_CACHE_MB, ByteCache, WorkQueue

REFUSED_FILES = 64  # weights files remembered as refused, so a rerun does not check them again

WORK = WorkQueue()
MODELS = ByteCache(MODEL_CACHE_MB * 2**20, size=lambda loaded: _parameter_bytes(loaded.module))
TRACES = ByteCache(TRACE_CACHE_MB * 2**20)
DERIVED = ByteCache(DERIVED_CACHE_MB * 2**20)
_REFUSED: OrderedDict[tuple, AtlasError] = OrderedDict()
_REFUSED_LOCK = threading.Lock()

OnWait = Callable[[int], None] | None


def _parameter_bytes(module) -> int:
    return sum(p.numel() * p.element_size() for p in module.parameters())


def _in_turn(compute: Callable, on_wait: OnWait) -> Callable:
    def run():
        with WORK.turn(on_wait):
            _share_the_cores()
            return compute()

    return run


def _share_the_cores() -> None:
    """Each slot of the queue gets its share of the cores, so jobs running together do not fight over them.

    Set in the job's own thread: OpenMP keeps the setting per thread, and each run of a page is a new thread.
    """
    import torch

    torch.set_num_threads(max(1, (os.cpu_count() or 1) // WORK.slots))


def _read_only(value):
    """Every array in `value` made read-only, through dataclasses and tuples (a Translation holds three Traces)."""
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            _read_only(getattr(value, field.name))
    elif isinstance(value, tuple):
        for item in value:
            _read_only(item)
    return value


def catalog_key(model_id: str) -> tuple:
    """The key of a bundled or pretrained ViT, in MODELS and in every trace of it."""
    return ("vit", model_id)


def file_key(data: bytes, arch: str) -> tuple:
    """The key of a ViT built from a user's weights file: its architecture and the file's digest."""
    return ("weights", arch, digest(data))


def vit(model_id: str, on_wait: OnWait = None):
    def load():
        from model.loading import load_vit

        return load_vit(model_id)

    return MODELS.get_or_compute(catalog_key(model_id), _in_turn(load, on_wait))


def loaded_vit(model_key: tuple, on_wait: OnWait = None):
    """The ViT behind a key from `catalog_key` or `file_key`; a catalog model is loaded if it is not held."""
    if model_key[0] == "vit":
        return vit(model_key[1], on_wait)
    loaded = MODELS.get(model_key)
    if loaded is None:  # set aside to make room for other models since it was loaded
        raise AtlasError(
            "weights_again", "The weights file was set aside to make room for other models: choose it again."
        )
    return loaded


def vit_from_weights(data: bytes, filename: str, arch: str, on_wait: OnWait = None):
    """A ViT with the user's weights; a refused file is remembered by its digest and refused again at once."""
    key = file_key(data, arch)
    with _REFUSED_LOCK:
        refused = _REFUSED.get(key)
    if refused is not None:
        raise refused

    def load():
        from model.loading import load_vit_from_weights

        return load_vit_from_weights(data, filename, arch)

    try:
        return MODELS.get_or_compute(key, _in_turn(load, on_wait))
    except AtlasError as err:
        with _REFUSED_LOCK:
            _REFUSED[key] = err
            while len(_REFUSED) > REFUSED_FILES:
                _REFUSED.popitem(last=False)
        raise


@st.cache_resource(show_spinner=False, max_entries=1)
def vit_architectures() -> list[str]:
    from model.loading import allowed_vit_architectures

    return allowed_vit_architectures()


def text_model(model_id: str, on_wait: OnWait = None):
    def load():
        from model.loading import load_text_model

        return load_text_model(model_id)

    return MODELS.get_or_compute(("text", model_id), _in_turn(load, on_wait))


def image_trace(model_key: tuple, loaded, data: bytes, filename: str, on_wait: OnWait = None):
    """The trace of an uploaded or sample image, decoded once; keyed by the model and the bytes.

    The notices hold the file name of whoever traced it first: pages show them with their own.
    """

    def compute():
        from model.vit.trace import trace_image

        decoded = decode_image(data, filename=filename)
        return _read_only(trace_image(loaded, decoded.image, decoded.notices))

    return TRACES.get_or_compute(("image", model_key, digest(data)), _in_turn(compute, on_wait))


@st.cache_resource(show_spinner=False, max_entries=1)
def _sample_digests() -> dict[str, str]:
    return {digest(sample.read_bytes()): sample.file for sample in load_samples()}


@st.cache_resource(show_spinner=False, max_entries=4)
def saved_image_trace(model_key: tuple, image_digest: str):
    """The trace saved with a sample (model/saved.py) when these bytes are that sample's and the model the
    bundled one; else None.
    """
    weights = bundled_files()[1]
    sample = _sample_digests().get(image_digest)
    if model_key != catalog_key(BUNDLED_VIT) or sample is None or not weights.exists():
        return None
    trace = load_saved_trace(saved_path(SAMPLES_DIR / sample), digest(weights.read_bytes()), image_digest)
    return _read_only(trace) if trace is not None else None


def saved_sentence_trace(model_id: str, text: str, max_tokens: int):
    """The default sentence's saved trace (model/saved.py) when this is that sentence on the default text model and
    `max_tokens` does not cut it; else None. The model's folder is hashed once per server, and only then."""
    if model_id != DEFAULT_TEXT_MODEL or text != DEFAULT_SENTENCE:
        return None
    return _saved_sentence(max_tokens)


@st.cache_resource(show_spinner=False, max_entries=1)
def _text_model_digest() -> str:
    return text_model_digest()


@st.cache_resource(show_spinner=False, max_entries=8)
def _saved_sentence(max_tokens: int):
    trace = load_saved_sentence(_text_model_digest(), DEFAULT_SENTENCE, max_tokens)
    return _read_only(trace) if trace is not None else None


def sentence_trace(model_id: str, text: str, max_tokens: int, on_wait: OnWait = None):
    if model_id == KOREAN_ENCODER:
        loaded = translator("ko", "en", "transformer", on_wait)

        def compute():
            from model.translate.run import encoder_trace

            return _read_only(encoder_trace(loaded, text))
    else:
        loaded = text_model(model_id, on_wait)

        def compute():
            from model.text.trace import trace_text

            return _read_only(trace_text(loaded, text, max_tokens))

    key = ("text", model_id, digest(text.encode("utf-8", "surrogatepass")), max_tokens)
    return TRACES.get_or_compute(key, _in_turn(compute, on_wait))


def rollout_steps(trace_key: tuple, trace, head_fusion: str, discard_ratio: float, start_layer: int) -> np.ndarray:
    def compute():
        return _read_only(rollout_by_layer(trace.weights, head_fusion=head_fusion, discard_ratio=discard_ratio,
                                           start_layer=start_layer, num_prefix_tokens=trace.num_prefix_tokens))

    return DERIVED.get_or_compute(("rollout", trace_key, head_fusion, discard_ratio, start_layer), compute)


def flow(trace_key: tuple, trace) -> np.ndarray:
    return DERIVED.get_or_compute(("flow", trace_key), lambda: _read_only(attention_flow(trace.weights)))


def position_similarity(model_key: tuple, load: Callable) -> np.ndarray:
    """(P, P) cosine similarity of the patches' position embeddings; `load(model_key)` gives the model if needed."""

    def compute():
        from model.stats import position_similarity as similarity

        return _read_only(similarity(load(model_key)))

    return DERIVED.get_or_compute(("positions", model_key), compute)


def grad_rollout(
    trace_key: tuple, loaded, trace, class_index: int, start_layer: int, on_wait: OnWait = None
) -> np.ndarray:
    """Gradient rollout on exactly the pixels the trace saw (`trace.image`): the upload is not decoded again."""

    def compute():
        from model.vit.trace import attention_gradients

        weights, grads = attention_gradients(loaded, Image.fromarray(trace.image), class_index)
        return _read_only(gradient_rollout(weights, grads, start_layer=start_layer))

    return DERIVED.get_or_compute(("grad", trace_key, class_index, start_layer), _in_turn(compute, on_wait))


def vit_layer_working(module, trace, layer: int):
    """model.layer_working's, imported when the inspector first asks: it brings torch, which no first figure needs."""
    from model.layer_working import vit_layer_working as working

    return working(module, trace, layer)


def bert_layer_working(module, trace, layer: int):
    """model.layer_working's, imported when the inspector first asks: it brings torch, which no first figure needs."""
    from model.layer_working import bert_layer_working as working

    return working(module, trace, layer)


# --- translation ---------------------------------------------------------------------------------


def translator(source: str, target: str, kind: str, on_wait: OnWait = None):
    """A bundled translator (model.translate.bundle.Translator), loaded once for every session."""

    def load():
        from model.translate.bundle import load_translator

        return load_translator(source, target, kind)

    return MODELS.get_or_compute(("translate", source, target, kind), _in_turn(load, on_wait))


def translation(source: str, target: str, kind: str, text: str, forced: tuple = (), on_wait: OnWait = None):
    """`text` translated by one bundled model with the user's `forced` ((step, word), ...) choices."""
    loaded = translator(source, target, kind, on_wait)

    def compute():
        from model.translate.run import translate_text

        return _read_only(translate_text(loaded, text, forced))

    key = ("translation", source, target, kind, digest(text.encode("utf-8", "surrogatepass")), tuple(forced))
    return TRACES.get_or_compute(key, _in_turn(compute, on_wait))


# --- captioning ----------------------------------------------------------------------------------

CAPTION_SAMPLES = 12  # sample scenes offered on the Captioning page
CAPTION_SAMPLE_SEED = 2026  # none of the training, evaluation or test seeds


def captioner(kind: str, on_wait: OnWait = None):
    """A bundled captioner (model.caption.bundle.LoadedCaptioner), loaded once for every session."""

    def load():
        from model.caption.bundle import load_captioner

        return load_captioner(kind)

    return MODELS.get_or_compute(("caption", kind), _in_turn(load, on_wait))


def caption_samples():
    """The page's sample scenes (model.caption.scenes.SceneBatch), drawn once for every session."""

    def compute():
        from model.caption.scenes import make_scenes

        return _read_only(make_scenes(CAPTION_SAMPLES, CAPTION_SAMPLE_SEED))

    return DERIVED.get_or_compute(("caption-samples",), compute)


def caption_upload(data: bytes, filename: str) -> tuple[np.ndarray, tuple]:
    """An uploaded drawing as the captioner sees it, (S, S, 3) uint8, and the decoder's notices.

    Raises:
        AtlasError: the Image page's refusals (model.inputs.decode_image).
    """

    def compute():
        from model.caption.run import fit_image
        from model.caption.scenes import SIZE

        decoded = decode_image(data, filename=filename)
        return _read_only(fit_image(decoded.image, SIZE)), decoded.notices

    return DERIVED.get_or_compute(("caption-upload", digest(data)), compute)


def caption(kind: str, image: np.ndarray, lang: str, forced: tuple = (), on_wait: OnWait = None):
    """The caption of `image` by one bundled captioner, with the user's `forced` ((step, word), ...) choices."""
    loaded = captioner(kind, on_wait)

    def compute():
        from model.caption.run import caption_image

        return _read_only(caption_image(loaded, image, lang, forced))

    key = ("caption", kind, digest(image.tobytes()), lang, tuple(forced))
    return TRACES.get_or_compute(key, _in_turn(compute, on_wait))
