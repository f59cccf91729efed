// Chaos tests: a worker dies holding a Lock or an RLock, and the other threads recover as the
// classes' JSDoc says. Every wait has a timeout, so a regression fails instead of hanging.
import assert from "node:assert/strict";
import { Lock, OwnerDiedError, Pool, type Process, RLock } from "../../mod.ts";
import {
  acquireAfterDeath,
  type Death,
  DONE,
  FINISHED,
  HELD,
  holdLockAndDie,
  holdLockBusy,
  RETURNED,
  SIGNAL_BYTES,
  STARTED,
  THREW,
} from "../fixtures/death_tasks.ts";
import { reportRow } from "../_report.ts";
import { go, start, until } from "../_death_helpers.ts";

const TASKS = new URL("../fixtures/death_tasks.ts", import.meta.url).href;
const DEATHS: Death[] = ["close", "exit", "timer-error", "terminate"];
const EXIT_CODES: Record<Death, number> = { close: 0, exit: 3, "timer-error": 1, terminate: -15 };

/** Lets `holder` die as `how` says, once its lock is held, and waits for it to end. */
async function letDie(holder: Process, how: Death, cells: Int32Array): Promise<void> {
  go(cells);
  if (how === "terminate") holder.terminate();
  await holder.join(10_000);
  assert.equal(holder.exitCode, EXIT_CODES[how], `the holder ended by ${how}`);
}

/** Main's twin of `acquireAfterDeath`, with `await acquire()`. */
async function acquireHere(lock: Lock): Promise<string[]> {
  const outcome: string[] = [];
  for (let attempt = 0; attempt < 2 && outcome.at(-1) !== "acquired"; attempt++) {
    try {
      outcome.push(await lock.acquire(10_000) ? "acquired" : "timed out");
    } catch (error) {
      outcome.push((error as Error).name);
    }
  }
  if (outcome.at(-1) === "acquired") lock.release();
  return outcome;
}

Deno.test("a Lock whose holder Process closes, exits, crashes in a timer or is terminated: the worker waiting for it gets OwnerDiedError once, then the lock", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  for (const how of DEATHS) {
    const lock = new Lock();
    const cells = new Int32Array(new SharedArrayBuffer(SIGNAL_BYTES));
    const holder = start(holdLockAndDie, [lock, 1, how, cells.buffer as SharedArrayBuffer]);
    await until(() => Atomics.load(cells, HELD) === 1, `the ${how} holder took the lock`);
    const waiting = pool.apply(acquireAfterDeath, [lock, cells.buffer as SharedArrayBuffer]);
    await until(() => Atomics.load(cells, STARTED) === 1, "the worker waits for the lock");
    await letDie(holder, how, cells);
    assert.deepEqual(await waiting, ["OwnerDiedError", "acquired", "released", "free"], how);
  }
  await reportRow("faults", "Lock holder dies", {
    injected: `holder Process ends by ${DEATHS.join(", ")} while holding the Lock`,
    outcome: `${DEATHS.length} of ${DEATHS.length}: the waiting worker got OwnerDiedError ` +
      "once, then the lock (Python wedges here, cpython#96062)",
  });
});

Deno.test("an RLock taken 3 times by a Process that closes: the worker waiting for it gets OwnerDiedError, then holds it once", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const rlock = new RLock();
  const cells = new Int32Array(new SharedArrayBuffer(SIGNAL_BYTES));
  const holder = start(holdLockAndDie, [rlock, 3, "close", cells.buffer as SharedArrayBuffer]);
  await until(() => Atomics.load(cells, HELD) === 1, "the holder took the RLock 3 times");
  const waiting = pool.apply(acquireAfterDeath, [rlock, cells.buffer as SharedArrayBuffer]);
  await until(() => Atomics.load(cells, STARTED) === 1, "the worker waits for the RLock");
  await letDie(holder, "close", cells);
  // "free" after one release: the dead owner's 3 levels were not inherited.
  assert.deepEqual(await waiting, ["OwnerDiedError", "acquired", "released", "free"]);
});

Deno.test("a dead Lock holder with 3 waiters (main and 2 workers): exactly one gets OwnerDiedError, and all get the lock", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS });
  const lock = new Lock();
  const cells = new Int32Array(new SharedArrayBuffer(SIGNAL_BYTES));
  const signal = cells.buffer as SharedArrayBuffer;
  const holder = start(holdLockAndDie, [lock, 1, "close", signal]);
  await until(() => Atomics.load(cells, HELD) === 1, "the holder took the lock");
  const workers = [0, 1].map(() => pool.apply(acquireAfterDeath, [lock, signal]));
  const mine = acquireHere(lock);
  await until(() => Atomics.load(cells, STARTED) === 2, "both workers wait for the lock");
  await letDie(holder, "close", cells);
  const outcomes = [await mine, ...(await Promise.all(workers)).map((o) => o.slice(0, -2))];
  const died = outcomes.filter((outcome) => outcome[0] === "OwnerDiedError");
  assert.equal(died.length, 1, `one waiter took the lock over: ${JSON.stringify(outcomes)}`);
  for (const outcome of outcomes) assert.equal(outcome.at(-1), "acquired");
  assert.equal(lock.isLocked(), false);
});

Deno.test("a Lock holder terminated in synchronous code that releases within the grace hands the lock over without OwnerDiedError; its later acquire is refused", async () => {
  const lock = new Lock();
  const cells = new Int32Array(new SharedArrayBuffer(SIGNAL_BYTES));
  const holder = start(holdLockBusy, [lock, 20, cells.buffer as SharedArrayBuffer]);
  await until(() => Atomics.load(cells, HELD) === 1, "the holder took the lock");
  holder.terminate(); // it runs on: Deno stops a worker only when its code returns
  assert.equal(await lock.acquire(5_000), true, "a short critical section ends normally");
  await until(() => Atomics.load(cells, STARTED) !== 0, "the terminated holder reported");
  assert.equal(Atomics.load(cells, STARTED), RETURNED, "the terminated holder released its lock");
  go(cells);
  await until(() => Atomics.load(cells, DONE) === 1, "the terminated holder reported");
  assert.equal(Atomics.load(cells, FINISHED), THREW, "a terminated thread may not wait for a lock");
  lock.release();
});

Deno.test("a Lock holder terminated in a long synchronous section is taken over after the grace; its late release() leaves the new holder's lock alone", async () => {
  const lock = new Lock();
  const cells = new Int32Array(new SharedArrayBuffer(SIGNAL_BYTES));
  const holder = start(holdLockBusy, [lock, 1_000, cells.buffer as SharedArrayBuffer]);
  await until(() => Atomics.load(cells, HELD) === 1, "the holder took the lock");
  holder.terminate();
  const started = performance.now();
  const error = await lock.acquire(5_000).catch((e) => e);
  assert.ok(error instanceof OwnerDiedError, `got ${error}`);
  assert.ok(performance.now() - started >= 90, "the dead holder had its grace first");
  assert.equal(Atomics.load(cells, DONE), 0, "the terminated holder still runs");
  assert.equal(await lock.acquire(1_000), true);
  await until(() => Atomics.load(cells, STARTED) !== 0, "the terminated holder tried to release");
  assert.equal(Atomics.load(cells, STARTED), THREW, "its release() was refused");
  assert.equal(lock.isLocked(), true, "main still holds the lock");
  go(cells);
  await until(() => Atomics.load(cells, DONE) === 1, "the terminated holder reported");
  assert.equal(Atomics.load(cells, FINISHED), THREW, "a terminated thread may not wait for a lock");
  lock.release();
});
