"""Notebook 003 (`examples/pool.ts`): in-range counts per row, serially and by every Pool method.

Rows: 100000 (the notebook's 200000 would take 15-18 s at Python's ~40 µs per Pool task) or 20000
with --quick, of seeded digits (the notebook's RandomState(100) was made and thrown away).
"""

import numpy as np

import _common


def howmany_within_range(row, minimum, maximum):
    """Returns how many numbers lie within `maximum` and `minimum` in a given `row`"""
    count = 0
    for n in row:
        if minimum <= n <= maximum:
            count = count + 1
    return count


def howmany_within_range_rowonly(row, minimum=4, maximum=8):
    return howmany_within_range(row, minimum, maximum)


def howmany_within_range2(i, row, minimum, maximum):
    return (i, howmany_within_range(row, minimum, maximum))


def apply(pool, data):
    """`pool.apply` blocks (the notebook's 53.7 s): every apply_async first, as the Deno example."""
    pending = [pool.apply_async(howmany_within_range, args=(row, 4, 8)) for row in data]
    return [r.get() for r in pending]


def apply_async(pool, data):
    """The notebook's callback version; waiting on every result stands for close() + join()."""
    results = []
    pending = [
        pool.apply_async(howmany_within_range2, args=(i, row, 4, 8), callback=results.append)
        for i, row in enumerate(data)
    ]
    for r in pending:
        r.get()  # the result thread runs a result's callback before marking it ready
    results.sort(key=lambda x: x[0])
    return [r for i, r in results]


def starmap_async(pool, data):
    tuples = [(i, row, 4, 8) for i, row in enumerate(data)]
    return [c for i, c in pool.starmap_async(howmany_within_range2, tuples).get()]


if __name__ == "__main__":
    args = _common.parse_args(default_seed=100)
    rows = 20_000 if args.quick else 100_000
    arr = np.random.RandomState(args.seed).randint(0, 10, size=[rows, 5])
    data = arr.tolist()
    expected = ((arr >= 4) & (arr <= 8)).sum(axis=1).tolist()

    def check(name, results):
        if results != expected:
            _common.fail(f"{name}: the counts differ from numpy's")

    ctx = _common.context()
    with ctx.Pool(args.workers) as pool:
        pool.map(howmany_within_range_rowonly, data[: 4 * args.workers], chunksize=1)
        methods = {
            "serial": lambda: [howmany_within_range(row, minimum=4, maximum=8) for row in data],
            "apply": lambda: apply(pool, data),
            "map": lambda: pool.map(howmany_within_range_rowonly, data),
            "starmap": lambda: pool.starmap(howmany_within_range, [(r, 4, 8) for r in data]),
            "applyAsync": lambda: apply_async(pool, data),
            "starmapAsync": lambda: starmap_async(pool, data),
        }
        timings = _common.timed(methods, check)
    _common.emit(timings, ctx.get_start_method())
