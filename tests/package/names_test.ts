// The names users guess from Python (issue 18): numpy's own names for the elementwise functions,
// jax's and numpy's random functions under a `random` namespace (so that top-level `split` and
// `uniform` cannot be mistaken for numpy's), and one way to make a Matrix: `new Matrix(…)` or
// `Matrix.from(…)`. Checked on the module objects, so a renamed or re-added export fails here.
import assert from "node:assert/strict";
import * as numeric from "../../numeric.ts";
import * as array from "../../lib/array/mod.ts";
import * as randomExport from "../../lib/random/mod.ts";
import * as kernelExport from "../../lib/kernel/mod.ts";

/** The names a module object exports, sorted. */
function keysOf(module: object): string[] {
  return Object.keys(module).sort();
}

Deno.test("numeric.ts exports numpy's subtract, multiply, divide and negative, not sub, mul, div, neg", () => {
  for (const name of ["add", "subtract", "multiply", "divide", "negative", "pow", "abs"]) {
    assert.equal(typeof (numeric as Record<string, unknown>)[name], "function", name);
    assert.equal(
      (array as Record<string, unknown>)[name],
      (numeric as Record<string, unknown>)[name],
    );
  }
  for (const name of ["sub", "mul", "div", "neg"]) {
    assert.ok(!(name in numeric), `numeric.ts still exports ${name}`);
    assert.ok(!(name in array), `lib/array/mod.ts still exports ${name}`);
  }
  // The name in an error message is the function's own.
  assert.throws(() => numeric.subtract([1, 2], [1, 2, 3]), {
    name: "RangeError",
    message: /^subtract: /,
  });
  assert.throws(() => numeric.negative("x" as unknown as number[]), {
    name: "TypeError",
    message: /^negative: /,
  });
});

Deno.test("numeric.ts exports jax's and numpy's random functions only under `random`", () => {
  const { random } = numeric;
  assert.equal(typeof random, "object");
  assert.equal(typeof random.PRNGKey, "function");
  assert.equal(typeof random.split, "function");
  assert.equal(typeof random.uniform, "function");
  assert.equal(typeof random.RandomState, "function");
  // The namespace is the `./random` subpath export, member for member.
  assert.deepEqual(keysOf(random), keysOf(randomExport));
  for (const name of keysOf(randomExport)) {
    assert.equal(
      (random as Record<string, unknown>)[name],
      (randomExport as Record<string, unknown>)[name],
    );
  }
  // None of them at the top level, where `split` and `uniform` would read as numpy's.
  const leaked = keysOf(randomExport).filter((name) => name in numeric);
  assert.deepEqual(leaked, [], "random names exported at the top level of numeric.ts");
  for (const name of ["split", "uniform", "PRNGKey", "RandomState", "MT19937"]) {
    assert.ok(!(name in numeric), `numeric.ts still exports ${name} at the top level`);
  }
  // As in Python: np.random.RandomState(42), jax.random.split(jax.random.PRNGKey(0)).
  const rs = new random.RandomState(42);
  assert.ok(rs instanceof randomExport.RandomState);
  assert.deepEqual(rs.rand(3), new randomExport.RandomState(42).rand(3));
  const keys = random.split(random.PRNGKey(0));
  assert.equal(keys.length, 2);
  assert.equal(random.uniform(keys[0]!, [2, 3]).data.length, 6);
});

Deno.test("a Matrix is made with new Matrix(…) or Matrix.from(…): there is no matrix() factory", () => {
  assert.ok(!("matrix" in numeric), "numeric.ts still exports matrix");
  assert.ok(!("matrix" in array), "lib/array/mod.ts still exports matrix");
  assert.ok(!("MatrixFactory" in numeric));
  const m = new numeric.Matrix(2, 2);
  assert.deepEqual(m.toArray(), [[0, 0], [0, 0]]);
  assert.deepEqual(numeric.Matrix.from([[1, 2], [3, 4]]).toArray(), [[1, 2], [3, 4]]);
  assert.throws(() => new numeric.Matrix(2, 2, new Float64Array(3)), {
    name: "RangeError",
    message: "new Matrix: a 2×2 matrix needs 4 elements, received 3",
  });
  assert.throws(() => new numeric.Matrix(-1, 2), {
    name: "RangeError",
    message: "new Matrix: expected rows to be a non-negative integer, received -1",
  });
  // A class, so calling it without `new` is JavaScript's TypeError, not a second way to make one.
  assert.throws(
    () => (numeric.Matrix as unknown as (r: number, c: number) => unknown)(2, 2),
    TypeError,
  );
});

Deno.test("numeric.ts exports jax's jit (and loadJit) as the ./kernel subpath does, beside compile", () => {
  // Every value the `./kernel` subpath exports is on numeric.ts, the same object.
  for (const name of keysOf(kernelExport)) {
    assert.equal(
      (numeric as Record<string, unknown>)[name],
      (kernelExport as Record<string, unknown>)[name],
      name,
    );
  }
  assert.ok(keysOf(kernelExport).includes("jit") && keysOf(kernelExport).includes("loadJit"));
  const f = numeric.jit((x: number) => -4 * x ** 3 + 9 * x ** 2 + 6 * x - 3);
  assert.deepEqual(f(new Float64Array([0, 1, 2])), new Float64Array([-3, 8, 13]));
});
