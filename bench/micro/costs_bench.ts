/**
 * Costs behind the math kit's per-call figures (`deno task bench:costs`): creating a small
 * result array, `Math.sin`/`Math.cos` on notebook 000's inputs against small ones, and the time
 * to import the library in a fresh process (mathjs loads with it on the main thread).
 *
 * @module
 */
import { fileURLToPath } from "node:url";

const slab = new ArrayBuffer(1 << 16);
let offset = 0;
let keep: unknown;

Deno.bench("new Float64Array(3)", { group: "small result array", baseline: true }, () => {
  keep = new Float64Array(3);
});

Deno.bench("Float64Array view of 3 over a slab", { group: "small result array" }, () => {
  keep = new Float64Array(slab, offset, 3);
  offset = (offset + 24) % 65_000;
});

const notebook = new Float64Array([0, Math.PI / 2, Math.PI]);
const small = new Float64Array([0.1, 0.2, 0.3]);
const out = new Float64Array(3);

function sinPlusCos(x: Float64Array): Float64Array {
  for (let i = 0; i < x.length; i++) out[i] = Math.sin(x[i]!) + Math.cos(x[i]!);
  return out;
}

Deno.bench("sin + cos of [0.1, 0.2, 0.3]", { group: "sin + cos", baseline: true }, () => {
  keep = sinPlusCos(small);
});

Deno.bench("sin + cos of [0, π/2, π]", { group: "sin + cos" }, () => {
  keep = sinPlusCos(notebook);
});

const root = new URL("../../", import.meta.url);

function importInFreshProcess(specifier: string): () => void {
  const url = new URL(specifier, root).href;
  return () => {
    const { success } = new Deno.Command(Deno.execPath(), {
      args: ["eval", `await import(${JSON.stringify(url)})`],
      cwd: fileURLToPath(root),
      stdout: "null",
      stderr: "null",
    }).outputSync();
    if (!success) throw new Error(`importing ${url} failed`);
  };
}

const fewRuns = { group: "import in a fresh process", n: 5, warmup: 1 } as const;
Deno.bench(
  "deno eval of lib/pool/mod.ts",
  { ...fewRuns, baseline: true },
  importInFreshProcess("lib/pool/mod.ts"),
);
Deno.bench("deno eval of mod.ts (loads mathjs)", fewRuns, importInFreshProcess("mod.ts"));

// Keeps the results observable, so the work is not optimised away.
globalThis.addEventListener("unload", () => void keep);
