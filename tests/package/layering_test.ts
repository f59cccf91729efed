// The layers of lib/, guarded the way denoland/std guards its packages: every import points down
// the stack internal < wire < shared < channel < worker < cluster < pool | process, the numeric
// kit imports only the leaf layer, and no files import each other in a cycle. The graph is deno's own
// (`deno info --json`), so type-only imports count too.
import assert from "node:assert/strict";
import { cycles, type Edge, libImports, violation } from "./_import_graph.ts";

const ROOT = decodeURIComponent(new URL("../../", import.meta.url).pathname);

function violations(edges: readonly Edge[]): string[] {
  return edges.flatMap((edge) => {
    const why = violation(edge);
    return why === null ? [] : [`${edge.from} -> ${edge.to}: ${why}`];
  });
}

/** A copy of the repository's lib/ (and deno.json, deno.lock) in a temp dir, edited by `plant`. */
async function plantedCopy(plant: (dir: string) => Promise<void>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "multiproc_layers_" });
  const copy = async (relative: string): Promise<void> => {
    await Deno.mkdir(`${dir}/${relative}`, { recursive: true });
    for await (const entry of Deno.readDir(`${ROOT}${relative}`)) {
      const path = `${relative}/${entry.name}`;
      if (entry.isDirectory) await copy(path);
      else await Deno.copyFile(`${ROOT}${path}`, `${dir}/${path}`);
    }
  };
  await copy("lib");
  for (const file of ["deno.json", "deno.lock"]) {
    await Deno.copyFile(`${ROOT}${file}`, `${dir}/${file}`);
  }
  await plant(dir);
  return dir;
}

async function prepend(path: string, line: string): Promise<void> {
  await Deno.writeTextFile(path, `${line}\n${await Deno.readTextFile(path)}`);
}

Deno.test("every import inside lib/ points down the layers, and none forms a cycle", async () => {
  const edges = await libImports(ROOT);
  assert.ok(edges.length > 300, `deno info found only ${edges.length} imports inside lib/`);
  assert.deepEqual(violations(edges), [], "imports against the layering");
  assert.deepEqual(cycles(edges), [], "import cycles");
});

Deno.test("the layering check fails on a planted upward import, a kit-to-stack import and a cycle", async () => {
  const dir = await plantedCopy(async (copy) => {
    // shared/ reaching up into the pool, as _register.ts once reached into channel/.
    await prepend(`${copy}/lib/shared/lock.ts`, 'import "../pool/pool.ts";');
    // The numeric kit importing the stack, as runParallel once imported Pool.
    await prepend(`${copy}/lib/kernel/parallel.ts`, 'import type { Pool } from "../pool/mod.ts";');
    // Two kernel files importing each other, type-only as the old cycle was.
    await prepend(
      `${copy}/lib/kernel/types.ts`,
      'import type { KernelSpec } from "./_kernel_function.ts";',
    );
  });
  try {
    const edges = await libImports(dir);
    const found = violations(edges);
    assert.ok(
      found.includes(
        "lib/shared/lock.ts -> lib/pool/pool.ts: shared/ imports pool/, a layer above it",
      ),
      `the upward import went unreported:\n${found.join("\n")}`,
    );
    assert.ok(
      found.includes(
        "lib/kernel/parallel.ts -> lib/pool/mod.ts: the numeric kit (kernel/) imports the multiprocessing stack (pool/)",
      ),
      `the kit-to-stack import went unreported:\n${found.join("\n")}`,
    );
    const cycle = cycles(edges).find((around) => around.includes("lib/kernel/types.ts"));
    assert.ok(cycle !== undefined, "the planted cycle went unreported");
    assert.equal(cycle.at(0), cycle.at(-1), "a cycle ends where it starts");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("violation() allows down and sideways-in-the-kit imports and refuses the rest", () => {
  const allowed: Edge[] = [
    { from: "lib/pool/pool.ts", to: "lib/worker/calls.ts" },
    { from: "lib/process/process.ts", to: "lib/internal/check.ts" },
    { from: "lib/channel/queue.ts", to: "lib/errors.ts" },
    { from: "lib/linalg/dot.ts", to: "lib/array/matrix.ts" },
    { from: "lib/kernel/compile.ts", to: "lib/internal/runtime.ts" },
  ];
  for (const edge of allowed) assert.equal(violation(edge), null, `${edge.from} -> ${edge.to}`);
  const refused: Edge[] = [
    { from: "lib/pool/pool.ts", to: "lib/process/process.ts" },
    { from: "lib/wire/codec.ts", to: "lib/shared/lock.ts" },
    { from: "lib/internal/runtime.ts", to: "lib/worker/calls.ts" },
    { from: "lib/array/reduce.ts", to: "lib/wire/codec.ts" },
    { from: "lib/shared/lock.ts", to: "lib/random/jax.ts" },
    { from: "lib/newfolder/x.ts", to: "lib/internal/check.ts" },
  ];
  for (const edge of refused) assert.notEqual(violation(edge), null, `${edge.from} -> ${edge.to}`);
});
