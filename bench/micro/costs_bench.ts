/**
 * `deno task bench:costs`: the costs behind the math kit's per-call figures (a small result
 * array, `Math.sin`/`Math.cos` on notebook 000's inputs against small ones), and what importing
 * each face costs a fresh process beside a bare script and a bare Worker (mathjs loads with the
 * first `compile()`, acorn, `jit()`'s parser, with the first `jit()` or `await loadJit()`: their
 * difference from importing `numeric.ts` alone is the parser's load time, printed at the end).
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

const out = new Float64Array(3);
function sinPlusCos(x: Float64Array): Float64Array {
  for (let i = 0; i < x.length; i++) out[i] = Math.sin(x[i]!) + Math.cos(x[i]!);
  return out;
}
const small = new Float64Array([0.1, 0.2, 0.3]);
const notebook = new Float64Array([0, Math.PI / 2, Math.PI]);
Deno.bench("sin + cos of [0.1, 0.2, 0.3]", { group: "sin + cos", baseline: true }, () => {
  keep = sinPlusCos(small);
});
Deno.bench("sin + cos of [0, π/2, π]", { group: "sin + cos" }, () => {
  keep = sinPlusCos(notebook);
});

const root = new URL("../../", import.meta.url);
const cwd = fileURLToPath(root);
const face = (path: string): string => JSON.stringify(new URL(path, root).href);
const scripts = Deno.makeTempDirSync({ prefix: "multiproc_costs_" });
const imports = (...faces: string[]): string =>
  faces.map((path) => `import ${face(path)};\n`).join("");
// Each script's last line prints when it ran (after the imports), from the process's time origin.
const FRESH: ReadonlyArray<readonly [bench: string, name: string, source: string]> = [
  ["a bare script", "a bare script", ""],
  [
    "a bare Worker: start one, get its first message",
    "a bare Worker",
    `const source = "postMessage(0); close();";
const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
const worker = new Worker(url, { type: "module" });
await new Promise((resolve) => worker.onmessage = resolve);
worker.terminate();
`,
  ],
  ["import mod.ts (multiprocessing face)", "mod.ts", imports("mod.ts")],
  ["import numeric.ts (numeric face, mathjs not loaded)", "numeric.ts", imports("numeric.ts")],
  [
    "import numeric.ts, then a first compile() (loads mathjs)",
    "numeric.ts + first compile()",
    `import { compile } from ${face("numeric.ts")};\ncompile("x^2");\n`,
  ],
  [
    "import numeric.ts, then a first jit() (loads acorn by require)",
    "numeric.ts + first jit()",
    `import { jit } from ${face("numeric.ts")};\njit((x: number) => x ** 2);\n`,
  ],
  [
    "import numeric.ts, then await loadJit() (loads acorn by import())",
    "numeric.ts + await loadJit()",
    `import { loadJit } from ${face("numeric.ts")};\nawait loadJit();\n`,
  ],
  [
    "import mod.ts, make a Queue and use it at once (node:v8 loads then)",
    "mod.ts + a Queue used at once",
    `import { Queue } from ${face("mod.ts")};
const queue = new Queue();
await queue.put(1);
await queue.get();
`,
  ],
  ["import mod.ts and numeric.ts", "mod.ts + numeric.ts", imports("mod.ts", "numeric.ts")],
];

/** Per script: the ms its last line printed, from every fresh process the bench ran. */
const firstLines = FRESH.map(([bench, name, source], index) => {
  const path = `${scripts}/${index}.ts`;
  Deno.writeTextFileSync(path, `${source}console.log(performance.now());\n`);
  const ms: number[] = [];
  const group = "a fresh process: imports, then one line";
  Deno.bench(bench, { group, n: 10, warmup: 2, baseline: index === 0 }, () => {
    const run = new Deno.Command(Deno.execPath(), { args: ["run", "-A", path], cwd }).outputSync();
    if (!run.success) throw new Error(`${name} failed: ${new TextDecoder().decode(run.stderr)}`);
    ms.push(Number(new TextDecoder().decode(run.stdout).trim().split("\n").at(-1)));
  });
  return { name, ms };
});

const median = (values: readonly number[]): number =>
  values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

globalThis.addEventListener("unload", () => {
  void keep; // Keeps the results observable, so the work is not optimised away.
  const bare = median(firstLines[0]!.ms);
  console.log("\ntime to the first line after the imports (median, from process start):");
  for (const { name, ms } of firstLines) {
    const at = median(ms);
    console.log(
      `  ${name.padEnd(32)} ${at.toFixed(1).padStart(7)} ms  (+${(at - bare).toFixed(1)} ms)`,
    );
  }
  const at = (name: string): number => median(firstLines.find((f) => f.name === name)!.ms);
  const numeric = at("numeric.ts");
  console.log("the parser's load time (acorn, for jit()), beyond importing numeric.ts:");
  for (const name of ["numeric.ts + first jit()", "numeric.ts + await loadJit()"]) {
    console.log(`  ${name.padEnd(32)} +${(at(name) - numeric).toFixed(1)} ms`);
  }
  Deno.removeSync(scripts, { recursive: true });
});
