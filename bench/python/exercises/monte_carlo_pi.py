"""pi by Monte Carlo (`examples/monte_carlo_pi.ts`): numpy's 4 * (x*x + y*y <= 1).mean()."""

import math

import numpy as np

import _common

#: numpy's count of points inside for seed 0, as examples/monte_carlo_pi.ts checks it.
HITS_SEED_0 = {100_000: 78_341, 10_000_000: 7_856_815}


def estimate(x, y):
    return 4 * (x * x + y * y <= 1).mean()


def main():
    args = _common.parse_args()
    n, calls = (100_000, 20) if args.quick else (10_000_000, 3)
    rs = np.random.RandomState(args.seed)
    x = rs.rand(n)
    y = rs.rand(n)
    pi = float(estimate(x, y))
    hits = int((x * x + y * y <= 1).sum())
    if pi != 4 * (hits / n):
        _common.fail(f"the estimate {pi} is not 4 * {hits} / {n}")
    if args.seed == 0 and hits != HITS_SEED_0[n]:
        _common.fail(f"{hits} points inside for seed 0, expected {HITS_SEED_0[n]}")
    if not abs(pi - math.pi) <= 6 * 1.65 / math.sqrt(n):
        _common.fail(f"the estimate {pi} is more than 6 standard errors from pi")
    _common.emit({"elementwise": _common.per_call(lambda: estimate(x, y), calls)})


if __name__ == "__main__":
    main()
