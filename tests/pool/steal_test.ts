// Head-of-line blocking: units queued on a worker behind one that does not finish go to an idle
// worker. Each case runs in a child deno: a worker stuck in a synchronous loop cannot be stopped
// from the test process (deno#35657).
import assert from "node:assert/strict";
import { runChild } from "../_child.ts";
import { reportRow } from "../_report.ts";

const MOD = new URL("../../mod.ts", import.meta.url).href;
const CALLS = 1_000;
// Well under the stuck task's 5 s (and the 8 s the never-settling case waits), loose for load.
const WELL_UNDER_MS = 3_000;

interface Outcome {
  readonly ms: number | null;
  readonly done: number;
  readonly wrong: number;
}

/** Starts `stuck` on a 2-worker pool, then CALLS tiny calls; reports how long they took. */
async function tinyCallsBehind(stuck: string): Promise<Outcome> {
  const source = `import { Pool } from "${MOD}";
    const pool = new Pool({ processes: 2 });
    await Promise.all([pool.apply((x) => x, [0]), pool.apply((x) => x, [1])]);
    pool.applyAsync(${stuck});
    const started = performance.now();
    let done = 0;
    let wrong = 0;
    const calls = Array.from({ length: ${CALLS} }, (_, i) =>
      pool.applyAsync((x) => x + 1, [i]).get().then((value) => {
        if (value === i + 1) done++;
        else wrong++;
      }));
    const all = Promise.all(calls).then(() => performance.now() - started);
    const ms = await Promise.race([all, new Promise((resolve) => setTimeout(resolve, 8_000, null))]);
    console.log("OUTCOME " + JSON.stringify({ ms, done, wrong }));
    Deno.exit(0);`;
  const child = await runChild(source, { timeoutMs: 60_000 });
  const line = child.stdout.split("\n").find((text) => text.startsWith("OUTCOME "));
  assert.ok(line !== undefined, `the child printed no outcome: ${child.stderr}`);
  return JSON.parse(line.slice("OUTCOME ".length));
}

Deno.test("1,000 tiny calls behind a worker stuck 5 s in synchronous code finish on the idle worker", async () => {
  const outcome = await tinyCallsBehind(
    "() => { const end = Date.now() + 5_000; while (Date.now() < end); }",
  );
  assert.equal(outcome.wrong, 0);
  assert.equal(outcome.done, CALLS);
  assert.ok(outcome.ms !== null && outcome.ms < WELL_UNDER_MS, `took ${outcome.ms} ms`);
  await reportRow("loads", "head-of-line: stuck sync task", {
    injected: `2 workers, one in a 5 s synchronous loop, then ${CALLS} tiny applyAsync calls`,
    outcome: `all ${outcome.done} answered correctly in ${outcome.ms?.toFixed(0)} ms`,
  });
});

Deno.test("1,000 tiny calls behind a task whose promise never settles all run on the idle worker", async () => {
  const outcome = await tinyCallsBehind("() => new Promise(() => {})");
  assert.equal(outcome.wrong, 0);
  assert.equal(outcome.done, CALLS);
  assert.ok(outcome.ms !== null && outcome.ms < WELL_UNDER_MS, `took ${outcome.ms} ms`);
  await reportRow("loads", "head-of-line: never-settling task", {
    injected: `2 workers, one awaiting a promise that never settles, then ${CALLS} tiny calls`,
    outcome: `all ${outcome.done} answered correctly in ${outcome.ms?.toFixed(0)} ms`,
  });
});
