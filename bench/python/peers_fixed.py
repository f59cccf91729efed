"""Python's side of `deno task bench:peers`' fixed costs, with the "fork" start method, in a fresh
process: `--what startup` (ms from just before `Pool(2)` to its first result, the first pool of
the process), `process` (the median ms of `--times` Process start -> join of a trivial target,
`--gap` ms apart) or `apply` (the median us of `--trips` awaited `pool.apply` after `--warm`)."""

import json
import multiprocessing as mp
import platform
import statistics
import time

from _suite import parse_flags


def inc(x):
    return x + 1


def nothing():
    pass


def startup(ctx):
    begin = time.perf_counter()
    with ctx.Pool(2) as pool:
        if pool.apply(inc, (1,)) != 2:
            raise SystemExit("the pool's first result is not 2")
        return {"startup_ms": (time.perf_counter() - begin) * 1e3}


def process(ctx, times, gap):
    spans = []
    for _ in range(times):
        time.sleep(gap / 1e3)
        begin = time.perf_counter()
        child = ctx.Process(target=nothing)
        child.start()
        child.join()
        spans.append((time.perf_counter() - begin) * 1e3)
        if child.exitcode != 0:
            raise SystemExit(f"the trivial Process exited with code {child.exitcode}")
    return {"start_join_ms": statistics.median(spans)}


def apply(ctx, trips, warm):
    with ctx.Pool(2) as pool:
        for i in range(warm):
            pool.apply(inc, (i,))
        spans = []
        for i in range(trips):
            begin = time.perf_counter()
            value = pool.apply(inc, (i,))
            spans.append((time.perf_counter() - begin) * 1e6)
            if value != i + 1:
                raise SystemExit(f"pool.apply(inc, ({i},)) returned {value}")
        return {"trip_us": statistics.median(spans)}


if __name__ == "__main__":
    args = parse_flags(what=("startup", "process", "apply"), times=20, gap=10, trips=1000,
                       warm=200)
    ctx = mp.get_context("fork")
    if args.what == "startup":
        values = startup(ctx)
    elif args.what == "process":
        values = process(ctx, args.times, args.gap)
    else:
        values = apply(ctx, args.trips, args.warm)
    print(json.dumps({"runtime": f"python {platform.python_version()}", "values": values}))
