// acorn, jit()'s parser, is loaded by the first jit() or by loadJit(), never by importing the
// kit: compiling its 230 KB would add about 9 ms to every program's start.
import assert from "node:assert/strict";
import { parseOutcome, runChild } from "../_child.ts";

const KERNEL = new URL("../../lib/kernel/mod.ts", import.meta.url).href;
const ROOT = decodeURIComponent(new URL("../../", import.meta.url).pathname);

Deno.test("importing the kernel kit loads no acorn; the first jit() loads it synchronously", async () => {
  // `require.cache` lists what Node's require has loaded: the synchronous load goes through it.
  const outcome = await runChild(
    `import { createRequire } from "node:module";
     import { compile, jit } from "${KERNEL}";
     const loaded = () =>
       Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes("/acorn/"));
     const atImport = loaded();
     const values = Array.from(jit((x, y) => x * y + 1)(new Float64Array([1, 2]), 3));
     console.log("OUTCOME " + JSON.stringify({ atImport, afterJit: loaded(), values }));`,
    { timeoutMs: 60_000 },
  );
  assert.deepEqual(parseOutcome(outcome.stdout, outcome.stderr), {
    atImport: false,
    afterJit: true,
    values: [4, 7],
  });
});

Deno.test("after await loadJit(), jit() works in a worker without Node's require", async () => {
  const outcome = await runChild(
    `const source = 'import { jit, loadJit } from "${KERNEL}";' +
       'await loadJit();' +
       'self.postMessage([jit((x) => x ** 2, { reduce: "sum" })(new Float64Array([1, 2, 3]))]);';
     const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
     const worker = new Worker(url, { type: "module" });
     const values = await new Promise((resolve, reject) => {
       worker.onmessage = (event) => resolve(event.data);
       worker.onerror = (event) => reject(new Error(event.message));
     });
     worker.terminate();
     console.log("OUTCOME " + JSON.stringify({ values }));`,
    { timeoutMs: 60_000 },
  );
  assert.deepEqual(parseOutcome(outcome.stdout, outcome.stderr), { values: [14] });
});

Deno.test("lib/kernel/mod.ts reaches acorn only behind a dynamic import", async () => {
  const info = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", "lib/kernel/mod.ts"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(info.code, 0, new TextDecoder().decode(info.stderr));
  const graph = JSON.parse(new TextDecoder().decode(info.stdout)) as {
    modules: Array<{
      specifier: string;
      dependencies?: Array<{ specifier: string; isDynamic?: boolean; code?: unknown }>;
    }>;
  };
  const edges = graph.modules.flatMap((module) =>
    (module.dependencies ?? []).filter((d) => d.specifier.startsWith("npm:acorn"))
      .map((d) => ({
        from: module.specifier.replace(/^.*\/lib\//, "lib/"),
        dynamic: d.isDynamic === true,
      }))
  );
  assert.deepEqual(edges, [{ from: "lib/kernel/_js_parser.ts", dynamic: true }]);
});
