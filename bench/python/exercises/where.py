"""Notebook 000, question 8 (`examples/where.ts`): `np.where(x > 0, np.sin(x), np.cos(x))` on
`x = np.array([1.0, -1.0, 0.0, 1.5])`.

Figure `elementwise`: the mean seconds of one call over 100,000 calls (`--quick`: 1,000, as the
Deno example's `--quick`), after one untimed call; with four elements this is per-call
overhead. The check, as the Deno example's: within 1e-8 of the notebook's printed
[0.84147098, 0.54030231, 1., 0.99749499], and printed the same. `--workers` and `--seed`
change nothing.
"""

import sys

sys.dont_write_bytecode = True
import numpy as np  # noqa: E402

import _common  # noqa: E402

CALLS = 100_000
QUICK_CALLS = 1_000
NOTEBOOK = [0.84147098, 0.54030231, 1.0, 0.99749499]
NOTEBOOK_REPR = "array([0.84147098, 0.54030231, 1.        , 0.99749499])"


def sin_or_cos(x):
    return np.where(x > 0, np.sin(x), np.cos(x))


def main():
    args = _common.parse_args(__doc__.splitlines()[0])
    x = np.array([1.0, -1.0, 0.0, 1.5])
    result = sin_or_cos(x)
    if not np.all(np.abs(result - NOTEBOOK) <= 1e-8) or repr(result) != NOTEBOOK_REPR:
        _common.fail(f"{result!r}, the notebook has {NOTEBOOK_REPR}")
    calls = QUICK_CALLS if args.quick else CALLS
    _common.emit({"elementwise": _common.per_call(lambda: sin_or_cos(x), calls)})


if __name__ == "__main__":
    main()
