"""The ViT from pixels to loss: every number the Image page shows about the way in (x_p, x_p·E + b,
[CLS], E_pos) and the way out (LayerNorm, head, softmax, cross-entropy) and the MLP's hidden layer
is rebuilt here from the model's own modules and forward pass."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from model.layer_working import vit_layer_working
from model.vit.embed import patch_embedding
from model.vit.head import cross_entropy, head_working
from model.vit.trace import model_input, trace_image
from tests.test_vit_trace import VARIANTS, build, random_image


@pytest.fixture(scope="module", params=sorted(VARIANTS))
def traced(request):
    loaded = build(request.param)
    image = random_image(2)
    return loaded, image, trace_image(loaded, image)


def test_flattened_patches_are_the_pixels_the_model_reads_p_p_3_per_row(traced):
    loaded, image, trace = traced
    embed = patch_embedding(loaded, trace)
    _, pixels = model_input(loaded, image)  # (1, 3, H, W), normalised by the model's own input code
    p = loaded.module.patch_embed.proj.kernel_size[0]
    rows, cols = trace.grid
    assert embed.x_p.shape == (rows * cols, p * p * 3)
    r, c = rows - 1, cols - 1  # the last patch, pixel (i, j), channel ch
    i, j, ch = p - 1, 1, 2
    expected = pixels[0, ch, r * p + i, c * p + j].item()
    assert embed.x_p[r * cols + c, (i * p + j) * 3 + ch] == pytest.approx(expected, abs=1e-5)


def test_patch_embedding_is_the_models_patch_embed(traced):
    loaded, image, trace = traced
    embed = patch_embedding(loaded, trace)
    _, pixels = model_input(loaded, image)
    with torch.no_grad():
        own = loaded.module.patch_embed(pixels)[0]  # (P, C): the convolution, flattened
    np.testing.assert_allclose(embed.embedded, own.numpy(), atol=1e-4)
    np.testing.assert_array_equal(embed.bias, loaded.module.patch_embed.proj.bias.detach().numpy())


def test_prefix_and_positions_rebuild_the_first_block_input(traced):
    loaded, _, trace = traced
    embed = patch_embedding(loaded, trace)
    module = loaded.module
    assert embed.prefix.shape[0] == trace.num_prefix_tokens
    np.testing.assert_array_equal(embed.prefix[0], module.cls_token[0, 0].detach().numpy())
    tokens = np.concatenate([embed.prefix, embed.embedded])  # (N, C)
    if len(embed.pos) == trace.num_tokens:  # positions for every token
        rebuilt = tokens + embed.pos
    else:  # positions for the patches only (no_embed_class)
        rebuilt = np.concatenate([embed.prefix, embed.embedded + embed.pos])
    np.testing.assert_allclose(rebuilt, trace.block_in[0], atol=1e-4)
    np.testing.assert_array_equal(embed.z0, trace.block_in[0])


def test_head_logits_are_the_models_output_and_the_loss_its_cross_entropy(traced):
    loaded, image, trace = traced
    work = head_working(loaded.module, trace)
    _, pixels = model_input(loaded, image)
    with torch.no_grad():
        forward = loaded.module(pixels)[0]  # (K,) the plain forward, no tracing
    np.testing.assert_allclose(work.logits, forward.numpy(), atol=1e-4)
    np.testing.assert_allclose(work.probs, forward.softmax(-1).numpy(), atol=1e-5)
    for label in range(len(work.logits)):
        expected = F.cross_entropy(forward[None], torch.tensor([label])).item()
        assert cross_entropy(work.logits, label) == pytest.approx(expected, abs=1e-4)


def test_head_reads_the_final_layernorm_of_cls(traced):
    loaded, _, trace = traced
    work = head_working(loaded.module, trace)
    norm = loaded.module.norm
    x = trace.block_out[-1, 0].astype(np.float64)
    normed = (x - x.mean()) / np.sqrt(x.var() + norm.eps) * norm.weight.detach().numpy() + norm.bias.detach().numpy()
    np.testing.assert_allclose(work.normed, normed, atol=1e-4)
    if not work.distilled:
        head = loaded.module.head
        np.testing.assert_allclose(work.logits, normed @ head.weight.detach().numpy().T + head.bias.detach().numpy(),
                                   atol=1e-4)


def test_mlp_hidden_layer_is_4c_wide_gelu_and_rebuilds_the_block(traced):
    loaded, _, trace = traced
    c = trace.block_out.shape[-1]
    for layer, block in enumerate(loaded.module.blocks):
        work = vit_layer_working(loaded.module, trace, layer)
        assert work.hidden.shape == (trace.num_tokens, 4 * c) and work.activation == "GELU"
        np.testing.assert_allclose(work.hidden, F.gelu(torch.from_numpy(work.pre_act)).numpy(), atol=1e-6)
        fc2 = block.mlp.fc2
        out = work.hidden @ fc2.weight.detach().numpy().T + fc2.bias.detach().numpy()  # hidden·W₂ + b₂
        np.testing.assert_allclose(out, trace.mlp_out[layer], atol=1e-4)
        np.testing.assert_allclose(trace.mid[layer] + out, trace.block_out[layer], atol=1e-4)  # pre-norm residual


def test_projection_biases_shown_are_the_ones_q_k_v_used(traced):
    loaded, _, trace = traced
    heads, d, c = trace.num_heads, trace.q.shape[-1], trace.x.shape[-1]
    for layer, block in enumerate(loaded.module.blocks):
        if block.attn.q_norm.__class__ is not torch.nn.Identity:
            continue  # q/k norm comes after the projection: Q is not X·W + b there
        work = vit_layer_working(loaded.module, trace, layer)
        w_q = block.attn.qkv.weight.detach().numpy()[:c]  # (C, C) the query rows of the fused weight
        q = trace.x[layer] @ w_q.T + work.b_q  # (N, C)
        np.testing.assert_allclose(q.reshape(-1, heads, d).transpose(1, 0, 2), trace.q[layer], atol=1e-4)
        np.testing.assert_array_equal(work.b_q, block.attn.qkv.bias.detach().numpy()[:c])


def test_bundled_model_from_pixels_to_loss(bundled_vit):
    image = random_image(3, size=(64, 64))
    trace = trace_image(bundled_vit, image)
    work = head_working(bundled_vit.module, trace)
    np.testing.assert_allclose(work.logits, trace.logits, atol=1e-5)
    best = int(np.argmax(work.logits))
    assert cross_entropy(work.logits, best) == pytest.approx(-np.log(work.probs[best]), abs=1e-5)
    embed = patch_embedding(bundled_vit, trace)
    assert embed.x_p.shape[1] == trace.patch_size ** 2 * 3
