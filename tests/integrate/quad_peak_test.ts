import assert from "node:assert/strict";
import { quad } from "../../lib/integrate/quad.ts";
import { PROBE_SIDE } from "../../lib/integrate/quad_probe.ts";

const SQRT_PI = Math.sqrt(Math.PI);

Deno.test("narrow peak far out: exp(-((x-1000)·10)²) over (-∞, ∞) is found, ≈ √π/10", () => {
  // scipy.integrate.quad returns (0.0, 0.0) here with neval 30 and no warning: all 30 nodes of
  // the first 15-point estimate (|x| <= 233) see exactly 0. (tests/integrate/golden/quad_golden.py)
  const r = quad((x) => Math.exp(-(((x - 1000) * 10) ** 2)), -Infinity, Infinity);
  assert.equal(r.ier, 0, r.message);
  assert.ok(Math.abs(r.value - SQRT_PI / 10) <= 1e-10 * (SQRT_PI / 10), String(r.value));
  assert.ok(r.abserr < 1e-8 && r.abserr >= Math.abs(r.value - SQRT_PI / 10));
  assert.match(r.message, /probe of 16385 points found a narrow feature near x = 1000/);
  // 30 for the first estimate, the probe, a few to narrow the bracket, then three pieces.
  assert.ok(r.neval > 30 + 2 * PROBE_SIDE + 1 && r.neval < 30 + 2 * PROBE_SIDE + 1 + 1000);
});

Deno.test("narrow peaks elsewhere: finite range, one-sided ranges, and a spike at 0", () => {
  const cases: [string, (x: number) => number, number, number, number][] = [
    ["finite", (x) => Math.exp(-(((x - 700.3) * 100) ** 2)), 0, 1000, SQRT_PI / 100],
    ["[0, ∞)", (x) => Math.exp(-(((x - 1e9) / 1e5) ** 2)), 0, Infinity, SQRT_PI * 1e5],
    ["(-∞, 0]", (x) => Math.exp(-(((x + 5000) * 3) ** 2)), -Infinity, 0, SQRT_PI / 3],
    // Narrower than the probe spacing around 0: found at x = 0, the bracket is narrowed.
    ["spike", (x) => Math.exp(-((x * 1e9) ** 2)), -Infinity, Infinity, SQRT_PI / 1e9],
    // Values ~1e-20 at the nearest nodes: "converged" by epsabs without the probe.
    ["faint tail", (x) => Math.exp(-(((x - 300) / 10) ** 2)), -Infinity, Infinity, SQRT_PI * 10],
  ];
  for (const [name, f, a, b, exact] of cases) {
    const r = quad(f, a, b);
    assert.equal(r.ier, 0, `${name}: ${r.message}`);
    assert.ok(Math.abs(r.value - exact) <= 1e-9 * exact, `${name}: ${r.value} vs ${exact}`);
    assert.match(r.message, /narrow feature/, name);
  }
});

Deno.test("a peak the probe cannot see either is never reported as converged", () => {
  // Support ~0.005 wide at x = 1e6, where probe points are ~4000 apart: nothing finds it.
  const r = quad((x) => Math.exp(-(((x - 1e6) * 1e3) ** 2)), -Infinity, Infinity);
  assert.equal(r.value, 0);
  assert.equal(r.ier, 3);
  assert.match(r.message, /narrow peak may have been missed/);
  // The same on a finite range.
  const s = quad((x) => (Math.abs(x - 0.123456) < 1e-9 ? 1 : 0), 0, 1);
  assert.equal(s.ier, 3);
  assert.match(s.message, /0 at every quadrature node and at every one of 8192 probe points/);
});

Deno.test("f = 0 everywhere: value 0, flagged as unconfirmed (ier 3)", () => {
  for (const [a, b] of [[0, 1], [-Infinity, Infinity], [0, Infinity], [-Infinity, 0]]) {
    const r = quad(() => 0, a!, b!);
    assert.equal(r.value, 0);
    assert.equal(r.ier, 3);
    assert.match(r.message, /unconfirmed/);
  }
});

Deno.test("a small but well-sampled integrand is not disturbed by the probe", () => {
  const r = quad((x) => 1e-10 * Math.exp(-x * x), -Infinity, Infinity);
  assert.equal(r.ier, 0);
  // Converged by epsabs (1.49e-8), the first estimate's accuracy; its error estimate holds.
  assert.ok(Math.abs(r.value - 1e-10 * SQRT_PI) <= r.abserr && r.abserr < 1e-10);
  assert.match(r.message, /found no larger values/);
  // A normal-sized integrand never runs the probe.
  const s = quad((x) => Math.exp(-x * x), -Infinity, Infinity);
  assert.equal(s.neval, 270);
  assert.doesNotMatch(s.message, /probe/);
});
