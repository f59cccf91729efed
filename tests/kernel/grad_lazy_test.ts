// mathjs is loaded by the first grad() (or string compile()), never by importing the kernel kit
// nor by jit(): a program, or a worker, that only runs jit() kernels never pays its load time.
import assert from "node:assert/strict";
import { parseOutcome, runChild } from "../_child.ts";

const KERNEL = new URL("../../lib/kernel/mod.ts", import.meta.url).href;

Deno.test("importing the kernel kit and calling jit() loads no mathjs; the first grad() does", async () => {
  // `require.cache` lists what Node's require has loaded: grad()'s synchronous load goes through
  // it, and jit() loads acorn through it, so an absent mathjs there is really absent.
  const outcome = await runChild(
    `import { createRequire } from "node:module";
     import { grad, jit } from "${KERNEL}";
     const cached = () => Object.keys(createRequire(import.meta.url).cache);
     const loaded = (name) => cached().some((path) => path.includes("/" + name + "/"));
     const atImport = loaded("mathjs");
     const square = jit((x) => x * x);
     const total = jit((x, y) => x * y, { reduce: "sum" });
     const values = [...square(new Float64Array([1, 2])), total(new Float64Array([1, 2]), 3)];
     const afterJit = { acorn: loaded("acorn"), mathjs: loaded("mathjs") };
     const slopes = Array.from(grad((x) => x * x)(new Float64Array([1, 2])));
     console.log("OUTCOME " + JSON.stringify({ atImport, afterJit, values, afterGrad: loaded("mathjs"), slopes }));`,
    { timeoutMs: 60_000 },
  );
  assert.deepEqual(parseOutcome(outcome.stdout, outcome.stderr), {
    atImport: false,
    afterJit: { acorn: true, mathjs: false },
    values: [1, 4, 9],
    afterGrad: true,
    slopes: [2, 4],
  });
});

Deno.test("in a worker, grad() asks for await loadCompiler() and works after it", async () => {
  const outcome = await runChild(
    `const source = 'import { grad, loadCompiler, loadJit } from "${KERNEL}";' +
       'let refused = "";' +
       'try { grad((x) => x * x); } catch (error) { refused = error.message; }' +
       'await loadJit();' +
       'await loadCompiler();' +
       'self.postMessage({ refused, slopes: Array.from(grad((x) => x ** 3)(new Float64Array([1, 2]))) });';
     const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
     const worker = new Worker(url, { type: "module" });
     const result = await new Promise((resolve, reject) => {
       worker.onmessage = (event) => resolve(event.data);
       worker.onerror = (event) => reject(new Error(event.message));
     });
     worker.terminate();
     console.log("OUTCOME " + JSON.stringify(result));`,
    { timeoutMs: 90_000 },
  );
  const result = parseOutcome(outcome.stdout, outcome.stderr) as {
    refused: string;
    slopes: number[];
  };
  assert.match(result.refused, /^grad\(\) needs mathjs, which a worker loads only on request/);
  assert.match(
    result.refused,
    /`await loadCompiler\(\)` once in this worker before calling grad\(\)/,
  );
  assert.deepEqual(result.slopes, [3, 12]);
});
