"""Notebook 000 q2 (`examples/process.ts`): two Processes whose target sleeps 100 ms."""

import time

import _common

#: As `SLEEP_MS` in examples/process.ts (the notebook's target printed, and did not sleep).
SLEEP_SECONDS = 0.1


def sleep():
    time.sleep(SLEEP_SECONDS)


if __name__ == "__main__":
    _common.parse_args()
    ctx = _common.context()
    start = time.perf_counter()
    processes = [ctx.Process(target=sleep), ctx.Process(target=sleep)]
    for process in processes:
        process.start()
    started = time.perf_counter() - start
    for process in processes:
        process.join()
    total = time.perf_counter() - start
    if any(process.exitcode != 0 for process in processes):
        _common.fail(f"a process failed: exit codes {[p.exitcode for p in processes]}")
    if not started < SLEEP_SECONDS <= total:
        _common.fail(f"start() took {started:.4f} s and the run {total:.4f} s: start() waited")
    _common.emit({"start": started, "total": total}, ctx.get_start_method())
