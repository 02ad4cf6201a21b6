"""The ViT's way out: the final [CLS] vector through LayerNorm and the linear head to logits,
probabilities and the cross-entropy loss that training minimises.

    z = LayerNorm(h_L[CLS])          (C,)
    logits = z·W_head + b_head       (K,)   K classes
    p = softmax(logits)              (K,)
    loss = −log p[label]             the cross-entropy for one image and its label

Everything runs through the model's own modules (norm, forward_head); a test checks the logits
against the model's forward output and the loss against F.cross_entropy.
"""

from dataclasses import dataclass

import numpy as np
import torch

from model.trace import Trace
from model.working import probabilities


@dataclass(frozen=True)
class HeadWorking:
    final: np.ndarray  # (C,) [CLS] after the last block, before the final LayerNorm
    normed: np.ndarray  # (C,) after the final LayerNorm
    pooled: np.ndarray  # (C,) what the head reads: normed [CLS] (DeiT distilled: mean of [CLS] and [DIST])
    logits: np.ndarray  # (K,)
    probs: np.ndarray  # (K,) softmax(logits)
    distilled: bool  # two heads, one on [CLS] and one on [DIST], whose logits are averaged


def head_working(module: torch.nn.Module, trace: Trace) -> HeadWorking:
    """The classifier's numbers for `trace`, from the last block's output in the trace."""
    with torch.inference_mode():
        h = torch.tensor(trace.block_out[-1])[None]  # (1, N, C), a copy: traces are read-only
        normed = module.norm(h)  # (1, N, C)
        pooled = module.forward_head(normed, pre_logits=True)  # (1, C)
        logits = module.forward_head(normed)  # (1, K)
    logits = logits[0].detach().double().numpy()  # (K,)
    return HeadWorking(
        final=trace.block_out[-1, 0], normed=normed[0, 0].detach().float().numpy(),
        pooled=pooled[0].detach().float().numpy(),
        logits=logits.astype(np.float32), probs=probabilities(logits).astype(np.float32),
        distilled=getattr(module, "head_dist", None) is not None,
    )


def cross_entropy(logits: np.ndarray, label: int) -> float:
    """−log softmax(logits)[label], computed as logsumexp(logits) − logits[label] so it never overflows."""
    logits = np.asarray(logits, dtype=np.float64)  # (K,)
    top = logits.max()
    return float(top + np.log(np.exp(logits - top).sum()) - logits[label])
