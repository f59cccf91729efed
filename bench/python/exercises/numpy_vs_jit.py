"""Notebook 000, question 6 (`examples/numpy_vs_jit.ts`): numpy's side of "numpy versus jax.jit":
`f(x) = -4*x*x*x + 9*x*x + 6*x - 3` over `x = np.arange(0, 1000000)` as float64 (`--quick`:
100000), one new array per operator as numpy does. (The notebook's x was int64; the Deno
example computes in float64, so this does too. jax is not used: the fused loops are the Deno
side's.)

Figure `elementwise`: the mean seconds of one `f(x)` call over 50 calls (`--quick`: 5, as the
Deno example's `--quick` runs 5 calls), after one untimed call. The check, as the Deno example's:
`f(x)` within 1e-15 (relative) of the exact int64 values at every 1000th x (within 2**63 for
x < 1e6). `--workers` and `--seed` change nothing.
"""

import sys

sys.dont_write_bytecode = True
import numpy as np  # noqa: E402

import _common  # noqa: E402

N = 1_000_000
QUICK_N = 100_000
CALLS = 50
QUICK_CALLS = 5


def f(x):
    return -4 * x * x * x + 9 * x * x + 6 * x - 3


def main():
    args = _common.parse_args(__doc__.splitlines()[0])
    n, calls = (QUICK_N, QUICK_CALLS) if args.quick else (N, CALLS)
    x = np.arange(0, n, dtype=np.float64)
    y = f(x)
    step = max(1, n // 1000)
    xi = np.arange(0, n, step, dtype=np.int64)
    exact = f(xi)  # int64, exact: |f| < 4e18 < 2**63
    worst = float(np.max(np.abs(y[::step] - exact) / np.abs(exact)))
    if not worst <= 1e-15:
        _common.fail(f"f(x) is {worst:.1e} (relative) from the exact integers")
    _common.emit({"elementwise": _common.per_call(lambda: f(x), calls)})


if __name__ == "__main__":
    main()
