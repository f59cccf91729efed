/**
 * The two programs `deno task bench:idle` measures, each run as a fresh child `deno` process,
 * under the current mechanism ("new") or with idle release turned off, which is exactly the
 * behaviour before it ("old": idle workers hold the process and stop after 1000 ms).
 *
 * - {@linkcode timeExit}: a script that uses a pool once and never closes it. Measured: from
 *   its last line to its exit, as the parent sees the exit.
 * - {@linkcode serveWithPauses}: a server (`Deno.serve`) whose pool answers requests that come
 *   after seeded pauses. Measured: each request's pool call, and whether the worker was the
 *   same (a new one counts its calls from 1 and runs the initializer again).
 *
 * @module
 */
import type { Isolation } from "../../../mod.ts";

const POOL = new URL("../../../lib/pool/pool.ts", import.meta.url).href;
const TASKS = new URL("../../../tests/fixtures/idle_tasks.ts", import.meta.url).href;
const RELEASE = new URL("../../../lib/worker/_idle_release.ts", import.meta.url).href;
// A child that does not end by itself is killed here, and its figure reported as missing.
const DEADLINE_MS = 120_000;

/** Which mechanism a child runs under. */
export type Mechanism = "new" | "old";

/** One request of the server program. */
export interface Request {
  /** Pause before it (ms); 0 for the first. */
  readonly pauseMs: number;
  /** Time of its pool call (ms). */
  readonly callMs: number;
  /** Initializer runs and calls counted by the worker that answered. */
  readonly initializerRuns: number;
  readonly calls: number;
}

function preamble(mechanism: Mechanism): string {
  const disable = mechanism === "old"
    ? `import { disableIdleRelease } from "${RELEASE}";\ndisableIdleRelease();\n`
    : "";
  return `import { Pool } from "${POOL}";
import { countInitializer, visit } from "${TASKS}";
${disable}`;
}

const now = "performance.timeOrigin + performance.now()";

async function run(
  source: string,
  args: string[],
): Promise<{ stdout: string; exitEpochMs: number; code: number | null }> {
  const script = await Deno.makeTempFile({ prefix: "bench_idle_", suffix: ".ts" });
  await Deno.writeTextFile(script, source);
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", script, ...args],
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const timer = setTimeout(() => child.kill("SIGKILL"), DEADLINE_MS);
    const stdout = new Response(child.stdout).text();
    const status = await child.status;
    const exitEpochMs = performance.timeOrigin + performance.now();
    clearTimeout(timer);
    return { stdout: await stdout, exitEpochMs, code: status.signal === null ? status.code : null };
  } finally {
    await Deno.remove(script);
  }
}

function outcome(stdout: string): unknown {
  const line = stdout.split("\n").find((text) => text.startsWith("OUTCOME "));
  if (line === undefined) throw new Error(`the child printed no outcome; stdout: ${stdout}`);
  return JSON.parse(line.slice("OUTCOME ".length));
}

/**
 * Runs the script that never closes its pool (with `null`, the same script without a pool);
 * resolves with the time from its last line to its exit (ms), or `null` if it had not exited
 * by the deadline.
 */
export async function timeExit(
  mechanism: Mechanism | null,
  isolation: Isolation,
): Promise<number | null> {
  const usePool = `const pool = new Pool({
  processes: 2, module: "${TASKS}", initializer: countInitializer, isolation: "${isolation}",
});
await pool.apply(visit);`;
  const source = `${preamble(mechanism ?? "new")}
${mechanism === null ? "await visit();" : usePool}
console.log("OUTCOME " + JSON.stringify(${now}));`;
  const { stdout, exitEpochMs, code } = await run(source, []);
  if (code !== 0) return null;
  return exitEpochMs - (outcome(stdout) as number);
}

/** Runs the server program with these pauses between requests (ms). */
export async function serveWithPauses(
  mechanism: Mechanism,
  isolation: Isolation,
  pausesMs: readonly number[],
): Promise<Request[]> {
  const source = `${preamble(mechanism)}
const pausesMs = JSON.parse(Deno.args[0]);
const pool = new Pool({
  processes: 1, module: "${TASKS}", initializer: countInitializer, isolation: "${isolation}",
});
const requests = [];
let pauseMs = 0;
const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async () => {
  const started = performance.now();
  const seen = await pool.apply(visit);
  requests.push({ pauseMs, callMs: performance.now() - started, ...seen });
  return new Response("ok");
});
const url = "http://127.0.0.1:" + server.addr.port + "/";
await (await fetch(url)).text();
for (const pause of pausesMs) {
  await new Promise((resolve) => setTimeout(resolve, pause));
  pauseMs = pause;
  await (await fetch(url)).text();
}
console.log("OUTCOME " + JSON.stringify(requests));
await server.shutdown();
await pool.terminate();`;
  const { stdout, code } = await run(source, [JSON.stringify(pausesMs)]);
  if (code !== 0) throw new Error(`the server program (${mechanism}, ${isolation}) failed`);
  return outcome(stdout) as Request[];
}
