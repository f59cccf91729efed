"""Notebook 000, question 1: multithreading versus multiprocessing, measured.

The notebook answered in prose (threads take turns under the GIL, processes run in parallel) and
submitted one `quad` to a `ProcessPoolExecutor`. Here the same CPU-bound work runs three ways:
8 tasks, task k integrating `exp(-(x*p_k)**2)` over [-6/p_k, 6/p_k] by the midpoint rule in a
pure-Python loop of 1,000,000 points (`--quick`: 100,000), p = `RandomState(seed).randint(1, 100,
8)`. Pure Python holds the GIL throughout, so threads cannot overlap it. There is no Deno
example for this question (its answer is the module doc of `examples/process.ts`); the sizes are
chosen here: a full run takes about 5 s on 2 cores, a quick one about 0.5 s.

Figures (seconds per run, all 8 tasks):
- `serial`: the tasks one after another in the main process;
- `threads`: `ThreadPoolExecutor(max_workers=--workers).map` (about `serial`, or worse);
- `processes`: `multiprocessing` `Pool(--workers).map(..., chunksize=1)`, started and warmed
  before timing (about `serial` / min(workers, cores)).
Every result must be within 1e-9 (relative) of sqrt(pi)/p in each of the three, and the three
must agree bit for bit.
"""

import concurrent.futures
import math
import sys
import time

sys.dont_write_bytecode = True
import _common  # noqa: E402

TASKS = 8
POINTS = 1_000_000
QUICK_POINTS = 100_000


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


def main():
    args = _common.parse_args(__doc__.splitlines()[0])
    points = QUICK_POINTS if args.quick else POINTS
    ps = _common.parameters(TASKS, args.seed)
    tasks = [(p, points) for p in ps]
    ctx = _common.context()
    timings, results = {}, {}
    with ctx.Pool(args.workers) as pool, concurrent.futures.ThreadPoolExecutor(
        max_workers=args.workers
    ) as threads:
        pool.map(abs, range(4 * args.workers), chunksize=1)  # every worker up before timing
        methods = [
            ("serial", lambda: [midpoint_gaussian(task) for task in tasks]),
            ("threads", lambda: list(threads.map(midpoint_gaussian, tasks))),
            ("processes", lambda: pool.map(midpoint_gaussian, tasks, chunksize=1)),
        ]
        for name, run in methods:
            start = time.perf_counter()
            results[name] = run()
            timings[name] = time.perf_counter() - start
            _common.check_integrals(results[name], ps, name, rtol=1e-9)
    if not results["threads"] == results["processes"] == results["serial"]:
        _common.fail("threads, processes and serial disagree")
    _common.emit(timings, ctx.get_start_method())


if __name__ == "__main__":
    main()
