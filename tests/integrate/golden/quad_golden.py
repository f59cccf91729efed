"""Golden values for tests/integrate/quad_test.ts, from scipy's QUADPACK wrappers.

Run: python3 tests/integrate/golden/quad_golden.py   (made with numpy 2.4.6, scipy 1.17.1)
It prints the arrays pasted into the test. ier comes from scipy's private _qagse/_qagie
(the same routines scipy.integrate.quad calls), because quad() only returns its message.
"""
import json
import math

import numpy as np
from scipy.integrate import _quadpack, quad

# neval of scipy.integrate.quad for exp(-(x p)^2) over (-inf, inf), p = 1 .. 99.
neval = [quad(lambda x, p=p: np.exp(-(x * p) ** 2), -np.inf, np.inf, full_output=1)[2]["neval"]
         for p in range(1, 100)]
print("GAUSSIAN_NEVAL =", json.dumps(neval))
worst = max(abs(quad(lambda x, p=p: np.exp(-(x * p) ** 2), -np.inf, np.inf)[0] * p
                / math.sqrt(math.pi) - 1) for p in range(1, 100))
print("scipy's worst relative error over p = 1..99:", worst)

inf = np.inf
# name: (f, a, b, epsabs, epsrel, limit); the TS test defines the same f under the same name.
CASES = {
    "sin": (np.sin, 0, np.pi, 1.49e-8, 1.49e-8, 50),
    "invsqrt": (lambda x: 1 / np.sqrt(x), 0, 1, 1.49e-8, 1.49e-8, 50),
    "log": (np.log, 0, 1, 1.49e-8, 1.49e-8, 50),
    "logOverSqrt": (lambda x: np.log(x) / np.sqrt(x), 0, 1, 1.49e-8, 1.49e-8, 50),
    "absSqrtKink": (lambda x: 1 / np.sqrt(abs(x - 0.3)), 0, 1, 1.49e-8, 1.49e-8, 50),
    "step": (lambda x: 1.0 if x > 0.3 else -1.0, -1, 1, 1.49e-8, 1.49e-8, 50),
    "expDecay": (lambda x: np.exp(-x), 0, inf, 1.49e-8, 1.49e-8, 50),
    "powerTail": (lambda x: x ** -1.01, 1, inf, 1.49e-8, 1.49e-8, 50),
    "lorentz": (lambda x: 1 / (1 + x * x), -inf, inf, 1.49e-8, 1.49e-8, 50),
    "leftTail": (lambda x: np.exp(x) / (1 + np.exp(2 * x)), -inf, 0, 1.49e-8, 1.49e-8, 50),
    # ier 1: limit used up
    "invX": (lambda x: 1 / x, 0, 1, 1.49e-8, 1.49e-8, 50),
    "sinInvX": (lambda x: np.sin(1 / x), 0, 1, 1.49e-8, 1.49e-8, 50),
    # ier 2: roundoff
    "expTight": (np.exp, 0, 1, 1e-300, 1e-15, 50),
    "lorentzTight": (lambda x: 1 / (1 + x * x), -inf, inf, 1e-300, 1e-14, 50),
    # ier 3: bad integrand behaviour
    "invAbs": (lambda x: 1 / abs(x - 1 / 3), 0, 1, 1.49e-8, 1.49e-8, 1000),
    # ier 4: extrapolation table roundoff
    "cosHalfLine": (np.cos, 0, inf, 1.49e-8, 1.49e-8, 500),
    # ier 5: divergent
    "powerDivergent": (lambda x: x ** -1.5, 0, 1, 1.49e-8, 1.49e-8, 50),
    "invShifted": (lambda x: 1 / (x - 1 / 3), 0, 1, 1.49e-8, 1.49e-8, 1000),
}
out = {}
for name, (f, a, b, epsabs, epsrel, limit) in CASES.items():
    with np.errstate(all="ignore"):
        if np.isfinite(a) and np.isfinite(b):
            r = _quadpack._qagse(f, a, b, (), 1, epsabs, epsrel, limit)
        elif np.isfinite(a):
            r = _quadpack._qagie(f, a, 1, (), 1, epsabs, epsrel, limit)
        elif np.isfinite(b):
            r = _quadpack._qagie(f, b, -1, (), 1, epsabs, epsrel, limit)
        else:
            r = _quadpack._qagie(f, 0, 2, (), 1, epsabs, epsrel, limit)
    value, abserr, info, ier = r
    out[name] = dict(value=value, abserr=abserr, neval=int(info["neval"]),
                     last=int(info["last"]), ier=int(ier), epsabs=epsabs, epsrel=epsrel,
                     limit=limit)
for name, v in out.items():
    print(f"  {name}: {json.dumps(v)},")

# The narrow peak scipy misses: exp(-((x - 1000) 10)^2) over (-inf, inf), exact sqrt(pi)/10.
v, e, info = quad(lambda x: np.exp(-((x - 1000) * 10) ** 2), -inf, inf, full_output=1)[:3]
print("narrow peak, scipy:", v, e, info["neval"], "exact:", math.sqrt(math.pi) / 10)
