"""The Trace record: built from per-layer tensors by its one constructor, and laid on the patch grid."""

import numpy as np
import torch

from model.attention import attention_steps
from model.trace import RECORDED, trace_from_layers


def tiny_trace(num_prefix_tokens: int = 2, grid: tuple[int, int] = (2, 3)):
    """A 1-layer, 2-head trace whose recorded tensors each hold their own constant."""
    n = num_prefix_tokens + grid[0] * grid[1]
    recorded = {name: [torch.full((1, n, 4), float(i))] for i, name in enumerate(RECORDED)}  # each (1, N, C)
    q, k, v = (torch.randn(1, 2, n, 2, generator=torch.Generator().manual_seed(s)) for s in range(3))  # (1, H, N, d)
    steps = attention_steps(q, k, v, 2**-0.5)
    image = np.zeros((16, 24, 3), np.uint8)  # 8-pixel patches on the 2×3 grid
    trace = trace_from_layers(recorded, [q], [k], [v], [steps], 2**-0.5, tokens=tuple(f"t{i}" for i in range(n)),
                              num_prefix_tokens=num_prefix_tokens, grid=grid, model_id="tiny", input_kind="image",
                              norm_first=True, image=image)
    return trace, q, k, v


def test_each_recorded_tensor_becomes_its_own_field_and_attention_its_steps():
    trace, q, k, v = tiny_trace()
    for i, name in enumerate(RECORDED):
        assert getattr(trace, name).shape == (1, 8, 4) and (getattr(trace, name) == i).all(), name
    np.testing.assert_array_equal(trace.q, q.numpy())
    expected = torch.softmax(q @ k.transpose(-2, -1) * 2**-0.5, dim=-1)
    np.testing.assert_allclose(trace.weights, expected.numpy(), atol=1e-6)
    np.testing.assert_allclose(trace.head_out, (expected @ v).numpy(), atol=1e-6)
    assert (trace.num_layers, trace.num_heads, trace.num_tokens) == (1, 2, 8)


def test_on_grid_drops_prefix_tokens_and_lays_patches_row_by_row():
    trace, *_ = tiny_trace()
    row = np.arange(8, dtype=float)  # (N,) prefix tokens 0, 1, then patches 2..7
    np.testing.assert_array_equal(trace.on_grid(row), [[2, 3, 4], [5, 6, 7]])
    rows = np.stack([row, row + 10])  # (2, N): leading axes are kept
    assert trace.on_grid(rows).shape == (2, 2, 3) and trace.on_grid(rows)[1, 0, 0] == 12
    assert trace.patch_size == 8
