"""Notebook 000 q8 (`examples/where.ts`): np.where(x > 0, np.sin(x), np.cos(x)) on 4 elements."""

import numpy as np

import _common

#: What the notebook printed, 8 decimals: a result printing the same is within 5e-9 of it.
NOTEBOOK_REPR = "array([0.84147098, 0.54030231, 1.        , 0.99749499])"


def sin_or_cos(x):
    return np.where(x > 0, np.sin(x), np.cos(x))


def main():
    args = _common.parse_args()
    x = np.array([1.0, -1.0, 0.0, 1.5])
    if repr(sin_or_cos(x)) != NOTEBOOK_REPR:
        _common.fail(f"{sin_or_cos(x)!r}, the notebook has {NOTEBOOK_REPR}")
    calls = 1_000 if args.quick else 100_000
    _common.emit({"elementwise": _common.per_call(lambda: sin_or_cos(x), calls)})


if __name__ == "__main__":
    main()
