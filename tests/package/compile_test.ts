// `deno compile` of a script that uses a Pool. A worker's script and the modules a pool imports
// by a computed URL are not in the module graph `deno compile` follows, so the README's command
// names them with --include: lib/worker/thread_entry.ts (every worker thread runs it) and
// lib/kernel/_parallel_task.ts (what runParallel's workers import).
//
// The binary is built on `denort`, Deno's runtime without the CLI, which `deno compile` takes
// from $DENORT_BIN, else from its cache in DENO_DIR, else downloads. Running the binary is
// tested only where one of those can work; the compile step itself, and what it embeds, is
// tested everywhere by standing this `deno` in for denort (the binary made so opens Deno's REPL
// instead of the script, so it is not run).
import assert from "node:assert/strict";
import { lastJsonLine, runCommand } from "./_run_deno.ts";

const ROOT = new URL("../../", import.meta.url);
const MOD = new URL("mod.ts", ROOT).href;
const NUMERIC = new URL("numeric.ts", ROOT).href;
/** What the README's command adds with --include, relative to the repository. */
const INCLUDED = ["lib/worker/thread_entry.ts", "lib/kernel/_parallel_task.ts"];
const INCLUDE_FLAGS = INCLUDED.flatMap((path) => [
  "--include",
  decodeURIComponent(new URL(path, ROOT).pathname),
]);
const TIME_LIMIT_MS = 120_000;

/** Why no denort runtime can be had here, or `null` if `deno compile` can get one. */
async function missingDenort(): Promise<string | null> {
  const given = Deno.env.get("DENORT_BIN");
  if (given !== undefined && given !== "") {
    if (!isFile(given)) return `DENORT_BIN=${given} is not a file`;
    if (Deno.realPathSync(given) === Deno.realPathSync(Deno.execPath())) {
      return "DENORT_BIN names the deno CLI, whose compiled binaries open the REPL";
    }
    return null;
  }
  const name = `denort-${Deno.build.target}.zip`;
  const suffix = `release/v${Deno.version.deno}/${name}`;
  const info = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json"],
    stdout: "piped",
    stderr: "null",
  }).output();
  const denoDir = info.success ? JSON.parse(new TextDecoder().decode(info.stdout)).denoDir : null;
  if (typeof denoDir === "string" && isFile(`${denoDir}/dl/${suffix}`)) return null;
  try {
    const response = await fetch(`https://dl.deno.land/${suffix}`, {
      method: "HEAD",
      signal: AbortSignal.timeout(3000),
    });
    await response.body?.cancel();
    return response.ok ? null : `dl.deno.land answered ${response.status} for ${name}`;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return `no denort: DENORT_BIN unset, none cached, dl.deno.land out of reach (${why})`;
  }
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

const DENORT_MISSING = await missingDenort();

/** The script compiled: a Pool running an inline task, a task of its own module, a kernel. */
const SCRIPT = `
import { Pool } from "${MOD}";
import { compile, runParallel } from "${NUMERIC}";

export function square(x: number): number {
  return x * x;
}

if (import.meta.main) {
  await using pool = new Pool({ processes: 2, module: import.meta.url });
  const kernel = compile("-4*x^3 + 9*x^2 + 6*x - 3");
  const x = new Float64Array(new SharedArrayBuffer(8 * 6));
  x.forEach((_, i) => x[i] = i - 2);
  console.log(JSON.stringify({
    inline: await pool.map((n: number) => 2 * n + 1, [1, 2, 3, 4]),
    moduleTask: await pool.apply(square, [12]),
    moduleTaskByName: await pool.map("square", [3, 4]),
    kernelX: Array.from(x),
    kernel: Array.from(await runParallel(pool, kernel, x)),
  }));
}
`;

/** Writes the script into a new temporary directory and compiles it there. */
async function compileScript(dir: string, env: Record<string, string> = {}) {
  await Deno.writeTextFile(`${dir}/main.ts`, SCRIPT);
  // No deno.json in the directory: the repository's config and lock file play no part.
  return await runCommand(
    [
      "compile",
      "-A",
      "--no-config",
      "--no-lock",
      ...INCLUDE_FLAGS,
      "--output",
      `${dir}/app`,
      `${dir}/main.ts`,
    ],
    { cwd: dir, timeoutMs: TIME_LIMIT_MS, env },
  );
}

/**
 * Whether `deno compile`'s list of embedded files has `path` (relative to the repository): as
 * a file, or inside a folder it lists as `folder/*` (everything in it embedded).
 */
function embeds(listing: string, path: string): boolean {
  const parts = path.split("/");
  const file = parts.at(-1)!;
  const folder = parts.at(-2)!;
  return new RegExp(`(^|[\\s─])(${escape(file)}|${escape(folder)}/\\*) \\(`, "m").test(listing);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

Deno.test("deno compile with the README's --include flags embeds the worker script and the kernel's task module", async () => {
  const dir = await Deno.makeTempDir({ prefix: "multiproc_compile_embed_" });
  try {
    // Without a denort runtime this deno stands in: the embedding is the same.
    const env: Record<string, string> = DENORT_MISSING === null
      ? {}
      : { DENORT_BIN: Deno.execPath() };
    const outcome = await compileScript(dir, env);
    assert.equal(outcome.code, 0, outcome.stderr);
    for (const path of INCLUDED) {
      assert.ok(embeds(outcome.stderr, path), `${path} is not embedded:\n${outcome.stderr}`);
    }
    assert.ok(Deno.statSync(`${dir}/app`).isFile);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "a script using a Pool, compiled with deno compile, runs its inline, module and kernel " +
    "tasks on workers" + (DENORT_MISSING === null ? "" : ` (ignored: ${DENORT_MISSING})`),
  ignore: DENORT_MISSING !== null,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "multiproc_compile_" });
    try {
      const compiled = await compileScript(dir);
      assert.equal(compiled.code, 0, compiled.stderr);
      // Run from another directory, with the script gone: everything must come from the binary.
      await Deno.remove(`${dir}/main.ts`);
      const outcome = await runCommand([], {
        command: `${dir}/app`,
        cwd: Deno.cwd(),
        timeoutMs: TIME_LIMIT_MS,
      });
      const results = lastJsonLine(outcome, "the compiled binary");
      assert.equal(outcome.code, 0, outcome.stderr);
      assert.deepEqual(results.inline, [1, 2, 3, 4].map((n) => 2 * n + 1));
      assert.equal(results.moduleTask, 12 * 12);
      assert.deepEqual(results.moduleTaskByName, [9, 16]);
      const x = results.kernelX as number[];
      assert.equal(x.length, 6);
      assert.deepEqual(results.kernel, x.map((v) => -4 * v * v * v + 9 * v * v + 6 * v - 3));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
