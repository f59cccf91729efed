/**
 * `deno task bundle`: builds `dist/`, the browser build of the library, with esbuild from npm.
 *
 * - `dist/multiproc.js` is `mod.ts` and `dist/numeric.js` is `numeric.ts`; `dist/worker_entry.js`
 *   is the script pool workers and
 *   Processes run; `dist/parallel_task.js` is what `runParallel` loads in each worker.
 * - The four are entry points of one build with code splitting, so a worker that runs
 *   `worker_entry.js` and a task module that imports `multiproc.js` share one copy of the
 *   modules both use (the current task, the thread's identity), as they do under Deno.
 * - mathjs (an `npm:` import) is bundled in, as a chunk loaded on first use, like under Deno.
 * - `meta.json` is esbuild's metafile: every input and import of every output file.
 *
 * The library finds those scripts with `new URL("./thread_entry.ts", import.meta.url)`; the
 * build rewrites each such URL to the built file's name, and refuses to finish if a module
 * names one that is not built, so a browser never fetches a `.ts` file.
 *
 * ```sh
 * deno task bundle                 # dist/
 * deno task bundle --out /tmp/web  # elsewhere
 * ```
 *
 * Runs with `--node-modules-dir=auto` so npm packages have a `node_modules/` esbuild can read.
 *
 * @module
 */
import * as esbuild from "npm:esbuild@0.28.2";
import { parseArgs } from "node:util";
import { bundleFile } from "./bundle/plugin.ts";

const ROOT = new URL("../", import.meta.url);

/** Built files, by the library module each one is built from. */
const ENTRY_POINTS: Readonly<Record<string, string>> = {
  "mod.ts": "multiproc",
  "numeric.ts": "numeric",
  "lib/worker/thread_entry.ts": "worker_entry",
  "lib/kernel/_parallel_task.ts": "parallel_task",
};

/** What a build wrote: file names and sizes in bytes. */
export interface BundleResult {
  readonly outDir: string;
  readonly files: ReadonlyArray<{ readonly path: string; readonly bytes: number }>;
}

/** Builds the browser bundle into `outDir` (emptied first). */
export async function bundle(outDir: string): Promise<BundleResult> {
  await Deno.remove(outDir, { recursive: true }).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
  const entryPoints = Object.entries(ENTRY_POINTS).map(([input, name]) => ({
    in: new URL(input, ROOT).pathname,
    out: name,
  }));
  const builtNames = new Map(
    Object.entries(ENTRY_POINTS).map(([input, name]) => [new URL(input, ROOT).href, name]),
  );
  try {
    const result = await esbuild.build({
      entryPoints,
      outdir: outDir,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      chunkNames: "[name]-[hash]",
      sourcemap: "linked",
      metafile: true,
      logLevel: "warning",
      plugins: [bundleFile({ root: ROOT, builtNames })],
    });
    // What went into each file, for checks and for anyone asking why the bundle is this big.
    await Deno.writeTextFile(`${outDir}/meta.json`, JSON.stringify(result.metafile));
    const files = Object.entries(result.metafile.outputs).map(([path, output]) => ({
      path,
      bytes: output.bytes,
    }));
    return { outDir, files };
  } finally {
    await esbuild.stop();
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { out: { type: "string", default: new URL("dist", ROOT).pathname } },
  });
  const started = performance.now();
  const result = await bundle(values.out);
  for (const file of result.files.filter((file) => !file.path.endsWith(".map"))) {
    console.log(`${file.path.padEnd(60)} ${(file.bytes / 1024).toFixed(1).padStart(8)} KiB`);
  }
  console.log(`built ${result.outDir} in ${Math.round(performance.now() - started)} ms`);
}
