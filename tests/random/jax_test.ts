import assert from "node:assert/strict";
import { Pool } from "../../lib/pool/mod.ts";
import { PRNGKey, split, uniform, uniformBlock } from "../../lib/random/jax.ts";
import { fillUniformBlock } from "../fixtures/random_tasks.ts";

// Expected values are jax outputs under its default threefry2x32 with jax_threefry_partitionable
// (the default since jax 0.5.0), as printed in public sources. numpy prints a float32 element as
// its shortest round-trip string, cut to 8 decimals: either Math.fround(printed) is the value, or
// the printed text is within 5e-9 of it.
function assertPrinted(actual: ArrayLike<number>, printed: number[]): void {
  assert.equal(actual.length, printed.length);
  for (let i = 0; i < printed.length; i++) {
    const exact = Math.fround(printed[i]!) === actual[i];
    const cut = Math.abs(actual[i]! - printed[i]!) <= 5e-9;
    assert.ok(exact || cut, `element ${i}: ${actual[i]} is not printed as ${printed[i]}`);
  }
}

Deno.test("uniform(PRNGKey(0)) is jax's 0.947667 and uniform(key, 30) jax's first 30 values", () => {
  assert.equal(uniform(PRNGKey(0)), Math.fround(0.947667));
  // jax.random.uniform(jax.random.key(0), (30,)) as printed in a public tutorial; the first three
  // are also in jax's docs/jep/9263-typed-keys.md.
  const x = uniform(PRNGKey(0), 30);
  assert.ok(x instanceof Float32Array);
  assertPrinted(
    x,
    [
      0.947667,
      0.9785799,
      0.33229148,
      0.46866846,
      0.5698887,
      0.16550303,
      0.3101946,
      0.68948054,
      0.74676657,
      0.17101455,
      0.9853538,
      0.02528262,
      0.6400418,
      0.56269085,
      0.8992138,
      0.93453753,
      0.8341402,
      0.7256162,
      0.5098531,
      0.02765214,
      0.03148878,
      0.9580188,
      0.5188192,
      0.79221416,
      0.5522419,
      0.6113529,
      0.8931755,
      0.75499094,
      0.21164179,
      0.22934973,
    ],
  );
});

Deno.test("split(PRNGKey(seed)) gives jax's keys for seeds 0, 1 and 2", () => {
  // jax.random.split(PRNGKey(i)) as hard-coded in a public mlir-tensorrt JAX test.
  const keys = [0, 1, 2].map((seed) => split(PRNGKey(seed)).map((k) => [...k]));
  assert.deepEqual(keys, [
    [[1797259609, 2579123966], [928981903, 3453687069]],
    [[507451445, 1853169794], [1948878966, 4237131848]],
    [[1821159224, 3364244817], [637334850, 3278974502]],
  ]);
});

Deno.test("uniform with a shape is row-major and matches jax for split keys", () => {
  const [first, second] = split(PRNGKey(0));
  const a = uniform(first!, [2, 3]); // from a public jax cheat sheet
  assert.deepEqual(a.shape, [2, 3]);
  assertPrinted(a.data, [0.8423141, 0.18237865, 0.2271781, 0.12072563, 0.19181347, 0.722015]);
  const b = uniform(second!, [4, 4]); // the mlir-tensorrt test's random.uniform(key2, (4, 4))
  assertPrinted(
    b.data,
    [
      0.00729382,
      0.02089119,
      0.5814265,
      0.36183798,
      0.22303772,
      0.11928833,
      0.12543893,
      0.61683,
      0.0950073,
      0.9834225,
      0.4248221,
      0.8324801,
      0.0966121,
      0.22702086,
      0.3545748,
      0.67104137,
    ],
  );
  // Partitionable mode: element i depends on i only, so any shape is a prefix of a longer draw.
  assert.deepEqual(
    Array.from(uniform(PRNGKey(0), [2, 3]).data),
    Array.from(uniform(PRNGKey(0), 6)),
  );
  const scalarShape = uniform(PRNGKey(0), []);
  assert.deepEqual([scalarShape.shape, Array.from(scalarShape.data)], [[], [uniform(PRNGKey(0))]]);
});

Deno.test("PRNGKey splits a 64-bit seed into high and low words, as jax with x64", () => {
  assert.deepEqual([...PRNGKey(0)], [0, 0]);
  assert.deepEqual([...PRNGKey(2 ** 31 + 99)], [0, 2147483747]);
  assert.deepEqual([...PRNGKey(-1)], [4294967295, 4294967295]);
  assert.deepEqual([...PRNGKey(-3)], [4294967295, 4294967293]);
  assert.deepEqual([...PRNGKey(-(2 ** 31) - 100)], [4294967295, 2147483548]); // jax's test table
  assert.deepEqual([...PRNGKey(2n ** 63n - 1n)], [2147483647, 4294967295]);
  assert.deepEqual([...PRNGKey(2n ** 64n - 1n)], [4294967295, 4294967295]); // as np.uint64
  assert.deepEqual([...PRNGKey(-(2n ** 63n))], [2147483648, 0]);
});

Deno.test("uniform scales to [minval, maxval) in float32 and keeps values >= minval", () => {
  const key = PRNGKey(3);
  const unit = uniform(key, 1000);
  const scaled = uniform(key, 1000, -2, 5);
  for (let i = 0; i < unit.length; i++) {
    const expected = Math.fround(Math.fround(unit[i]! * 7) - 2);
    assert.equal(scaled[i], Math.max(-2, expected));
    assert.ok(scaled[i]! >= -2 && scaled[i]! < 5);
  }
  assert.equal(uniform(key, undefined, 10, 10), 10);
});

Deno.test("uniformBlock equals the matching slice of one uniform call, at any offset", () => {
  const key = split(PRNGKey(7), 3)[2]!;
  const whole = uniform(key, 1000, 1, 3);
  for (const [start, length] of [[0, 1000], [0, 1], [999, 1], [123, 456], [500, 0]]) {
    const block = uniformBlock(key, start!, new Float32Array(length!), 1, 3);
    assert.deepEqual(block, whole.subarray(start!, start! + length!), `block ${start}+${length}`);
  }
  // Counters past 2**32 use the high word: still well-defined, and unlike the low-word repeat.
  const far = uniformBlock(key, 2 ** 32, new Float32Array(4));
  assert.notDeepEqual(far, uniform(key, 4));
});

Deno.test("a Pool of 1, 2 or 8 workers filling blocks of a shared array gives one call's numbers", async () => {
  const module = new URL("../fixtures/random_tasks.ts", import.meta.url).href;
  const key = split(PRNGKey(2024))[1]!;
  const total = 100_003; // not a multiple of any worker count
  const expected = uniform(key, total, -1, 1);
  for (const processes of [1, 2, 8]) {
    const shared = new Float32Array(new SharedArrayBuffer(total * 4));
    const blocks: [Uint32Array, number, Float32Array, number, number][] = [];
    for (let w = 0; w < processes; w++) {
      const start = Math.floor((w * total) / processes);
      const end = Math.floor(((w + 1) * total) / processes);
      blocks.push([key, start, shared.subarray(start, end), -1, 1]);
    }
    await using pool = new Pool({ processes, module });
    const written = await pool.starmap(fillUniformBlock, blocks, { chunksize: 1 });
    assert.equal(written.reduce((a, b) => a + b, 0), total);
    assert.deepEqual(shared, expected, `${processes} workers`);
  }
});

Deno.test("jax functions reject malformed keys, seeds, shapes and bounds", () => {
  const badKey = { name: "TypeError", message: /expected a key, a Uint32Array of 2 words/ };
  assert.throws(() => uniform(new Uint32Array(3)), {
    name: "TypeError",
    message: "uniform: expected a key, a Uint32Array of 2 words from PRNGKey or split, " +
      "received a Uint32Array of length 3",
  });
  assert.throws(() => split([0, 0] as unknown as Uint32Array), { ...badKey, message: /Array/ });
  assert.throws(
    () => uniformBlock(new Int32Array(2) as unknown as Uint32Array, 0, new Float32Array(1)),
    badKey,
  );
  assert.throws(() => PRNGKey(1.5), { name: "RangeError", message: /safe integer seed.*1\.5/ });
  assert.throws(() => PRNGKey(2 ** 60), { name: "RangeError", message: /a bigint for larger/ });
  assert.throws(() => PRNGKey(2n ** 64n), {
    name: "RangeError",
    message: /\[-\(2\*\*63\), 2\*\*64\)/,
  });
  assert.throws(() => PRNGKey("1" as unknown as number), { name: "TypeError", message: /string/ });
  assert.throws(() => split(PRNGKey(0), -1), {
    name: "RangeError",
    message: "split: expected num to be a non-negative integer, received -1",
  });
  assert.throws(() => uniform(PRNGKey(0), [2, 1.5]), { name: "RangeError", message: /shape\[1\]/ });
  assert.throws(() => uniform(PRNGKey(0), "3" as unknown as number), TypeError);
  assert.throws(() => uniform(PRNGKey(0), 2, "0" as unknown as number), {
    name: "TypeError",
    message: "uniform: expected minval to be a number, received string",
  });
  assert.throws(() => uniformBlock(PRNGKey(0), -5, new Float32Array(1)), {
    name: "RangeError",
    message: /start to be a non-negative integer, received -5/,
  });
});
