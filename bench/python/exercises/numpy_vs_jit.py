"""Notebook 000 q6 (`examples/numpy_vs_jit.ts`): numpy's -4x^3 + 9x^2 + 6x - 3 over float64 x."""

import numpy as np

import _common


def f(x):
    return -4 * x * x * x + 9 * x * x + 6 * x - 3


if __name__ == "__main__":
    args = _common.parse_args()
    n, calls = (100_000, 5) if args.quick else (1_000_000, 50)
    x = np.arange(0, n, dtype=np.float64)
    # Every 1000th value against int64 arithmetic, exact here: |f| < 4e18 < 2**63.
    step = max(1, n // 1000)
    exact = f(np.arange(0, n, step, dtype=np.int64))
    worst = float(np.max(np.abs(f(x)[::step] - exact) / np.abs(exact)))
    if not worst <= 1e-15:
        _common.fail(f"f(x) is {worst:.1e} (relative) from the exact integers")
    _common.emit({"elementwise": _common.per_call(lambda: f(x), calls)})
