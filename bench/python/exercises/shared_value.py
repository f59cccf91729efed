"""Notebook 000 q5 (`examples/shared_value.ts`): Value('i') under its lock, 1 + 2 = 3; then two
Pool(2) workers add 1 N times each, with and without get_lock() (without, updates are lost)."""

from functools import partial

import _common

COUNTERS = {}


def modify_shared_data(shared_value, increment):
    """The notebook's target: adds `increment` under the value's lock."""
    with shared_value.get_lock():
        shared_value.value += increment


def keep_counters(counters):
    """Pool initializer: a synchronized Value cannot be pickled into a task, but is inherited."""
    COUNTERS.update(counters)


def count_up(name, times, use_lock):
    counter = COUNTERS[name]
    lock = counter.get_lock()
    for _ in range(times):
        if use_lock:
            lock.acquire()
        counter.value = counter.value + 1
        if use_lock:
            lock.release()


def count_on_both(pool, name, times, use_lock):
    for result in [pool.apply_async(count_up, (name, times, use_lock)) for _ in range(2)]:
        result.get()


if __name__ == "__main__":
    args = _common.parse_args()  # always 2 processes, as the notebook: --workers changes nothing
    times = 100_000 if args.quick else 1_000_000
    ctx = _common.context()
    shared_value = ctx.Value("i", 0)
    _common.run_processes(ctx, modify_shared_data, [(shared_value, 1), (shared_value, 2)], 2)
    if shared_value.value != 3:
        _common.fail(f"Final Shared Value: expected 3, got {shared_value.value}")
    counters = {"locked": ctx.Value("i", 0), "unlocked": ctx.Value("i", 0)}

    def check(name, _):
        # Without the lock updates are lost: `.value` locks the read and the write, not both.
        total = counters[name].value
        least = 2 * times if name == "locked" else 1
        if not least <= total <= 2 * times:
            _common.fail(f"{name}: 2 x {times} increments gave {total}")

    with ctx.Pool(2, initializer=keep_counters, initargs=(counters,)) as pool:
        pool.map(abs, range(8), chunksize=1)  # both workers up before timing
        methods = {
            name: partial(count_on_both, pool, name, times, name == "locked") for name in counters
        }
        timings = _common.timed(methods, check)
    _common.emit(timings, ctx.get_start_method())
