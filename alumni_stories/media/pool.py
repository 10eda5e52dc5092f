"""Image work on every core: encoding portraits and drawing share images in a pool of processes.

A cold build at 2,000 alumni encodes about 5,000 portrait files and draws 4,000 share images, each on one
core while the other waited. Pillow releases the GIL for part of its work only, so processes, not threads.
The pool starts only when there is enough to do to pay for its start-up (about half a second per worker:
each imports Pillow and this package), so a warm build or a one-story edit never starts it.

`ALUMNI_STORIES_WORKERS` sets the number of processes (1: no pool; default: the cores this process may use).
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable

WORKERS_VARIABLE = "ALUMNI_STORIES_WORKERS"
MIN_JOBS = 12  # fewer images than this are done in this process: a pool would cost more than it saves


def workers() -> int:
    configured = os.environ.get(WORKERS_VARIABLE, "").strip()
    if configured.isdigit() and int(configured) >= 1:
        return int(configured)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def run_all(function: Callable, jobs: Iterable) -> list:
    """[function(job) for job in jobs], in order, on every core when the jobs are many.

    `function` must be a module-level function and each job picklable. Processes are started with "spawn":
    the live preview runs watcher threads, and forking a process that has threads can deadlock.
    """
    jobs = list(jobs)
    count = min(workers(), len(jobs))
    if count < 2 or len(jobs) < MIN_JOBS:
        return [function(job) for job in jobs]
    with ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("spawn")) as pool:
        return list(pool.map(function, jobs, chunksize=max(1, len(jobs) // (count * 8))))
