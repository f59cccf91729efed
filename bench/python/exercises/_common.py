"""What the exercises' Python counterparts share: `--workers N --seed S [--quick]`, the checks (a
wrong answer exits 1, untimed), the one JSON line, and notebook 000's sleepy integrand."""

import argparse
import json
import math
import multiprocessing as mp
import platform
import sys
import time
from multiprocessing.connection import wait

import numpy as np

#: The integral exercises' figures: (name, parallel?, busy?); busy spins instead of sleeping.
INTEGRAL_FIGURES = (("serial", False, False), ("parallel", True, False),
                    ("serialBusy", False, True), ("parallelBusy", True, True))


def parse_args(default_seed=0):
    parser = argparse.ArgumentParser(description=sys.modules["__main__"].__doc__)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=default_seed)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if args.workers < 1:
        parser.error(f"--workers expects a positive integer, received {args.workers}")
    if not 0 <= args.seed < 2**32:
        parser.error(f"--seed expects an integer in [0, 2**32), received {args.seed}")
    # The notebook's sleeps (scale 1) would make a run 20-26 s; --quick as tools/exercises.ts.
    args.sleep_scale = 0.02 if args.quick else 0.1
    return args


def context():
    """`fork` on Linux (its traditional default), else the platform's default."""
    return mp.get_context("fork" if sys.platform.startswith("linux") else None)


def fail(message):
    raise SystemExit(f"{sys.argv[0]}: wrong answer: {message}")


def emit(timings, start_method=None):
    method = {} if start_method is None else {"start_method": start_method}
    seconds = {name: float(s) for name, s in timings.items()}
    print(json.dumps({"python": platform.python_version(), **method, "timings": seconds}))


def per_call(fn, calls):
    """Mean seconds per call of `fn` over `calls` calls, after one call to warm it up."""
    fn()
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls


def timed(methods, check):
    """Seconds of one call of each method, by name; `check(name, result)` after each."""
    timings = {}
    for name, method in methods.items():
        start = time.perf_counter()
        result = method()
        timings[name] = time.perf_counter() - start
        check(name, result)
    return timings


def spin(seconds):
    """A wait that holds a core (and the GIL), as CPU-bound work does."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def integrate(p, seed, sleep_scale, busy=False):
    """quad of exp(-(x*p)^2) over the real line, each call first waiting (as the notebook's
    gaussian sleeps) `RandomState(seed).uniform(0, 0.01) * sleep_scale` s, as _integrand.ts."""
    import scipy.integrate  # the integral scripts import it before forking

    rng = np.random.RandomState(seed)
    wait_for = spin if busy else time.sleep

    def gaussian(x):
        seconds = rng.uniform(0, 0.01) * sleep_scale
        if seconds > 0:
            wait_for(seconds)
        return np.exp(-((x * p) ** 2))

    result = scipy.integrate.quad(gaussian, -np.inf, np.inf, full_output=1)
    if len(result) > 3:  # quad's message: it did not converge
        # An exception, not SystemExit: a Pool passes it on to the parent, a Process exits 1.
        raise ArithmeticError(f"quad did not converge for p = {p}: {result[3]}")
    return float(result[0])


def parameters(count, seed):
    """The notebook's `np.random.randint(1, 100)`, one per integral, seeded."""
    return [int(p) for p in np.random.RandomState(seed).randint(1, 100, count)]


def check_integrals(values, ps, label, rtol=1e-12):
    """Each value within `rtol` of the exact integral, sqrt(pi)/p."""
    for i, (value, p) in enumerate(zip(values, ps)):
        exact = math.sqrt(math.pi) / p
        if value is None or not abs(value - exact) <= rtol * exact:
            fail(f"{label}: integral {i} (p = {p}) is {value}, expected {exact}")


def run_processes(ctx, target, arg_tuples, workers):
    """One Process per argument tuple, the next started when fewer than `workers` are alive."""
    processes = [ctx.Process(target=target, args=args) for args in arg_tuples]
    for index, process in enumerate(processes):
        alive = [p.sentinel for p in processes[:index] if p.is_alive()]
        if len(alive) >= workers:
            wait(alive)
        process.start()
    for process in processes:
        process.join()
    codes = [process.exitcode for process in processes]
    if any(code != 0 for code in codes):
        fail(f"a process failed: exit codes {codes}")
