"""The in-browser explorer's payload (viz/live.py): the base64 decodes to the trace's exact float32 numbers, all
layers go at once while they fit 2 MB and one layer at a time beyond, and the bundled models' traces fit; a matrix
travels with its exact numbers, the texts and colours the Plotly view would draw, and a quiz's hidden cell hidden;
a caption's word maps travel exactly."""

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
    matrix_payload,
    payload_bytes,
    sent_matrix,
    sent_weights,
    word_maps_payload,
)
from viz.matrix import format_matrix, matrix_figure

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


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_matrix_travels_bit_for_bit_in_its_own_precision(dtype):
    values = np.random.default_rng(5).normal(size=(3, 4)).astype(dtype) / 7  # no short decimals: every bit counts
    payload = matrix_payload(values, ["a", "b", "c"], list("wxyz"))
    assert payload["dtype"] == ("f4" if dtype == np.float32 else "f8")
    decoded = sent_matrix(json.loads(json.dumps(payload)))
    assert decoded.dtype == dtype and np.array_equal(decoded, values)


def test_a_matrix_is_coloured_and_printed_as_the_plotly_view_draws_it():
    values = np.array([[0.5, -2.0, 1.0], [3.0, 0.25, -np.inf]])  # both signs: a diverging scale around zero
    rows, cols = ["q1", "<b>q2</b>"], ["k1", "k2", "k3"]
    payload = matrix_payload(values, rows, cols, title="S", highlight_row=np.int64(1))  # a numpy index, as a page
    assert json.loads(json.dumps(payload))["highlight"] == 1  # may pass one: the payload stays plain JSON
    heatmap = matrix_figure(values, rows, cols, title="S", highlight_row=1).data[0]
    assert (payload["zmin"], payload["zmax"]) == (heatmap.zmin, heatmap.zmax) == (-3.0, 3.0)
    assert payload["scale"] == [list(stop) for stop in heatmap.colorscale]
    assert payload["cells"] == [list(row) for row in heatmap.text]
    assert payload["cells"][1][2] == "-∞" and payload["rows"] == rows  # labels as typed: the browser sets text
    weights = matrix_payload(np.eye(2), ["a", "b"], ["a", "b"], zmin=0.0, zmax=1.0, colorscale="Blues")
    assert (weights["zmin"], weights["zmax"]) == (0.0, 1.0) and weights["scale"][0][0] == 0.0


def test_a_hidden_quiz_cell_is_not_in_the_payload():
    truth = np.array([[1.0, 2.0], [3.0, 4.0]])
    shown, text = truth.copy(), format_matrix(truth)
    shown[1, 0], text[1, 0] = np.nan, "?"  # as ui/toy_views.py hides the asked cell
    payload = matrix_payload(shown, ["a", "b"], ["a", "b"], cell_text=text)
    assert payload["cells"][1][0] == "?" and np.isnan(sent_matrix(payload)[1, 0])
    assert "3" not in json.dumps(payload["cells"])


def test_a_big_matrix_goes_without_printed_numbers_and_labels_must_match():
    payload = matrix_payload(np.zeros((20, 20)), [str(i) for i in range(20)], [str(i) for i in range(20)])
    assert payload["cells"] is None  # past MAX_VALUE_CELLS: colours and hover only, as the Plotly view
    with pytest.raises(ValueError, match="2 row and 3 column labels"):
        matrix_payload(np.zeros((3, 3)), ["a", "b"], ["a", "b", "c"])


def test_word_maps_travel_exactly_with_their_words():
    maps = np.random.default_rng(2).dirichlet(np.ones(16), size=3).astype(np.float32).reshape(3, 4, 4)  # (T, G, G)
    image = np.arange(8 * 8 * 3, dtype=np.uint8).reshape(8, 8, 3)
    payload = json.loads(json.dumps(word_maps_payload(image, maps, ["a", "red", "square"], 2, text={})))
    assert np.array_equal(decode_f32(payload["weights"], payload["shape"]), maps)
    assert base64.b64decode(payload["image"]) == image.tobytes() and payload["image_shape"] == [8, 8, 3]
    assert (payload["words"], payload["step"]) == (["a", "red", "square"], 2)
    with pytest.raises(ValueError):
        word_maps_payload(image, maps, ["a", "red"], 0)
