// jit(fn, { reduce }): sum, mean, min and max fused into the loop. The fused result must be the
// reduction of the elementwise result by lib/array (which matches numpy bit for bit): the same
// pairwise order for sums, the same NaN and empty-input rules.
import assert from "node:assert/strict";
import { jit } from "../../lib/kernel/jit.ts";
import { max, mean, min, sum } from "../../lib/array/reduce.ts";
import { elementCode } from "../../lib/kernel/_jit_codegen.ts";
import { loopSource } from "../../lib/kernel/_jit_loops.ts";
import { loadJit, parseFunctionSource } from "../../lib/kernel/_js_parser.ts";

/** A deterministic generator of numbers uniform in [0, 1). */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Deterministic values over many magnitudes, so the order of additions shows in the bits. */
function spread(n: number, seed: number): Float64Array {
  const next = generator(seed);
  return Float64Array.from({ length: n }, () => (next() - 0.3) * 10 ** Math.floor(next() * 12 - 4));
}

const SIZES = [0, 1, 7, 8, 9, 127, 128, 129, 255, 256, 1000, 100_003];
const fn = (x: number, y: number) => x * y + Math.sin(x) / 3;

for (const n of SIZES) {
  Deno.test(`fused sum and mean of ${n} elements equal sum()/mean() of the elementwise array, bit for bit`, () => {
    const x = spread(n, 1 + n);
    const y = spread(n, 2 + n);
    const elements = jit(fn)(x, y);
    assert.ok(Object.is(jit(fn, { reduce: "sum" })(x, y), sum(elements)));
    assert.ok(Object.is(jit(fn, { reduce: "mean" })(x, y), mean(elements)));
  });

  Deno.test(`a fused sum of 0s and 1s over ${n} elements counts, with sum()'s bits`, () => {
    const x = spread(n, 3 + n);
    // Comparisons, !, and conditionals between 0 and 1 (with NaN in x: NaN compares false).
    x[Math.floor(n / 2)] = NaN;
    const indicators = [
      (x: number) => x > 0,
      (x: number) => !(x < 1),
      (x: number) => (x * x <= 4 ? 1 : 0),
      (x: number) => (x > 2 ? 0 : x < -1 ? 1 : 0),
    ];
    for (const f of indicators) {
      const elements = jit(f)(x);
      assert.ok(Object.is(jit(f, { reduce: "sum" })(x), sum(elements)), String(f));
      assert.ok(Object.is(jit(f, { reduce: "mean" })(x), mean(elements)), String(f));
    }
  });

  if (n > 0) {
    Deno.test(`fused min and max of ${n} elements equal min()/max() of the elementwise array`, () => {
      const x = spread(n, 3 + n);
      const elements = jit(fn)(x, 0.5);
      assert.ok(Object.is(jit(fn, { reduce: "min" })(x, 0.5), min(elements)));
      assert.ok(Object.is(jit(fn, { reduce: "max" })(x, 0.5), max(elements)));
    });
  }
}

Deno.test("only a function of 0s and 1s is summed by counting; any other by the pairwise tree", async () => {
  await loadJit();
  const loop = (source: string) =>
    loopSource(elementCode(source, parseFunctionSource(source)), "a", "sum");
  for (
    const source of [
      "(x) => x > 0",
      "(x) => { const r = x * x; return r <= 1; }",
      "(x) => (x ? 1 : 0)",
    ]
  ) {
    assert.match(loop(source), /count = \(count \+/, source);
  }
  for (
    const source of ["(x) => x", "(x) => (x > 0 ? 2 : 0)", "(x) => (x > 0) + 1", "(x) => -(x > 0)"]
  ) {
    assert.match(loop(source), /function pairwise/, source);
  }
});

Deno.test("the fused sum is pairwise, not a running sum: ten 0.1s sum to 1 as in numpy", () => {
  const tenths = jit((x: number) => x / 10, { reduce: "sum" });
  assert.equal(tenths(new Float64Array(10).fill(1)), 1);
  // A running sum of 1e5+3 such values drifts; the pairwise one is what sum() gives.
  const x = new Float64Array(100_003).fill(1);
  let running = 0;
  for (let i = 0; i < x.length; i++) running += x[i]! / 10;
  const fused = tenths(x);
  assert.ok(Object.is(fused, sum(jit((v: number) => v / 10)(x))));
  assert.notEqual(fused, running);
});

Deno.test("empty input: sum 0, mean NaN, min and max a RangeError with numpy's message", () => {
  const empty = new Float64Array(0);
  assert.ok(Object.is(jit((x: number) => x, { reduce: "sum" })(empty), 0));
  assert.ok(Number.isNaN(jit((x: number) => x, { reduce: "mean" })(empty)));
  assert.throws(
    () => jit((x: number) => x, { reduce: "min" })(empty),
    (error: unknown) =>
      error instanceof RangeError &&
      /zero-size array to reduction operation minimum which has no identity/.test(error.message),
  );
  assert.throws(() => jit((x: number) => x, { reduce: "max" })(empty), /operation maximum/);
});

Deno.test("NaN anywhere makes min and max NaN; sum and mean propagate NaN and Infinity", () => {
  const id = (x: number) => x;
  for (const values of [[NaN, 1, 2], [1, NaN, -Infinity], [3, 2, NaN]]) {
    const x = new Float64Array(values);
    assert.ok(Number.isNaN(jit(id, { reduce: "min" })(x)), `min of ${values}`);
    assert.ok(Number.isNaN(jit(id, { reduce: "max" })(x)), `max of ${values}`);
    assert.ok(Number.isNaN(jit(id, { reduce: "sum" })(x)));
  }
  const infinite = new Float64Array([1, Infinity, -5]);
  assert.equal(jit(id, { reduce: "sum" })(infinite), Infinity);
  assert.equal(jit(id, { reduce: "min" })(infinite), -5);
  assert.ok(Number.isNaN(jit(id, { reduce: "mean" })(new Float64Array([Infinity, -Infinity]))));
});

Deno.test("a sum of negative zeros is 0, as numpy's (its reduction starts from 0)", () => {
  const negated = jit((x: number) => -x, { reduce: "sum" });
  assert.ok(Object.is(negated(new Float64Array([0, 0])), 0));
  assert.ok(Object.is(sum(new Float64Array([-0, -0])), 0));
});

Deno.test("π by Monte Carlo: 4 × the fused mean of an indicator", () => {
  const xs = Float64Array.from({ length: 200_000 }, generator(7));
  const ys = Float64Array.from({ length: 200_000 }, generator(8));
  const inside = jit((x: number, y: number) => (x * x + y * y <= 1 ? 1 : 0), { reduce: "mean" });
  const viaComparison = jit((x: number, y: number) => x * x + y * y <= 1, { reduce: "mean" });
  const fraction = inside(xs, ys);
  assert.equal(viaComparison(xs, ys), fraction);
  assert.ok(Object.is(fraction, mean(jit((x: number, y: number) => x * x + y * y <= 1)(xs, ys))));
  assert.ok(Math.abs(4 * fraction - Math.PI) < 0.05, `${4 * fraction}`);
});

Deno.test("reducers broadcast numbers, check lengths and take no out", () => {
  const total = jit((x: number, c: number) => x + c, { reduce: "sum" });
  assert.equal(total(new Float64Array([1, 2]), 10), 23);
  assert.equal(total(5, new Int8Array([1, -1, 0])), 15);
  assert.throws(() => total(new Float64Array(2), new Float64Array(3)), RangeError);
  const anyTotal = total as unknown as (...args: unknown[]) => unknown;
  assert.throws(
    () => anyTotal(new Float64Array(2), 1, new Float64Array(2)),
    /expected 2 arguments \(x, c\), received 3/,
  );
});

Deno.test("a const body works in every reduction", () => {
  const energy = (v: number, m: number) => {
    const half = m / 2;
    return half * v * v;
  };
  const v = spread(1000, 11);
  const elements = jit(energy)(v, 3);
  assert.ok(Object.is(jit(energy, { reduce: "sum" })(v, 3), sum(elements)));
  assert.ok(Object.is(jit(energy, { reduce: "max" })(v, 3), max(elements)));
});
