"""Run one function on several real threads at once, as several browser sessions would."""

import threading
from collections.abc import Callable, Iterable


def run_together(work: Callable, args: Iterable) -> None:
    """work(arg) for every arg, each on its own thread, all released together; returns when all are done."""
    args = list(args)
    start = threading.Barrier(len(args))

    def released(arg) -> None:
        start.wait()
        work(arg)

    threads = [threading.Thread(target=released, args=(arg,)) for arg in args]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
