"""The record of one traced input: every intermediate of every layer and head, as numpy float32.

Shapes as in model/attention.py: L layers, H heads, N tokens, C model width, d = C / H.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from model.errors import Notice

# The keys written by the export (npz and JSON), in this order; `rollout` is added to them.
EXPORT_ARRAYS = ("x", "q", "k", "v", "scores", "weights", "head_out", "attn_out", "block_out")


@dataclass(frozen=True)
class Trace:
    x: np.ndarray  # (L, N, C) normalised block input that gets projected to Q, K, V
    q: np.ndarray  # (L, H, N, d)
    k: np.ndarray  # (L, H, N, d)
    v: np.ndarray  # (L, H, N, d)
    scores: np.ndarray  # (L, H, N, N) raw Q·Kᵀ before scaling; (L, H, n, m) in cross-attention
    scale: float  # the 1/√d the model used (d_k in the paper)
    weights: np.ndarray  # (L, H, N, N) softmax rows, each sums to 1
    head_out: np.ndarray  # (L, H, N, d) weights·V
    attn_out: np.ndarray  # (L, N, C) heads concatenated, then W_O
    block_out: np.ndarray  # (L, N, C) output of the whole block
    block_in: np.ndarray  # (L, N, C) input of the block (block_out of the layer before)
    mid: np.ndarray  # (L, N, C) after the attention residual (and, post-norm, its LayerNorm)
    mlp_out: np.ndarray  # (L, N, C) the MLP's output, before its residual
    tokens: tuple[str, ...]  # N labels: "[CLS]", "patch (r,c)", word pieces
    num_prefix_tokens: int  # tokens before the patches: [CLS], distillation, registers
    grid: tuple[int, int] | None  # (rows, cols) of the patch grid, images only
    model_id: str
    input_kind: str  # "image" or "text"
    norm_first: bool  # pre-norm (ViT: LN → attention → +x) or post-norm (BERT: attention → +x → LN)
    logits: np.ndarray | None = None  # (num_classes,) where the model has a classifier
    top5: tuple[tuple[str, float], ...] = ()  # (label, probability), best first
    image: np.ndarray | None = None  # (H, W, 3) uint8: exactly the picture the model saw
    notices: tuple[Notice, ...] = field(default=())
    key_tokens: tuple[str, ...] = ()  # m labels of the keys where they are not the queries (cross-attention)
    causal: bool = False  # each query saw only keys up to its own position (a decoder's self-attention)

    @property
    def num_layers(self) -> int:
        return self.weights.shape[0]

    @property
    def num_heads(self) -> int:
        return self.weights.shape[1]

    @property
    def num_tokens(self) -> int:
        return self.weights.shape[2]

    def scaled(self, layer: int, head: int) -> np.ndarray:
        """(n, m) scores · scale as the softmax received them: -inf where a causal mask hid the key."""
        scaled = self.scores[layer, head].astype(np.float64) * self.scale
        if self.causal:
            scaled = np.where(np.tri(*scaled.shape, dtype=bool), scaled, -np.inf)
        return scaled

    @property
    def keys(self) -> tuple[str, ...]:
        """Labels of the attention matrix's columns: the key tokens, which are the queries in self-attention."""
        return self.key_tokens or self.tokens

    @property
    def patch_size(self) -> int:
        """Pixels on a patch's side, in the picture the model saw (images only)."""
        return self.image.shape[1] // self.grid[1]

    def on_grid(self, values: np.ndarray) -> np.ndarray:
        """(..., N) values per token -> (..., rows, cols) on the patch grid, prefix tokens dropped."""
        return values[..., self.num_prefix_tokens :].reshape(*values.shape[:-1], *self.grid)

    def export_arrays(self, rollout: np.ndarray) -> dict[str, np.ndarray]:
        """The export format: the arrays under their field names, `rollout`, and the metadata as arrays."""
        arrays = {name: getattr(self, name) for name in EXPORT_ARRAYS}
        arrays["rollout"] = rollout.astype(np.float32)
        arrays["scale"] = np.float32(self.scale)
        arrays["tokens"] = np.array(self.tokens)
        arrays["num_prefix_tokens"] = np.int32(self.num_prefix_tokens)
        arrays["grid"] = np.array(self.grid or (0, 0), dtype=np.int32)
        arrays["model_id"] = np.array(self.model_id)
        arrays["input_kind"] = np.array(self.input_kind)
        if self.logits is not None:
            arrays["logits"] = self.logits
            arrays["top5_labels"] = np.array([label for label, _ in self.top5])
            arrays["top5_probs"] = np.array([p for _, p in self.top5], dtype=np.float32)
        return arrays



def stack_layers(per_layer: Sequence) -> np.ndarray:
    """One (1, ...) torch tensor per layer -> (L, ...) float32 numpy, batch index 0."""
    return np.stack([t[0].float().numpy() for t in per_layer])


RECORDED = ("x", "attn_out", "block_out", "block_in", "mid", "mlp_out")  # what a tracer's hooks keep, per layer


def trace_from_layers(recorded: Mapping[str, Sequence], q: Sequence, k: Sequence, v: Sequence, steps: Sequence,
                      scale: float, **about) -> Trace:
    """The Trace of one forward, from per-layer tensors: what hooks recorded and the recomputed attention.

    Args:
        recorded: each name of RECORDED -> one (1, N, C) tensor per layer.
        q, k, v: one (1, H, N, d) tensor per layer, as attention used them.
        steps: one AttentionSteps per layer, from model.attention.
        about: the remaining Trace fields (tokens, grid, model_id, ...).
    """
    return Trace(
        **{name: stack_layers(recorded[name]) for name in RECORDED},
        q=stack_layers(q),
        k=stack_layers(k),
        v=stack_layers(v),
        scores=stack_layers([s.scores for s in steps]),
        weights=stack_layers([s.weights for s in steps]),
        head_out=stack_layers([s.head_out for s in steps]),
        scale=float(scale),
        **about,
    )
