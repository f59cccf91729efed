"""Baseline of `deno task bench:math`: notebook 000's numpy and scipy operations, timed.

Operations (the same sizes and data as the Deno side):
  poly      -4*x**3 + 9*x**2 + 6*x - 3 over x = RandomState(seed).rand(--elements)
  sincos    np.sin(x) + np.cos(x) over x = [0, pi/2, pi]          (notebook 000 question 7)
  where     np.where(x > 0, np.sin(x), np.cos(x)), x = [1, -1, 0, 1.5]  (question 8)
  dot       np.dot(a, b), a and b RandomState(seed).rand(100, 100)      (question 10)
  quad      scipy.integrate.quad(exp(-(x*p)**2), -inf, inf) for p = 1..99, time per call

Each operation: the loop count as IPython's %timeit picks it (first of 1, 10, 100, ... whose run
takes >= 0.2 s, or 1/10 of that with --quick), `--warmup` runs discarded, then `--runs` runs.
Prints one JSON object on stdout: seconds per call of every measured run, per operation.
"""

import argparse
import json
import platform
import timeit

import numpy as np
import scipy
from scipy import integrate


def gaussian(x, p):
    return np.exp(-((x * p) ** 2))


def operations(seed, elements):
    x = np.random.RandomState(seed).rand(elements)
    three = np.array([0.0, np.pi / 2, np.pi])
    four = np.array([1.0, -1.0, 0.0, 1.5])
    rs = np.random.RandomState(seed)
    a = rs.rand(100, 100)
    b = rs.rand(100, 100)

    def quad_all():
        for p in range(1, 100):
            integrate.quad(gaussian, -np.inf, np.inf, args=(p,))

    return {
        "poly": (lambda: -4 * x**3 + 9 * x**2 + 6 * x - 3, 1),
        "sincos": (lambda: np.sin(three) + np.cos(three), 1),
        "where": (lambda: np.where(four > 0, np.sin(four), np.cos(four)), 1),
        "dot": (lambda: np.dot(a, b), 1),
        # One loop is 99 calls: report per call.
        "quad": (quad_all, 99),
    }


def measure(fn, calls_per_loop, runs, warmup, budget):
    timer = timeit.Timer(fn)
    number = 1
    for index in range(10):
        number = 10**index
        if timer.timeit(number) >= budget:
            break
    samples = timer.repeat(repeat=warmup + runs, number=number)[warmup:]
    return {"loops": number, "samples": [s / number / calls_per_loop for s in samples]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elements", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", default="", help="comma-separated operations")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    budget = 0.02 if args.quick else 0.2
    chosen = [name for name in args.only.split(",") if name]
    results = {}
    for name, (fn, calls) in operations(args.seed, args.elements).items():
        if chosen and name not in chosen:
            continue
        results[name] = measure(fn, calls, args.runs, args.warmup, budget)
    print(
        json.dumps(
            {
                "python": platform.python_version(),
                "numpy": np.__version__,
                "scipy": scipy.__version__,
                "blas": blas_name(),
                "operations": results,
            }
        )
    )


def blas_name():
    try:
        config = np.show_config(mode="dicts")
        return config["Build Dependencies"]["blas"]["name"]
    except Exception:  # numpy < 1.25 has no dict mode
        return "unknown"


if __name__ == "__main__":
    main()
