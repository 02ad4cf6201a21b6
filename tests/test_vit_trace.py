"""The ViT trace is the model's own computation: rebuilt outputs match, and tracing changes nothing."""



import numpy as np
import pytest
import timm
import torch
from PIL import Image

from model.attention import merge_heads
from model.loading import _finish_vit
from model.vit.trace import attention_gradients, model_input, recompute_attention, trace_image
from tests.threads import run_together

# Random-weight models that build offline: a plain ViT, a DeiT with a distillation token,
# one with register tokens on a non-square grid, and one with q/k norm.
VARIANTS = {
    "vit": dict(name="vit_tiny_patch16_224", depth=3, img_size=64),
    "deit_distilled": dict(name="deit_tiny_distilled_patch16_224", depth=3, img_size=64),
    "registers_nonsquare": dict(name="vit_tiny_patch16_224", depth=3, img_size=(48, 80), reg_tokens=4),
    "qk_norm": dict(name="vit_tiny_patch16_224", depth=2, img_size=64, qk_norm=True),
}


def build(variant: str):
    kwargs = dict(VARIANTS[variant])
    torch.manual_seed(0)
    module = timm.create_model(kwargs.pop("name"), pretrained=False, num_classes=10, **kwargs)
    if kwargs.get("qk_norm"):  # fresh LayerNorms are the identity; make the norm matter
        for block in module.blocks:
            torch.nn.init.normal_(block.attn.q_norm.weight, 1.0, 0.3)
            torch.nn.init.normal_(block.attn.k_norm.bias, 0.0, 0.3)
    return _finish_vit(variant, module, {"classes": [f"c{i}" for i in range(10)]})


def random_image(seed: int, size=(90, 70)) -> Image.Image:
    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, (*size, 3), dtype=np.uint8))


def own_block_outputs(loaded, image) -> list[torch.Tensor]:
    """Each block's output from the model's own modules, with no hooks and no tracing code."""
    module = loaded.module
    _, pixels = model_input(loaded, image)
    outs = []
    with torch.no_grad():
        x = module.norm_pre(module.patch_drop(module._pos_embed(module.patch_embed(pixels))))
        for block in module.blocks:
            x = block(x)
            outs.append(x[0])
    return outs


def softmax(a: np.ndarray) -> np.ndarray:
    e = np.exp(a - a.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


@pytest.fixture(scope="module", params=sorted(VARIANTS))
def traced(request):
    loaded = build(request.param)
    image = random_image(1)
    return loaded, image, trace_image(loaded, image)


def test_shapes_and_labels(traced):
    loaded, _, trace = traced
    module = loaded.module
    rows, cols = module.patch_embed.grid_size
    n = module.num_prefix_tokens + rows * cols
    heads, d = module.blocks[0].attn.num_heads, module.blocks[0].attn.head_dim
    assert trace.weights.shape == (len(module.blocks), heads, n, n)
    assert trace.q.shape == trace.head_out.shape == (len(module.blocks), heads, n, d)
    assert trace.grid == (rows, cols) and len(trace.tokens) == n
    assert trace.tokens[trace.num_prefix_tokens] == "patch (0,0)"
    assert trace.tokens[-1] == f"patch ({rows - 1},{cols - 1})"
    assert trace.image.shape == (*loaded.input_size, 3)


def test_weight_rows_sum_to_one(traced):
    *_, trace = traced
    np.testing.assert_allclose(trace.weights.sum(-1), 1.0, atol=1e-5)


def test_weights_are_softmax_of_scaled_scores(traced):
    *_, trace = traced
    d = trace.q.shape[-1]
    assert trace.scale == pytest.approx(d**-0.5)
    np.testing.assert_allclose(trace.scores, trace.q @ trace.k.swapaxes(-1, -2), rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(softmax(trace.scores * trace.scale), trace.weights, atol=1e-5)


def test_head_out_is_weights_times_v(traced):
    *_, trace = traced
    np.testing.assert_allclose(trace.weights @ trace.v, trace.head_out, atol=1e-5)


def test_block_output_rebuilt_from_trace_matches_model(traced):
    loaded, image, trace = traced
    own = own_block_outputs(loaded, image)
    with torch.no_grad():
        for layer, block in enumerate(loaded.module.blocks):
            heads = torch.from_numpy(trace.head_out[layer])  # (H, N, d)
            concat = heads.transpose(0, 1).reshape(heads.shape[1], -1)  # (N, H·d)
            attn_out = block.attn.proj(block.attn.norm(concat))  # (N, C)
            x_in = torch.from_numpy(trace.block_in[layer])
            mid = x_in + block.ls1(attn_out)
            rebuilt = mid + block.ls2(block.mlp(block.norm2(mid)))
            np.testing.assert_allclose(attn_out.numpy(), trace.attn_out[layer], atol=1e-4)
            np.testing.assert_allclose(rebuilt.numpy(), own[layer].numpy(), atol=1e-4)
            np.testing.assert_allclose(trace.block_out[layer], own[layer].numpy(), atol=1e-4)


def test_projections_come_from_normalised_input(traced):
    loaded, _, trace = traced
    block = loaded.module.blocks[0]
    with torch.no_grad():
        x = block.norm1(torch.from_numpy(trace.block_in[0]))
    np.testing.assert_allclose(trace.x[0], x.numpy(), atol=1e-5)


def test_logits_unchanged_by_tracing(traced):
    loaded, image, trace = traced
    _, pixels = model_input(loaded, image)
    with torch.no_grad():
        plain = loaded.module(pixels)[0].numpy()
    np.testing.assert_allclose(trace.logits, plain, atol=1e-5)
    assert [label for label, _ in trace.top5] == [loaded.classes[i] for i in np.argsort(plain)[::-1][:5]]


def all_hooks(module: torch.nn.Module) -> int:
    return sum(len(m._forward_hooks) + len(m._forward_pre_hooks) for m in module.modules())


def test_no_hooks_remain_even_after_a_failure():
    loaded = build("vit")
    trace_image(loaded, random_image(2))
    attention_gradients(loaded, random_image(2), class_index=1)
    assert all_hooks(loaded.module) == 0

    def fail(*_):
        raise RuntimeError("boom")

    handle = loaded.module.norm.register_forward_hook(fail)
    with pytest.raises(RuntimeError):
        trace_image(loaded, random_image(2))
    handle.remove()
    assert all_hooks(loaded.module) == 0


def test_concurrent_traces_on_one_model_do_not_mix():
    loaded = build("vit")
    images = [random_image(seed) for seed in range(6)]
    expected = [trace_image(loaded, image).weights for image in images]
    results: dict[int, np.ndarray] = {}

    def work(i):
        for _ in range(3):
            results[i] = trace_image(loaded, images[i]).weights

    run_together(work, range(len(images)))
    for i, weights in enumerate(expected):
        np.testing.assert_allclose(results[i], weights, atol=1e-6)


def test_attention_gradients_match_finite_differences():
    """d logit / d weights: nudge one attention weight of the last layer and watch the logit."""
    loaded = build("vit")
    image = random_image(3)
    weights, grads = attention_gradients(loaded, image, class_index=2)
    np.testing.assert_allclose(weights, trace_image(loaded, image).weights, atol=1e-5)
    module, last = loaded.module, len(loaded.module.blocks) - 1
    _, pixels = model_input(loaded, image)
    head, row, col, eps = 1, 0, 5, 1e-3

    def logit_with_nudge(delta: float) -> float:
        def hook(attn, args, output):
            _, _, v, steps = recompute_attention(attn, attn.qkv(args[0]))
            w = steps.weights.clone()
            w[0, head, row, col] += delta
            return attn.proj(attn.norm(merge_heads(w @ v)))

        handle = module.blocks[last].attn.register_forward_hook(hook)
        try:
            with torch.no_grad():
                return float(module(pixels)[0, 2])
        finally:
            handle.remove()

    numeric = (logit_with_nudge(eps) - logit_with_nudge(-eps)) / (2 * eps)
    assert grads[last, head, row, col] == pytest.approx(numeric, rel=1e-2, abs=1e-4)

