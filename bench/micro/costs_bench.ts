/**
 * Costs behind the math kit's per-call figures (`deno task bench:costs`): creating a small
 * result array, `Math.sin`/`Math.cos` on notebook 000's inputs against small ones; and what
 * importing each face costs a fresh process, beside a bare script and a bare Worker, in the same
 * run (mathjs loads only with the first `compile()`).
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
const scripts = Deno.makeTempDirSync({ prefix: "multiproc_costs_" });

// Each script ends by printing the time its first line ran at (after its imports), from the
// process's time origin.
const FIRST_LINE = "console.log(performance.now());\n";

/** Runs a script once in a fresh process; returns what its first line printed (ms). */
function runOnce(name: string, path: string): number {
  const { success, stdout, stderr } = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", path],
    cwd: fileURLToPath(root),
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  if (!success) throw new Error(`${name} failed: ${new TextDecoder().decode(stderr)}`);
  return Number(new TextDecoder().decode(stdout).trim().split("\n").at(-1));
}

const firstLines: Array<{ name: string; ms: number[] }> = [];

/** A script in a temp dir, run as `deno run -A` in a fresh process by each iteration. */
function freshProcess(name: string, source: string): () => void {
  const path = `${scripts}/${name.replace(/\W+/g, "_")}.ts`;
  Deno.writeTextFileSync(path, source + FIRST_LINE);
  const samples = { name, ms: [] as number[] };
  firstLines.push(samples);
  return () => void samples.ms.push(runOnce(name, path));
}

function median(values: readonly number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

const face = (path: string): string => new URL(path, root).href;
// Each script's first line runs once its imports are loaded; the process then ends.
const fewRuns = { group: "a fresh process: imports, then one line", n: 10, warmup: 2 } as const;
Deno.bench("a bare script", { ...fewRuns, baseline: true }, freshProcess("a bare script", ""));
Deno.bench(
  "a bare Worker: start one, get its first message",
  fewRuns,
  freshProcess(
    "a bare Worker",
    `const source = "postMessage(0); close();";
const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
const worker = new Worker(url, { type: "module" });
await new Promise((resolve) => worker.onmessage = resolve);
worker.terminate();
`,
  ),
);
Deno.bench(
  "import mod.ts (multiprocessing face)",
  fewRuns,
  freshProcess("mod.ts", `import ${JSON.stringify(face("mod.ts"))};\n`),
);
Deno.bench(
  "import numeric.ts (numeric face, mathjs not loaded)",
  fewRuns,
  freshProcess("numeric.ts", `import ${JSON.stringify(face("numeric.ts"))};\n`),
);
Deno.bench(
  "import numeric.ts, then a first compile() (loads mathjs)",
  fewRuns,
  freshProcess(
    "numeric.ts + first compile()",
    `import { compile } from ${JSON.stringify(face("numeric.ts"))};\ncompile("x^2");\n`,
  ),
);
Deno.bench(
  "import mod.ts, make a Queue and use it at once (node:v8 loads then)",
  fewRuns,
  freshProcess(
    "mod.ts + a Queue used at once",
    `import { Queue } from ${JSON.stringify(face("mod.ts"))};
const queue = new Queue();
await queue.put(1);
await queue.get();
`,
  ),
);
Deno.bench(
  "import mod.ts and numeric.ts",
  fewRuns,
  freshProcess(
    "mod.ts + numeric.ts",
    `import ${JSON.stringify(face("mod.ts"))};\nimport ${JSON.stringify(face("numeric.ts"))};\n`,
  ),
);

// Keeps the results observable, so the work is not optimised away.
globalThis.addEventListener("unload", () => {
  void keep;
  // The time to each script's first line, from the same fresh processes the group timed.
  const bare = median(firstLines[0]?.ms ?? []);
  console.log("\ntime to the first line after the imports (median, from process start):");
  for (const { name, ms } of firstLines) {
    const at = median(ms);
    console.log(
      `  ${name.padEnd(32)} ${at.toFixed(1).padStart(7)} ms  (+${(at - bare).toFixed(1)} ms)`,
    );
  }
  Deno.removeSync(scripts, { recursive: true });
});
