"""Baseline of `deno task bench:pool`'s start-up: Pool(2) with the fork start method, from just
before it is made to its first apply's result, in this fresh process; then a second pool.
"""

import multiprocessing as mp
import time

from _suite import emit

SETTLE_S = 0.05


def inc(x):
    """The tiny task, as bench/suites/pool/work.ts has it."""
    return x + 1


def first_result(context):
    """Milliseconds from making the pool to its first result; the pool is stopped untimed."""
    begin = time.perf_counter()
    pool = context.Pool(2)
    try:
        result = pool.apply(inc, (1,))
        ms = (time.perf_counter() - begin) * 1000
    finally:
        pool.terminate()
        pool.join()
    if result != 2:
        raise SystemExit(f"start-up check failed: inc(1) returned {result}")
    return ms


if __name__ == "__main__":
    fork = mp.get_context("fork")
    first = first_result(fork)
    time.sleep(SETTLE_S)
    emit(first=first, second=first_result(fork))
