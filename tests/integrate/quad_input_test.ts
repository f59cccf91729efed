import assert from "node:assert/strict";
import { quad, quadAsync } from "../../lib/integrate/quad.ts";

const gauss = (x: number): number => Math.exp(-x * x);

Deno.test("bad arguments: TypeError for wrong types, RangeError naming the option and value", () => {
  // deno-lint-ignore no-explicit-any
  const q = quad as any;
  assert.throws(() => q("sin", 0, 1), {
    name: "TypeError",
    message: /quad: f must be a function, received "sin"/,
  });
  assert.throws(() => q(Math.sin, "0", 1), { name: "TypeError", message: /a must be a number/ });
  assert.throws(() => q(Math.sin, 0, 1, { args: 3 }), {
    name: "TypeError",
    message: /args must be an array/,
  });
  assert.throws(() => quad(Math.sin, NaN, 1), {
    name: "RangeError",
    message: /a must not be NaN, received NaN/,
  });
  assert.throws(() => quad(Math.sin, 0, NaN), { name: "RangeError", message: /b must not be NaN/ });
  assert.throws(() => quad(Math.sin, 0, 1, { epsabs: NaN }), {
    name: "RangeError",
    message: /epsabs must not be NaN/,
  });
  assert.throws(() => quad(Math.sin, 0, 1, { epsabs: 0, epsrel: 0 }), {
    name: "RangeError",
    message: /epsabs and epsrel are both <= 0 \(epsabs = 0, epsrel = 0\)/,
  });
  assert.throws(() => quad(Math.sin, 0, 1, { epsabs: -1, epsrel: -2 }), {
    name: "RangeError",
    message: /epsabs = -1, epsrel = -2/,
  });
  assert.throws(() => quad(Math.sin, 0, 1, { limit: 0 }), {
    name: "RangeError",
    message: /limit must be an integer >= 1, received 0/,
  });
  assert.throws(() => quad(Math.sin, 0, 1, { limit: 2.5 }), {
    name: "RangeError",
    message: /received 2.5/,
  });
  // quadAsync checks the same, rejecting.
  // deno-lint-ignore no-explicit-any
  return assert.rejects(() => (quadAsync as any)(null, 0, 1), {
    name: "TypeError",
    message: /quadAsync: f must be a function/,
  });
});

Deno.test("epsabs <= 0 with epsrel below 50·eps: QUADPACK's ier 6 (invalid input), nothing computed", () => {
  let calls = 0;
  const r = quad(() => calls++, 0, 1, { epsabs: 0, epsrel: 1e-16 });
  assert.deepEqual([r.value, r.neval, r.ier, calls], [0, 0, 6, 0]);
  assert.match(r.message, /Invalid input/);
});

Deno.test("f must return numbers; NaN or ±Infinity stops with ier 3 and says where", () => {
  // deno-lint-ignore no-explicit-any
  assert.throws(() => quad((() => "1") as any, 0, 1), {
    name: "TypeError",
    message: /f must return a number, received "1" at x = 0.5/,
  });
  const r = quad((x) => 1 / x, -1, 1); // the centre node is 0
  assert.equal(r.ier, 3);
  assert.ok(Number.isNaN(r.value));
  assert.match(r.message, /NaN or ±Infinity at x = 0/);
  assert.equal(quad((x) => (x > 0.9 ? NaN : x), 0, 1).ier, 3);
});

Deno.test("a === b gives 0; a > b gives minus the integral over [b, a]", () => {
  for (const a of [0, 5, Infinity, -Infinity]) {
    const r = quad(gauss, a, a);
    assert.deepEqual([r.value, r.abserr, r.neval, r.ier], [0, 0, 0, 0]);
  }
  const forward = quad(Math.sin, 0, 2), backward = quad(Math.sin, 2, 0);
  assert.equal(backward.value, -forward.value);
  assert.deepEqual({ ...backward, value: 0 }, { ...forward, value: 0 });
  assert.equal(quad(gauss, Infinity, -Infinity).value, -quad(gauss, -Infinity, Infinity).value);
  assert.ok(Math.abs(quad((x) => Math.exp(-x), Infinity, 0).value + 1) < 1e-14);
  assert.ok(Math.abs(quad((x) => Math.exp(x), 0, -Infinity).value + 1) < 1e-14);
  assert.ok(Object.is(quad(() => 0, 1, 0).value, 0), "not -0");
});

Deno.test("args are passed after x, any number of them", () => {
  assert.equal(quad((x, k: number) => x ** k, 0, 1, { args: [3] }).value, 0.25);
  const line = (x: number, m: number, c: number): number => m * x + c;
  assert.ok(Math.abs(quad(line, 0, 2, { args: [3, 1] }).value - 8) < 1e-14);
  const cubic = (x: number, a: number, b: number, c: number, d: number): number =>
    ((a * x + b) * x + c) * x + d;
  assert.ok(Math.abs(quad(cubic, 0, 1, { args: [4, 3, 2, 1] }).value - 4) < 1e-14);
});

Deno.test("limit 1 returns the first estimate with ier 1; a larger limit lets 1/√x converge", () => {
  const f = (x: number): number => 1 / Math.sqrt(x);
  const one = quad(f, 0, 1, { limit: 1 });
  assert.deepEqual([one.ier, one.last, one.neval], [1, 1, 21]);
  assert.match(one.message, /limit = 1/);
  const tight = quad(f, 0, 1, { epsabs: 0, epsrel: 1e-13, limit: 200 });
  assert.equal(tight.ier, 0);
  assert.ok(Math.abs(tight.value - 2) < 1e-12);
});
