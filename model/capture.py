"""Temporary forward hooks that act on one call on one thread: the only way this app hooks a model.

A cached model is shared by every browser session and thread, so a hook registered by one
trace must ignore forwards run by another: each hook acts only on what its own thread
computes, and every hook is removed in `finally`. Two uses: `recording` keeps module inputs
or outputs (the tracers), and `thread_hooks` with a hook that returns a value replaces a
module's output (gradient rollout, which needs the attention weights inside the graph).
"""

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

import torch

Hook = Callable[[torch.nn.Module, tuple, object], object]  # (module, args, output) -> None, or a new output


@contextmanager
def thread_hooks(hooks: Iterable[tuple[torch.nn.Module, Hook]]) -> Iterator[None]:
    """Register forward hooks that run only for forwards on this thread; all removed on exit."""
    owner = threading.get_ident()

    def only_mine(hook: Hook) -> Hook:
        def hook_on_owner(module, args, output):
            return hook(module, args, output) if threading.get_ident() == owner else None

        return hook_on_owner

    handles = []
    try:
        for module, hook in hooks:
            handles.append(module.register_forward_hook(only_mine(hook)))
        yield
    finally:
        for handle in handles:
            handle.remove()


@contextmanager
def recording(
    outputs: dict[str, list[torch.nn.Module]], inputs: dict[str, list[torch.nn.Module]] | None = None
) -> Iterator[dict[str, list[torch.Tensor]]]:
    """Record, per layer, the outputs of some modules and the first inputs of others.

    Args:
        outputs: name -> one module per layer, whose output is kept under that name.
        inputs: name -> one module per layer, whose first input is kept under that name.

    Yields:
        dict name -> list of tensors in layer order, filled as the forward runs.
    """
    store: dict[str, list[torch.Tensor]] = defaultdict(list)

    def keep(name: str, wants_input: bool) -> Hook:
        def hook(module, args, output):
            value = args[0] if wants_input else output
            if isinstance(value, tuple):  # HF attention modules return (output, weights)
                value = value[0]
            store[name].append(value.detach())

        return hook

    hooks = [(m, keep(name, False)) for name, modules in outputs.items() for m in modules]
    hooks += [(m, keep(name, True)) for name, modules in (inputs or {}).items() for m in modules]
    with thread_hooks(hooks):
        yield store
