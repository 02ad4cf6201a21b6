"""The translator Transformer's biases and MLP hidden layer for the inspector, as model.layer_working gives them for
ViT and BERT. Every projection of model/translate/transformer.py is an nn.Linear with a bias:

    self-attention:   Q = X·W_Q + b_Q,  K = X·W_K + b_K,  V = X·W_V + b_V     X = LayerNorm(h)
    cross-attention:  Q = X·W_Q + b_Q,  K = M·W_K + b_K,  V = M·W_V + b_V     M = the encoder's output
    MLP (pre-norm):   h = h′ + GELU(LayerNorm(h′)·W_1 + b_1)·W_2 + b_2

The decoder's masked self-attention sublayer has no MLP of its own (the cross-attention sublayer's follows it):
its working holds the biases and empty (N, 0) MLP arrays, which the inspector never draws (it has no MLP step).
"""

import numpy as np
import torch

from model.layer_working import LayerWorking
from model.trace import Trace

PARTS = ("encoder", "decoder_self", "cross")


def _numpy(t: torch.Tensor) -> np.ndarray:
    return t.detach().float().numpy()


def transformer_layer_working(module: torch.nn.Module, trace: Trace, part: str, layer: int) -> LayerWorking:
    """The biases of `part`'s attention in `layer` and, for "encoder" and "cross", its block's MLP hidden layer,
    recomputed from the trace's h′ (`mid`) with the module's own norm and linear maps."""
    if part not in PARTS:
        raise ValueError(f"part must be one of {PARTS}, not {part!r}")
    block = module.encoder[layer] if part == "encoder" else module.decoder[layer]
    attn = {"encoder": "attn", "decoder_self": "self_attn", "cross": "cross_attn"}[part]
    attn = getattr(block, attn)
    biases = [_numpy(p.bias) for p in (attn.q, attn.k, attn.v)]  # (C,) each
    n = trace.mid.shape[1]
    if part == "decoder_self":
        empty = np.zeros((n, 0), np.float32)
        return LayerWorking(*biases, mlp_in=empty, pre_act=empty, hidden=empty, mlp_out=empty, activation="GELU")
    norm = block.norm2 if part == "encoder" else block.norm3
    fc1, act, fc2 = block.mlp
    with torch.inference_mode():
        h = torch.tensor(trace.mid[layer])  # (N, C) h′, a copy: traces are read-only
        mlp_in = norm(h)  # (N, C)
        pre_act = fc1(mlp_in)  # (N, F)
        hidden = act(pre_act)  # (N, F)
        out = fc2(hidden)  # (N, C)
    return LayerWorking(*biases, mlp_in=_numpy(mlp_in), pre_act=_numpy(pre_act), hidden=_numpy(hidden),
                        mlp_out=_numpy(out), activation="GELU")
