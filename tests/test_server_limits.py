"""The work queue and the byte-bounded cache that keep one visitor from taking the class's server."""

import threading
import time
from dataclasses import dataclass

import numpy as np
import pytest

from model.server_limits import ByteCache, WorkQueue, nbytes
from tests.threads import run_together


def test_no_more_than_the_slots_run_at_once_and_waiters_hear_how_many_are_ahead():
    queue = WorkQueue(slots=2)
    running, most, heard = [0], [0], {}
    lock = threading.Lock()
    release = threading.Event()

    def job(i: int) -> None:
        with queue.turn(on_wait=lambda ahead: heard.setdefault(i, []).append(ahead)):
            with lock:
                running[0] += 1
                most[0] = max(most[0], running[0])
            release.wait(5)
            with lock:
                running[0] -= 1

    threads = [threading.Thread(target=job, args=(i,)) for i in range(5)]
    for thread in threads:
        thread.start()
        time.sleep(0.05)  # arrive in order
    time.sleep(0.3)
    assert running[0] == 2
    # Jobs 0 and 1 ran at once; 2, 3 and 4 queued behind them, each hearing its own place.
    assert set(heard) == {2, 3, 4} and [heard[i][0] for i in (2, 3, 4)] == [1, 2, 3]
    release.set()
    for thread in threads:
        thread.join(5)
    assert most[0] == 2 and running[0] == 0


def test_a_waiter_that_gives_up_leaves_the_queue():
    queue = WorkQueue(slots=1)
    hold = threading.Event()
    started = threading.Event()

    def holder() -> None:
        with queue.turn():
            started.set()
            hold.wait(5)

    thread = threading.Thread(target=holder)
    thread.start()
    started.wait(5)

    def give_up(ahead: int) -> None:
        raise RuntimeError("the page reran")  # what Streamlit does to a script that must stop

    with pytest.raises(RuntimeError):
        with queue.turn(on_wait=give_up):
            pass
    hold.set()
    thread.join(5)
    with queue.turn(on_wait=lambda ahead: pytest.fail("nobody is ahead any more")):
        pass


@dataclass(frozen=True)
class Held:
    a: np.ndarray
    b: tuple
    name: str = "x"


def test_nbytes_counts_every_array_in_a_result():
    held = Held(np.zeros((10, 10), np.float32), (np.zeros(5, np.float64), None))
    assert nbytes(held) == 10 * 10 * 4 + 5 * 8


def test_the_cache_keeps_within_its_byte_budget_least_recently_used_out_first():
    cache = ByteCache(budget=3000)
    for key in "abc":
        cache.put(key, np.zeros(250, np.float32))  # 1000 bytes each
    cache.get("a")  # a is now the most recent
    cache.put("d", np.zeros(250, np.float32))
    assert cache.get("b") is None and all(cache.get(k) is not None for k in "acd")
    assert cache.used == 3000
    cache.put("huge", np.zeros(1000, np.float32))  # larger than the whole budget: not kept, nothing evicted
    assert cache.get("huge") is None and cache.used == 3000


def test_two_callers_of_one_key_compute_it_once():
    cache = ByteCache(budget=10_000)
    calls = []

    def compute():
        calls.append(1)
        time.sleep(0.2)
        return np.ones(4, np.float32)

    results = []
    run_together(lambda _: results.append(cache.get_or_compute("k", compute)), range(4))
    assert len(calls) == 1 and len(results) == 4 and all(r is results[0] for r in results)


def test_a_failed_computation_is_not_cached():
    cache = ByteCache(budget=10_000)

    def fail():
        raise ValueError("bad input")

    with pytest.raises(ValueError):
        cache.get_or_compute("k", fail)
    assert cache.get_or_compute("k", lambda: np.ones(2)).sum() == 2
