"""numpy's side of `deno task bench:peers`' arrays, in a fresh process: each elementwise op on
`--elements` float64 with a new result and with `out=`, the seed polynomial as a chain of them,
sin/cos/exp/log, sin + cos, and a 100x100 dot; one warm-up run sizes the loops as %timeit does
(the first power of 10 whose run takes 20 ms), then one measured run; prints
`{"values": {op: us per call}}` with numpy_child.ts's names."""

import json
import platform
import timeit

import numpy as np

from _suite import parse_flags


def per_call(fn):
    timer = timeit.Timer(fn)
    for index in range(10):
        number = 10**index
        if timer.timeit(number) >= 0.02:
            break
    return timer.timeit(number) / number * 1e6


def main():
    args = parse_flags(elements=1_000_000, seed=0)
    rs = np.random.RandomState(args.seed)
    x, y = rs.rand(args.elements), rs.rand(args.elements)
    a, b, out = (np.empty(args.elements) for _ in range(3))
    dot_rs = np.random.RandomState(args.seed)
    ma, mb = dot_rs.rand(100, 100), dot_rs.rand(100, 100)
    dot_out = np.empty((100, 100))

    def chain_out():
        np.multiply(np.multiply(np.multiply(-4, x, out=a), x, out=a), x, out=a)
        np.add(a, np.multiply(np.multiply(9, x, out=b), x, out=b), out=a)
        np.add(a, np.multiply(6, x, out=b), out=a)
        return np.subtract(a, 3, out=out)

    ops = {
        "add": lambda: np.add(x, y),
        "add_out": lambda: np.add(x, y, out=out),
        "subtract": lambda: np.subtract(x, y),
        "subtract_out": lambda: np.subtract(x, y, out=out),
        "multiply": lambda: np.multiply(x, y),
        "multiply_out": lambda: np.multiply(x, y, out=out),
        "divide": lambda: np.divide(x, y),
        "divide_out": lambda: np.divide(x, y, out=out),
        "power": lambda: np.power(x, y),
        "power_out": lambda: np.power(x, y, out=out),
        "chain": lambda: -4 * x * x * x + 9 * x * x + 6 * x - 3,
        "chain_out": chain_out,
        "sin": lambda: np.sin(x),
        "cos": lambda: np.cos(x),
        "exp": lambda: np.exp(x),
        "log": lambda: np.log(x),
        "sincos": lambda: np.sin(x) + np.cos(x),
        "sincos_out": lambda: np.add(np.sin(x, out=a), np.cos(x, out=b), out=out),
        "dot": lambda: np.dot(ma, mb),
        "dot_out": lambda: np.dot(ma, mb, out=dot_out),
    }
    for name, fn in ops.items():  # with out=, the same bits as without
        if name.endswith("_out") and not np.array_equal(fn(), ops[name[:-4]]()):
            raise SystemExit(f"{name} differs from {name[:-4]}")
    values = {name: per_call(fn) for name, fn in ops.items()}
    print(json.dumps({"runtime": f"python {platform.python_version()} numpy {np.__version__}",
                      "values": values}))


if __name__ == "__main__":
    main()
