"""Notebook 000's integral (`examples/quad.ts`, part 1): `scipy.integrate.quad` of
`exp(-(x*p)**2)` over (-inf, inf) for p = 1..99, exactly sqrt(pi)/p, without sleeps.

Figure `perCall`: the mean seconds of one `quad` call, over 50 passes through p = 1..99 (4,950
calls, about 0.5 s; `--quick`: 5 passes), after one untimed pass. The integrand is the notebook's,
`np.exp(-(x * p)**2)` on the Python float scipy passes. The check, as the Deno example's: every
result within 1e-12 (relative) of sqrt(pi)/p, with quad reporting success. `--workers` and
`--seed` change nothing (nothing runs in parallel, nothing is random).
"""

import sys
import time

sys.dont_write_bytecode = True
import numpy as np  # noqa: E402
import scipy.integrate  # noqa: E402

import _common  # noqa: E402

PASSES = 50
QUICK_PASSES = 5
PS = range(1, 100)


def one_pass():
    """quad for every p; returns the results (value, abserr, infodict[, message])."""
    return [
        scipy.integrate.quad(lambda x: np.exp(-((x * p) ** 2)), -np.inf, np.inf, full_output=1)
        for p in PS
    ]


def main():
    args = _common.parse_args(__doc__.splitlines()[0])
    passes = QUICK_PASSES if args.quick else PASSES
    for p, result in zip(PS, one_pass()):
        if len(result) > 3:
            _common.fail(f"quad did not converge for p = {p}: {result[3]}")
        _common.check_integrals([result[0]], [p], "quad")
    start = time.perf_counter()
    for _ in range(passes):
        one_pass()
    per_call = (time.perf_counter() - start) / (passes * len(PS))
    _common.emit({"perCall": per_call})


if __name__ == "__main__":
    main()
