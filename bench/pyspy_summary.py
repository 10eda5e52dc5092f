"""Where a process spent its samples: a py-spy raw (collapsed) profile summed by function, inclusive.

    py-spy record -p PID -r 200 -f raw -o profile.txt -d 20 --nonblocking   # while saves are made
    python -m bench.pyspy_summary profile.txt --per 5 --top 40 [--match reconfigure_files --match build]
    python -m bench.pyspy_summary profile.txt --per 5 --children "build (mkdocs/commands/build.py)"

Each line of py-spy's raw output is one call stack (frames separated by ';', outermost first) and a count of
samples. A function's inclusive share is the samples whose stack contains it (once per stack, however deep the
recursion); samples whose innermost frame is a wait (`IDLE`: the server's threads blocked) are left out unless
--all. py-spy samples running threads by the clock: on a loaded machine a second here is more than a CPU second.
"""
from __future__ import annotations

import argparse
import collections
import re
import sys

_FRAME = re.compile(r"^(?P<function>.*?) \((?P<file>[^()]*?)(?::\d+)?\)$")
IDLE = ("wait (threading.py", "select (selectors.py", "_recv_into", "sleep", "accept (socket.py", "poll (",
        "_wait_for_tstate_lock", "serve_forever", "readinto (socket.py", "get_request")


def parse(path: str):
    with open(path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if stack and count.isdigit():
                yield stack.split(";"), int(count)


def short(frame: str) -> str:
    match = _FRAME.match(frame)
    if not match:
        return frame
    file = match["file"]
    for marker in ("site-packages/", "/lib/python3.11/"):
        if marker in file:
            file = file.split(marker, 1)[1]
            break
    else:
        file = re.sub(r"^.*/(alumni_stories|hooks|bench)/", r"\1/", file)
    return f"{match['function']} ({file})"


def busy(stack: list[str]) -> bool:
    return not any(marker in stack[-1] for marker in IDLE)


def summarise(path: str, active: bool = True):
    inclusive, total = collections.Counter(), 0
    for stack, count in parse(path):
        if active and not busy(stack):
            continue
        total += count
        for name in {short(frame) for frame in stack}:
            inclusive[name] += count
    return total, inclusive


def children(args) -> int:
    calls, total = collections.Counter(), 0
    for stack, count in parse(args.profile):
        names = [short(frame) for frame in stack]
        at = next((i for i, name in enumerate(names) if args.children in name), None)
        if at is None or (not args.all and not busy(stack)):
            continue
        total += count
        calls[names[at + 1] if at + 1 < len(names) else "(itself)"] += count
    print(f"{total / args.rate / args.per:.3f} s per save in functions named like {args.children!r}, calling:")
    for name, n in calls.most_common(args.top):
        print(f"{n / args.rate / args.per:7.3f} s  {name}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("profile")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--rate", type=float, default=200, help="py-spy's --rate (samples per second)")
    parser.add_argument("--per", type=float, default=1, help="divide seconds by this (the number of saves)")
    parser.add_argument("--match", action="append", default=[], help="only functions whose name contains this")
    parser.add_argument("--all", action="store_true", help="count idle samples too")
    parser.add_argument("--children", help="instead: what the functions whose name contains this call directly")
    args = parser.parse_args(argv)
    if args.children:
        return children(args)
    total, inclusive = summarise(args.profile, active=not args.all)
    print(f"{total} busy samples = {total / args.rate / args.per:.2f} s per save (at {args.rate:g} Hz, /{args.per:g})")
    rows = [(name, n) for name, n in inclusive.most_common() if not args.match or any(m in name for m in args.match)]
    for name, n in rows[:args.top]:
        print(f"{n / args.rate / args.per:7.3f} s {100 * n / max(total, 1):5.1f}%  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
