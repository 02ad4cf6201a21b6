"""The text trace (all-MiniLM-L6-v2, shipped in a PyPI wheel) is the model's own computation."""



import numpy as np
import pytest
import torch

from model.errors import AtlasError
from model.layer_working import bert_layer_working
from model.text.trace import tokenize, trace_text
from tests.threads import run_together

SENTENCE = "The animal didn't cross the street because it was too tired"


@pytest.fixture(scope="module")
def traced(minilm):
    return trace_text(minilm, SENTENCE)


def softmax(a):
    e = np.exp(a - a.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def test_tokens_and_shapes(minilm, traced):
    assert traced.tokens[0] == "[CLS]" and traced.tokens[-1] == "[SEP]"
    assert "animal" in traced.tokens and "tired" in traced.tokens
    n = len(traced.tokens)
    assert traced.weights.shape == (6, 12, n, n)
    assert traced.q.shape == (6, 12, n, 32)
    assert traced.scale == pytest.approx(32**-0.5)


def test_math_of_every_head(traced):
    np.testing.assert_allclose(traced.weights.sum(-1), 1.0, atol=1e-5)
    np.testing.assert_allclose(traced.scores, traced.q @ traced.k.swapaxes(-1, -2), rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(softmax(traced.scores * traced.scale), traced.weights, atol=1e-5)
    np.testing.assert_allclose(traced.weights @ traced.v, traced.head_out, atol=1e-5)


def test_layer_outputs_rebuilt_from_trace_match_model(minilm, traced):
    encoded = minilm.tokenizer(SENTENCE, return_tensors="pt")
    with torch.no_grad():
        hidden = minilm.module(**encoded, output_hidden_states=True).hidden_states  # L+1 of (1, N, C)
        for i, layer in enumerate(minilm.module.encoder.layer):
            heads = torch.from_numpy(traced.head_out[i])  # (H, N, d)
            concat = heads.transpose(0, 1).reshape(heads.shape[1], -1)  # (N, H·d)
            attn_out = layer.attention.output.dense(concat)
            mid = layer.attention.output.LayerNorm(attn_out + hidden[i][0])
            block = layer.output.LayerNorm(layer.output.dense(layer.intermediate(mid)) + mid)
            np.testing.assert_allclose(traced.x[i], hidden[i][0].numpy(), atol=1e-5)
            np.testing.assert_allclose(attn_out.numpy(), traced.attn_out[i], atol=1e-4)
            np.testing.assert_allclose(block.numpy(), hidden[i + 1][0].numpy(), atol=1e-4)
            np.testing.assert_allclose(traced.block_out[i], hidden[i + 1][0].numpy(), atol=1e-5)


def test_weights_match_the_eager_implementation(minilm, traced):
    encoded = minilm.tokenizer(SENTENCE, return_tensors="pt")
    with torch.no_grad():
        eager = minilm.module(**encoded, output_attentions=True).attentions
    np.testing.assert_allclose(traced.weights, np.stack([a[0].numpy() for a in eager]), atol=1e-5)


def test_long_text_is_truncated_with_a_notice(minilm):
    trace = trace_text(minilm, "word " * 20_000, max_tokens=64)
    assert len(trace.tokens) == 64
    notice = next(n for n in trace.notices if n.code == "text_truncated")
    assert "64" in str(notice) and "20002" in str(notice)


def test_empty_text_is_refused(minilm):
    with pytest.raises(AtlasError) as err:
        trace_text(minilm, " \n\t ")
    assert err.value.code == "text_empty"


def test_markup_is_just_text(minilm):
    trace = trace_text(minilm, "<script>alert(1)</script>")
    assert "script" in trace.tokens and "<" in trace.tokens


def test_concurrent_text_traces_do_not_mix(minilm):
    texts = ["I am a student", SENTENCE, "나는 학생입니다", "attention is all you need"]
    expected = [trace_text(minilm, t).weights for t in texts]
    got = {}

    def work(i):
        got[i] = trace_text(minilm, texts[i]).weights

    run_together(work, range(len(texts)))
    for i, weights in enumerate(expected):
        # Mixed results would differ in shape or by whole weights; the tolerance allows another
        # thread's float32 rounding (the app gives each job its own share of the cores).
        np.testing.assert_allclose(got[i], weights, atol=1e-5)


def test_two_sessions_tokenizing_with_different_limits_each_get_their_own_length(minilm):
    """The shared fast tokenizer stores its truncation setting: unguarded, ~50 in 300 came out wrong."""
    text = " ".join(["attention"] * 3000)  # far over both limits
    lengths = {128: [], 512: []}

    def work(limit: int) -> None:
        for _ in range(150):
            encoded, _ = tokenize(minilm, text, limit)
            lengths[limit].append(encoded["input_ids"].shape[1])

    run_together(work, lengths)
    assert {limit: set(seen) for limit, seen in lengths.items()} == {128: {128}, 512: {512}}


def test_korean_split_into_letters_and_unknown_pieces_are_announced(minilm):
    trace = trace_text(minilm, "나는 학생입니다 😀")
    codes = {n.code: n for n in trace.notices}
    assert "text_korean_letters" in codes
    # The vocabulary has no emoji: it comes out as the unknown token, and the notice counts it.
    assert trace.tokens.count(minilm.tokenizer.unk_token) == 1
    assert codes["text_unknown_tokens"].params["count"] == 1


def test_plain_english_has_no_vocabulary_notice(minilm):
    assert not {n.code for n in trace_text(minilm, SENTENCE).notices} & {"text_korean_letters", "text_unknown_tokens"}


def test_bert_projection_biases_shown_are_the_ones_q_k_v_used(minilm, traced):
    heads, d = traced.num_heads, traced.q.shape[-1]
    for i, layer in enumerate(minilm.module.encoder.layer):
        work = bert_layer_working(minilm.module, traced, i)
        for name, shown, projected in (("query", work.b_q, traced.q), ("key", work.b_k, traced.k),
                                       ("value", work.b_v, traced.v)):
            linear = getattr(layer.attention.self, name)
            np.testing.assert_array_equal(shown, linear.bias.detach().numpy())
            rebuilt = traced.x[i] @ linear.weight.detach().numpy().T + shown  # X·W + b, (N, C)
            np.testing.assert_allclose(rebuilt.reshape(-1, heads, d).transpose(1, 0, 2), projected[i], atol=1e-4)


def test_bert_mlp_is_gelu_4c_wide_and_post_norm_rebuilds_each_layer(minilm, traced):
    c = traced.x.shape[-1]
    for i, layer in enumerate(minilm.module.encoder.layer):
        work = bert_layer_working(minilm.module, traced, i)
        assert work.hidden.shape == (traced.num_tokens, 4 * c) and work.activation == "GELU"
        np.testing.assert_array_equal(work.mlp_in, traced.mid[i])  # post-norm: the MLP reads h′ as it is
        np.testing.assert_allclose(work.hidden, torch.nn.functional.gelu(torch.from_numpy(work.pre_act)).numpy(),
                                   atol=1e-6)
        np.testing.assert_allclose(work.mlp_out, traced.mlp_out[i], atol=1e-5)
        norm = layer.output.LayerNorm
        with torch.no_grad():  # h = LayerNorm(h′ + MLP(h′)), with the layer's own LayerNorm parameters
            rebuilt = torch.nn.functional.layer_norm(
                torch.from_numpy(traced.mid[i] + work.mlp_out), (c,), norm.weight, norm.bias, norm.eps
            )
        np.testing.assert_allclose(rebuilt.numpy(), traced.block_out[i], atol=1e-4)
