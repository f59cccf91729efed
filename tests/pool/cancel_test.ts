import assert from "node:assert/strict";
import {
  AbortError,
  checkCancelled,
  currentTask,
  Pool,
  SharedValue,
  TimeoutError,
} from "../../mod.ts";
import {
  countUntilCancelled,
  pids,
  reasonWhenAborted,
  recordRun,
  spinBlind,
} from "../fixtures/reliability_tasks.ts";
import { sleepThenReturn } from "../fixtures/tasks.ts";
import { reportRow } from "../_report.ts";

const TASKS = new URL("../fixtures/reliability_tasks.ts", import.meta.url).href;

Deno.test("a call aborted while queued rejects with AbortError and never runs", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const runs = new SharedValue("i", 0);
  const blocker = pool.apply(sleepThenReturn, [100, "first"]);
  const controller = new AbortController();
  const queued = pool.apply(recordRun, [runs], { signal: controller.signal });
  controller.abort("changed my mind");
  await assert.rejects(queued, (error: Error) => {
    assert.ok(error instanceof AbortError);
    assert.equal(error.cause, "changed my mind");
    assert.match(error.message, /before it started; it will not run/);
    return true;
  });
  assert.equal(await blocker, "first");
  assert.equal(await pool.apply(recordRun, [runs]), 1, "the aborted call must not have run");
});

Deno.test("a signal aborted before the call rejects it at once without queueing", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const runs = new SharedValue("i", 0);
  const signal = AbortSignal.abort();
  await assert.rejects(pool.apply(recordRun, [runs], { signal }), AbortError);
  await assert.rejects(pool.map(recordRun, [runs, runs], { signal }), AbortError);
  assert.equal(pool.queued, 0);
  assert.equal(runs.value, 0);
});

Deno.test("a running call rejects at once on abort; a task calling checkCancelled() stops and its worker lives on", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS, cancelGrace: 60_000 });
  const before = await pool.apply(pids);
  const controller = new AbortController();
  const running = pool.apply(countUntilCancelled, [], { signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  await assert.rejects(running, /was aborted; the task was told to stop/);
  // With a one-minute grace, only the task stopping itself frees the worker this soon.
  assert.deepEqual(await pool.apply(pids), before);
});

Deno.test("timeout: a CPU-bound task that checks stops with TimeoutError and the same worker takes the next call", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS, cancelGrace: 60_000 });
  const before = await pool.apply(pids);
  const started = performance.now();
  await assert.rejects(pool.apply(countUntilCancelled, [], { timeout: 50 }), (error: Error) => {
    assert.ok(error instanceof TimeoutError);
    assert.match(error.message, /timed out after 50 ms/);
    return true;
  });
  const rejectedMs = performance.now() - started;
  assert.deepEqual(await pool.apply(pids), before);
  await reportRow("faults", "CPU-bound task past its timeout, calling checkCancelled()", {
    injected: "endless loop, timeout 50 ms, cancelGrace 60 s",
    outcome: `TimeoutError after ${rejectedMs.toFixed(0)} ms; the loop stopped itself and ` +
      "the same worker ran the next call",
  });
});

Deno.test("currentTask().signal aborts an async task with the call's AbortError or TimeoutError as reason", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const runs = new SharedValue("i", 0);
  const controller = new AbortController();
  const aborted = pool.applyAsync(reasonWhenAborted, [], { signal: controller.signal });
  setTimeout(() => controller.abort(), 30);
  await assert.rejects(aborted.get(), AbortError);
  await assert.rejects(pool.apply(reasonWhenAborted, [], { timeout: 30 }), TimeoutError);
  // The worker is free again once the task resolved on its abort.
  assert.equal(await pool.apply(recordRun, [runs]), 1);
});

Deno.test("a task that ignores cancellation has its worker replaced after cancelGrace, so capacity comes back", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS, cancelGrace: 100 });
  const before = await pool.apply(pids);
  const done = new SharedValue("i", 0);
  const started = performance.now();
  await assert.rejects(pool.apply(spinBlind, [1_500, done], { timeout: 50 }), TimeoutError);
  const after = await pool.apply(pids);
  const nextMs = performance.now() - started;
  assert.equal(done.value, 0, "the next call must not wait for the blind task to finish");
  assert.notEqual(after.pid, before.pid, "a new worker must have taken the slot");
  await reportRow("faults", "task ignoring cancellation (thread)", {
    injected: "1.5 s blind spin, timeout 50 ms, cancelGrace 100 ms",
    outcome: `TimeoutError at once; worker replaced, next call answered ${
      nextMs.toFixed(0)
    } ms after the start (the old thread spins on until its loop ends: deno#35657)`,
  });
});

Deno.test("timeout counts from when the call starts, not while it waits in the queue", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const first = pool.apply(sleepThenReturn, [200, "slow"]);
  const second = pool.apply(sleepThenReturn, [20, "quick"], { timeout: 150 });
  assert.deepEqual(await Promise.all([first, second]), ["slow", "quick"]);
});

Deno.test("the pool's timeout applies to every call, and a call can lift it with timeout: Infinity", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS, timeout: 40 });
  await assert.rejects(pool.apply(sleepThenReturn, [2_000, "late"]), TimeoutError);
  assert.equal(await pool.apply(sleepThenReturn, [80, "ok"], { timeout: Infinity }), "ok");
});

Deno.test("a starmap with a timeout rejects as a whole with TimeoutError", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS });
  const pairs: Array<[number, string]> = [[30, "a"], [30, "b"], [5_000, "c"], [30, "d"]];
  const call = pool.starmap(sleepThenReturn, pairs, { chunksize: 1, timeout: 200 });
  await assert.rejects(call, TimeoutError);
});

Deno.test("checkCancelled() and currentTask() outside a pool task: no-op and a signal that never aborts", () => {
  checkCancelled();
  assert.equal(currentTask().signal.aborted, false);
  assert.equal(currentTask().name, null);
});

Deno.test("call limits are validated: timeout, signal and retries name the option and the value", async () => {
  await using pool = new Pool({ processes: 1 });
  const task = (x: number) => x;
  await assert.rejects(
    pool.apply(task, [1], { timeout: 0 }),
    /Pool.apply\(\) option timeout must be a number of milliseconds > 0.*received number 0/,
  );
  await assert.rejects(pool.apply(task, [1], { timeout: Number.NaN }), RangeError);
  await assert.rejects(pool.map(task, [1], { timeout: -5 }), RangeError);
  await assert.rejects(
    pool.apply(task, [1], { signal: "stop" as unknown as AbortSignal }),
    /option signal must be an AbortSignal, received the string "stop"/,
  );
  await assert.rejects(pool.apply(task, [1], { retries: -1 }), /retries must be an integer >= 0/);
  await assert.rejects(pool.imap(task, [1], { retries: 1.5 }).next(), RangeError);
  await reportRow("inputs", "bad call options", {
    injected: "timeout 0, NaN, -5; signal a string; retries -1 and 1.5",
    outcome: "6 of 6 rejected with RangeError/TypeError naming the option and the value",
  });
});
