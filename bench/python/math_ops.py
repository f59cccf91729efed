"""Baseline of `deno task bench:math`: notebook 000's numpy/scipy operations, timed as %timeit."""

import json
import platform
import timeit

import numpy as np
import scipy
from scipy import integrate

from _suite import parse_flags


def measure(fn, calls_per_loop, args):
    """%timeit's loop count (the first power of 10 taking 0.2 s, --quick 0.02), then the runs."""
    timer = timeit.Timer(fn)
    for index in range(10):
        number = 10**index
        if timer.timeit(number) >= (0.02 if args.quick else 0.2):
            break
    samples = timer.repeat(repeat=args.warmup + args.runs, number=number)[args.warmup :]
    return {"loops": number, "samples": [s / number / calls_per_loop for s in samples]}


def chain_out(x, o):
    """(x * 3 + 2) * x + 1 with every step written into `o`."""
    np.multiply(x, 3, out=o)
    np.add(o, 2, out=o)
    np.multiply(o, x, out=o)
    np.add(o, 1, out=o)


def elementwise(x, y, o, args):
    """Each ufunc of bench:math's elementwise section on x, y, with a new result and with out=o;
    the chain as numpy users write it (operators: numpy reuses its own temporaries) and into o;
    np.empty, numpy's allocation alone."""
    operations = {"empty": measure(lambda: np.empty(len(x)), 1, args)}
    for name in ["add", "subtract", "multiply", "divide", "power"]:
        ufunc = getattr(np, name)
        operations[name] = measure(lambda: ufunc(x, y), 1, args)
        operations[f"{name}_out"] = measure(lambda: ufunc(x, y, out=o), 1, args)
    operations["chain"] = measure(lambda: (x * 3 + 2) * x + 1, 1, args)
    operations["chain_out"] = measure(lambda: chain_out(x, o), 1, args)
    return operations


def main():
    args = parse_flags(elements=1_000_000, points=10_000_000, runs=7, warmup=1, seed=0, quick=False)
    x = np.random.RandomState(args.seed).rand(args.elements)
    three = np.array([0.0, np.pi / 2, np.pi])
    four = np.array([1.0, -1.0, 0.0, 1.5])
    rs = np.random.RandomState(args.seed)
    a = rs.rand(100, 100)
    b = rs.rand(100, 100)
    # pi by Monte Carlo: the points bench:math draws, x then y from one RandomState(seed).
    points = np.random.RandomState(args.seed)
    px = points.rand(args.points)
    py = points.rand(args.points)
    # The elementwise section's operands: x then y from one RandomState(seed), as bench:math.
    operands = np.random.RandomState(args.seed)
    ex = operands.rand(args.elements)
    ey = operands.rand(args.elements)
    eo = np.empty(args.elements)

    def gaussian(x, p):
        return np.exp(-((x * p) ** 2))

    def quad_all():  # 99 calls a loop, reported per call
        for p in range(1, 100):
            integrate.quad(gaussian, -np.inf, np.inf, args=(p,))

    operations = {
        "poly": measure(lambda: -4 * x**3 + 9 * x**2 + 6 * x - 3, 1, args),
        "sincos": measure(lambda: np.sin(three) + np.cos(three), 1, args),
        "where": measure(lambda: np.where(four > 0, np.sin(four), np.cos(four)), 1, args),
        "dot": measure(lambda: np.dot(a, b), 1, args),
        "quad": measure(quad_all, 99, args),
        "pi": measure(lambda: 4 * (px * px + py * py <= 1).mean(), 1, args),
    }
    operations.update(elementwise(ex, ey, eo, args))
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]["name"]
    except Exception:  # numpy < 1.25 has no dict mode
        blas = "unknown"
    versions = {"numpy": np.__version__, "scipy": scipy.__version__, "blas": blas}
    # numpy's estimate, which bench:math's fused jit mean must equal (the same points).
    values = {"pi": float(4 * (px * px + py * py <= 1).mean())}
    print(json.dumps({"python": platform.python_version(), **versions, "operations": operations,
                      "values": values}))


if __name__ == "__main__":
    main()
