"""The Translation page's inspector writes the Transformer's projections as it computes them: with biases
(Q = X·W_Q + b_Q; in cross-attention K = M·W_K + b_K from the encoder's output M), and the MLP's hidden layer.
The numbers are rebuilt from the module's own weights and the decode's trace."""

from pathlib import Path

import numpy as np
import pytest
import torch
from streamlit.testing.v1 import AppTest

from model.translate.bundle import TRANSFORMER, load_translator, read_card
from model.translate.run import translate_text
from model.translate.transformer_working import PARTS, transformer_layer_working

APP = str(Path(__file__).resolve().parent.parent / "app.py")
pytestmark = pytest.mark.skipif(read_card("ko", "en", TRANSFORMER) is None,
                                reason="the ko-en Transformer is not in assets/models yet (make train)")


@pytest.fixture(scope="module")
def decoded():
    translator = load_translator("ko", "en", TRANSFORMER)
    return translator.module, translate_text(translator, "나는 학생입니다").decode


def _heads(x: np.ndarray, heads: int) -> np.ndarray:
    """(N, C) -> (H, N, d), as split_heads cuts a projection."""
    n, c = x.shape
    return x.reshape(n, heads, c // heads).transpose(1, 0, 2)


def _linear(x: np.ndarray, linear: torch.nn.Linear, bias: np.ndarray) -> np.ndarray:
    return x @ linear.weight.detach().numpy().T + bias


def test_the_projections_have_biases_and_the_formula_with_them_rebuilds_q_k_v(decoded):
    module, decode = decoded
    with torch.inference_mode():  # M: what every cross-attention reads its keys and values from
        memory = module.encoder_norm(torch.tensor(decode.encoder.block_out[-1])).numpy()  # (m, C)
    for part in PARTS:
        trace = getattr(decode, part)
        for layer in range(trace.num_layers):
            working = transformer_layer_working(module, trace, part, layer)
            block = module.encoder[layer] if part == "encoder" else module.decoder[layer]
            attn = getattr(block, {"encoder": "attn", "decoder_self": "self_attn", "cross": "cross_attn"}[part])
            assert all(np.abs(b).max() > 1e-6 for b in (working.b_q, working.b_k, working.b_v))  # a bias to write
            x = trace.x[layer]  # (N, C)
            source = memory if part == "cross" else x
            heads = trace.num_heads
            np.testing.assert_allclose(_heads(_linear(x, attn.q, working.b_q), heads), trace.q[layer], atol=2e-5)
            np.testing.assert_allclose(_heads(_linear(source, attn.k, working.b_k), heads), trace.k[layer], atol=2e-5)
            np.testing.assert_allclose(_heads(_linear(source, attn.v, working.b_v), heads), trace.v[layer], atol=2e-5)
            # without the bias the same product misses Q: the formula must write b_Q
            assert not np.allclose(_heads(x @ attn.q.weight.detach().numpy().T, heads), trace.q[layer], atol=1e-4)


def test_the_mlp_hidden_layer_rebuilds_the_blocks_mlp_output(decoded):
    module, decode = decoded
    for part in ("encoder", "cross"):
        trace = getattr(decode, part)
        for layer in range(trace.num_layers):
            working = transformer_layer_working(module, trace, part, layer)
            block = module.encoder[layer] if part == "encoder" else module.decoder[layer]
            fc2 = block.mlp[2]
            assert working.hidden.shape[1] == fc2.in_features
            rebuilt = _linear(working.hidden, fc2, fc2.bias.detach().numpy())
            np.testing.assert_allclose(rebuilt, trace.mlp_out[layer], atol=2e-5)
    with pytest.raises(ValueError):
        transformer_layer_working(module, decode.encoder, "decoder", 0)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_page_writes_the_bias_in_every_part(lang):
    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("ui/translation_page.py").run()
    at.segmented_control(key="tr-view").set_value("transformer").run()
    for part, key, keys_from in (("encoder", "tr-insp-encoder", "XW_K"), ("decoder_self", "tr-insp-self", "XW_K"),
                                 ("cross", "tr-insp-cross", "MW_K")):
        at.segmented_control(key="tr-part").set_value(part).run()
        at.segmented_control(key=f"{key}-step").set_value("qkv").run()
        assert not at.exception, [e.value for e in at.exception]
        formula = at.latex[0].value
        assert "XW_Q + b_Q" in formula and f"{keys_from} + b_K" in formula and "+ b_V" in formula, (part, formula)
        shown = [df.value for df in at.dataframe if "b_Q" in list(df.value.columns)]
        assert shown, f"{part}: no bias table"
