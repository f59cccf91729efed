"""Notebook 000 q7 (`examples/custom_function.ts`): numpy's cos(x) + sin(x) on 3 elements."""

import numpy as np

import _common

EXPECTED = [1.0, 1.0, -0.9999999999999999]


def numpy_function(x):
    return np.cos(x) + np.sin(x)


def main():
    args = _common.parse_args()
    x = np.array([0.0, np.pi / 2, np.pi])
    if numpy_function(x).tolist() != EXPECTED:
        _common.fail(f"cos(x) + sin(x) is {numpy_function(x).tolist()}, expected {EXPECTED}")
    calls = 1_000 if args.quick else 100_000
    _common.emit({"elementwise": _common.per_call(lambda: numpy_function(x), calls)})


if __name__ == "__main__":
    main()
