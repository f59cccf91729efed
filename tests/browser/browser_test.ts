// The browser build: `deno task bundle`'s output loaded by a cross-origin-isolated page in
// headless Chromium, whose answers are checked here against the same computations in Deno.
import assert from "node:assert/strict";
import { compile } from "../../numeric.ts";
import { findChromium, startChromium } from "./_chromium.ts";
import { seededInputs } from "./inputs.js";
import { servePage } from "./_serve.ts";

const ROOT = new URL("../../", import.meta.url);
const chromium = findChromium();
const PAGE_TIMEOUT_MS = 120_000;

/** Runs `deno task bundle`'s script into a new temp dir; returns the dir and what it printed. */
async function buildBundle(): Promise<{ dir: string; log: string }> {
  const dir = await Deno.makeTempDir({ prefix: "multiproc-dist-" });
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--node-modules-dir=auto", "tools/bundle.ts", "--out", dir],
    cwd: ROOT.pathname,
    env: { NO_COLOR: "1" },
  }).output();
  const log = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 0, `deno task bundle failed:\n${log}`);
  return { dir, log };
}

Deno.test("deno task bundle builds plain ES modules with mathjs inside and no Deno-only import", async () => {
  const { dir } = await buildBundle();
  try {
    const names = [...Deno.readDirSync(dir)].map((entry) => entry.name);
    for (
      const entry of [
        "multiproc.js",
        "numeric.js",
        "worker_entry.js",
        "parallel_task.js",
        "parallel_jit_task.js",
      ]
    ) {
      assert.ok(names.includes(entry), `expected ${entry} in the bundle, found ${names}`);
    }
    const meta = JSON.parse(await Deno.readTextFile(`${dir}/meta.json`)) as {
      outputs: Record<string, { imports: { path: string; external?: boolean }[] }>;
      inputs: Record<string, unknown>;
    };
    for (const [file, output] of Object.entries(meta.outputs)) {
      const external = output.imports.filter((item) => item.external).map((item) => item.path);
      assert.deepEqual(external, [], `${file} imports what is not in the bundle`);
    }
    const inputs = Object.keys(meta.inputs);
    assert.ok(
      inputs.some((path) => path.includes("/node_modules/mathjs/")),
      "mathjs is not inside",
    );
    assert.ok(
      !inputs.some((path) => path.includes("process_entry")),
      "the child-process entry is inside",
    );
    // The library finds these scripts by URL, which must name the built files.
    const built = [...Deno.readDirSync(dir)].filter((entry) => entry.name.endsWith(".js"));
    const code = built.map((entry) => Deno.readTextFileSync(`${dir}/${entry.name}`)).join("\n");
    for (const script of ["worker_entry", "parallel_task"]) {
      assert.match(code, new RegExp(`new URL\\("\\./${script}\\.js", import\\.meta\\.url\\)`));
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name:
    "the bundle gives Pool.map, a locked SharedValue, a Pipe and a kernel their Deno answers in Chromium",
  // CI installs Chromium and sets MULTIPROC_REQUIRE_CHROMIUM, so there a missing one fails.
  ignore: chromium === null && Deno.env.get("MULTIPROC_REQUIRE_CHROMIUM") !== "1",
  async fn() {
    assert.ok(chromium !== null, "no Chromium: install Debian's chromium or set CHROMIUM");
    const seed = 20261121;
    const times = 5000;
    const { dir } = await buildBundle();
    try {
      await using server = servePage(dir);
      await using browser = await startChromium(chromium, [
        `${server.origin}/tests/browser/page.html?seed=${seed}&times=${times}`,
      ]);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const outcome = await Promise.race([
        server.result,
        browser.process.status.then((status) => ({ exited: status.code })),
        new Promise((resolve) =>
          timer = setTimeout(() => resolve({ timedOut: true }), PAGE_TIMEOUT_MS)
        ),
      ]);
      clearTimeout(timer);
      const results = outcome as Record<string, unknown>;
      assert.ok(
        !("exited" in results),
        `Chromium exited (${results.exited}) before the page answered`,
      );
      assert.ok(!("timedOut" in results), `no answer from the page in ${PAGE_TIMEOUT_MS} ms`);
      assert.equal(results.error, undefined, `the page failed: ${results.error}`);
      assert.equal(results.crossOriginIsolated, true);

      assert.deepEqual(results.poolMap, seededInputs(seed, 20).map((x) => x * x + 1));
      assert.deepEqual(results.moduleTask, [Math.hypot(3, 4), Math.hypot(5, 12)]);
      // Two Processes and the page's own thread, each adding 1 `times` times under the lock.
      assert.deepEqual(results.counterExitCodes, [0, 0]);
      assert.equal(results.sharedValue, 3 * times);
      assert.deepEqual(results.pipe, seededInputs(seed + 1, 5).map((v) => [v, v * 2]));
      const x = new Float64Array(seededInputs(seed + 2, 1000));
      const expected = Array.from(compile("-4*x^3 + 9*x^2 + 6*x - 3")(x));
      assert.deepEqual(results.kernel, expected);
      assert.deepEqual(results.kernelParallel, expected);

      assert.match(
        String(results.processIsolation),
        /^TypeError: .*isolation: "process" needs Deno/,
      );
      assert.match(
        String(results.queue),
        /^TypeError: Queue.*not available in the browser build/,
      );

      const text = String(results.pageText);
      for (
        const name of ["poolMap", "moduleTask", "sharedValue", "pipe", "kernel", "kernelParallel"]
      ) {
        assert.ok(
          text.includes(`${name}: ${JSON.stringify(results[name])}`),
          `the page does not show ${name}`,
        );
      }
      assert.match(text, /\ndone\n/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
