// jit(fn): TypeScript functions as kernels, their arguments (arrays, broadcast numbers, out),
// their types, and what they do with bad input.
import assert from "node:assert/strict";
import { jit } from "../../lib/kernel/jit.ts";
import type { JitKernel, JitReducer } from "../../lib/kernel/jit.ts";
import type { NumericArray } from "../../lib/kernel/types.ts";

Deno.test("jit() of a TypeScript arrow reads its source with the types already erased", () => {
  const poly = jit((x: number) => -4 * x ** 3 + 9 * x ** 2 + 6 * x - 3);
  assert.doesNotMatch(poly.source, /: number/);
  assert.deepEqual(poly.params, ["x"]);
  assert.equal(poly.reduce, null);
  const x = Float64Array.from({ length: 1000 }, (_, i) => (i - 500) / 37);
  // x ** 3 is x * x * x (see the power test below).
  const expected = x.map((v) => -4 * (v * v * v) + 9 * v ** 2 + 6 * v - 3);
  assert.deepEqual(poly(x), expected);
});

Deno.test("function expressions, declarations and methods with const bodies are kernels", () => {
  function hypotenuse(a: number, b: number): number {
    const squares = a * a + b * b;
    return Math.sqrt(squares);
  }
  const shapes = {
    area(w: number, h: number): number {
      return w * h;
    },
  };
  const inside = function (x: number, y: number): number {
    return x * x + y * y <= 1 ? 1 : 0;
  };
  const a = new Float64Array([3, 5]);
  const b = new Float64Array([4, 12]);
  assert.deepEqual(jit(hypotenuse)(a, b), new Float64Array([5, 13]));
  assert.deepEqual(jit(shapes.area)(a, b), new Float64Array([12, 60]));
  assert.deepEqual(jit(inside)(new Float64Array([0.5, 0.9]), 0.5), new Float64Array([1, 0]));
});

Deno.test("numbers are broadcast in any position; arrays of other numeric types are read", () => {
  const line = jit((a: number, x: number, b: number) => a * x + b);
  assert.deepEqual(line(2, new Int16Array([1, -2]), 1), new Float64Array([3, -3]));
  assert.deepEqual(
    line(new Float32Array([0.5, 2]), 4, new Uint8Array([1, 255])),
    new Float64Array([3, 263]),
  );
  assert.deepEqual(
    line(new Float64Array([1]), new Float64Array([2]), NaN),
    new Float64Array([NaN]),
  );
});

Deno.test("a comparison gives 1 or 0 in the output, numpy's bool as float64", () => {
  const positive = jit((x: number) => x > 0);
  assert.deepEqual(positive(new Float64Array([-1, 0, 2, NaN])), new Float64Array([0, 0, 1, 0]));
});

Deno.test("arrays of different lengths are a RangeError naming both", () => {
  const add = jit((x: number, y: number) => x + y);
  assert.throws(
    () => add(new Float64Array(3), new Float64Array(4)),
    (error: unknown) =>
      error instanceof RangeError && /x of length 3 and y of length 4/.test(error.message) &&
      /numbers are broadcast; arrays are not/.test(error.message),
  );
});

Deno.test("only numbers, with no array, is a TypeError: there is no length to loop over", () => {
  const add = jit((x: number, y: number) => x + y);
  assert.throws(
    () => add(1, 2),
    /expected at least one array among \(x, y\), received only numbers/,
  );
});

Deno.test("out receives the result and is returned; it may be an input (in place)", () => {
  const square = jit((x: number) => x * x);
  const x = new Float64Array([1, 2, 3]);
  const out = new Float64Array(3);
  assert.equal(square(x, out), out);
  assert.deepEqual(out, new Float64Array([1, 4, 9]));
  assert.equal(square(x, x), x);
  assert.deepEqual(x, new Float64Array([1, 4, 9]));
  assert.deepEqual(square(x, undefined as unknown as Float64Array), new Float64Array([1, 16, 81]));
});

Deno.test("a bad out is a TypeError or RangeError, and leaves the input untouched", () => {
  const square = jit((x: number) => x * x);
  const x = new Float64Array([1, 2]);
  assert.throws(() => square(x, new Float32Array(2) as unknown as Float64Array), TypeError);
  assert.throws(
    () => square(x, new Float64Array(3)),
    /expected out of length 2 \(as the arrays\), received length 3/,
  );
  assert.deepEqual(x, new Float64Array([1, 2]));
});

Deno.test("wrong argument counts and kinds are TypeErrors saying what was expected", () => {
  const add = jit((x: number, y: number) => x + y) as unknown as (...args: unknown[]) => unknown;
  assert.throws(
    () => add(new Float64Array(1)),
    /expected 2 arguments \(x, y\) and an optional out, received 1/,
  );
  assert.throws(() => add(1, 2, 3, 4), /received 4/);
  assert.throws(
    () => add([1, 2], 1),
    /expected x to be a number or a numeric typed array, received an Array \(convert it with Float64Array\.from\(x\)\)/,
  );
  assert.throws(
    () => add(new Float64Array(1), new BigInt64Array(1)),
    /expected y .* received a BigInt64Array/,
  );
  assert.throws(() => add(new Float64Array(1), "2"), /received string/);
  assert.throws(
    () => add(new Float64Array(1), new DataView(new ArrayBuffer(8))),
    /received a DataView/,
  );
});

Deno.test("jit() of a non-function, a built-in or a bound function is a TypeError", () => {
  const anyJit = jit as unknown as (fn: unknown, options?: unknown) => unknown;
  assert.throws(() => anyJit("x * 2"), /jit\(\): expected a function, received string/);
  assert.throws(() => anyJit(undefined), TypeError);
  assert.throws(
    () => anyJit(Math.sin),
    /built-in or bound function \(sin\).*wrap it, as \(x\) => Math\.sin\(x\)/,
  );
  const bound = ((x: number) => x).bind(null);
  assert.throws(() => anyJit(bound), /built-in or bound function/);
});

Deno.test("options are checked: only reduce, one of sum, mean, min, max", () => {
  const anyJit = jit as unknown as (fn: unknown, options?: unknown) => unknown;
  const f = (x: number) => x;
  assert.throws(
    () => anyJit(f, { reduction: "sum" }),
    /unknown option 'reduction' \(the only option is reduce\)/,
  );
  assert.throws(
    () => anyJit(f, { reduce: "median" }),
    /expected reduce to be one of "sum", "mean", "min", "max", received "median"/,
  );
  assert.throws(() => anyJit(f, null), /expected options to be an object, received null/);
  assert.throws(() => anyJit(f, "sum"), TypeError);
});

Deno.test("the same source gives the same kernel: it can read nothing else", () => {
  const make = () => jit((x: number) => x + 1);
  assert.equal(make(), make());
  assert.notEqual(
    jit((x: number) => x + 1, { reduce: "sum" }),
    jit((x: number) => x + 1) as unknown,
  );
  assert.ok(Object.isFrozen(make()));
});

Deno.test("parameter names that are also names in the generated loop keep their meaning", () => {
  const f = jit((out: number, n: number, i: number, at: number) =>
    out * 1000 + n * 100 + i * 10 + at
  );
  assert.deepEqual(
    f(new Float64Array([1, 2]), 3, 4, new Float64Array([5, 6])),
    new Float64Array([1345, 2346]),
  );
  const g = jit((pairwise: number, res: number, m: number) => pairwise - res - m, {
    reduce: "sum",
  });
  assert.equal(g(new Float64Array([10, 20]), 1, 2), 24);
});

Deno.test("comments, unusual spacing and Math constants in the source are fine", () => {
  // deno-fmt-ignore
  const f = jit((x: number) => /* twice */ 2*x   // then shifted
    + Math.LN2);
  assert.deepEqual(f(new Float64Array([1])), new Float64Array([2 + Math.LN2]));
});

Deno.test("a large array is computed exactly as a loop calling the function", () => {
  const fn = (x: number, y: number) => (x > y ? Math.sin(x) * y : Math.cos(y) - x);
  const x = Float64Array.from({ length: 1_000_003 }, (_, i) => Math.sin(i) * 10);
  const y = Float64Array.from({ length: 1_000_003 }, (_, i) => Math.cos(i * 0.7) * 10);
  const result = jit(fn)(x, y);
  for (let i = 0; i < x.length; i++) {
    if (!Object.is(result[i], fn(x[i]!, y[i]!))) assert.fail(`element ${i} differs`);
  }
});

Deno.test("kernel types map each number parameter to NumericArray | number, plus out", () => {
  const kernel: JitKernel<(x: number, y: number) => number> = jit((x: number, y: number) => x * y);
  const typed: (
    x: NumericArray | number,
    y: NumericArray | number,
    out?: Float64Array,
  ) => Float64Array = kernel;
  const reducer: JitReducer<(x: number) => number> = jit((x: number) => x, { reduce: "max" });
  const reduced: number = reducer(new Float64Array([1, 5]));
  assert.equal(reduced, 5);
  assert.deepEqual(typed(new Float64Array([2]), 3), new Float64Array([6]));
  const untyped = jit((x, y) => x + y); // parameters inferred as numbers
  assert.deepEqual(untyped(new Float64Array([1]), 1), new Float64Array([2]));
  if (false as boolean) {
    // @ts-expect-error: y is missing
    kernel(new Float64Array(1));
    // @ts-expect-error: a string is not an array or a number
    kernel(new Float64Array(1), "2");
    // @ts-expect-error: one argument too many after out
    kernel(new Float64Array(1), 1, new Float64Array(1), 1);
    // @ts-expect-error: a reduction has no out
    reducer(new Float64Array(1), new Float64Array(1));
    // @ts-expect-error: a kernel's function takes numbers
    jit((s: string) => s.length);
    // @ts-expect-error: and returns a number or a boolean
    jit((x: number) => String(x));
  }
});

Deno.test("x ** 2 is computed as x * x, which is exactly what V8's pow gives", () => {
  const squared = jit((x: number) => x ** 2 + (x - 1) ** 2);
  assert.match(String(squared.source), /\*\* 2/);
  const x = Float64Array.from({ length: 200_000 }, (_, i) => Math.sin(i) * 10 ** ((i % 40) - 20));
  const result = squared(x);
  for (let i = 0; i < x.length; i++) {
    const expected = Math.pow(x[i]!, 2) + Math.pow(x[i]! - 1, 2);
    if (!Object.is(result[i], expected)) assert.fail(`element ${i} (${x[i]}) differs`);
  }
});

Deno.test("a ** n for an integer literal |n| <= 8 is multiplications, as compile()'s x^n", async () => {
  const { compile } = await import("../../lib/kernel/compile.ts");
  const x = Float64Array.from({ length: 100_000 }, (_, i) => Math.sin(i) * 10 ** ((i % 20) - 10));
  // The seed polynomial: the same bits as compile()'s, which unrolls x^3 the same way.
  const poly = jit((x: number) => -4 * x ** 3 + 9 * x ** 2 + 6 * x - 3);
  assert.deepEqual(poly(x), compile("-4*x^3 + 9*x^2 + 6*x - 3")(x));
  // Left to right, through a helper for an expression base; 1 / (...) for negative powers;
  // x ** 0 is 1 even for NaN, and x ** 1 is x.
  const powers = jit((x: number) => (x + 1) ** 5 + x ** -3 + x ** 0 + (x - 1) ** 1);
  const expected = x.map((v) => {
    const a = v + 1;
    return a * a * a * a * a + 1 / (v * v * v) + 1 + (v - 1);
  });
  assert.deepEqual(powers(x), expected);
  assert.deepEqual(jit((x: number) => x ** 0)(new Float64Array([NaN])), new Float64Array([1]));
  // Anything else stays Math.pow: a fraction, |n| > 8, or a non-literal exponent.
  const others = jit((x: number, y: number) => x ** 2.5 + x ** 9 + x ** -9 + x ** y);
  const y = x.map((v) => Math.abs(v) % 3);
  const ax = x.map(Math.abs);
  assert.deepEqual(
    others(ax, y),
    ax.map((v, i) => Math.pow(v, 2.5) + Math.pow(v, 9) + Math.pow(v, -9) + Math.pow(v, y[i]!)),
  );
});

Deno.test("c ? 1 : 0 keeps JavaScript's truthiness when c is a number, not a comparison", () => {
  const truthy = jit((x: number) => (x ? 1 : 0));
  const flipped = jit((x: number) => (x > 0 ? 0 : 1));
  assert.deepEqual(truthy(new Float64Array([NaN, 0, -0, 2])), new Float64Array([0, 0, 0, 1]));
  assert.deepEqual(flipped(new Float64Array([NaN, 0, 2])), new Float64Array([1, 1, 0]));
});

Deno.test("an out overlapping an input at a shift gives what a separate out would", () => {
  const next = jit((x: number, y: number) => x + y);
  const buffer = new Float64Array([1, 2, 3, 4, 5]);
  const x = buffer.subarray(1, 5);
  const out = buffer.subarray(0, 4);
  assert.equal(next(x, 10, out), out);
  assert.deepEqual(buffer, new Float64Array([12, 13, 14, 15, 5]));
  const shifted = new Float64Array([1, 2, 3, 4, 5]);
  next(shifted.subarray(0, 4), 10, shifted.subarray(1, 5));
  assert.deepEqual(shifted, new Float64Array([1, 11, 12, 13, 14]));
  // Float32 elements under Float64 ones: out[i] covers x[2i] and x[2i + 1].
  const bytes = new ArrayBuffer(32);
  const narrow = new Float32Array(bytes, 0, 4);
  narrow.set([1, 2, 3, 4]);
  const wide = new Float64Array(bytes, 0, 4);
  next(narrow, 0.5, wide);
  assert.deepEqual(wide, new Float64Array([1.5, 2.5, 3.5, 4.5]));
});
