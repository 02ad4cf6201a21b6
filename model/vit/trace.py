"""Trace a timm Vision Transformer: the exact Q, K, V, scores, weights and outputs of every layer and head.

timm runs fused attention (scaled_dot_product_attention), which never materialises the
weights. We record each block's normalised input and its fused qkv projection with
temporary hooks, then recompute the attention from them with `model.attention`, exactly as
timm's unfused branch does (q/k norm included). Tests rebuild each block's output from the
trace and compare it with the model's own.
"""

import numpy as np
import torch
from PIL import Image

from model.attention import attention_steps, merge_heads, split_qkv
from model.capture import recording, thread_hooks
from model.errors import AtlasError, Notice
from model.loading import LoadedVit
from model.trace import Trace, trace_from_layers
from model.working import softmax_working


def prefix_token_labels(module: torch.nn.Module) -> list[str]:
    """Labels of the tokens before the patches, in timm's order: [CLS], [DIST], then registers."""
    labels = ["[CLS]"] if getattr(module, "cls_token", None) is not None else []
    if getattr(module, "dist_token", None) is not None:
        labels.append("[DIST]")
    labels += [f"[REG{i + 1}]" for i in range(getattr(module, "num_reg_tokens", 0))]
    if len(labels) != module.num_prefix_tokens:
        raise AtlasError("model_not_vit", "{model} is not a Vision Transformer this app can trace.",
                         model=type(module).__name__)
    return labels


def patch_labels(grid: tuple[int, int]) -> list[str]:
    return [f"patch ({r},{c})" for r in range(grid[0]) for c in range(grid[1])]


def model_input(loaded: LoadedVit, image: Image.Image) -> tuple[np.ndarray, torch.Tensor]:
    """The picture the model sees, (H, W, 3) uint8, and its normalised tensor (1, 3, H, W).

    The whole image is resized to the input size (not cropped), so the attention overlay covers all of it.
    """
    h, w = loaded.input_size
    seen = np.array(image.convert("RGB").resize((w, h), Image.Resampling.BICUBIC))  # (H, W, 3)
    x = torch.from_numpy(seen).permute(2, 0, 1).float().div(255)  # (3, H, W)
    mean = torch.tensor(loaded.mean).view(3, 1, 1)
    std = torch.tensor(loaded.std).view(3, 1, 1)
    return seen, ((x - mean) / std).unsqueeze(0)


def _check_traceable(module: torch.nn.Module) -> None:
    for block in module.blocks:
        attn = getattr(block, "attn", None)
        if attn is None or not hasattr(attn, "qkv") or getattr(attn, "gate", None) is not None:
            raise AtlasError(
                "model_not_vit", "{model} is not a Vision Transformer this app can trace.", model=type(module).__name__
            )


def _hook_points(module: torch.nn.Module) -> tuple[dict, dict]:
    """(outputs, inputs) to record in each block: pre-norm, so x is norm1's output and mid is norm2's input."""
    blocks = list(module.blocks)
    outputs = {
        "x": [b.norm1 for b in blocks],
        "qkv": [b.attn.qkv for b in blocks],
        "attn_out": [b.attn for b in blocks],
        "mlp_out": [b.mlp for b in blocks],
        "block_out": blocks,
    }
    return outputs, {"block_in": [b.norm1 for b in blocks], "mid": [b.norm2 for b in blocks]}


def recompute_attention(attn: torch.nn.Module, qkv: torch.Tensor):
    """timm's unfused attention from the recorded qkv projection (B, N, 3·C): q, k, v (B, H, N, d) and the steps."""
    q, k, v = split_qkv(qkv, attn.num_heads)  # each (B, H, N, d)
    q, k = attn.q_norm(q), attn.k_norm(k)
    return q, k, v, attention_steps(q, k, v, attn.scale)


def _top5(classes: tuple[str, ...] | None, logits: np.ndarray | None) -> tuple[tuple[str, float], ...]:
    if classes is None or logits is None:
        return ()
    soft = softmax_working(logits)
    probs = soft.exps / soft.total  # (classes,)
    best = np.argsort(probs)[::-1][:5]
    return tuple((classes[i], float(probs[i])) for i in best)


def trace_image(loaded: LoadedVit, image: Image.Image, notices: tuple[Notice, ...] = ()) -> Trace:
    """Run the ViT once on `image` and return every intermediate of every layer and head."""
    module = loaded.module
    _check_traceable(module)
    seen, pixels = model_input(loaded, image)
    with torch.inference_mode(), recording(*_hook_points(module)) as rec:
        output = module(pixels)  # (1, num_classes) or (1, C) for a backbone
        steps = [recompute_attention(b.attn, qkv) for b, qkv in zip(module.blocks, rec["qkv"])]
    qs, ks, vs, attn = zip(*steps)
    grid = tuple(module.patch_embed.grid_size)
    logits = output[0].float().numpy() if loaded.classes is not None else None
    return trace_from_layers(
        rec, qs, ks, vs, attn, module.blocks[0].attn.scale,
        tokens=tuple(prefix_token_labels(module) + patch_labels(grid)),
        num_prefix_tokens=module.num_prefix_tokens,
        grid=grid,
        model_id=loaded.model_id,
        input_kind="image",
        norm_first=True,
        logits=logits,
        top5=_top5(loaded.classes, logits),
        image=seen,
        notices=tuple(notices),
    )


def attention_gradients(loaded: LoadedVit, image: Image.Image, class_index: int) -> tuple[np.ndarray, np.ndarray]:
    """Attention weights and d(logit of class_index)/d(weights), both (L, H, N, N), for gradient rollout.

    For this call only, each attention module's output is replaced by our recomputation from
    its qkv, so the weights are part of the autograd graph (fused attention never builds them).
    `torch.autograd.grad` leaves the shared model's parameter gradients untouched.
    """
    module = loaded.module
    _check_traceable(module)
    if loaded.classes is None:
        raise AtlasError("no_classifier", "{model} has no classifier, so there is no class to explain.",
                         model=loaded.model_id)
    _, pixels = model_input(loaded, image)
    kept: list[torch.Tensor] = []

    def replace_output(attn, args, output):
        *_, steps = recompute_attention(attn, attn.qkv(args[0]))
        kept.append(steps.weights)
        return attn.proj(attn.norm(merge_heads(steps.head_out)))  # (B, N, C)

    with thread_hooks((b.attn, replace_output) for b in module.blocks), torch.enable_grad():
        logits = module(pixels)  # (1, num_classes)
        grads = torch.autograd.grad(logits[0, class_index], kept)
    weights = np.stack([w.detach()[0].numpy() for w in kept])  # (L, H, N, N)
    return weights, np.stack([g[0].numpy() for g in grads])  # (L, H, N, N)
