"""Gather concurrent requests into one batch: one analysis at a time, but at batch speed under load."""
from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass, field

MAX_BATCH = 32
WAIT_SECONDS = 0.004  # how long the first request of a batch waits for company


@dataclass
class _Job:
    items: list
    done: threading.Event = field(default_factory=threading.Event)
    results: list | None = None
    error: BaseException | None = None


class MicroBatcher:
    """A single worker thread runs `analyze_batch` over whatever requests arrived together."""

    def __init__(self, analyze_batch, *, max_batch: int = MAX_BATCH, wait: float = WAIT_SECONDS):
        self._analyze_batch, self._max_batch, self._wait = analyze_batch, max_batch, wait
        self._jobs: queue.Queue[_Job] = queue.Queue()
        threading.Thread(target=self._run, name="tone-batcher", daemon=True).start()

    def submit(self, items: list) -> list:
        job = _Job(items)
        self._jobs.put(job)
        job.done.wait()
        if job.error is not None:
            raise job.error
        return job.results

    def _gather(self) -> list[_Job]:
        jobs = [self._jobs.get()]
        count, deadline = len(jobs[0].items), time.monotonic() + self._wait
        while count < self._max_batch:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            try:
                job = self._jobs.get(timeout=remaining)
            except queue.Empty:
                break
            jobs.append(job)
            count += len(job.items)
        return jobs

    def _run(self) -> None:
        while True:
            jobs = self._gather()
            try:
                results = self._analyze_batch([item for job in jobs for item in job.items])
                offset = 0
                for job in jobs:
                    job.results = results[offset:offset + len(job.items)]
                    offset += len(job.items)
            except BaseException as error:  # noqa: BLE001 - handed to every waiting request, never lost
                for job in jobs:
                    job.error = error
            for job in jobs:
                job.done.set()
