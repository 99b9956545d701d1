from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from generator.engine.core_shares import core_shares, on_cores

pins = pytest.mark.skipif(
    not hasattr(os, "sched_getaffinity"), reason="this system cannot pin a process to cores"
)


def _cores() -> set[int]:
    return set(os.sched_getaffinity(0))


def _cores_of_a_child() -> set[int]:
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, os; print(json.dumps(sorted(os.sched_getaffinity(0))))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(shown.stdout))


def test_one_program_or_more_programs_than_cores_run_anywhere() -> None:
    assert core_shares(1) == [None]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    assert core_shares(cores + 1) == [None] * (cores + 1)


@pins
def test_the_shares_split_every_core_without_overlap_the_larger_first() -> None:
    cores = _cores()
    if len(cores) < 2:
        pytest.fail("this machine has one core: the shares cannot be checked")
    shares = core_shares(2)
    assert all(share is not None and share for share in shares)
    first, second = (set(share or ()) for share in shares)
    assert first | second == cores
    assert not first & second
    assert len(first) >= len(second)


@pins
def test_a_process_started_on_a_share_has_those_cores_and_this_thread_gets_its_own_back() -> None:
    before = _cores()
    if len(before) < 2:
        pytest.fail("this machine has one core: pinning cannot be checked")
    share = core_shares(2)[1]
    assert share is not None
    with on_cores(share):
        assert _cores_of_a_child() == set(share)
    assert _cores() == before
    assert _cores_of_a_child() == before


@pins
def test_no_share_leaves_a_process_started_every_core() -> None:
    before = _cores()
    with on_cores(None):
        assert _cores_of_a_child() == before
    assert _cores() == before
