"""Run a command while sampling its process tree: the one loop bench/run.py and bench/search_memory.py share.

psutil lists the process and its descendants every 50 ms and hands them to the caller's `sample`, which records
what it needs (the tree's resident memory, a Pagefind run's peak...); wait4 gives the CPU time of the process and
of every child it waited for. A child that ends between the listing and the reading is the caller's to skip.
"""
from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path


def run_sampled(command: list, cwd: Path, env: dict, log_file: Path, sample, every: float = 0.05) -> dict:
    """Run `command` (output to `log_file`), calling `sample(root, children, seconds)` every `every` seconds
    until it ends: `root` is its psutil.Process, `children` its descendants then, `seconds` since the start.
    Returns its exit code, wall seconds, wait4's resource usage and the log's text."""
    import psutil

    done = threading.Event()
    with open(log_file, "wb") as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT, env=env)

        def loop():
            try:
                root = psutil.Process(process.pid)
            except psutil.Error:
                return
            while not done.is_set():
                try:
                    children = root.children(recursive=True)
                except psutil.Error:
                    break
                sample(root, children, time.perf_counter() - start)
                done.wait(every)

        sampler = threading.Thread(target=loop, daemon=True)
        sampler.start()
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
    return {"code": os.waitstatus_to_exitcode(status), "seconds": seconds, "usage": usage,
            "text": log_file.read_text(encoding="utf-8", errors="replace")}
