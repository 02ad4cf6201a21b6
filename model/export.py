"""The trace as files: `.npz` with every array, or a small JSON summary."""

import io
import json

import numpy as np

from model.rollout import attention_rollout
from model.trace import Trace


def trace_npz_bytes(trace: Trace) -> bytes:
    """The whole trace as `.npz`: the Trace's array fields, `rollout` (N, N) and metadata (README: Export format)."""
    buffer = io.BytesIO()
    arrays = trace.export_arrays(attention_rollout(trace.weights, num_prefix_tokens=trace.num_prefix_tokens))
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()


def trace_json(trace: Trace, decimals: int = 4) -> str:
    """A small JSON version: metadata, per-layer-and-head [CLS] attention rows, rollout's [CLS] row, top-5."""
    rollout = attention_rollout(trace.weights, num_prefix_tokens=trace.num_prefix_tokens)
    summary = {
        "model_id": trace.model_id,
        "input_kind": trace.input_kind,
        "tokens": list(trace.tokens),
        "num_prefix_tokens": trace.num_prefix_tokens,
        "grid": list(trace.grid) if trace.grid else None,
        "scale": trace.scale,
        "shape": {
            "layers": trace.num_layers,
            "heads": trace.num_heads,
            "tokens": trace.num_tokens,
            "d": trace.q.shape[-1],
        },
        "cls_weights": np.round(trace.weights[:, :, 0, :], decimals).tolist(),  # (L, H, N)
        "rollout_cls": np.round(rollout[0], decimals).tolist(),  # (N,)
        "top5": [{"label": label, "probability": round(p, decimals)} for label, p in trace.top5],
        "notices": [str(n) for n in trace.notices],
    }
    return json.dumps(summary, ensure_ascii=False, indent=1)
