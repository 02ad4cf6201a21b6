"""The parts of one encoder layer that the trace keeps only as results: the projection biases and
the MLP's hidden layer, recomputed from the trace with the model's own modules.

    Q = X·W_Q + b_Q,  K = X·W_K + b_K,  V = X·W_V + b_V
    MLP(z) = GELU(z·W_1 + b_1)·W_2 + b_2           hidden layer F wide (4·C in ViT and BERT)
    pre-norm  (ViT):  h = h′ + MLP(LayerNorm(h′)),  h′ = x + MHA(LayerNorm(x))
    post-norm (BERT): h = LayerNorm(h′ + MLP(h′)),  h′ = LayerNorm(x + MHA(x))

The trace holds h′ (`mid`), MLP(·) (`mlp_out`) and h (`block_out`); tests check that
W_2 applied to the hidden layer gives `mlp_out` and that the norm order rebuilds `block_out`.
Shapes as in model/attention.py; F is the MLP's hidden width.
"""

from dataclasses import dataclass

import numpy as np
import torch

from model.trace import Trace


@dataclass(frozen=True)
class LayerWorking:
    b_q: np.ndarray | None  # (C,) bias of the query projection; None where the model has none
    b_k: np.ndarray | None  # (C,)
    b_v: np.ndarray | None  # (C,)
    mlp_in: np.ndarray  # (N, C) what W_1 reads: LayerNorm(h′) pre-norm, h′ itself post-norm
    pre_act: np.ndarray  # (N, F) mlp_in·W_1 + b_1
    hidden: np.ndarray  # (N, F) GELU(pre_act)
    mlp_out: np.ndarray  # (N, C) hidden·W_2 + b_2, the trace's mlp_out
    activation: str  # the activation's name, e.g. "GELU"


def _numpy(t: torch.Tensor | None) -> np.ndarray | None:
    return None if t is None else t.detach().float().numpy()


def _working(mid: np.ndarray, norm, fc1, act, fc2, biases) -> LayerWorking:
    with torch.inference_mode():
        h = torch.tensor(mid)  # (N, C) h′, a copy: traces are read-only
        mlp_in = norm(h)  # (N, C)
        pre_act = fc1(mlp_in)  # (N, F)
        hidden = act(pre_act)  # (N, F)
        out = fc2(hidden)  # (N, C)
    name = type(act).__name__
    return LayerWorking(
        *(_numpy(b) for b in biases), mlp_in=_numpy(mlp_in), pre_act=_numpy(pre_act), hidden=_numpy(hidden),
        mlp_out=_numpy(out), activation="GELU" if "GELU" in name.upper() else name,
    )


def vit_layer_working(module: torch.nn.Module, trace: Trace, layer: int) -> LayerWorking | None:
    """A timm ViT block (pre-norm): qkv's bias split in three, norm2 → fc1 → act → fc2.

    None for a block whose MLP is not fc1 → activation → fc2 (SwiGLU, for one), which this view does not draw.
    """
    block = module.blocks[layer]
    mlp = block.mlp
    if not all(hasattr(mlp, part) for part in ("fc1", "act", "fc2")) or not isinstance(mlp.norm, torch.nn.Identity):
        return None
    bias = block.attn.qkv.bias  # (3·C,) laid out [q | k | v], or None (qkv_bias=False)
    biases = bias.chunk(3) if bias is not None else (None, None, None)
    return _working(trace.mid[layer], block.norm2, mlp.fc1, mlp.act, mlp.fc2, biases)


def bert_layer_working(module: torch.nn.Module, trace: Trace, layer: int) -> LayerWorking:
    """A BERT layer (post-norm): its MLP reads h′ as it is, intermediate.dense → GELU → output.dense."""
    part = module.encoder.layer[layer]
    attn = part.attention.self
    biases = (attn.query.bias, attn.key.bias, attn.value.bias)
    return _working(trace.mid[layer], torch.nn.Identity(), part.intermediate.dense,
                    part.intermediate.intermediate_act_fn, part.output.dense, biases)
