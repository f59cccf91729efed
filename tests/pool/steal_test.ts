// Head-of-line blocking: units queued on a worker behind one that does not finish go to an idle
// worker: a worker thread's are taken back through the control block, a child process's by its
// I/O thread. Each case runs in a child deno: a worker stuck in a synchronous loop cannot be
// stopped from the test process (deno#35657), and a stuck pool child must not outlive the test.
import assert from "node:assert/strict";
import { parseOutcome, runChild } from "../_child.ts";
import { reportRow } from "../_report.ts";
import type { Isolation } from "../../mod.ts";

const MOD = new URL("../../mod.ts", import.meta.url).href;
const TASKS = new URL("../fixtures/stall_tasks.ts", import.meta.url).href;
const CALLS = 1_000;
// Well under the stuck task's 5 s (and the 8 s the never-settling case waits), loose for load.
const WELL_UNDER_MS = 3_000;
const STUCK_SYNC = "busyFor, [5_000]";
const NEVER_SETTLES = "never, []";

interface Outcome {
  readonly ms: number | null;
  readonly done: number;
  readonly wrong: number;
}

/**
 * Starts `stuck` (a task and its arguments from stall_tasks.ts) on a 2-worker pool of
 * `isolation`, then CALLS tiny calls; reports how long they took.
 */
async function tinyCallsBehind(stuck: string, isolation: Isolation): Promise<Outcome> {
  const source = `import { Pool } from "${MOD}";
    import { busyFor, inc, never } from "${TASKS}";
    const pool = new Pool({ processes: 2, isolation: "${isolation}", module: "${TASKS}" });
    await Promise.all([pool.apply(inc, [0]), pool.apply(inc, [1])]);
    pool.applyAsync(${stuck});
    const started = performance.now();
    let done = 0;
    let wrong = 0;
    const calls = Array.from({ length: ${CALLS} }, (_, i) =>
      pool.applyAsync(inc, [i]).get().then((value) => {
        if (value === i + 1) done++;
        else wrong++;
      }));
    const all = Promise.all(calls).then(() => performance.now() - started);
    const ms = await Promise.race([all, new Promise((resolve) => setTimeout(resolve, 8_000, null))]);
    console.log("OUTCOME " + JSON.stringify({ ms, done, wrong }));
    pool.terminate();
    Deno.exit(0);`;
  const child = await runChild(source, { timeoutMs: 60_000 });
  return parseOutcome(child.stdout, child.stderr) as Outcome;
}

/** Every call answered right, well under the stuck task's time. */
function assertAllSoon(outcome: Outcome): void {
  assert.equal(outcome.wrong, 0);
  assert.equal(outcome.done, CALLS);
  assert.ok(outcome.ms !== null && outcome.ms < WELL_UNDER_MS, `took ${outcome.ms} ms`);
}

function answered(outcome: Outcome): string {
  return `all ${outcome.done} answered correctly in ${outcome.ms?.toFixed(0)} ms`;
}

Deno.test("1,000 tiny calls behind a worker stuck 5 s in synchronous code finish on the idle worker", async () => {
  const outcome = await tinyCallsBehind(STUCK_SYNC, "thread");
  assertAllSoon(outcome);
  await reportRow("loads", "head-of-line: stuck sync task", {
    injected: `2 workers, one in a 5 s synchronous loop, then ${CALLS} tiny applyAsync calls`,
    outcome: answered(outcome),
  });
});

Deno.test("1,000 tiny calls behind a task whose promise never settles all run on the idle worker", async () => {
  const outcome = await tinyCallsBehind(NEVER_SETTLES, "thread");
  assertAllSoon(outcome);
  await reportRow("loads", "head-of-line: never-settling task", {
    injected: `2 workers, one awaiting a promise that never settles, then ${CALLS} tiny calls`,
    outcome: answered(outcome),
  });
});

Deno.test("1,000 tiny calls behind a child process stuck 5 s in synchronous code finish on the idle one", async () => {
  const outcome = await tinyCallsBehind(STUCK_SYNC, "process");
  assertAllSoon(outcome);
  await reportRow("loads", "head-of-line: stuck sync task in a child process", {
    injected: `2 child processes, one in a 5 s synchronous loop, then ${CALLS} tiny applyAsync ` +
      "calls",
    outcome: answered(outcome),
  });
});

Deno.test("1,000 tiny calls behind a child process whose task never settles all run on the idle one", async () => {
  const outcome = await tinyCallsBehind(NEVER_SETTLES, "process");
  assertAllSoon(outcome);
  await reportRow("loads", "head-of-line: never-settling task in a child process", {
    injected: `2 child processes, one awaiting a promise that never settles, then ${CALLS} ` +
      "tiny calls",
    outcome: answered(outcome),
  });
});
