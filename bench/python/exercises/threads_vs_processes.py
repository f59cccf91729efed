"""Notebook 000 q1 (`examples/threads_vs_processes.ts`): pure-Python integrals serially, on
threads (under the GIL) and in processes; 8 tasks of 1e6 midpoints (--quick 1e5), 5 s on 2 cores."""

import math
from concurrent.futures import ThreadPoolExecutor

import _common


def midpoint_gaussian(task):
    """The midpoint rule for exp(-(x*p)^2) on [-6/p, 6/p] (the rest is below 1e-16 of it)."""
    p, points = task
    half = 6.0 / p
    h = 2 * half / points
    total = 0.0
    for k in range(points):
        x = -half + (k + 0.5) * h
        total += math.exp(-((x * p) ** 2))
    return total * h


if __name__ == "__main__":
    args = _common.parse_args()
    ps = _common.parameters(8, args.seed)
    tasks = [(p, 100_000 if args.quick else 1_000_000) for p in ps]
    ctx = _common.context()
    results = {}

    def check(name, values):
        results[name] = values
        _common.check_integrals(values, ps, name, rtol=1e-9)

    with ctx.Pool(args.workers) as pool, ThreadPoolExecutor(max_workers=args.workers) as threads:
        pool.map(abs, range(4 * args.workers), chunksize=1)  # every worker up before timing
        methods = {
            "serial": lambda: [midpoint_gaussian(task) for task in tasks],
            "threads": lambda: list(threads.map(midpoint_gaussian, tasks)),
            "processes": lambda: pool.map(midpoint_gaussian, tasks, chunksize=1),
        }
        timings = _common.timed(methods, check)
    if not results["threads"] == results["processes"] == results["serial"]:
        _common.fail("threads, processes and serial disagree")
    _common.emit(timings, ctx.get_start_method())
