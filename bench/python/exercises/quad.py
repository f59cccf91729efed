"""Notebook 000's integral (`examples/quad.ts`): seconds per scipy quad call for p = 1..99."""

import time

import numpy as np
import scipy.integrate

import _common

PS = range(1, 100)


def one_pass():
    """quad for every p: (value, abserr, infodict[, message]) each."""
    return [
        scipy.integrate.quad(lambda x: np.exp(-((x * p) ** 2)), -np.inf, np.inf, full_output=1)
        for p in PS
    ]


if __name__ == "__main__":
    passes = 5 if _common.parse_args().quick else 50
    results = one_pass()
    for p, result in zip(PS, results):
        if len(result) > 3:
            _common.fail(f"quad did not converge for p = {p}: {result[3]}")
    _common.check_integrals([result[0] for result in results], PS, "quad")
    start = time.perf_counter()
    for _ in range(passes):
        one_pass()
    _common.emit({"perCall": (time.perf_counter() - start) / (passes * len(PS))})
