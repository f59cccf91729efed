"""Golden values for tests/random/random_state_test.ts: numpy's legacy RandomState.randn/normal.

Run once with `python3 tests/random/golden/legacy_gauss.py` (about 30 s) and paste the printed
literals into the test (repr() of a float64 is the shortest string that round-trips, so JS parses
it exactly).
"""
import hashlib
import math
from decimal import Decimal, getcontext

import numpy as np

print("numpy", np.__version__)


def show(name, values):
    print(f"{name}: {[float(v) for v in np.ravel(values)]!r}")


show("RandomState(0).randn(5)", np.random.RandomState(0).randn(5))
show("RandomState(0).randn()", [np.random.RandomState(0).randn()])
show("RandomState(100).randn(2, 3)", np.random.RandomState(100).randn(2, 3))

# The cached second value of a polar pair survives a uniform draw in between.
rs = np.random.RandomState(0)
show("seed 0: randn(), rand(), randn(), randn(3), rand(2)",
     [rs.randn(), rs.rand(), rs.randn(), *rs.randn(3), *rs.rand(2)])

show("RandomState(1).normal(10, 2, 4)", np.random.RandomState(1).normal(10, 2, 4))
show("RandomState(2).normal(-3, 0.5, (2, 2))", np.random.RandomState(2).normal(-3, 0.5, (2, 2)))
show("RandomState(0).normal()", [np.random.RandomState(0).normal()])
show("RandomState(7).normal(1, 0, 2)", np.random.RandomState(7).normal(1, 0, 2))
rs = np.random.RandomState(7)
rs.normal(1, 0, 3)
show("RandomState(7): after normal(1, 0, 3), randn(2)", rs.randn(2))

# numpy calls the C library's log(). glibc's (used here) is not correctly rounded for a few
# inputs, while JavaScript's Math.log agreed with a correctly rounded log on 20 million random
# inputs. So also emulate numpy's polar method in Python with a correctly rounded log, on numpy's
# own uniform stream, and count where numpy differs from it.
getcontext().prec = 40


def correctly_rounded_log(x):
    approx = math.log(x)
    exact = Decimal(x).ln()
    candidates = [math.nextafter(approx, -math.inf), approx, math.nextafter(approx, math.inf)]
    return min(candidates, key=lambda c: abs(Decimal(c) - exact))


def emulated_randn(seed, n):
    uniforms = np.random.RandomState(seed).random_sample(3 * n)  # acceptance is pi/4 per pair
    out, i = [], 0
    while len(out) < n:
        while True:
            x1, x2 = 2.0 * uniforms[i] - 1.0, 2.0 * uniforms[i + 1] - 1.0
            i += 2
            r2 = x1 * x1 + x2 * x2
            if 0.0 < r2 < 1.0:
                break
        f = math.sqrt(-2.0 * correctly_rounded_log(r2) / r2)
        out += [f * x2, f * x1]
    return np.array(out[:n])


emulated = emulated_randn(1, 1_000_000)
numpy_values = np.random.RandomState(1).randn(1_000_000)
differ = np.nonzero(emulated != numpy_values)[0]
ulps = np.abs(emulated[differ] - numpy_values[differ]) / np.spacing(np.abs(numpy_values[differ]))
print(f"numpy vs correctly rounded log: {len(differ)} of 1000000 differ, max {ulps.max()} ulp,"
      f" first at {differ[:4].tolist()}")
print("sha256 emulated RandomState(1) randn(1000000), correctly rounded log, float64 LE:",
      hashlib.sha256(emulated.astype("<f8").tobytes()).hexdigest())
