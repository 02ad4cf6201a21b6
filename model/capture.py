"""Temporary forward hooks that record module outputs for one call on one thread.

A cached model is shared by every browser session and thread, so a hook registered by
one trace must ignore forwards run by another: each recorder keeps only what its own
thread computes, and every hook is removed in `finally`.
"""

import threading
from collections import defaultdict
from contextlib import contextmanager

import torch


@contextmanager
def recording(points: dict[str, list[torch.nn.Module]], detach: bool = True):
    """Record outputs of named module lists, per layer, for the duration of the block.

    Args:
        points: name -> one module per layer; a name ending in ".in" records the module's
            first input instead of its output.
        detach: False keeps the autograd graph (for gradients through the attention).

    Yields:
        dict name -> list of tensors in layer order, filled as the forward runs.
    """
    owner = threading.get_ident()
    store: dict[str, list[torch.Tensor]] = defaultdict(list)
    handles = []

    def hook_for(name: str):
        wants_input = name.endswith(".in")

        def hook(module, args, output):
            if threading.get_ident() != owner:
                return
            value = args[0] if wants_input else output
            if isinstance(value, tuple):  # HF attention modules return (output, weights)
                value = value[0]
            store[name].append(value.detach() if detach else value)

        return hook

    try:
        for name, modules in points.items():
            handles += [module.register_forward_hook(hook_for(name)) for module in modules]
        yield store
    finally:
        for handle in handles:
            handle.remove()
