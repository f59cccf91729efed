"""Notebook 000, question 5 (`examples/shared_value.ts`): a shared value and its lock.

First the notebook's code: two Processes add 1 and 2 to one `Value('i', 0)`, each holding the
value's lock while it reads, adds and writes back; the final value must be 3 (not timed). Then
why the lock matters: two processes add 1 to a fresh `Value('i', 0)` 1,000,000 times each
(`--quick`: 100,000, as `tools/exercises.ts` passes `--times 100000`), with and without
`get_lock()` held around `counter.value = counter.value + 1`, as the Deno example does.

The two processes are a `Pool(2)` started before anything is timed (the Deno example's
`Pool({ processes: 2 })`); the counters reach the workers by inheritance through the Pool's
initializer, since a synchronized Value cannot be pickled into a task. Figures: `locked` and
`unlocked`, the seconds from sending the two tasks to both answers. The locked total must be
exactly 2 x times; the unlocked one only 0 < total <= 2 x times (updates are lost: `.value`
takes the lock for the read and for the write, but not across them). Always two processes, as
in the notebook and the Deno example: `--workers` is ignored; `--seed` too (nothing is random).
"""

import sys
import time

sys.dont_write_bytecode = True
import _common  # noqa: E402

TIMES = 1_000_000
QUICK_TIMES = 100_000

COUNTERS = {}


def modify_shared_data(shared_value, increment):
    """The notebook's target: adds `increment` under the value's lock."""
    with shared_value.get_lock():
        shared_value.value += increment


def keep_counters(counters):
    """Pool initializer: the inherited counters, by name."""
    COUNTERS.update(counters)


def count_up(name, times, use_lock):
    """Adds 1 to the counter `name` `times` times, with or without its lock."""
    counter = COUNTERS[name]
    lock = counter.get_lock()
    for _ in range(times):
        if use_lock:
            lock.acquire()
        counter.value = counter.value + 1
        if use_lock:
            lock.release()


def main():
    args = _common.parse_args(__doc__.splitlines()[0])
    times = QUICK_TIMES if args.quick else TIMES
    ctx = _common.context()

    shared_value = ctx.Value("i", 0)
    processes = [
        ctx.Process(target=modify_shared_data, args=(shared_value, increment))
        for increment in (1, 2)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    if any(process.exitcode != 0 for process in processes):
        _common.fail(f"exit codes {[process.exitcode for process in processes]}")
    if shared_value.value != 3:
        _common.fail(f"Final Shared Value: expected 3, got {shared_value.value}")

    counters = {"locked": ctx.Value("i", 0), "unlocked": ctx.Value("i", 0)}
    timings = {}
    with ctx.Pool(2, initializer=keep_counters, initargs=(counters,)) as pool:
        pool.map(abs, range(8), chunksize=1)  # both workers up before timing
        for name, use_lock in (("locked", True), ("unlocked", False)):
            start = time.perf_counter()
            pending = [pool.apply_async(count_up, (name, times, use_lock)) for _ in range(2)]
            for result in pending:
                result.get()
            timings[name] = time.perf_counter() - start
    locked, unlocked = counters["locked"].value, counters["unlocked"].value
    if locked != 2 * times:
        _common.fail(f"with the lock: 2 x {times} increments gave {locked}")
    if not 0 < unlocked <= 2 * times:
        _common.fail(f"without the lock: 2 x {times} increments gave {unlocked}")
    _common.emit(timings, ctx.get_start_method())


if __name__ == "__main__":
    main()
