"""Notebook 000, question 2 (`examples/process.ts`): two Processes whose target sleeps.

The notebook's `sleep` printed "Starting to sleep" and "Done sleeping" without sleeping; as the
Deno example does, the target here sleeps 100 ms (SLEEP_SECONDS) and prints nothing (stdout is
the JSON line). Figures: `start`, the time of both `start()` calls (start() does not wait for
the target); `total`, from before the first start() to after both join()s. The check: both exit
with code 0, and `start` is well under the sleep. `--workers`, `--seed`, `--quick` change
nothing: the run is already short.
"""

import sys
import time

sys.dont_write_bytecode = True
import _common  # noqa: E402

#: How long each child sleeps, as `SLEEP_MS` in examples/process.ts.
SLEEP_SECONDS = 0.1


def sleep():
    """The notebook's `sleep` target, sleeping as its name says."""
    time.sleep(SLEEP_SECONDS)


def main():
    _common.parse_args(__doc__.splitlines()[0])
    ctx = _common.context()
    start = time.perf_counter()
    p1 = ctx.Process(target=sleep)
    p2 = ctx.Process(target=sleep)
    p1.start()
    p2.start()
    started = time.perf_counter() - start
    p1.join()
    p2.join()
    total = time.perf_counter() - start
    if p1.exitcode != 0 or p2.exitcode != 0:
        _common.fail(f"a process failed: exit codes {p1.exitcode} and {p2.exitcode}")
    if not started < SLEEP_SECONDS <= total:
        _common.fail(f"start() took {started:.4f} s and the run {total:.4f} s: start() waited")
    _common.emit({"start": started, "total": total}, ctx.get_start_method())


if __name__ == "__main__":
    main()
