"""Baseline of bench:math's transcendental section: np.sin, cos, exp, log and sin + cos on 1e6
float64 uniform in [0.1, 10.1), each with a new result and with out=, timed as %timeit."""

import json
import platform
import timeit

import numpy as np

from _suite import parse_flags


def measure(fn, args):
    """%timeit's loop count (the first power of 10 taking 0.2 s, --quick 0.02), then the runs."""
    timer = timeit.Timer(fn)
    for index in range(10):
        number = 10**index
        if timer.timeit(number) >= (0.02 if args.quick else 0.2):
            break
    samples = timer.repeat(repeat=args.warmup + args.runs, number=number)[args.warmup :]
    return {"loops": number, "samples": [s / number for s in samples]}


def main():
    args = parse_flags(elements=1_000_000, runs=7, warmup=1, seed=0, quick=False)
    # The arguments bench:math draws: RandomState(seed).rand scaled by the same float operations.
    x = np.random.RandomState(args.seed).rand(args.elements) * 10 + 0.1
    out = np.empty_like(x)
    other = np.empty_like(x)
    operations = {}
    for name in ("sin", "cos", "exp", "log"):
        f = getattr(np, name)
        operations[name] = measure(lambda f=f: f(x), args)
        operations[f"{name}.out"] = measure(lambda f=f: f(x, out=out), args)
    operations["sincos"] = measure(lambda: np.add(np.sin(x), np.cos(x)), args)
    operations["sincos.out"] = measure(
        lambda: np.add(np.sin(x, out=out), np.cos(x, out=other), out=out), args
    )
    print(json.dumps({"python": platform.python_version(), "numpy": np.__version__,
                      "operations": operations}))


if __name__ == "__main__":
    main()
