// A script that forgot `if (import.meta.main)` and creates a Pool at its top level, with
// `module: import.meta.url`: every worker imports the script, so each would create a pool of its
// own, without end (before the guard: 115 threads and 1.26 GB in 10 s). Now the worker's import
// throws an error that explains the guard, the parent's calls reject with it, and the number of
// threads and processes stays bounded. Each script runs in a child deno and stops itself if the
// count runs away, so that a regression cannot take the machine down.
import assert from "node:assert/strict";
import { parseOutcome, runChild } from "../_child.ts";
import { reportRow } from "../_report.ts";
import { Pool } from "../../mod.ts";
import { sumOfSquaresInNestedPool } from "../fixtures/start_failures/nested_pool.ts";

const LIB = new URL("../../mod.ts", import.meta.url).href;
// Far above what a pool of 2 needs, far below a runaway.
const THREAD_CAP = 100;
const PROCESS_CAP = 20;
// A script still running after this long reports itself as runaway and exits.
const DEADLINE_MS = 30_000;

/** A script without its main guard; it reports how many threads and processes it reached. */
function unguardedScript(isolation: "thread" | "process"): string {
  return `import { Pool } from "${LIB}";
    export function square(x) { return x * x; }
    function threads() {
      const status = Deno.readTextFileSync("/proc/self/status");
      return Number(/Threads:\\s+(\\d+)/.exec(status)[1]);
    }
    function descendants() {
      const parents = new Map();
      for (const entry of Deno.readDirSync("/proc")) {
        if (!/^\\d+$/.test(entry.name)) continue;
        try {
          const stat = Deno.readTextFileSync("/proc/" + entry.name + "/stat");
          parents.set(Number(entry.name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
        } catch { /* gone */ }
      }
      let count = 0;
      for (let [pid, parent] of parents) {
        while (parent !== undefined && parent > 1 && parent !== Deno.pid) parent = parents.get(parent);
        if (parent === Deno.pid && pid !== Deno.pid) count++;
      }
      return count;
    }
    const started = performance.now();
    const baseline = threads();
    let peakThreads = baseline;
    let peakProcesses = 0;
    const sampler = setInterval(() => {
      peakThreads = Math.max(peakThreads, threads());
      peakProcesses = Math.max(peakProcesses, descendants());
      const late = performance.now() - started > ${DEADLINE_MS};
      if (late || peakThreads > ${THREAD_CAP} || peakProcesses > ${PROCESS_CAP}) {
        console.log("OUTCOME " + JSON.stringify({ runaway: true, late, peakThreads, peakProcesses }));
        Deno.exit(2);
      }
    }, 20);

    const pool = new Pool({ processes: 2, module: import.meta.url, isolation: "${isolation}" });
    let error = null;
    try {
      await pool.map(square, [1, 2, 3]);
    } catch (thrown) {
      error = thrown.message;
    }
    await pool.terminate();
    clearInterval(sampler);
    const ms = Math.round(performance.now() - started);
    console.log("OUTCOME " + JSON.stringify({ error, baseline, peakThreads, peakProcesses, ms }));
`;
}

interface Outcome {
  runaway?: true;
  error: string | null;
  baseline: number;
  peakThreads: number;
  peakProcesses: number;
  ms: number;
}

for (const isolation of ["thread", "process"] as const) {
  Deno.test(`a script without its main guard that creates a Pool gets an error explaining if (import.meta.main), with a bounded number of workers, and exits (isolation: ${isolation})`, async () => {
    const child = await runChild(unguardedScript(isolation), { timeoutMs: 90_000 });
    const outcome = parseOutcome(child.stdout, child.stderr) as Outcome;
    assert.equal(outcome.runaway, undefined, `workers ran away: ${JSON.stringify(outcome)}`);
    assert.equal(child.code, 0, `the script did not end by itself: ${child.stderr.slice(-2000)}`);
    assert.ok(outcome.error !== null, "the call did not fail");
    assert.match(outcome.error, /could not start/);
    assert.match(outcome.error, /new Pool\(\) was called while a worker .* was still loading/);
    assert.match(outcome.error, /if \(import\.meta\.main\)/);
    if (isolation === "thread") {
      assert.ok(outcome.peakThreads - outcome.baseline <= 30, JSON.stringify(outcome));
    } else {
      assert.ok(outcome.peakProcesses <= 8, JSON.stringify(outcome));
    }
    await reportRow("faults", `no main guard (${isolation})`, {
      injected: "a script creates a Pool at its top level with module: import.meta.url, " +
        "without if (import.meta.main)",
      outcome: `the call rejected explaining the guard after ${outcome.ms} ms; peak ` +
        `${outcome.peakThreads} threads (${outcome.baseline} before the pool), ` +
        `${outcome.peakProcesses} child processes; the script exited by itself`,
    });
  });
}

Deno.test("the main thread is never bootstrapping: a Pool made there works even with the worker's mark set", async () => {
  const marks = globalThis as unknown as Record<symbol, unknown>;
  const mark = Symbol.for("multiproc.bootstrappingModule");
  marks[mark] = import.meta.url;
  try {
    await using pool = new Pool({ processes: 1 });
    assert.equal(await pool.apply((x: number) => x * 2, [21]), 42);
  } finally {
    delete marks[mark];
  }
});

Deno.test("a task may create a Pool once its module has loaded: only the module's top level is guarded", async () => {
  for (const isolation of ["thread", "process"] as const) {
    await using pool = new Pool({
      processes: 1,
      isolation,
      module: new URL("../fixtures/start_failures/nested_pool.ts", import.meta.url),
    });
    assert.equal(await pool.apply(sumOfSquaresInNestedPool, [4]), 0 + 1 + 4 + 9, isolation);
  }
});
