// Timeouts above 2^31−1 ms: setTimeout fires those after 1 ms, so every user-given duration goes
// through setLongTimeout. Each API here gets 2^31 or 2^40 ms and must still be waiting well
// after 1 ms; the helper's chaining is checked on a fake clock.
import assert from "node:assert/strict";
import { Lock, Pipe, Pool, Process, Queue } from "../../mod.ts";
import {
  clearLongTimeout,
  type LongTimer,
  MAX_TIMER_DELAY_MS,
  scheduleLongTimeout,
  setLongTimeout,
  type TimerFunctions,
} from "../../lib/internal/long_timer.ts";
import { countCalls, sleepThenReturn } from "../fixtures/tasks.ts";
import { reportRow } from "../_report.ts";

const TASKS = new URL("../fixtures/tasks.ts", import.meta.url).href;
const LONG_TIMEOUTS = [2 ** 31, 2 ** 40];
/** Long enough that a timer fired "after 1 ms" has certainly fired. */
const SETTLE_MS = 150;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A clock that runs timers only when told to advance, and records what was armed. */
class FakeTimers implements TimerFunctions {
  now = 0;
  readonly delays: number[] = [];
  #timers = new Map<number, { at: number; every: number | null; run: () => void }>();
  #next = 1;

  setTimeout(run: () => void, ms: number): LongTimer {
    this.delays.push(ms);
    return this.#add(run, ms, null);
  }

  setInterval(run: () => void, ms: number): LongTimer {
    this.delays.push(ms);
    return this.#add(run, ms, ms);
  }

  clearInterval(timer: LongTimer): void {
    this.#timers.delete(timer as unknown as number);
  }

  get pending(): number {
    return this.#timers.size;
  }

  /** Moves time to `until`, running every timer due on the way in order. */
  advance(until: number): void {
    for (;;) {
      let dueId: number | null = null;
      for (const [id, timer] of this.#timers) {
        if (timer.at <= until && (dueId === null || timer.at < this.#timers.get(dueId)!.at)) {
          dueId = id;
        }
      }
      if (dueId === null) break;
      const timer = this.#timers.get(dueId)!;
      this.now = timer.at;
      if (timer.every === null) this.#timers.delete(dueId);
      else timer.at += timer.every;
      timer.run();
    }
    this.now = until;
  }

  #add(run: () => void, ms: number, every: number | null): LongTimer {
    const id = this.#next++;
    this.#timers.set(id, { at: this.now + ms, every, run });
    return id as unknown as LongTimer;
  }
}

Deno.test("scheduleLongTimeout fires once at the full delay, in steps no longer than the limit", () => {
  for (const [delay, maxStep] of [[10, 4], [2 ** 40, MAX_TIMER_DELAY_MS], [2 ** 31, 2 ** 31 - 1]]) {
    const clock = new FakeTimers();
    const firedAt: number[] = [];
    scheduleLongTimeout(() => firedAt.push(clock.now), delay!, clock, maxStep!);
    assert.ok(clock.delays.every((ms) => ms <= maxStep!), `steps ${clock.delays}`);
    clock.advance(delay! * (1 - 1e-9));
    assert.deepEqual(firedAt, [], `not before ${delay} ms`);
    clock.advance(delay! * 2);
    assert.equal(firedAt.length, 1, "exactly once");
    assert.ok(Math.abs(firedAt[0]! - delay!) <= delay! * 1e-12, `fired at ${firedAt[0]}`);
    assert.equal(clock.pending, 0, "no timer left behind");
  }
});

Deno.test("scheduleLongTimeout uses one plain timeout up to the limit", () => {
  const clock = new FakeTimers();
  let fired = 0;
  scheduleLongTimeout(() => fired++, MAX_TIMER_DELAY_MS, clock, MAX_TIMER_DELAY_MS);
  assert.deepEqual(clock.delays, [MAX_TIMER_DELAY_MS]);
  clock.advance(MAX_TIMER_DELAY_MS);
  assert.equal(fired, 1);
  assert.throws(() => scheduleLongTimeout(() => {}, Infinity, clock, 10), RangeError);
  assert.throws(() => scheduleLongTimeout(() => {}, -1, clock, 10), RangeError);
});

Deno.test("setLongTimeout with small real steps fires after the whole delay; clearing stops it", async () => {
  const timers: TimerFunctions = {
    setTimeout: (run, ms) => setTimeout(run, ms),
    setInterval: (run, ms) => setInterval(run, ms),
    clearInterval: (timer) => clearInterval(timer),
  };
  const started = performance.now();
  const elapsed = await new Promise<number>((resolve) => {
    scheduleLongTimeout(() => resolve(performance.now() - started), 60, timers, 25);
  });
  assert.ok(elapsed >= 55, `fired after ${elapsed.toFixed(1)} ms of 60 (3 steps of 20)`);
  let fired = false;
  const cleared = scheduleLongTimeout(() => fired = true, 40, timers, 15);
  clearLongTimeout(cleared);
  const long = setLongTimeout(() => fired = true, 2 ** 40);
  await sleep(80);
  clearLongTimeout(long);
  assert.equal(fired, false);
});

Deno.test("a call timeout above 2^31−1 ms (call and pool option) does not cut the call short", async () => {
  for (const timeout of LONG_TIMEOUTS) {
    await using pool = new Pool({ processes: 1, module: TASKS, timeout });
    assert.equal(await pool.apply(sleepThenReturn, [SETTLE_MS, "pool"]), "pool");
    assert.equal(await pool.apply(sleepThenReturn, [SETTLE_MS, "call"], { timeout }), "call");
    const mapped = await pool.starmap(sleepThenReturn, [[SETTLE_MS, "map"]], { timeout });
    assert.deepEqual(mapped, ["map"]);
  }
});

Deno.test("AsyncResult.get() with 2^31, 2^40 or Infinity ms waits for the result", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  for (const limit of [...LONG_TIMEOUTS, Infinity]) {
    const result = pool.applyAsync(sleepThenReturn, [SETTLE_MS, limit]);
    assert.equal(await result.get(limit), limit);
    const waited = pool.applyAsync(sleepThenReturn, [SETTLE_MS, limit]);
    assert.equal(await waited.wait(limit), true, `wait(${limit}) returned once ready`);
  }
});

Deno.test("Process.join() with 2^31, 2^40 or Infinity ms waits for the process to end", async () => {
  for (const limit of [...LONG_TIMEOUTS, Infinity]) {
    const process = new Process({ target: sleepThenReturn, args: [SETTLE_MS, 0], module: TASKS });
    process.start();
    await process.join(limit);
    assert.equal(process.exitCode, 0, `join(${limit}) returned while the process ran`);
  }
});

Deno.test("Connection.poll() with 2^31 or 2^40 ms waits for a message", async () => {
  for (const limit of LONG_TIMEOUTS) {
    const [left, right] = Pipe();
    const sender = setTimeout(() => right.send("late"), SETTLE_MS);
    const started = performance.now();
    assert.equal(await left.poll(limit), true, `poll(${limit}) saw the message`);
    assert.ok(performance.now() - started >= SETTLE_MS - 20);
    clearTimeout(sender);
    assert.equal(await left.recv(), "late");
    left.close();
    right.close();
  }
});

// These wait in slices of at most 50 ms (lib/shared/wait.ts), so they were right already: kept
// so that a change to their timers cannot bring the 1 ms timeout back unnoticed.
Deno.test("Lock.acquire() and Queue.get() with 2^31 or 2^40 ms wait for the lock or the item", async () => {
  for (const limit of LONG_TIMEOUTS) {
    const lock = new Lock();
    await lock.acquire();
    const releaser = setTimeout(() => lock.release(), SETTLE_MS);
    assert.equal(await lock.acquire(limit), true, `acquire(${limit}) got the lock`);
    clearTimeout(releaser);
    lock.release();
    const queue = new Queue<string>();
    const putter = setTimeout(() => queue.putNowait("item"), SETTLE_MS);
    assert.equal(await queue.get(limit), "item");
    clearTimeout(putter);
  }
});

Deno.test("cancelGrace of 2^31 ms or Infinity keeps a cancelled task's worker", async () => {
  for (const cancelGrace of [2 ** 31, Infinity]) {
    await using pool = new Pool({ processes: 1, module: TASKS, cancelGrace });
    assert.equal(await pool.apply(countCalls), 1);
    // Ignores its cancellation for SETTLE_MS: the grace must let it run on, not replace it.
    const slow = pool.apply(sleepThenReturn, [SETTLE_MS, "late"], { timeout: 20 });
    await assert.rejects(slow, { name: "TimeoutError" });
    await sleep(SETTLE_MS * 2);
    assert.equal(await pool.apply(countCalls), 2, `same worker with cancelGrace ${cancelGrace}`);
  }
});

Deno.test("idleTimeout of 2^31 or 2^40 ms keeps idle workers", async () => {
  const counts: number[] = [];
  for (const idleTimeout of LONG_TIMEOUTS) {
    await using pool = new Pool({ processes: 1, module: TASKS, idleTimeout });
    await pool.apply(countCalls);
    await sleep(SETTLE_MS);
    counts.push(await pool.apply(countCalls));
  }
  assert.deepEqual(counts, [2, 2], "the same worker answered after the idle pause");
  await reportRow("inputs", "timeouts above 2^31−1 ms", {
    injected: "2^31 and 2^40 ms as call/pool timeout, AsyncResult.get, Process.join, " +
      "Connection.poll, cancelGrace and idleTimeout",
    outcome: `none fired early: idle workers kept (calls counted ${counts.join(", ")}), ` +
      "calls, gets, joins and polls waited for their results",
  });
});
