"""Notebook 000, question 10 (`examples/dot.ts`): `np.dot(a, b)` of two 100 x 100 float64
matrices, `a, b = RandomState(seed).randn(100, 100)` twice (seed 0 by default; the notebook's
were unseeded). jax's `c`, `d` are not used: jax is not a dependency.

Figure `dot`: the mean seconds of one `np.dot(a, b)` over 2,000 calls (`--quick`: 20, as the
Deno example's `--quick`), after one untimed call; numpy's BLAS decides its own threads. The
check, as the Deno example's: within 1e-12 of the largest element of the product computed in
long double by `np.matmul` (not BLAS) and, for seed 0, the corner numpy printed. `--workers`
changes nothing.
"""

import sys

sys.dont_write_bytecode = True
import numpy as np  # noqa: E402

import _common  # noqa: E402

CALLS = 2_000
QUICK_CALLS = 20
#: `np.dot(a, b)[:2, :3]` for seed 0, as in examples/dot.ts.
NUMPY_SEED0 = [
    [-14.6443992690196, 6.287434009872977, 3.4031209586495854],
    [1.734481063144345, -7.217176499766804, -1.4012535058735682],
]


def main():
    args = _common.parse_args(__doc__.splitlines()[0])
    rs = np.random.RandomState(args.seed)
    a = rs.randn(100, 100)
    b = rs.randn(100, 100)
    ab = np.dot(a, b)
    reference = np.matmul(a.astype(np.longdouble), b.astype(np.longdouble))
    error = float(np.max(np.abs(ab - reference)) / np.max(np.abs(reference)))
    if not error <= 1e-12:
        _common.fail(f"a.b is {error:.1e} (relative) from the long double product")
    if args.seed == 0:
        worst = float(np.max(np.abs(ab[:2, :3] - NUMPY_SEED0) / np.abs(NUMPY_SEED0)))
        if not worst <= 1e-12:
            _common.fail(f"a.b corner is {worst:.1e} (relative) from numpy's for seed 0")
    calls = QUICK_CALLS if args.quick else CALLS
    _common.emit({"dot": _common.per_call(lambda: np.dot(a, b), calls)})


if __name__ == "__main__":
    main()
