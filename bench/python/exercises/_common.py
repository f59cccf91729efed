"""Shared code of the Python counterparts of the example benchmarks (`examples/_exercise.ts`).

Every script here takes `--workers N --seed S [--quick]`, runs its exercise once, checks the
answer (a wrong one exits non-zero with a message on stderr) and prints exactly one JSON line on
stdout: `{"python": "<version>", "start_method": "fork", "timings": {"<figure>": seconds}}`
(`start_method` only where multiprocessing is used). Times are `time.perf_counter()` seconds.

The integrand is notebook 000's `gaussian`, as `examples/_integrand.ts` has it: `exp(-(x*p)^2)`,
each call first sleeping `RandomState(seed + i).uniform(0, 0.01)` seconds (times the sleep
scale) for integral i, drawn in call order, so a serial and a parallel run sleep exactly the same;
the parameters p are `RandomState(seed).randint(1, 100, 5)`. The busy variant spins on
`perf_counter()` for the same durations instead of sleeping, so it needs a core (and the GIL).
"""

import argparse
import json
import math
import multiprocessing as mp
import platform
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the repository, even without `python3 -B`

import numpy as np  # noqa: E402

#: Sleep scale of `--quick` runs, as `tools/exercises.ts` passes `--sleep-scale 0.02`.
QUICK_SLEEP_SCALE = 0.02
#: Sleep scale of full runs. The notebook's own (1) makes its five integrals sleep 8.2 s in all
#: (seed 0: 5 x 330 calls), so serial + parallel + both busy variants would take 20-26 s; 0.1
#: keeps a full run of the three integral exercises to a few seconds each (a full `deno task
#: bench` to about ten minutes). `--sleep-scale` overrides both.
FULL_SLEEP_SCALE = 0.1


def context():
    """The multiprocessing context: `fork` on Linux (its traditional default), else the default."""
    if sys.platform.startswith("linux"):
        return mp.get_context("fork")
    return mp.get_context()


def parse_args(description, default_seed=0, sleep_scale=False, rows=False):
    """`--workers N --seed S [--quick]` (and `--sleep-scale X` for the integral exercises)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--workers", type=int, default=2, help="processes/workers (default 2)")
    parser.add_argument(
        "--seed", type=int, default=default_seed, help=f"seed (default {default_seed})"
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI")
    if sleep_scale:
        parser.add_argument(
            "--sleep-scale",
            type=float,
            default=None,
            help=f"scale of the sleeps (default {FULL_SLEEP_SCALE}, "
            f"--quick {QUICK_SLEEP_SCALE})",
        )
    if rows:
        parser.add_argument("--rows", type=int, default=None, help="rows (overrides --quick)")
    args = parser.parse_args()
    if rows and args.rows is not None and args.rows < 1:
        parser.error(f"--rows expects a positive integer, received {args.rows}")
    if args.workers < 1:
        parser.error(f"--workers expects a positive integer, received {args.workers}")
    if not 0 <= args.seed < 2**32:
        parser.error(f"--seed expects an integer in [0, 2**32), received {args.seed}")
    if sleep_scale:
        if args.sleep_scale is None:
            args.sleep_scale = QUICK_SLEEP_SCALE if args.quick else FULL_SLEEP_SCALE
        if not args.sleep_scale >= 0:
            parser.error(f"--sleep-scale expects a number >= 0, received {args.sleep_scale}")
    return args


def fail(message):
    """Exits with status 1 and `message` on stderr: a wrong answer is never timed."""
    raise SystemExit(f"{sys.argv[0]}: wrong answer: {message}")


def emit(timings, start_method=None):
    """Prints the one JSON line of a run on stdout."""
    out = {"python": platform.python_version()}
    if start_method is not None:
        out["start_method"] = start_method
    out["timings"] = {name: float(seconds) for name, seconds in timings.items()}
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()


def per_call(fn, calls):
    """Mean seconds per call of `fn` over `calls` calls, after one call to warm it up."""
    fn()
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls


# --- notebook 000's integrand ------------------------------------------------------------------


def spin(seconds):
    """Busy-waits `seconds`: the same duration as a sleep, but holding a core (and the GIL)."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def sleepy_gaussian(p, seed, sleep_scale, busy=False):
    """The notebook's `gaussian` for parameter p: waits `uniform(0, 0.01) * sleep_scale` seconds
    drawn from `RandomState(seed)` in call order (`examples/_integrand.ts`), then
    `exp(-(x*p)^2)`."""
    rng = np.random.RandomState(seed)
    wait = spin if busy else time.sleep

    def gaussian(x):
        seconds = rng.uniform(0, 0.01) * sleep_scale
        if seconds > 0:
            wait(seconds)
        return np.exp(-((x * p) ** 2))

    return gaussian


def integrate(p, seed, sleep_scale, busy=False):
    """`scipy.integrate.quad` of the sleepy gaussian over (-inf, inf); exact: sqrt(pi)/p."""
    # Imported here so the scripts without integrals start faster; the integral scripts import
    # it before forking, or every child would import it again.
    import scipy.integrate

    result = scipy.integrate.quad(
        sleepy_gaussian(p, seed, sleep_scale, busy), -np.inf, np.inf, full_output=1
    )
    if len(result) > 3:  # quad appends a message when ier != 0
        # An exception, not SystemExit: a Pool passes it on to the parent, a Process exits 1.
        raise ArithmeticError(f"quad did not converge for p = {p}: {result[3]}")
    return float(result[0])


def parameters(count, seed):
    """The notebook's `np.random.randint(1, 100)`, one per integral, seeded."""
    return [int(p) for p in np.random.RandomState(seed).randint(1, 100, count)]


def exact(p):
    """The exact integral of exp(-(x*p)^2) over the real line."""
    return math.sqrt(math.pi) / p


def check_integrals(values, ps, label, rtol=1e-12):
    """Every `values[i]` within `rtol` of sqrt(pi)/ps[i], as `examples/pipe.ts` checks."""
    for i, (value, p) in enumerate(zip(values, ps)):
        if value is None or not abs(value - exact(p)) <= rtol * exact(p):
            fail(f"{label}: integral {i} (p = {p}) is {value}, expected {exact(p)}")


def run_processes(ctx, target, arg_tuples, workers):
    """One Process per argument tuple, at most `workers` alive at once (the next starts when one
    ends); all of them at once when `workers >= len(arg_tuples)`, as the notebook's five. Fails
    unless every one exits with code 0."""
    from multiprocessing.connection import wait

    waiting = [ctx.Process(target=target, args=args) for args in arg_tuples]
    running, done = [], []
    while waiting or running:
        while waiting and len(running) < workers:
            process = waiting.pop(0)
            process.start()
            running.append(process)
        ready = wait([process.sentinel for process in running])
        for process in [p for p in running if p.sentinel in ready]:
            process.join()
            running.remove(process)
            done.append(process)
    codes = [process.exitcode for process in done]
    if any(code != 0 for code in codes):
        fail(f"a process failed: exit codes {codes}")


#: Figures of the integral exercises: (name, parallel?, busy?).
INTEGRAL_FIGURES = (
    ("serial", False, False),
    ("parallel", True, False),
    ("serialBusy", False, True),
    ("parallelBusy", True, True),
)
