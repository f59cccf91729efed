import assert from "node:assert/strict";
import { quad, type QuadResult } from "../../lib/integrate/quad.ts";

// Golden values: scipy 1.17.1 / numpy 2.4.6, printed by tests/integrate/golden/quad_golden.py (run
// it to regenerate). CI need not have Python: the numbers are pasted here.

/** scipy.integrate.quad(lambda x: np.exp(-(x*p)**2), -np.inf, np.inf, full_output=1)[2]["neval"] */
// deno-fmt-ignore
const SCIPY_GAUSSIAN_NEVAL = [
  270, 270, 210, 210, 210, 210, 270, 270, 270, 270, 270, 210, 210, 210, 210, 210, 210, 210, 210,
  270, 270, 270, 270, 270, 270, 270, 270, 270, 270, 270, 270, 270, 270, 270, 270, 270, 270, 270,
  330, 330, 330, 330, 330, 330, 330, 330, 330, 330, 330, 330, 330, 330, 330, 270, 330, 330, 330,
  330, 330, 330, 330, 330, 330, 330, 330, 330, 330, 330, 330, 330, 330, 330, 330, 330, 330, 330,
  330, 330, 330, 390, 390, 390, 390, 390, 390, 390, 390, 390, 390, 390, 390, 390, 390, 390, 390,
  390, 390, 390, 390,
];

Deno.test("exp(-(x p)²) over (-∞, ∞), p = 1 … 99: within 1e-12 of √π/p, neval <= scipy's", () => {
  assert.equal(SCIPY_GAUSSIAN_NEVAL.length, 99);
  for (let p = 1; p <= 99; p++) {
    const r = quad((x) => Math.exp(-((x * p) ** 2)), -Infinity, Infinity);
    const exact = Math.sqrt(Math.PI) / p;
    assert.equal(r.ier, 0, `p = ${p}: ${r.message}`);
    assert.ok(Math.abs(r.value - exact) <= 1e-12 * exact, `p = ${p}: ${r.value} vs ${exact}`);
    assert.ok(r.abserr >= Math.abs(r.value - exact), `p = ${p}: error estimate covers the error`);
    assert.ok(r.neval <= SCIPY_GAUSSIAN_NEVAL[p - 1]!, `p = ${p}: neval ${r.neval}`);
  }
});

/** The same integrands as CASES in quad_golden.py. */
const F: Record<string, (x: number) => number> = {
  sin: Math.sin,
  invsqrt: (x) => 1 / Math.sqrt(x),
  log: Math.log,
  logOverSqrt: (x) => Math.log(x) / Math.sqrt(x),
  absSqrtKink: (x) => 1 / Math.sqrt(Math.abs(x - 0.3)),
  step: (x) => (x > 0.3 ? 1 : -1),
  expDecay: (x) => Math.exp(-x),
  powerTail: (x) => x ** -1.01,
  lorentz: (x) => 1 / (1 + x * x),
  leftTail: (x) => Math.exp(x) / (1 + Math.exp(2 * x)),
  invX: (x) => 1 / x,
  sinInvX: (x) => Math.sin(1 / x),
  expTight: Math.exp,
  lorentzTight: (x) => 1 / (1 + x * x),
  invAbs: (x) => 1 / Math.abs(x - 1 / 3),
  cosHalfLine: Math.cos,
  powerDivergent: (x) => x ** -1.5,
  invShifted: (x) => 1 / (x - 1 / 3),
};
const RANGE: Record<string, [number, number]> = {
  sin: [0, Math.PI],
  invsqrt: [0, 1],
  log: [0, 1],
  logOverSqrt: [0, 1],
  absSqrtKink: [0, 1],
  step: [-1, 1],
  expDecay: [0, Infinity],
  powerTail: [1, Infinity],
  lorentz: [-Infinity, Infinity],
  leftTail: [-Infinity, 0],
  invX: [0, 1],
  sinInvX: [0, 1],
  expTight: [0, 1],
  lorentzTight: [-Infinity, Infinity],
  invAbs: [0, 1],
  cosHalfLine: [0, Infinity],
  powerDivergent: [0, 1],
  invShifted: [0, 1],
};

interface Golden {
  value: number;
  abserr: number;
  neval: number;
  last: number;
  ier: number;
  epsabs: number;
  epsrel: number;
  limit: number;
}

/** scipy's _qagse / _qagie (what scipy.integrate.quad calls) on each case. */
// deno-fmt-ignore
const SCIPY: Record<string, Golden> = {
  sin: {"value": 2.0, "abserr": 2.220446049250313e-14, "neval": 21, "last": 1, "ier": 0, "epsabs": 1.49e-08, "epsrel": 1.49e-08, "limit": 50},
  invsqrt: {"value": 1.9999999999999984, "abserr": 5.773159728050814e-15, "neval": 231, "last": 6, "ier": 0, "epsabs": 1.49e-08, "epsrel": 1.49e-08, "limit": 50},
  log: {"value": -0.9999999999999999, "abserr": 1.1102230246251563e-15, "neval": 231, "last": 6, "ier": 0, "epsabs": 1.49e-08, "epsrel": 1.49e-08, "limit": 50},
  logOverSqrt: {"value": -4.000000000000085, "abserr": 1.354472090042691e-13, "neval": 315, "last": 8, "ier": 0, "epsabs": 1.49e-08, "epsrel": 1.49e-08, "limit": 50},
  absSqrtKink: {"value": 2.7687651680784895, "abserr": 4.929390229335695e-14, "neval": 399, "last": 10, "ier": 0, "epsabs": 1.49e-08, "epsrel": 1.49e-08, "limit": 50},
  step: {"value": -0.6000000000000001, "abserr": 6.66133814775094e-16, "neval": 399, "last": 10, "ier": 0, "epsabs": 1.49e-08, "epsrel": 1.49e-08, "limit": 50},
  expDecay: {"value": 1.0000000000000002, "abserr": 5.842606701570796e-11, "neval": 135, "last": 5, "ier": 0, "epsabs": 1.49e-08, "epsrel": 1.49e-08, "limit": 50},
  powerTail: {"value": 100.00000000005802, "abserr": 2.5421798000024864e-10, "neval": 165, "last": 6, "ier": 0, "epsabs": 1.49e-08, "epsrel": 1.49e-08, "limit": 50},
  lorentz: {"value": 3.141592653589793, "abserr": 5.155583041103855e-10, "neval": 90, "last": 2, "ier": 0, "epsabs": 1.49e-08, "epsrel": 1.49e-08, "limit": 50},
  leftTail: {"value": 0.7853981633974484, "abserr": 5.7682595884605384e-11, "neval": 135, "last": 5, "ier": 0, "epsabs": 1.49e-08, "epsrel": 1.49e-08, "limit": 50},
  invX: {"value": 41.67684067538809, "abserr": 9.35056037314051, "neval": 2079, "last": 50, "ier": 1, "epsabs": 1.49e-08, "epsrel": 1.49e-08, "limit": 50},
  sinInvX: {"value": 0.5024347471020826, "abserr": 0.0006174569031721644, "neval": 2079, "last": 50, "ier": 1, "epsabs": 1.49e-08, "epsrel": 1.49e-08, "limit": 50},
  expTight: {"value": 1.718281828459045, "abserr": 1.9076760487502454e-14, "neval": 21, "last": 1, "ier": 2, "epsabs": 1e-300, "epsrel": 1e-15, "limit": 50},
  lorentzTight: {"value": 3.141592653589794, "abserr": 3.4878675568161597e-14, "neval": 810, "last": 14, "ier": 2, "epsabs": 1e-300, "epsrel": 1e-14, "limit": 50},
  invAbs: {"value": 74.79889727469886, "abserr": 9.649472777943547, "neval": 1995, "last": 48, "ier": 3, "epsabs": 1.49e-08, "epsrel": 1.49e-08, "limit": 1000},
  cosHalfLine: {"value": 19751811.603833564, "abserr": 40228963.0345875, "neval": 4755, "last": 159, "ier": 4, "epsabs": 1.49e-08, "epsrel": 1.49e-08, "limit": 500},
  powerDivergent: {"value": -2.0000000000000036, "abserr": 1.4344081478157023e-13, "neval": 231, "last": 6, "ier": 5, "epsabs": 1.49e-08, "epsrel": 1.49e-08, "limit": 50},
  invShifted: {"value": 0.6931471805599365, "abserr": 1.2212453270876722e-15, "neval": 231, "last": 6, "ier": 5, "epsabs": 1.49e-08, "epsrel": 1.49e-08, "limit": 1000},
};

/** Runs case `name` with scipy's settings. */
function run(name: string): QuadResult {
  const g = SCIPY[name]!, [a, b] = RANGE[name]!;
  return quad(F[name]!, a, b, { epsabs: g.epsabs, epsrel: g.epsrel, limit: g.limit });
}

for (const name of Object.keys(SCIPY)) {
  const g = SCIPY[name]!;
  Deno.test(`${name} over [${RANGE[name]}]: ier ${g.ier}, same value, neval and subintervals as scipy`, () => {
    const r = run(name);
    assert.equal(r.ier, g.ier, r.message);
    assert.equal(r.neval, g.neval);
    assert.equal(r.last, g.last);
    // Same algorithm, nodes and order of summation: equal up to the last bits of f itself
    // (Math.sin/log/exp/pow may differ from numpy's in the last place).
    assert.ok(Math.abs(r.value - g.value) <= 1e-14 * Math.abs(g.value), `${r.value} vs ${g.value}`);
    assert.ok(Math.abs(r.abserr - g.abserr) <= 1e-6 * g.abserr, `${r.abserr} vs ${g.abserr}`);
    assert.ok(r.message.length > 20);
  });
}

Deno.test("the finite cases converge to the exact integrals", () => {
  const exact: Record<string, number> = {
    sin: 2,
    invsqrt: 2, // needs extrapolation: the integrand is infinite at 0
    log: -1,
    logOverSqrt: -4,
    absSqrtKink: 2 * (Math.sqrt(0.3) + Math.sqrt(0.7)),
    step: -0.6,
    expDecay: 1,
    powerTail: 100,
    lorentz: Math.PI,
    leftTail: Math.PI / 4,
  };
  for (const [name, value] of Object.entries(exact)) {
    const r = run(name);
    assert.equal(r.ier, 0);
    assert.ok(Math.abs(r.value - value) <= Math.max(r.abserr, 1e-14), name);
    assert.ok(r.abserr <= 1.49e-8 * Math.abs(value), name);
  }
});

Deno.test("messages say what each ier means", () => {
  const text = (name: string): string => run(name).message;
  assert.match(text("sin"), /converged/);
  assert.match(text("invX"), /limit = 50/);
  assert.match(text("expTight"), /[Rr]oundoff/);
  assert.match(text("invAbs"), /behaves badly/);
  assert.match(text("cosHalfLine"), /extrapolation/);
  assert.match(text("powerDivergent"), /divergent/);
});
