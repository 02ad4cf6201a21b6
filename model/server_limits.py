"""What one server promises a class: heavy work takes turns, caches are bounded by bytes.

A teacher runs one server and thirty students use it at once. Two mechanisms keep any one of
them from taking it over, both plain Python (no Streamlit, no torch), shared by every session:

- `WorkQueue`: model loads, traces, gradient rollout and figure exports run in at most
  `slots` at a time, first come first served; a caller waiting for its turn is told how many
  are ahead of it, so the page can say so instead of freezing.
- `ByteCache`: results keyed by content (a digest of the input, never a file name), evicted
  least-recently-used when their arrays together pass a byte budget. Arrays stay float32:
  the numbers must stay the model's own. Two sessions asking for the same key at once compute
  it once.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager

import numpy as np

# What one server holds; each can be set in the environment of `make run` (README: Running it for a class).
WORK_SLOTS = int(os.environ.get("ATLAS_WORK_SLOTS", "2"))  # heavy jobs at once: one per core here
MODEL_CACHE_MB = int(os.environ.get("ATLAS_MODEL_CACHE_MB", "1536"))  # models held; ViT-B/16 takes 350 MB
TRACE_CACHE_MB = int(os.environ.get("ATLAS_TRACE_CACHE_MB", "1024"))  # traces held; ViT-B/16's is 120 MB
DERIVED_CACHE_MB = int(os.environ.get("ATLAS_DERIVED_CACHE_MB", "256"))  # rollouts, flows, position maps
WAIT_POLL_S = 0.25  # how often a waiting caller hears its place in the queue


class WorkQueue:
    """At most `slots` jobs at once; the rest wait in arrival order."""

    def __init__(self, slots: int = WORK_SLOTS):
        self.slots = max(1, slots)
        self._running = 0
        self._waiting: list[int] = []  # tickets, oldest first
        self._tickets = itertools.count()
        self._changed = threading.Condition()

    @contextmanager
    def turn(self, on_wait: Callable[[int], None] | None = None) -> Iterator[None]:
        """Hold one slot for the `with` body, waiting for it first.

        on_wait(ahead) is called, outside the lock, whenever the number ahead changes while
        waiting (never when a slot is free at once). It may raise (a page's rerun stops the
        script this way): the caller then leaves the queue.
        """
        with self._changed:
            ticket = next(self._tickets)
            self._waiting.append(ticket)
        try:
            told = None
            while True:
                with self._changed:
                    ahead = self._running + self._waiting.index(ticket) - self.slots + 1
                    if ahead <= 0 and self._waiting[0] == ticket:
                        self._waiting.pop(0)
                        self._running += 1
                        self._changed.notify_all()  # the next in line may fit in a slot too
                        break
                    if ahead == told:
                        self._changed.wait(WAIT_POLL_S)
                        continue
                if on_wait is not None:
                    on_wait(max(ahead, 1))
                told = ahead
        except BaseException:
            with self._changed:
                self._waiting.remove(ticket)
                self._changed.notify_all()
            raise
        try:
            yield
        finally:
            with self._changed:
                self._running -= 1
                self._changed.notify_all()


def nbytes(value) -> int:
    """Bytes held by the arrays in a value: an array, a dataclass of them, or a tuple or list of those."""
    if isinstance(value, np.ndarray):
        return value.nbytes
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return sum(nbytes(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, (tuple, list)):
        return sum(nbytes(v) for v in value)
    return 0


class ByteCache:
    """A thread-safe LRU map whose values' arrays together stay within `budget` bytes.

    A value larger than the whole budget is returned to its caller but not kept.
    """

    def __init__(self, budget: int, size: Callable[[object], int] = nbytes):
        self.budget = budget
        self._size = size
        self._items: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._used = 0
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}

    @property
    def used(self) -> int:
        return self._used

    def get(self, key: Hashable):
        """The cached value, or None; a hit becomes the most recently used."""
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key][0]

    def put(self, key: Hashable, value) -> None:
        size = self._size(value)
        with self._lock:
            if key in self._items:
                self._used -= self._items.pop(key)[1]
            if size > self.budget:
                return
            self._items[key] = (value, size)
            self._used += size
            while self._used > self.budget:
                _, (_, evicted) = self._items.popitem(last=False)
                self._used -= evicted

    def get_or_compute(self, key: Hashable, compute: Callable[[], object]):
        """The value for `key`, computed by `compute()` only if absent, once however many ask at the same time."""
        found = self.get(key)
        if found is not None:
            return found
        with self._lock:
            gate = self._computing.setdefault(key, threading.Lock())
        with gate:
            found = self.get(key)  # computed by whoever held the gate before us
            if found is not None:
                return found
            try:
                value = compute()
                self.put(key, value)
                return value
            finally:
                with self._lock:
                    self._computing.pop(key, None)
