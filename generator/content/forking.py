"""Independent pieces of work done at once, in processes forked from this one.

A build is pure Python work on one core; where the machine has another, independent work (a
second language's pages) can go there. A forked process starts with everything this one holds,
so the work may close over large objects (a catalog of thousands of cases) that would cost more
to send than to use: only each item and its result cross between the processes, pickled.
Where there is no ``fork`` (Windows), everything runs here, one item after another.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# The work of the current `fork_each` call: a forked process finds it here, as it was when the
# process was forked (a function with its closure cannot be pickled).
_work: Callable[[Any], Any] | None = None


def can_fork() -> bool:
    """Tell whether work can go to forked processes here."""
    return "fork" in multiprocessing.get_all_start_methods()


def fork_map(work: Callable[[T], R], items: Sequence[T], workers: int) -> list[R]:
    """Return ``[work(item) for item in items]``, computed at once in up to ``workers`` processes.

    The first item is done in this process, each other in a forked one; the results come back
    in order. An exception raised by ``work`` is raised here. One worker, one item or no
    ``fork``: everything is done here, in order.

    Args:
        work: What to do with each item; it may close over anything.
        items: The items; each, and each result, must be picklable.
        workers: How many processes may work at once, this one included.
    """
    return list(fork_each(work, items, workers))


def fork_each(
    work: Callable[[T], R],
    items: Sequence[T],
    workers: int,
    meanwhile: Callable[[], object] | None = None,
) -> Iterator[R]:
    """Yield what :func:`fork_map` returns, each result as soon as it is there.

    The first result is yielded while the forked processes still work on theirs, so the caller
    can use it meanwhile. ``meanwhile``, if given, runs here once the caller asks for the next
    result, before this process waits for the forked ones; only when there are forked ones:
    work to fill a wait, which a process doing everything itself never has.
    """
    if workers < 2 or len(items) < 2 or not can_fork():
        yield from (work(item) for item in items)
        return
    global _work
    _work = work
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(min(workers, len(items)) - 1, mp_context=context) as pool:
            later = [pool.submit(_do, item) for item in items[1:]]  # forks now, with `_work` set
            _work = None  # the forked processes have their copy
            yield work(items[0])
            if meanwhile is not None:
                meanwhile()
            for future in later:
                yield future.result()
    finally:
        _work = None


def _do(item: Any) -> Any:
    assert _work is not None  # set by fork_each before the fork
    return _work(item)
