/**
 * `deno task bundle [--out DIR]`: builds `dist/`, the browser build, with esbuild from npm: one
 * build with code splitting, so a worker and a task module share one copy of the modules both use
 * as under Deno, mathjs in a chunk loaded on first use, and `meta.json`, esbuild's metafile.
 * @module
 */
import * as esbuild from "npm:esbuild@0.28.2";
import { parseArgs } from "node:util";

const ROOT = new URL("../", import.meta.url);
// The library and its numeric kit, the script pool workers and Processes run, and what
// runParallel loads in each worker.
const ENTRY_POINTS = Object.entries({
  "mod.ts": "multiproc",
  "numeric.ts": "numeric",
  "lib/worker/thread_entry.ts": "worker_entry",
  "lib/kernel/_parallel_task.ts": "parallel_task",
  "lib/kernel/_parallel_jit_task.ts": "parallel_jit_task",
}).map(([input, out]) => ({ in: new URL(input, ROOT).pathname, out }));
// How the library finds its worker scripts; the build points each at the built file.
const MODULE_URL = /new URL\(\s*"([^"]+\.ts)"\s*,\s*import\.meta\.url\s*\)/g;

const plugin: esbuild.Plugin = {
  name: "multiproc-bundle",
  setup(build) {
    // npm:name@version/path is name/path in node_modules/, made by --node-modules-dir=auto.
    build.onResolve({ filter: /^npm:/ }, async ({ path, kind }) => {
      const bare = path.replace(/^npm:\/?((?:@[^/@]+\/)?[^/@]+)@[^/]+/, "$1");
      const found = await build.resolve(bare, { kind, resolveDir: ROOT.pathname });
      if (found.errors.length === 0) return found;
      const text = `${path} is not in node_modules/: run the bundle with ` +
        "`deno run -A --node-modules-dir=auto tools/bundle.ts` (as `deno task bundle` does)";
      return { errors: [{ text }] };
    });
    // The library's loader of node:v8 needs Node's `process`; the browser gets a stand-in.
    build.onResolve({ filter: /\/_node_v8\.ts$/ }, () => ({
      path: new URL("./bundle/node_v8_browser.ts", import.meta.url).pathname,
    }));
    // A browser cannot reach Redis: the cluster engine (and ioredis behind it) stays out.
    build.onResolve(
      { filter: /engine\.ts$/ },
      ({ path, importer }) =>
        new URL(path, `file://${importer}`).pathname.endsWith("/lib/cluster/engine.ts")
          ? { path: new URL("./bundle/cluster_engine_browser.ts", import.meta.url).pathname }
          : undefined,
    );
    build.onResolve({ filter: /^node:/ }, ({ path }) => ({
      errors: [{ text: `${path} has no browser stand-in; keep it out of what mod.ts loads` }],
    }));
    build.onLoad({ filter: /\.ts$/ }, async ({ path }) => ({
      loader: "ts",
      contents: (await Deno.readTextFile(path)).replace(MODULE_URL, (whole, relative: string) => {
        const target = new URL(relative, `file://${path}`).pathname;
        const built = ENTRY_POINTS.find((entry) => entry.in === target);
        // Every built file sits at the top of the output directory, beside the chunks.
        return built === undefined ? whole : `new URL("./${built.out}.js", import.meta.url)`;
      }),
    }));
  },
};

const { out } = parseArgs({
  options: { out: { type: "string", default: new URL("dist", ROOT).pathname } },
}).values;
const started = performance.now();
await Deno.remove(out, { recursive: true }).catch((error) => {
  if (!(error instanceof Deno.errors.NotFound)) throw error;
});
try {
  const { metafile } = await esbuild.build({
    entryPoints: ENTRY_POINTS,
    outdir: out,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    chunkNames: "[name]-[hash]",
    sourcemap: "linked",
    metafile: true,
    logLevel: "warning",
    plugins: [plugin],
  });
  await Deno.writeTextFile(`${out}/meta.json`, JSON.stringify(metafile));
  for (const [path, { bytes }] of Object.entries(metafile.outputs)) {
    if (path.endsWith(".map")) continue;
    console.log(`${path.padEnd(60)} ${(bytes / 1024).toFixed(1).padStart(8)} KiB`);
  }
  console.log(`built ${out} in ${Math.round(performance.now() - started)} ms`);
} finally {
  await esbuild.stop();
}
