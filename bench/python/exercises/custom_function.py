"""Notebook 000, question 7 (`examples/custom_function.ts`): numpy's `np.cos(x) + np.sin(x)` on
`x = np.array([0.0, np.pi / 2, np.pi])` (the notebook's `numpy_function`; jax is not used).

Figure `elementwise`: the mean seconds of one call over 100,000 calls (`--quick`: 1,000, as the
Deno example's `--quick`), after one untimed call; with three elements this is per-call
overhead. The check, as the Deno example's: the result is exactly [1.0, 1.0,
-0.9999999999999999]. `--workers` and `--seed` change nothing.
"""

import sys

sys.dont_write_bytecode = True
import numpy as np  # noqa: E402

import _common  # noqa: E402

CALLS = 100_000
QUICK_CALLS = 1_000
EXPECTED = [1.0, 1.0, -0.9999999999999999]


def numpy_function(x):
    return np.cos(x) + np.sin(x)


def main():
    args = _common.parse_args(__doc__.splitlines()[0])
    x = np.array([0.0, np.pi / 2, np.pi])
    result = numpy_function(x).tolist()
    if result != EXPECTED:
        _common.fail(f"cos(x) + sin(x) is {result}, expected {EXPECTED}")
    calls = QUICK_CALLS if args.quick else CALLS
    _common.emit({"elementwise": _common.per_call(lambda: numpy_function(x), calls)})


if __name__ == "__main__":
    main()
