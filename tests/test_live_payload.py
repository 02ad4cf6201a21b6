"""The in-browser explorer's payload (viz/live.py): the base64 decodes to the trace's exact float32 numbers, all
layers go at once while they fit 2 MB and one layer at a time beyond, and the bundled models' traces fit."""

import base64
import json

import numpy as np
import pytest

from model.catalog import BUNDLED_VIT, bundled_files
from model.rollout import rollout_by_layer
from model.samples import SAMPLES_DIR
from model.saved import digest, load_saved_trace, saved_path
from viz.live import (
    LIVE_BUDGET_BYTES,
    decode_f32,
    encode_f32,
    head_span,
    layer_span,
    live_payload,
    payload_bytes,
    sent_weights,
)

SAMPLE = SAMPLES_DIR / "shape_star.png"  # the default sample, whose trace is saved beside it


@pytest.fixture(scope="module")
def saved_trace():
    weights = bundled_files(BUNDLED_VIT)[1]
    if not weights.exists() or not saved_path(SAMPLE).exists():
        pytest.skip("the bundled ViT or its saved sample trace is not in assets/ yet (make train, make samples)")
    trace = load_saved_trace(saved_path(SAMPLE), digest(weights.read_bytes()), digest(SAMPLE.read_bytes()))
    assert trace is not None, "the saved trace is stale: make samples"
    return trace


def test_float32_round_trip_is_bit_exact():
    rng = np.random.default_rng(0)
    values = rng.random((3, 4, 5, 5), dtype=np.float32) ** 7  # small numbers too, where decimal text would round
    values.flat[:3] = (0.0, np.float32(1e-30), np.nextafter(np.float32(1), np.float32(0)))
    back = decode_f32(encode_f32(values), values.shape)
    assert back.dtype == np.dtype("<f4")
    np.testing.assert_array_equal(back.view(np.uint32), values.view(np.uint32))


def test_bundled_vit_trace_goes_whole_and_decodes_to_its_own_numbers(saved_trace):
    trace = saved_trace
    steps = rollout_by_layer(trace.weights, num_prefix_tokens=trace.num_prefix_tokens)  # (L, N, N)
    payload = live_payload(trace.weights, 2, rollout=steps[:, 0], image=trace.image, grid=list(trace.grid))
    size = payload_bytes(payload)
    print(f"bundled ViT ({trace.weights.shape}): {size:,} bytes per page load, all layers")
    assert size <= 2_000_000
    assert payload["layers"] == [0, trace.num_layers]
    np.testing.assert_array_equal(sent_weights(payload), trace.weights)
    np.testing.assert_array_equal(decode_f32(payload["rollout"], payload["rollout_shape"]), steps[:, 0])
    pixels = np.frombuffer(base64.b64decode(payload["image"]), np.uint8)
    np.testing.assert_array_equal(pixels.reshape(payload["image_shape"]), trace.image)
    assert json.loads(json.dumps(payload)) == payload  # plain JSON: what the component's data must be


def test_minilm_default_sentence_goes_whole(minilm):
    from model.text.trace import trace_text

    trace = trace_text(minilm, "The animal didn't cross the street because it was too tired")
    payload = live_payload(trace.weights, 0, tokens=list(trace.tokens))
    size = payload_bytes(payload)
    print(f"MiniLM, {trace.num_tokens} tokens ({trace.weights.shape}): {size:,} bytes per page load, all layers")
    assert size <= 2_000_000
    assert payload["layers"] == [0, trace.num_layers]
    np.testing.assert_array_equal(sent_weights(payload), trace.weights)


@pytest.mark.parametrize(("shape", "whole"), [
    ((6, 12, 72, 72), True),  # MiniLM: up to 72 tokens every layer goes at once
    ((6, 12, 73, 73), False),
    ((12, 12, 197, 197), False),  # ViT-B/16
    ((6, 12, 512, 512), False),  # a 512-token sentence
])
def test_one_layer_at_a_time_beyond_the_budget(shape, whole):
    weights = np.random.default_rng(1).random(shape, dtype=np.float32)
    layer = shape[0] // 2
    assert layer_span(shape, layer) == ((0, shape[0]) if whole else (layer, layer + 1))
    payload = live_payload(weights, layer)
    first, last = payload["layers"]
    np.testing.assert_array_equal(sent_weights(payload), weights[first:last])
    assert payload["heads"] == [0, shape[1]]  # the Image explorer draws every head: a layer goes whole
    if whole:
        assert len(payload["weights"]) <= LIVE_BUDGET_BYTES
    else:
        assert (first, last) == (layer, layer + 1)
        print(f"{shape}: {payload_bytes(payload):,} bytes for layer {layer}")


@pytest.mark.parametrize(("tokens", "one_head"), [(72, False), (128, False), (176, False), (177, True), (512, True)])
def test_one_head_at_a_time_where_a_layer_is_too_big_and_the_view_draws_one_head(tokens, one_head):
    shape = (6, 12, tokens, tokens)  # MiniLM
    assert head_span(shape, layer_span(shape, 3), 7) == ((7, 8) if one_head else (0, 12))
    if tokens == 512:
        weights = np.random.default_rng(2).random(shape, dtype=np.float32)
        payload = live_payload(weights, 3, asked_head=7)
        assert (payload["layers"], payload["heads"]) == ([3, 4], [7, 8])
        np.testing.assert_array_equal(sent_weights(payload)[0, 0], weights[3, 7])
        print(f"{shape}: {payload_bytes(payload):,} bytes for layer 3, head 7")
        assert payload_bytes(payload) <= LIVE_BUDGET_BYTES
