import assert from "node:assert/strict";
import { quad, quadAsync } from "../../lib/integrate/quad.ts";
import { Pool } from "../../lib/pool/mod.ts";

/** A batch integrand built from a scalar one, recording every batch it is given. */
function batched(f: (x: number) => number, log: Float64Array[] = []) {
  return (xs: Float64Array): Promise<Float64Array> => {
    log.push(xs);
    return Promise.resolve(xs.map(f));
  };
}

const INTEGRANDS: [string, (x: number) => number, number, number][] = [
  ["gauss", (x) => Math.exp(-x * x), -Infinity, Infinity],
  ["1/sqrt", (x) => 1 / Math.sqrt(x), 0, 1],
  ["log", Math.log, 0, 1],
  ["sin(1/x), ier 1", (x) => Math.sin(1 / x), 0, 1],
  ["cos, ier 4", Math.cos, 0, Infinity],
  ["x^-1.5, ier 5", (x) => x ** -1.5, 0, 1],
  ["left tail", (x) => Math.exp(x), -Infinity, 1],
  ["reversed", Math.sin, 3, 0],
  ["narrow peak (probe)", (x) => Math.exp(-(((x - 1000) * 10) ** 2)), -Infinity, Infinity],
  ["spike at 0 (probe, zoom)", (x) => Math.exp(-((x * 1e9) ** 2)), -Infinity, Infinity],
  ["zero (probe, ier 3)", () => 0, 0, 1],
  ["NaN (ier 3)", (x) => (x > 0.7 ? NaN : 1), 0, 1],
];

Deno.test("quadAsync returns exactly quad's result (same nodes, same order of summation)", async () => {
  for (const [name, f, a, b] of INTEGRANDS) {
    const limit = name.startsWith("cos") ? 500 : 50;
    assert.deepEqual(await quadAsync(batched(f), a, b, { limit }), quad(f, a, b, { limit }), name);
  }
  for (let p = 1; p <= 99; p++) {
    const f = (x: number): number => Math.exp(-((x * p) ** 2));
    assert.deepEqual(
      await quadAsync(batched(f), -Infinity, Infinity),
      quad(f, -Infinity, Infinity),
    );
  }
});

Deno.test("quadAsync: one call per step with all of that step's nodes, in fresh arrays", async () => {
  const finite: Float64Array[] = [], infinite: Float64Array[] = [];
  const r = await quadAsync(batched((x) => 1 / Math.sqrt(x), finite), 0, 1);
  // First estimate (21 nodes), then one call per bisection with both halves (2 × 21).
  assert.deepEqual(finite.map((xs) => xs.length), [21, ...Array(r.last - 1).fill(42)]);
  const s = await quadAsync(batched((x) => Math.exp(-x * x), infinite), -Infinity, Infinity);
  // (-∞, ∞): 15 nodes, each as x and -x.
  assert.deepEqual(infinite.map((xs) => xs.length), [30, ...Array(s.last - 1).fill(60)]);
  for (const [log, res] of [[finite, r], [infinite, s]] as const) {
    assert.equal(log.reduce((n, xs) => n + xs.length, 0), res.neval);
    assert.equal(new Set(log.map((xs) => xs.buffer)).size, log.length, "a new array per call");
  }
  // The arrays handed out stay as they were (the callee may keep them).
  assert.equal(finite[0]![0], 0.5);
});

Deno.test("quadAsync passes args and accepts plain arrays and synchronous answers", async () => {
  const r = await quadAsync((xs: Float64Array, k: number) => Array.from(xs, (x) => x ** k), 0, 1, {
    args: [3],
  });
  assert.equal(r.value, 0.25);
  const s = await quadAsync((xs) => xs.map(Math.sin), 0, Math.PI);
  assert.deepEqual(s, quad(Math.sin, 0, Math.PI));
});

Deno.test("quadAsync rejects answers that are not one number per node", async () => {
  await assert.rejects(() => quadAsync((xs) => Promise.resolve(xs.subarray(1)), 0, 1), {
    name: "TypeError",
    message: /f must return 21 numbers \(one per node\), received length 20/,
  });
  await assert.rejects(
    () =>
      quadAsync((xs) => Array.from(xs, (x) => (x > 0.5 ? "1" : x)) as unknown as number[], 0, 1),
    { name: "TypeError", message: /must return numbers, received "1"/ },
  );
  // deno-lint-ignore no-explicit-any
  await assert.rejects(() => quadAsync((() => 1) as any, 0, 1), TypeError);
});

Deno.test("quadAsync with a Pool evaluating each step's nodes in parallel", async () => {
  await using pool = new Pool({ processes: 2 });
  const viaPool = (xs: Float64Array): Promise<number[]> =>
    pool.map((x: number) => Math.exp(-x * x) * Math.cos(x), Array.from(xs));
  const r = await quadAsync(viaPool, -Infinity, Infinity);
  assert.deepEqual(r, quad((x) => Math.exp(-x * x) * Math.cos(x), -Infinity, Infinity));
  assert.ok(Math.abs(r.value - Math.sqrt(Math.PI) * Math.exp(-0.25)) < 1e-12);
});
