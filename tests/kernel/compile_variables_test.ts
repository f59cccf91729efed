// compile() with several array variables: one array per variable, then out and params as a
// one-variable kernel takes them.
import assert from "node:assert/strict";
import { compile, KernelError } from "../../lib/kernel/mod.ts";
import { RandomState } from "../../lib/random/random_state.ts";

const random = new RandomState(7);
const x = random.uniform(-2, 2, 1000);
const y = random.uniform(-2, 2, 1000);

/** Fails at the first element where `actual` and `expected` differ (NaN equals NaN, -0 ≠ 0). */
function assertSameElements(actual: Float64Array, expected: Float64Array, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      assert.fail(`${label}: element ${i} is ${actual[i]}, expected ${expected[i]}`);
    }
  }
}

Deno.test("compile() with variables [x, y] reads one element of each array", () => {
  const inside = compile("x*x + y*y <= 1", { variables: ["x", "y"] });
  assertSameElements(
    inside(x, y),
    x.map((v, i) => v * v + y[i]! * y[i]! <= 1 ? 1 : 0),
    "x*x + y*y <= 1",
  );
  assert.deepEqual(inside.variables, ["x", "y"]);
  assert.equal(inside.variable, "x");
  assert.deepEqual(inside.params, []);
  assert.match(inside.source, /const v_x = src_x\[i\];\n {2}const v_y = src_y\[i\];/);
  assert.ok(Object.isFrozen(inside));
  assert.equal(compile("x*x + y*y <= 1", { variables: ["x", "y"] }), inside);
  // The order of variables is the order of the arrays.
  const difference = compile("a - b", { variables: ["b", "a"] });
  assertSameElements(difference(x, y), y.map((v, i) => v - x[i]!), "a - b, b first");
});

Deno.test("a kernel of several variables takes out and params after the arrays", () => {
  const kernel = compile("k * sin(t) + u^2 - w", { variables: ["t", "u", "w"], params: ["k"] });
  const z = random.uniform(0, 1, 1000);
  const expected = x.map((v, i) => 3 * Math.sin(v) + y[i]! * y[i]! - z[i]!);
  assertSameElements(kernel(x, y, z, { k: 3 }), expected, "(t, u, w, params)");
  const out = new Float64Array(x.length);
  assert.equal(kernel(x, y, z, out, { k: 3 }), out);
  assertSameElements(out, expected, "(t, u, w, out, params)");
  assertSameElements(kernel(x, y, z, undefined, { k: 3 }), expected, "out undefined");
  // In place on one of the inputs, and on memory shifted against an input (computed apart).
  const inPlace = y.slice();
  assert.equal(kernel(x, inPlace, z, inPlace, { k: 3 }), inPlace);
  assertSameElements(inPlace, expected, "out is u");
  const memory = new Float64Array(x.length + 1);
  memory.set(y);
  const shifted = memory.subarray(1);
  kernel(x, memory.subarray(0, x.length), z, shifted, { k: 3 });
  assertSameElements(shifted, expected, "out overlapping u one element later");
  // Any numeric typed array is an input.
  const small = compile("x + y", { variables: ["x", "y"] });
  assert.deepEqual(
    small(new Int16Array([1, -2]), new Uint8Array([3, 4])),
    new Float64Array([4, 2]),
  );
  assert.deepEqual(small(new Float64Array(0), new Float64Array(0)), new Float64Array(0));
});

Deno.test("a kernel of several variables checks its arrays, out and params", () => {
  const kernel = compile("x * y + c", { variables: ["x", "y"], params: ["c"] });
  assert.throws(
    () => kernel(x, y.subarray(1), { c: 1 }),
    (error: Error) =>
      error instanceof RangeError &&
      error.message === 'kernel "x * y + c": expected arrays of one length, received x of ' +
          "length 1000 and y of length 999",
  );
  assert.throws(
    () => kernel(x, { c: 1 } as never),
    /expected y to be a Float64Array or another numeric typed array, received an Object/,
  );
  assert.throws(() => kernel(x, [1, 2] as never, { c: 1 }), /Float64Array\.from\(y\)/);
  assert.throws(
    () => kernel(x, y, new Float64Array(3), { c: 1 }),
    /expected out of length 1000 \(as x\), received length 3/,
  );
  assert.throws(() => kernel(x, y), /param 'c' is undefined/);
  assert.throws(
    () => (kernel as (...a: unknown[]) => unknown)(x, y, undefined, { c: 1 }, 5),
    /received 5 arguments/,
  );
  // runParallel's first check, kernel(empty, undefined, params), fails loudly before any task.
  assert.throws(
    () => kernel(new Float64Array(0), undefined as never, { c: 1 }),
    /expected y to be a Float64Array .* received undefined/,
  );
});

Deno.test("compile() checks variables: names, duplicates, clashes, and not with variable", () => {
  assert.equal(compile("x + 1", { variables: ["x"] }), compile("x + 1", { variable: "x" }));
  assert.deepEqual(compile("t", { variable: "t" }).variables, ["t"]);
  assert.throws(
    () => compile("x", { variable: "x", variables: ["x"] }),
    /either option variable or option variables, received both/,
  );
  assert.throws(() => compile("x", { variables: [] }), /non-empty array of names, received \[\]/);
  assert.throws(() => compile("x", { variables: "x" as never }), /received string/);
  assert.throws(() => compile("x", { variables: ["x", "x"] }), /variable 'x' is given twice/);
  assert.throws(() => compile("x", { variables: ["x", "pi"] }), /ASCII identifier/);
  assert.throws(() => compile("x", { variables: ["x", "y;z"] }), TypeError);
  assert.throws(
    () => compile("x", { variables: ["x", "y"], params: ["y"] }),
    /parameter 'y' is given twice or is also a variable/,
  );
  try {
    compile("x + y + z", { variables: ["x", "y"] });
    assert.fail("an unknown name compiled");
  } catch (unknown) {
    assert.ok(unknown instanceof KernelError);
    assert.equal(unknown.position, 8);
    assert.match(unknown.message, /unknown name 'z' at position 8 \(allowed: x, y, pi, e,/);
  }
});
