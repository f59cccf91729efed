// mathjs is loaded when a string expression is first compiled, not when the numeric face is
// imported; the multiprocessing face never reaches it at all.
import assert from "node:assert/strict";
import { parseOutcome, runChild } from "../_child.ts";

const NUMERIC = new URL("../../numeric.ts", import.meta.url).href;
const ROOT = decodeURIComponent(new URL("../../", import.meta.url).pathname);

Deno.test("importing numeric.ts loads no mathjs; the first compile() on the main thread does", async () => {
  // `require.cache` lists what Node's require has loaded: the lazy load goes through it, so an
  // eager ESM import of mathjs (a top-level await at import) would leave it empty after compile().
  const outcome = await runChild(
    `import { createRequire } from "node:module";
     import { arange, compile } from "${NUMERIC}";
     const loaded = () =>
       Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes("/mathjs/"));
     const atImport = loaded();
     arange(3); // the rest of the kit needs no parser
     const afterArange = loaded();
     const values = Array.from(compile("x^2 + 1")(new Float64Array([1, 2])));
     console.log("OUTCOME " + JSON.stringify({ atImport, afterArange, afterCompile: loaded(), values }));`,
    { timeoutMs: 60_000 },
  );
  assert.deepEqual(parseOutcome(outcome.stdout, outcome.stderr), {
    atImport: false,
    afterArange: false,
    afterCompile: true,
    values: [2, 5],
  });
});

Deno.test("mod.ts's module graph has no mathjs, not even behind a dynamic import", async () => {
  const info = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", "mod.ts"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(info.code, 0, new TextDecoder().decode(info.stderr));
  const graph = JSON.parse(new TextDecoder().decode(info.stdout)) as {
    modules: Array<{ specifier: string; kind?: string }>;
  };
  const npm = graph.modules.filter((module) => module.kind === "npm").map((m) => m.specifier);
  assert.deepEqual(npm, [], "mod.ts reaches npm packages");
  assert.ok(graph.modules.some((module) => module.specifier.endsWith("/lib/pool/pool.ts")));
});
