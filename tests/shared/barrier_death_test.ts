// Chaos tests: a party dies inside Barrier.wait(), and the others recover as Barrier's JSDoc
// says. Every wait has a timeout, so a regression fails (in well under the timeout's 10 s)
// instead of hanging.
import assert from "node:assert/strict";
import { Barrier, BrokenBarrierError, Lock, Pool } from "../../mod.ts";
import {
  type Death,
  dieInsideBarrierWait,
  DONE,
  HELD,
  holdLockAndDie,
  makeBarrierWhoseActionCloses,
  RETURNED,
  SIGNAL_BYTES,
  STARTED,
  waitAtKeptBarrier,
  waitSyncAtBarrier,
} from "../fixtures/death_tasks.ts";
import { reportRow } from "../_report.ts";
import { go, start, until } from "../_death_helpers.ts";

const TASKS = new URL("../fixtures/death_tasks.ts", import.meta.url).href;
const PATIENCE_MS = 10_000;
/** Well under the waits' timeouts: a waiter that got its error sooner was not timed out. */
const PROMPTLY_MS = 3_000;

/** Awaits `waiting` (a wait's promise, its error caught) and checks it broke in time. */
async function brokenPromptly(waiting: Promise<unknown>, since: number): Promise<Error> {
  const error = await waiting;
  assert.ok(error instanceof BrokenBarrierError, `got ${error}`);
  assert.ok(performance.now() - since < PROMPTLY_MS, "broken by the death, not by the timeout");
  return error;
}

/** After `reset()`, a full round of `parties` waits on this thread passes. */
async function fullRoundPasses(barrier: Barrier): Promise<void> {
  await barrier.reset();
  assert.equal(barrier.broken, false);
  assert.equal(barrier.nWaiting, 0, "the dead party was forgotten");
  const waits = Array.from({ length: barrier.parties }, () => barrier.wait(PATIENCE_MS));
  const indices = (await Promise.all(waits)).sort();
  assert.deepEqual(indices, Array.from({ length: barrier.parties }, (_, i) => i));
}

Deno.test("a party whose Process closes, exits, crashes in a timer or is terminated inside Barrier.wait() breaks the barrier, naming its pid; reset() makes it usable", async () => {
  const broke: number[] = [];
  for (const how of ["close", "exit", "timer-error", "terminate"] as Death[]) {
    const barrier = new Barrier(3);
    const mine = barrier.wait(PATIENCE_MS).catch((e) => e);
    const cells = new Int32Array(new SharedArrayBuffer(SIGNAL_BYTES));
    const party = start(dieInsideBarrierWait, [barrier, 2, how, cells.buffer as SharedArrayBuffer]);
    await until(() => Atomics.load(cells, HELD) === 1, `the ${how} party waits at the barrier`);
    const since = performance.now();
    go(cells);
    if (how === "terminate") party.terminate();
    const error = await brokenPromptly(mine, since);
    assert.match(error.message, new RegExp(`pid ${party.pid} died inside Barrier\\.wait\\(\\)`));
    assert.equal(barrier.broken, true);
    await assert.rejects(barrier.wait(PATIENCE_MS), /pid \d+ died/, "broken until reset()");
    await fullRoundPasses(barrier);
    await party.join(PATIENCE_MS);
    broke.push(performance.now() - since);
  }
  await reportRow("faults", "party dies inside Barrier.wait()", {
    injected: "one of 3 parties ends by close, exit, timer error, terminate inside wait()",
    outcome: `${broke.length} of 4: the others got BrokenBarrierError naming its pid within ` +
      `${Math.max(...broke).toFixed(0)} ms (wait timeout 10 s); reset() made it usable`,
  });
});

Deno.test("a worker terminated while blocked in Barrier.waitSync() breaks the barrier; its own wait ends with an error once it notices", async () => {
  const barrier = new Barrier(3);
  const mine = barrier.wait(PATIENCE_MS).catch((e) => e);
  const cells = new Int32Array(new SharedArrayBuffer(SIGNAL_BYTES));
  const party = start(waitSyncAtBarrier, [barrier, cells.buffer as SharedArrayBuffer]);
  await until(() => barrier.nWaiting === 2, "the worker waits at the barrier");
  const since = performance.now();
  party.terminate(); // it runs on, blocked in waitSync(): Deno cannot interrupt that
  const error = await brokenPromptly(mine, since);
  assert.match(error.message, new RegExp(`pid ${party.pid} died`));
  await until(() => Atomics.load(cells, DONE) === 1, "the terminated party's wait ended", 5_000);
  assert.notEqual(Atomics.load(cells, STARTED), RETURNED, "its wait did not pass");
  await fullRoundPasses(barrier);
});

Deno.test("a worker that dies running the Barrier's action, holding its lock, breaks the barrier for the others", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const barrier = await pool.apply(makeBarrierWhoseActionCloses, [2]);
  const mine = barrier.wait(PATIENCE_MS).catch((e) => e);
  await until(() => barrier.nWaiting === 1, "main waits at the barrier");
  const since = performance.now();
  const theirs = pool.apply(waitAtKeptBarrier).catch((e) => e);
  const error = await brokenPromptly(mine, since);
  assert.match(error.message, /died inside Barrier\.wait\(\) or holding its lock/);
  assert.equal((await theirs).name, "WorkerDiedError", "the worker closed in the action");
  await fullRoundPasses(barrier);
});

Deno.test("a party that dies before calling Barrier.wait() cannot be noticed: the others' timeout breaks the barrier", async () => {
  const barrier = new Barrier(2);
  const cells = new Int32Array(new SharedArrayBuffer(SIGNAL_BYTES));
  const party = start(holdLockAndDie, [new Lock(), 0, "close", cells.buffer as SharedArrayBuffer]);
  await until(() => Atomics.load(cells, HELD) === 1, "the party started");
  go(cells);
  await party.join(PATIENCE_MS);
  assert.equal(party.exitCode, 0, "it closed before arriving");
  await assert.rejects(barrier.wait(200), /timed out after 200 ms/);
  assert.equal(barrier.broken, true);
});
