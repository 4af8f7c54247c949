from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tone.server.batcher import MicroBatcher


def test_concurrent_submissions_share_batches_and_get_their_own_results() -> None:
    calls, active, overlap = [], [0], []

    def analyze(items):
        active[0] += 1
        overlap.append(active[0])
        calls.append(len(items))
        time.sleep(0.01)
        active[0] -= 1
        return [f"r:{item}" for item in items]

    batcher = MicroBatcher(analyze, wait=0.02)
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda i: batcher.submit([i, i + 100]), range(16)))
    assert results == [[f"r:{i}", f"r:{i + 100}"] for i in range(16)]
    assert max(overlap) == 1  # never two analyses at once
    assert len(calls) < 16 and sum(calls) == 32  # requests were batched together


def test_errors_reach_every_waiting_request() -> None:
    def broken(items):
        raise RuntimeError("model exploded")

    batcher = MicroBatcher(broken)
    with pytest.raises(RuntimeError, match="exploded"):
        batcher.submit(["x"])
    assert threading.active_count() >= 1
