import assert from "node:assert/strict";
import { compile } from "../../lib/kernel/mod.ts";
import { RandomState } from "../../lib/random/random_state.ts";

const x = new RandomState(0).uniform(-2, 2, 1000);

/** Fails at the first element where `actual` and `expected` differ (NaN equals NaN, -0 ≠ 0). */
function assertSameElements(actual: Float64Array, expected: Float64Array, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      assert.fail(`${label}: element ${i} (x=${x[i]}) is ${actual[i]}, expected ${expected[i]}`);
    }
  }
}

function assertMatchesJs(expression: string, js: (v: number) => number): void {
  assertSameElements(compile(expression)(x), Float64Array.from(x, js), expression);
}

Deno.test("compile() evaluates each arithmetic operator as plain JS does", () => {
  assertMatchesJs("x + 1.5", (v) => v + 1.5);
  assertMatchesJs("x - 3", (v) => v - 3);
  assertMatchesJs("2.5 * x", (v) => 2.5 * v);
  assertMatchesJs("x / 3", (v) => v / 3);
  assertMatchesJs("-x", (v) => -v);
  assertMatchesJs("2x", (v) => 2 * v);
  assertMatchesJs("(x + 1) * (x - 1)", (v) => (v + 1) * (v - 1));
  assertMatchesJs("1 - 2 - x", (v) => 1 - 2 - v);
  assertMatchesJs("pi * x + e", (v) => Math.PI * v + Math.E);
  assertMatchesJs("1e-3 * x + 0x10", (v) => 1e-3 * v + 16);
});

Deno.test("compile() unrolls integer powers into multiplications and calls Math.pow otherwise", () => {
  assertMatchesJs("x^2", (v) => v * v);
  assertMatchesJs("x^3", (v) => v * v * v);
  assertMatchesJs("x^-2", (v) => 1 / (v * v));
  assertMatchesJs("(x + 1)^3", (v) => (v + 1) * (v + 1) * (v + 1));
  assertMatchesJs("x^0", () => 1);
  assertMatchesJs("x^0.5", (v) => Math.pow(v, 0.5));
  assertMatchesJs("x^10", (v) => Math.pow(v, 10));
  assertMatchesJs("e^x", (v) => Math.pow(Math.E, v));
  assertMatchesJs("pow(x, 3) + pow(x, 2.5)", (v) => v * v * v + Math.pow(v, 2.5));
  assertMatchesJs("-x^2", (v) => -(v * v));
  assertMatchesJs("2^3^2", () => 512);
  assert.match(compile("x^3").source, /v_x \* v_x \* v_x/);
  assert.doesNotMatch(compile("x^3").source, /Math\.pow/);
  // Unrolled products stay within a few ulps of the correctly rounded power.
  const unrolled = compile("x^7")(x);
  x.forEach((v, i) => {
    const exact = Math.pow(v, 7);
    assert.ok(Math.abs(unrolled[i]! - exact) <= 4 * Number.EPSILON * Math.abs(exact), `x=${v}`);
  });
});

Deno.test("compile() gives comparisons as 1/0 and evaluates the seed formulas", () => {
  assertMatchesJs("x > 0", (v) => v > 0 ? 1 : 0);
  assertMatchesJs("x < 0.5", (v) => v < 0.5 ? 1 : 0);
  assertMatchesJs("x >= 1", (v) => v >= 1 ? 1 : 0);
  assertMatchesJs("x <= -1", (v) => v <= -1 ? 1 : 0);
  assertMatchesJs("round(x) == 1", (v) => Math.round(v) === 1 ? 1 : 0);
  assertMatchesJs("round(x) != 1", (v) => Math.round(v) !== 1 ? 1 : 0);
  assertMatchesJs("(x > 0) * 2 + (x <= 0)", (v) => (v > 0 ? 2 : 0) + (v <= 0 ? 1 : 0));
  assertMatchesJs("-4*x^3 + 9*x^2 + 6*x - 3", (v) => -4 * (v * v * v) + 9 * (v * v) + 6 * v - 3);
  assertMatchesJs("x > 0 ? sin(x) : cos(x)", (v) => v > 0 ? Math.sin(v) : Math.cos(v));
  assertMatchesJs("x > 1 ? 1 : x < -1 ? -1 : x", (v) => v > 1 ? 1 : v < -1 ? -1 : v);
  // A number as condition: 0 and NaN are false, as in mathjs and JS.
  const numeric = compile("x ? 1 : 2")(new Float64Array([0, NaN, -3]));
  assert.deepEqual(numeric, new Float64Array([2, 2, 1]));
});

Deno.test("compile() calls every supported math function as Math does", () => {
  for (
    const name of ["sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh"] as const
  ) {
    assertMatchesJs(`${name}(x)`, Math[name]);
  }
  for (const name of ["exp", "log", "log10", "log2", "sqrt", "abs", "floor", "ceil"] as const) {
    assertMatchesJs(`${name}(x)`, Math[name]);
  }
  assertMatchesJs("round(3 * x)", (v) => Math.round(3 * v));
  assertMatchesJs("min(x, 0.5)", (v) => Math.min(v, 0.5));
  assertMatchesJs("max(x, -0.5, x^2)", (v) => Math.max(v, -0.5, v * v));
  assertMatchesJs(
    "sqrt(abs(x)) * log(1 + x^2)",
    (v) => Math.sqrt(Math.abs(v)) * Math.log(1 + v * v),
  );
});

Deno.test("compile() takes named scalar params after x or after out", () => {
  const gauss = compile("exp(-(x*p)^2)", { params: ["p"] });
  const expected = Float64Array.from(x, (v) => Math.exp(-((v * 2) * (v * 2))));
  assertSameElements(gauss(x, { p: 2 }), expected, "kernel(x, params)");
  const out = new Float64Array(x.length);
  assert.equal(gauss(x, out, { p: 2 }), out);
  assertSameElements(out, expected, "kernel(x, out, params)");
  const renamed = compile("sin(t) * k + b", { variable: "t", params: ["k", "b"] });
  assertSameElements(
    renamed(x, { k: 3, b: -1 }),
    Float64Array.from(x, (v) => Math.sin(v) * 3 - 1),
    "t",
  );
  assert.deepEqual(renamed.params, ["k", "b"]);
  assert.throws(
    () => gauss(x),
    /expected params \{ p \} as numbers, received param 'p' is undefined/,
  );
  assert.throws(() => gauss(x, { p: 2, q: 1 }), /unknown param 'q'/);
  assert.throws(() => gauss(x, { p: "2" } as never), TypeError);
  assert.throws(() => compile("x", { params: ["a;alert(1)"] }), /ASCII identifier/);
  assert.throws(() => compile("x", { params: ["sin"] }), TypeError);
  assert.throws(() => compile("x", { params: ["x"] }), /given twice or is also the variable/);
});

Deno.test("compile() returns the cached kernel for the same expression and options", () => {
  const poly = "-4*x^3 + 9*x^2 + 6*x - 3";
  assert.equal(compile(poly), compile(poly));
  assert.equal(compile(poly, { params: ["p"] }), compile(poly, { params: ["p"] }));
  assert.notEqual(compile(poly), compile(poly, { params: ["p"] }));
  assert.notEqual(compile("x + 1"), compile("x+1"));
  assert.ok(Object.isFrozen(compile(poly)));
  assert.equal(compile(poly).expression, poly);
  assert.match(compile(poly).source, /^"use strict";\n/);
});

Deno.test("a kernel writes into out, which may be x itself, and checks out", () => {
  const kernel = compile("x > 0 ? sin(x) : cos(x)");
  const expected = kernel(x);
  const inPlace = x.slice();
  assert.equal(kernel(inPlace, inPlace), inPlace);
  assertSameElements(inPlace, expected, "out aliasing x");
  assertSameElements(
    kernel(new Float32Array(x)),
    Float64Array.from(new Float32Array(x), (v) => v > 0 ? Math.sin(v) : Math.cos(v)),
    "Float32Array x",
  );
  assert.throws(() => kernel(x, new Float64Array(3)), RangeError);
  assert.throws(
    () => kernel(x, new Float32Array(x.length) as never),
    /expected out to be a Float64Array, received a Float32Array/,
  );
  assert.throws(
    () => kernel([1, 2] as never),
    /received an Array \(convert it with Float64Array.from\(x\)\)/,
  );
  assert.deepEqual(kernel(new Float64Array(0)), new Float64Array(0));
});

Deno.test("a kernel whose out overlaps x one element later reads x before overwriting it", () => {
  const kernel = compile("2 * x");
  const memory = new Float64Array([1, 2, 3, 4, 0]);
  // out[i] is x[i + 1]: writing in order would double an already doubled value.
  assert.deepEqual(
    kernel(memory.subarray(0, 4), memory.subarray(1)),
    new Float64Array([2, 4, 6, 8]),
  );
  const withParams = compile("x + k", { params: ["k"] });
  const bytes = new Float64Array([1, 2, 3, 0]);
  withParams(bytes.subarray(0, 3), bytes.subarray(1), { k: 10 });
  assert.deepEqual(bytes, new Float64Array([1, 11, 12, 13]));
  // A Float32Array x under a Float64Array out of the same bytes is not element for element.
  const shared = new ArrayBuffer(16);
  const narrow = new Float32Array(shared);
  narrow.set([1, 2, 3, 4]);
  const wide = new Float64Array(shared, 0, 2);
  kernel(narrow.subarray(0, 2), wide);
  assert.deepEqual(wide, new Float64Array([2, 4]));
});
