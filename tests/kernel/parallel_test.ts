import assert from "node:assert/strict";
import { compile } from "../../lib/kernel/mod.ts";
import { runParallel } from "../../lib/kernel/parallel.ts";
import { Pool } from "../../lib/pool/mod.ts";
import { RandomState } from "../../lib/random/random_state.ts";
import { compileAfterLoading, compileWithoutLoading } from "../fixtures/kernel_tasks.ts";

function sharedCopy(values: Float64Array): Float64Array {
  const shared = new Float64Array(new SharedArrayBuffer(values.byteLength));
  shared.set(values);
  return shared;
}

const x = sharedCopy(new RandomState(0).uniform(-2, 2, 1000));
const kernels = [
  compile("-4*x^3 + 9*x^2 + 6*x - 3"),
  compile("x > 0 ? sin(x) : cos(x)"),
  compile("exp(-(x*p)^2)", { params: ["p"] }),
];

/** Compares the bits, so -0 vs 0 or two NaN payloads would count as different. */
function assertSameBits(actual: Float64Array, expected: Float64Array, label: string): void {
  assert.deepEqual(
    new Uint8Array(actual.slice().buffer),
    new Uint8Array(expected.slice().buffer),
    label,
  );
}

for (const processes of [1, 2, 3]) {
  Deno.test(`runParallel() over ${processes} worker(s) equals the single-threaded call bit for bit`, async () => {
    await using pool = new Pool({ processes });
    for (const kernel of kernels) {
      const params = kernel.params.length > 0 ? { p: 1.5 } : {};
      const out = await runParallel(pool, kernel, x, { params });
      assert.ok(out.buffer instanceof SharedArrayBuffer);
      assertSameBits(out, kernel(x, params), kernel.expression);
    }
  });
}

Deno.test("runParallel() copies private input, writes into shared out, and may work in place", async () => {
  await using pool = new Pool({ processes: 2 });
  const kernel = kernels[1]!;
  const expected = kernel(x);
  const privateX = x.slice();
  assertSameBits(await runParallel(pool, kernel, privateX), expected, "private x");
  assert.deepEqual(privateX, x, "x is left as it was");
  const inPlace = sharedCopy(x);
  assert.equal(await runParallel(pool, kernel, inPlace, { out: inPlace }), inPlace);
  assertSameBits(inPlace, expected, "out aliasing x");
  const short = sharedCopy(new Float64Array([0.5]));
  assertSameBits(
    await runParallel(pool, kernel, short),
    kernel(short),
    "fewer elements than workers",
  );
  assert.deepEqual(await runParallel(pool, kernel, new Float64Array(0)), new Float64Array(0));
});

Deno.test("runParallel() rejects private or mis-sized out, bad params and non-kernels", async () => {
  await using pool = new Pool({ processes: 1 });
  const [poly, , gauss] = kernels;
  await assert.rejects(
    runParallel(pool, poly!, x, { out: new Float64Array(x.length) }),
    /over a private ArrayBuffer/,
  );
  const wrongLength = new Float64Array(new SharedArrayBuffer(8));
  await assert.rejects(runParallel(pool, poly!, x, { out: wrongLength }), RangeError);
  await assert.rejects(runParallel(pool, gauss!, x), /param 'p' is undefined/);
  await assert.rejects(
    runParallel(pool, ((v: number) => v) as never, x),
    /expected a kernel made by compile\(\)/,
  );
  await assert.rejects(runParallel({} as never, poly!, x), /expected a Pool/);
  await assert.rejects(runParallel(pool, poly!, [1, 2] as never), /received an Array/);
  // A compile() kernel of two variables is refused by name, pointing at jit().
  const twoVariables = compile("x * y", { variables: ["x", "y"] });
  await assert.rejects(
    runParallel(pool, twoVariables as never, x),
    { name: "TypeError", message: /several variables \(x, y\).*jit\(\)/ },
  );
});

Deno.test("a worker compiles only after loadCompiler(), and says so instead of loading mathjs unasked", async () => {
  const module = new URL("../fixtures/kernel_tasks.ts", import.meta.url);
  await using pool = new Pool({ processes: 1, module });
  const message = await pool.apply(compileWithoutLoading, ["2*x"]);
  assert.match(message, /await loadCompiler\(\)/);
  assert.equal(await pool.apply(compileAfterLoading, ["2*x + 1", 20]), 41);
});
