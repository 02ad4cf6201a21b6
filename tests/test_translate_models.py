"""Every number the translation page shows, rebuilt here with numpy from the model's weights, must be the model's.

The GRU step, the four score functions, softmax, context and logits are written out again in
tests/rnn_reference.py (not imported from model/), and each Transformer block below, from the trace it returns.
"""

import numpy as np
import pytest

from model.translate.bundle import DIRECTIONS, TRANSFORMER, load_translator
from model.translate.rnn import RNN_KINDS
from model.translate.run import translate_text
from model.translate.working import score_working
from model.working import query_working
from tests.rnn_reference import assert_decode_rebuilt, encoder_states, params, softmax
from training.eval_translation import exact_matches, pointing
from training.translation_data import HELD_OUT_SEED, training_corpus

SENTENCE = {"ko": "고양이를 좋아하는 그 소년은 어제 공원에서 사과를 먹었다",
            "en": "The boy who likes the cat ate an apple"}
TOL = dict(rtol=1e-4, atol=1e-4)


@pytest.fixture(scope="module")
def translators():
    return {}


def translator(cache, source, target, kind):
    if (source, target, kind) not in cache:
        cache[source, target, kind] = load_translator(source, target, kind)
    return cache[source, target, kind]


@pytest.mark.slow
@pytest.mark.parametrize("source,target", DIRECTIONS)
@pytest.mark.parametrize("kind", RNN_KINDS)
def test_every_step_of_a_gru_decode_is_rebuilt(translators, source, target, kind):
    model = translator(translators, source, target, kind)
    decode = translate_text(model, SENTENCE[source]).decode
    p = params(model.module)
    ids = model.source_vocab.ids(decode.source)
    h, s0 = encoder_states(p, ids)
    assert_decode_rebuilt(p, decode, model.target_vocab, kind, h, s0,
                          lambda t, i: score_working(model.module, decode, t, i), TOL)


@pytest.mark.slow
@pytest.mark.parametrize("source,target", DIRECTIONS)
def test_each_transformer_block_is_rebuilt_from_its_trace(translators, source, target):
    model = translator(translators, source, target, TRANSFORMER)
    decode = translate_text(model, SENTENCE[source]).decode
    p = params(model.module)

    def linear(name, x):
        return x @ p[f"{name}.weight"].T + p[f"{name}.bias"]

    def layer_norm(name, x):
        mean, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + 1e-5) * p[f"{name}.weight"] + p[f"{name}.bias"]

    def heads(x, h):  # (N, C) -> (H, N, d)
        return x.reshape(x.shape[0], h, -1).transpose(1, 0, 2)

    def check(trace, prefix, attn, norm, memory=None, causal=False):
        for layer in range(trace.num_layers):
            name = f"{prefix}.{layer}.{attn}"
            block_in = trace.block_in[layer].astype(np.float64)
            x = layer_norm(f"{prefix}.{layer}.{norm}", block_in)
            np.testing.assert_allclose(trace.x[layer], x, **TOL)
            keys_from = x if memory is None else memory
            q, k, v = (heads(linear(f"{name}.{w}", src), trace.num_heads)
                       for w, src in (("q", x), ("k", keys_from), ("v", keys_from)))
            scores = q @ k.transpose(0, 2, 1)  # (H, n, m)
            np.testing.assert_allclose(trace.scores[layer], scores, **TOL)
            scaled = scores / np.sqrt(q.shape[-1])
            if causal:
                scaled = np.where(np.tril(np.ones(scaled.shape[-2:], dtype=bool)), scaled, -np.inf)
            weights = softmax(scaled)
            np.testing.assert_allclose(trace.weights[layer], weights, **TOL)
            head_out = weights @ v
            attn_out = linear(f"{name}.o", head_out.transpose(1, 0, 2).reshape(len(x), -1))
            np.testing.assert_allclose(trace.attn_out[layer], attn_out, **TOL)
            np.testing.assert_allclose(trace.mid[layer], block_in + attn_out, **TOL)
            np.testing.assert_allclose(trace.block_out[layer], trace.mid[layer] + trace.mlp_out[layer], **TOL)

    check(decode.encoder, "encoder", "attn", "norm1")
    memory = layer_norm("encoder_norm", decode.encoder.block_out[-1].astype(np.float64))
    check(decode.decoder_self, "decoder", "self_attn", "norm1", causal=True)
    check(decode.cross, "decoder", "cross_attn", "norm2", memory=memory)
    assert np.all(np.triu(decode.decoder_self.weights, k=1) == 0)  # no word sees a later one
    worked = query_working(decode.decoder_self, 0, 0, 1)  # the inspector's softmax, written out
    assert np.all(worked.exps[2:] == 0)
    np.testing.assert_allclose(worked.exps / worked.total, worked.weights, atol=1e-6)
    np.testing.assert_allclose(decode.cross.block_in, decode.decoder_self.mid, **TOL)
    np.testing.assert_allclose(decode.decoder_self.block_in[1:], decode.cross.block_out[:-1], **TOL)
    logits = linear("out", layer_norm("decoder_norm", decode.cross.block_out[-1].astype(np.float64)))
    np.testing.assert_allclose(decode.logits, logits, **TOL)
    assert list(decode.output) == [model.target_vocab.tokens[i] for i in logits.argmax(-1)]


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["additive", TRANSFORMER])
def test_a_forced_word_changes_what_follows_and_nothing_before(translators, kind):
    model = translator(translators, "ko", "en", kind)
    free = translate_text(model, SENTENCE["ko"]).decode
    forced = translate_text(model, SENTENCE["ko"], forced=((1, "girl"),)).decode
    assert free.output[1] == "boy" and forced.output[1] == "girl" and forced.forced == (1,)
    assert forced.output[:1] == free.output[:1] and forced.inputs[2] == "girl"
    weights = (forced.weights if kind != TRANSFORMER else forced.cross.weights[-1].mean(0))
    free_weights = (free.weights if kind != TRANSFORMER else free.cross.weights[-1].mean(0))
    assert not np.allclose(weights[2], free_weights[2])  # the next step looks elsewhere: it was fed another word


@pytest.mark.slow
@pytest.mark.parametrize("source,target", DIRECTIONS)
@pytest.mark.parametrize("kind", ["additive", TRANSFORMER])
def test_held_out_translations_are_exact_and_attention_finds_the_counterpart(translators, source, target, kind):
    from model.translate.grammar import make_corpus
    from training.train_translation import TrainConfig

    model = translator(translators, source, target, kind)
    seen = frozenset(p.en for p in training_corpus(TrainConfig.train_size))
    sample = make_corpus(HELD_OUT_SEED + 100, 150, exclude=seen)
    assert exact_matches(model, sample).mean() >= 0.95
    assert pointing(model, sample) >= 0.85  # the full evaluation (card, README) is over 0.9; 150 sentences vary


@pytest.mark.slow
@pytest.mark.parametrize("source,target", DIRECTIONS)
def test_the_lecture_sentences_translate(translators, source, target):
    from model.translate.grammar import LECTURE_EXAMPLES

    for kind in ("additive", TRANSFORMER):
        model = translator(translators, source, target, kind)
        for pair in LECTURE_EXAMPLES:
            text, expected = (pair if source == "en" else pair[::-1])
            assert translate_text(model, text).text == expected


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["additive", TRANSFORMER])
def test_the_longest_input_decodes_within_the_models_limits(translators, kind):
    model = translator(translators, "ko", "en", kind)
    translation = translate_text(model, " ".join(["고양이를"] * 60))  # cut to 40 tokens; the decoder may never stop
    assert any(n.code == "translate_cut" for n in translation.notices)
    assert len(translation.decode.output) <= 2 * 41 + 5
    if kind == TRANSFORMER:
        assert len(translation.decode.output) < model.module.config.max_tokens

