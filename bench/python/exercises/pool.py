"""Notebook 003 (`examples/pool.ts`): count, in every row of a 200000 x 5 matrix of random digits,
how many lie in [4, 8]; serially, then with the Pool's synchronous and asynchronous methods.

Data: `np.random.RandomState(seed).randint(0, 10, size=[rows, 5]).tolist()`, seed 100 by default.
The notebook called `np.random.RandomState(100)` and threw the generator away, so its data was
unseeded; here the seeded generator is used, as in the Deno example.

Rows: 100000 for a full run, NOT the notebook's and Deno example's 200000: Python's Pool costs
about 40 us per task, so `apply` and `applyAsync` (one task per row) take 7-9 s each at 200000
rows and a run 15-18 s; at 100000 it stays under ~10 s. `--rows 200000` gives the notebook's
size. `--quick`: 20000, as `tools/exercises.ts` passes `--rows 20000`.

The Pool has `--workers` processes and is started and warmed (a `map` of 4 rows per worker,
chunksize 1) before anything is timed, as the Deno example does. Figures, seconds per pass over
all rows:
- `serial`: `howmany_within_range(row, 4, 8)` for every row in the main process;
- `apply`: `howmany_within_range` per row. Python's `pool.apply` blocks, so the notebook ran the
  rows one at a time (53.7 s; here about 0.2 ms a row, 40 s). The Deno example fixes that by
  starting every apply before awaiting any; Python's way to do the same is `apply_async` per row,
  then `.get()` each in order, which is what is timed;
- `map`: `pool.map(howmany_within_range_rowonly, data)`;
- `starmap`: `pool.starmap(howmany_within_range, [(row, 4, 8) ...])`;
- `applyAsync`: the notebook's `apply_async(howmany_within_range2, (i, row, 4, 8),
  callback=collect_result)` per row, `close()` and `join()` replaced by waiting on every result
  (the Pool is reused), then sorting by i;
- `starmapAsync`: `pool.starmap_async(howmany_within_range2, [(i, row, 4, 8) ...]).get()`.
Every method's counts must equal the serial ones, and those numpy's vectorized count.
"""

import sys
import time

sys.dont_write_bytecode = True
import numpy as np  # noqa: E402

import _common  # noqa: E402

ROWS = 100_000
QUICK_ROWS = 20_000


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
    """`howmany_within_range` tagged with the row's index, for unordered collection."""
    return (i, howmany_within_range(row, minimum, maximum))


def main():
    args = _common.parse_args(__doc__.splitlines()[0], default_seed=100, rows=True)
    rows = args.rows or (QUICK_ROWS if args.quick else ROWS)
    arr = np.random.RandomState(args.seed).randint(0, 10, size=[rows, 5])
    data = arr.tolist()
    expected = (((arr >= 4) & (arr <= 8)).sum(axis=1)).tolist()

    def serial():
        return [howmany_within_range(row, minimum=4, maximum=8) for row in data]

    def apply():
        pending = [pool.apply_async(howmany_within_range, args=(row, 4, 8)) for row in data]
        return [r.get() for r in pending]

    def apply_async():
        results = []
        pending = [
            pool.apply_async(howmany_within_range2, args=(i, row, 4, 8), callback=results.append)
            for i, row in enumerate(data)
        ]
        # The result thread runs a result's callback before marking it ready, so once every
        # result is ready every callback has run (the notebook's close() + join(), minus the
        # shutdown, as the Pool is reused).
        for r in pending:
            r.get()
        results.sort(key=lambda x: x[0])
        return [r for i, r in results]

    def starmap_async():
        tuples = [(i, row, 4, 8) for i, row in enumerate(data)]
        return [c for i, c in pool.starmap_async(howmany_within_range2, tuples).get()]

    ctx = _common.context()
    timings = {}
    with ctx.Pool(args.workers) as pool:
        pool.map(howmany_within_range_rowonly, data[: 4 * args.workers], chunksize=1)
        methods = [
            ("serial", serial),
            ("apply", apply),
            ("map", lambda: pool.map(howmany_within_range_rowonly, data)),
            ("starmap", lambda: pool.starmap(howmany_within_range, [(r, 4, 8) for r in data])),
            ("applyAsync", apply_async),
            ("starmapAsync", starmap_async),
        ]
        for name, run in methods:
            start = time.perf_counter()
            results = run()
            timings[name] = time.perf_counter() - start
            if results != expected:
                bad = next(
                    (i for i, (a, b) in enumerate(zip(results, expected)) if a != b),
                    min(len(results), len(expected)),
                )
                _common.fail(
                    f"{name}: {len(results)} results, first difference at row {bad} "
                    f"(numpy counts {len(expected)} rows)"
                )
    _common.emit(timings, ctx.get_start_method())


if __name__ == "__main__":
    main()
