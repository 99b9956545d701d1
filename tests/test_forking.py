"""Work done at once in forked processes (content/forking.py)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from generator.content.forking import can_fork, fork_each, fork_map

needs_fork = pytest.mark.skipif(not can_fork(), reason="no fork on this platform")


@needs_fork
def test_each_item_after_the_first_is_done_in_a_forked_process_in_order() -> None:
    lock = threading.Lock()  # cannot be pickled: the work is not sent, it is inherited

    def work(item: int) -> tuple[int, int]:
        with lock:
            return item * 10, os.getpid()

    results = fork_map(work, [1, 2, 3], workers=3)
    assert [value for value, _ in results] == [10, 20, 30]
    pids = [pid for _, pid in results]
    assert pids[0] == os.getpid()
    assert os.getpid() not in pids[1:]


@needs_fork
def test_an_error_in_a_forked_process_is_raised_here() -> None:
    def work(item: str) -> str:
        if item == "bad":
            raise ValueError(f"cannot do {item}")
        return item

    with pytest.raises(ValueError, match="cannot do bad"):
        fork_map(work, ["good", "bad"], workers=2)


def test_one_worker_or_one_item_is_done_here() -> None:
    def pid(_: int) -> int:
        return os.getpid()

    assert fork_map(pid, [1, 2, 3], workers=1) == [os.getpid()] * 3
    assert fork_map(pid, [1], workers=4) == [os.getpid()]
    assert fork_map(pid, [], workers=4) == []


@needs_fork
def test_the_first_result_comes_while_the_forked_processes_still_work(tmp_path: Path) -> None:
    # The forked item waits for a file that the caller writes only once it has the first
    # result: were results given only when all are done, it would wait in vain.
    signal = tmp_path / "first-result-received"

    def work(item: int) -> str:
        if item == 1:
            return "here"
        for _ in range(200):
            if signal.exists():
                return "after the first"
            time.sleep(0.05)
        return "before the first"

    results = fork_each(work, [1, 2], workers=2)
    assert next(results) == "here"
    signal.touch()
    assert list(results) == ["after the first"]


@needs_fork
def test_meanwhile_runs_after_the_first_result_while_the_forked_processes_work() -> None:
    order: list[str] = []

    def work(item: int) -> int:
        return item

    results = fork_each(work, [1, 2], workers=2, meanwhile=lambda: order.append("meanwhile"))
    assert next(results) == 1
    assert order == []  # not before the first result is used
    assert list(results) == [2]
    assert order == ["meanwhile"]


def test_meanwhile_does_not_run_without_a_forked_process_to_wait_for() -> None:
    called: list[str] = []
    assert list(fork_each(str, [1, 2], workers=1, meanwhile=lambda: called.append("x"))) == [
        "1",
        "2",
    ]
    assert list(fork_each(str, [1], workers=2, meanwhile=lambda: called.append("x"))) == ["1"]
    assert called == []
