"""Notebook 000 q10 (`examples/dot.ts`): np.dot of two seeded 100 x 100 float64 matrices."""

import numpy as np

import _common

#: `np.dot(a, b)[:2, :3]` for seed 0, as in examples/dot.ts.
NUMPY_SEED0 = [[-14.6443992690196, 6.287434009872977, 3.4031209586495854],
               [1.734481063144345, -7.217176499766804, -1.4012535058735682]]

if __name__ == "__main__":
    args = _common.parse_args()
    rs = np.random.RandomState(args.seed)
    a = rs.randn(100, 100)
    b = rs.randn(100, 100)
    ab = np.dot(a, b)
    # Checked against a long double product by np.matmul (not BLAS), and numpy's own for seed 0.
    reference = np.matmul(a.astype(np.longdouble), b.astype(np.longdouble))
    error = float(np.max(np.abs(ab - reference)) / np.max(np.abs(reference)))
    if not error <= 1e-12:
        _common.fail(f"a.b is {error:.1e} (relative) from the long double product")
    if args.seed == 0 and not np.allclose(ab[:2, :3], NUMPY_SEED0, rtol=1e-12, atol=0):
        _common.fail(f"a.b corner is {ab[:2, :3]} for seed 0, numpy printed {NUMPY_SEED0}")
    _common.emit({"dot": _common.per_call(lambda: np.dot(a, b), 20 if args.quick else 2_000)})
