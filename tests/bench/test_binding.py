"""The binding measurement reads a process's CPU time the way the kernel reports it."""

from __future__ import annotations

import os
import time

from bench.binding import _backend_cpu_s


def test_process_cpu_is_read_from_proc_and_grows_with_work() -> None:
    before = _backend_cpu_s(os.getpid())
    deadline = time.process_time() + 0.05
    while time.process_time() < deadline:
        pass
    after = _backend_cpu_s(os.getpid())
    assert 0 <= before <= after
    # 50 ms of CPU, counted in clock ticks of 10 ms.
    assert 0.02 <= after - before <= time.process_time()
