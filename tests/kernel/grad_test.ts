// grad() against derivatives worked out by hand: each kernel is evaluated on arrays and compared
// element by element, to 1e-12 relative (the symbolic derivative is computed in float64 in its
// own order, so only the last bits may differ from the hand-written formula).
import assert from "node:assert/strict";
import { grad, type JitScalarFunction } from "../../lib/kernel/mod.ts";
import { RandomState } from "../../lib/random/random_state.ts";

const random = new RandomState(19);
/** Points where every function below is defined: 0.1 to 3. */
const x = random.uniform(0.1, 3, 1000);
const y = random.uniform(0.1, 3, 1000);

/** Fails at the first element off `expected` by more than 1e-12 relative (NaN equals NaN). */
function assertClose(actual: Float64Array, expected: ArrayLike<number>, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < actual.length; i++) {
    const want = expected[i]!;
    const got = actual[i]!;
    if (Number.isNaN(want) && Number.isNaN(got)) continue;
    const scale = Math.max(Math.abs(want), Number.MIN_VALUE);
    if (!(Math.abs(got - want) <= 1e-12 * scale) && got !== want) {
      assert.fail(`${label}: element ${i} (x=${x[i]}) is ${got}, expected ${want}`);
    }
  }
}

/** Asserts grad(f) over `x` is the hand-derived `df`. */
function assertDerivative(f: JitScalarFunction, df: (v: number) => number): void {
  assertClose(grad(f)(x), Float64Array.from(x, df), String(f));
}

Deno.test("grad() of sin(x)·x² is cos(x)·x² + 2x·sin(x) to 1e-12 relative", () => {
  const df = grad((x: number) => Math.sin(x) * x ** 2);
  const wide = random.uniform(-50, 50, 10_000);
  const expected = wide.map((v) => Math.cos(v) * v * v + 2 * v * Math.sin(v));
  assertClose(df(wide), expected, "sin(x) * x ** 2");
  assert.deepEqual(df.params, ["x"]);
  assert.equal(df.reduce, null);
  assert.equal(grad((x: number) => Math.sin(x) * x ** 2), df, "kernels are cached by source");
});

Deno.test("grad() differentiates polynomials, including negative and fractional powers", () => {
  assertDerivative((x) => -4 * x ** 3 + 9 * x ** 2 + 6 * x - 3, (v) => -12 * v * v + 18 * v + 6);
  assertDerivative((x) => x ** 8 - x, (v) => 8 * v ** 7 - 1);
  assertDerivative((x) => x ** -2, (v) => -2 / (v * v * v));
  assertDerivative((x) => x ** 0.5 + x ** 2.5, (v) => 0.5 / Math.sqrt(v) + 2.5 * v ** 1.5);
  assertDerivative((x) => (x + 1) / (x - 4), (v) => -5 / ((v - 4) * (v - 4)));
  assertDerivative((x) => +x - -x, () => 2);
  assertDerivative((x) => 7 + 0 * x, () => 0);
});

Deno.test("grad() differentiates exp, log, sqrt, tan, atan and the rest of Math", () => {
  assertDerivative((x) => Math.exp(2 * x), (v) => 2 * Math.exp(2 * v));
  assertDerivative((x) => Math.log(x), (v) => 1 / v);
  assertDerivative(
    (x) => Math.log10(x) + Math.log2(x),
    (v) => 1 / (v * Math.LN10) + 1 / (v * Math.LN2),
  );
  assertDerivative((x) => Math.sqrt(x), (v) => 0.5 / Math.sqrt(v));
  assertDerivative((x) => Math.tan(x), (v) => 1 / Math.cos(v) ** 2);
  assertDerivative((x) => Math.atan(x), (v) => 1 / (1 + v * v));
  assertDerivative((x) => Math.asin(x / 4) + Math.acos(x / 4), () => 0);
  assertDerivative((x) => Math.sinh(x) - Math.cosh(x), (v) => Math.cosh(v) - Math.sinh(v));
  assertDerivative((x) => Math.tanh(x), (v) => 1 - Math.tanh(v) ** 2);
  assertDerivative((x) => Math.asinh(x), (v) => 1 / Math.sqrt(v * v + 1));
  assertDerivative((x) => Math.acosh(x + 1), (v) => 1 / Math.sqrt((v + 1) ** 2 - 1));
  assertDerivative((x) => Math.atanh(x / 4), (v) => 0.25 / (1 - (v / 4) ** 2));
  assertDerivative((x) => Math.PI * x + Math.E, () => Math.PI);
});

Deno.test("grad() of a power with a variable exponent uses log of the base", () => {
  assertDerivative((x) => 2 ** x, (v) => 2 ** v * Math.LN2);
  assertDerivative((x) => x ** x, (v) => v ** v * (Math.log(v) + 1));
  assertDerivative(
    (x) => Math.pow(x, Math.sin(x)),
    (v) => v ** Math.sin(v) * (Math.cos(v) * Math.log(v) + Math.sin(v) / v),
  );
});

Deno.test("grad() follows the chain rule through nested calls and const locals", () => {
  assertDerivative(
    (x) => Math.sin(Math.cos(x ** 2)),
    (v) => -2 * v * Math.sin(v * v) * Math.cos(Math.cos(v * v)),
  );
  assertDerivative((x) => Math.exp(-(x * x) / 2), (v) => -v * Math.exp(-(v * v) / 2));
  assertDerivative((x) => {
    const u = x * x + 1;
    const w = Math.log(u);
    return w * w;
  }, (v) => 2 * Math.log(v * v + 1) * 2 * v / (v * v + 1));
  assertDerivative(function logistic(x) {
    const e = Math.exp(-x); // a local named like mathjs's constant e
    return 1 / (1 + e);
  }, (v) => Math.exp(-v) / (1 + Math.exp(-v)) ** 2);
});

Deno.test("grad() of Math.abs is Math.sign, 0 at 0 as jax's", () => {
  const df = grad((x: number) => Math.abs(x) * 3);
  assert.deepEqual(df(new Float64Array([-2, 0, 5, -0])), new Float64Array([-3, 0, 3, -0]));
  assert.ok(Number.isNaN(df(new Float64Array([NaN]))[0]!));
});

Deno.test("grad() with argnums 0 and 1 differentiates with respect to each parameter", () => {
  const f = (x: number, y: number) => x * x * y + Math.sin(x * y);
  assertClose(grad(f)(x, y), x.map((v, i) => 2 * v * y[i]! + y[i]! * Math.cos(v * y[i]!)), "∂x");
  assertClose(
    grad(f, { argnums: 1 })(x, y),
    x.map((v, i) => v * v + v * Math.cos(v * y[i]!)),
    "∂y",
  );
  const both = grad(f, { argnums: [1, 0] });
  const [dy, dx] = both(x, y);
  assert.deepEqual(dy, grad(f, { argnums: 1 })(x, y));
  assert.deepEqual(dx, grad(f, { argnums: 0 })(x, y));
  assert.deepEqual(both.argnums, [1, 0]);
  assert.deepEqual(both.params, ["x", "y"]);
  assert.equal(both.kernels[0], grad(f, { argnums: 1 }));
});

Deno.test("grad() broadcasts numbers and writes into out, as a jit() kernel", () => {
  const f = (x: number, c: number) => c * x ** 3;
  const out = new Float64Array(x.length);
  assert.equal(grad(f)(x, 2, out), out);
  assertClose(out, x.map((v) => 6 * v * v), "∂x with c = 2");
  assertClose(grad(f, { argnums: 1 })(x, 2), x.map((v) => v ** 3), "∂c with c = 2");
  // Differentiating with respect to a broadcast number still gives one value per element.
  assertClose(grad(f, { argnums: 1 })(1.5, y), y.map(() => 1.5 ** 3), "∂c, x a number");
  const outs = [new Float64Array(x.length), new Float64Array(x.length)];
  const both = grad(f, { argnums: [0, 1] });
  const result = both(x, 2, outs);
  assert.equal(result[0], outs[0]);
  assert.equal(result[1], outs[1]);
  assert.throws(() => both(x, 2, outs[0] as never), /an Array of 2 Float64Arrays/);
  assert.throws(() => both(x, 2, [outs[0]!] as never), /received an Array of 1/);
  assert.throws(() => grad(f)(x, 2, new Float64Array(3)), RangeError);
});

Deno.test("grad() checks its options: argnums within the parameters, distinct, integers", () => {
  const f = (x: number, y: number) => x * y;
  assert.throws(
    () => grad(f, { argnums: 2 }),
    (error: Error) =>
      error instanceof RangeError &&
      error.message ===
        "grad(): expected argnums within the 2 parameters of the function (x, y), received 2",
  );
  assert.throws(() => grad(f, { argnums: [0, 2] }), RangeError);
  assert.throws(
    () => grad(f, { argnums: -1 }),
    /non-negative integer or an array of them, received -1/,
  );
  assert.throws(() => grad(f, { argnums: 0.5 }), TypeError);
  assert.throws(() => grad(f, { argnums: "0" as never }), /received string/);
  assert.throws(() => grad(f, { argnums: [] }), /at least one position/);
  assert.throws(() => grad(f, { argnums: [1, 1] }), /distinct argnums, received 1 twice/);
  assert.throws(() => grad(f, { reduce: "sum" } as never), /unknown option 'reduce'/);
  assert.throws(() => grad(f, null as never), /expected options to be an object, received null/);
  assert.throws(() => grad(Math.sin), /grad\(\): .*built-in or bound function/);
  assert.throws(() => grad(3 as never), /grad\(\): expected a function, received number/);
});

Deno.test("grad() reads function expressions and methods, and gives the derivative's source", () => {
  const shapes = {
    area(r: number): number {
      return Math.PI * r ** 2;
    },
  };
  assertClose(grad(shapes.area)(x), x.map((v) => 2 * Math.PI * v), "a method");
  assertClose(
    grad(function (t: number, w: number) {
      return Math.cos(w * t);
    })(x, 2),
    x.map((v) => -2 * Math.sin(2 * v)),
    "a function expression",
  );
  // The derivative is one arrow function over the same parameters, which jit() fuses.
  const df = grad((u: number, v: number) => u * Math.exp(v), { argnums: 1 });
  assert.equal(df.source, "(u, v) => (u * Math.exp(v))");
  assert.deepEqual(df.params, ["u", "v"]);
});
