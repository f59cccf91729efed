// Importing the multiprocessing face starts no `node:` module: the first one starts Deno's Node
// compatibility layer, about 15 ms before a script's first line. `node:v8`, which Queues and
// child processes need, is loaded when first needed (lib/wire/_node_v8.ts), by a dynamic import
// that `deno info --json` marks `isDynamic`.
import assert from "node:assert/strict";
import { runCommand } from "./_run_deno.ts";

const ROOT = new URL("../../", import.meta.url);

/** Both faces and the subpath exports of their sections (deno.json `exports`). */
const FACES = [
  "mod.ts",
  "lib/pool/mod.ts",
  "lib/process/mod.ts",
  "lib/shared/mod.ts",
  "lib/channel/mod.ts",
  "lib/errors.ts",
  "numeric.ts",
  "lib/array/mod.ts",
  "lib/linalg/mod.ts",
  "lib/random/mod.ts",
  "lib/kernel/mod.ts",
  "lib/integrate/mod.ts",
  "lib/timing/mod.ts",
];

interface InfoDependency {
  code?: { specifier: string };
  isDynamic?: boolean;
}

interface InfoModule {
  specifier: string;
  dependencies?: InfoDependency[];
}

/**
 * The modules loading `face` evaluates, each with the chain of imports that reaches it. Type-only
 * imports (no `code`) are erased; with `dynamic`, imports done later by `import()` count too.
 */
async function reached(face: string, dynamic: boolean): Promise<Map<string, string[]>> {
  const outcome = await runCommand(["info", "--json", face], {
    cwd: decodeURIComponent(ROOT.pathname),
    timeoutMs: 60_000,
  });
  assert.equal(outcome.code, 0, `deno info ${face} failed:\n${outcome.stderr}`);
  const info = JSON.parse(outcome.stdout) as { roots: string[]; modules: InfoModule[] };
  const bySpecifier = new Map(info.modules.map((module) => [module.specifier, module]));
  const short = (specifier: string): string => specifier.replace(ROOT.href, "");
  const chains = new Map<string, string[]>(info.roots.map((root) => [root, [short(root)]]));
  const pending = [...info.roots];
  while (pending.length > 0) {
    const specifier = pending.shift()!;
    for (const dependency of bySpecifier.get(specifier)?.dependencies ?? []) {
      const target = dependency.code?.specifier;
      if (target === undefined || (dependency.isDynamic === true && !dynamic)) continue;
      if (chains.has(target)) continue;
      chains.set(target, [...chains.get(specifier)!, short(target)]);
      pending.push(target);
    }
  }
  return chains;
}

function nodeModules(chains: Map<string, string[]>): string[] {
  return [...chains].filter(([specifier]) => specifier.startsWith("node:"))
    .map(([, chain]) => chain.join(" -> "));
}

for (const face of FACES) {
  Deno.test(`importing ${face} loads no node: module`, async () => {
    assert.deepEqual(nodeModules(await reached(face, false)), []);
  });
}

Deno.test("node:v8 is in mod.ts's graph only behind a dynamic import", async () => {
  // The walk above would pass vacuously if deno info stopped marking dynamic imports.
  const all = nodeModules(await reached("mod.ts", true));
  assert.ok(all.some((chain) => chain.endsWith("lib/wire/_node_v8.ts -> node:v8")), all.join("\n"));
});
