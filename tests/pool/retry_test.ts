import assert from "node:assert/strict";
import { Pool, SharedValue, WorkerDiedError } from "../../mod.ts";
import { dieUntil, throwAndCount } from "../fixtures/reliability_tasks.ts";
import { reportRow } from "../_report.ts";

const TASKS = new URL("../fixtures/reliability_tasks.ts", import.meta.url).href;

Deno.test("retries: a call whose worker dies under it reruns on a fresh worker until it succeeds", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS });
  const runs = new SharedValue("i", 0);
  assert.equal(await pool.apply(dieUntil, [runs, 2], { retries: 2 }), 3);
  await reportRow("faults", "worker dies under a call with retries", {
    injected: "task closes its worker on its first 2 runs; retries: 2",
    outcome: "result from the 3rd run on a fresh worker; with retries 1: WorkerDiedError, " +
      "attempts 2; a task that throws is never rerun",
  });
});

Deno.test("retries: once they are used up the call rejects with WorkerDiedError carrying the attempts", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS, retries: 1 });
  const runs = new SharedValue("i", 0);
  await assert.rejects(pool.apply(dieUntil, [runs, 5]), (error: Error) => {
    assert.ok(error instanceof WorkerDiedError);
    assert.equal(error.attempts, 2);
    assert.match(error.message, /on its attempt 2/);
    return true;
  });
  assert.equal(runs.value, 2);
});

Deno.test("retries: a task that throws is not rerun; only deaths are", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS, retries: 3 });
  const runs = new SharedValue("i", 0);
  await assert.rejects(pool.apply(throwAndCount, [runs]), /task failed on purpose/);
  assert.equal(runs.value, 1);
});

Deno.test("retries default to 0: the first death rejects the call", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const runs = new SharedValue("i", 0);
  await assert.rejects(pool.apply(dieUntil, [runs, 1]), (error: Error) => {
    assert.ok(error instanceof WorkerDiedError);
    assert.equal(error.attempts, 1);
    return true;
  });
  assert.equal(runs.value, 1);
});

Deno.test("retries apply to map chunks too: a chunk whose worker died reruns and every item gets its result", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS });
  const dies = new SharedValue("i", 0);
  const lives = new SharedValue("i", 0);
  const items: Array<[SharedValue<"i">, number]> = [[lives, 0], [dies, 1], [lives, 0]];
  const results = await pool.starmap(dieUntil, items, { chunksize: 1, retries: 1 });
  assert.equal(results[1], 2, "the dying item ran twice");
  assert.deepEqual([results[0], results[2]].sort(), [1, 2]);
});
