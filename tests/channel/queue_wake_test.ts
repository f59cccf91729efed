// The queue's counted wake-ups (lib/channel/_queue_wake.ts): an announcement skips the futex
// call when nobody waits, so the test is that nobody who waits is ever skipped. A lost wake-up
// would cost a whole slice; the slices here are 20 s, so one shows as a timeout, not as noise.
import assert from "node:assert/strict";
import { Pool, Queue } from "../../mod.ts";
import { announce } from "../../lib/channel/_queue_wake.ts";
import { PUT_SEQ, PUT_WAITERS, SIGNAL_CELLS } from "../../lib/channel/_queue_memory.ts";
import { waitForPut } from "./_wake_tasks.ts";

const TASKS = new URL("./_wake_tasks.ts", import.meta.url).href;
const SLICE_MS = 20_000;

async function until(check: () => boolean, what: string): Promise<void> {
  // Generous: the workers start first, on a machine that may be busy.
  const deadline = performance.now() + 30_000;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

Deno.test("announce() wakes every counted waiter at once, and the waiters count themselves out", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS });
  const signals = new Int32Array(new SharedArrayBuffer(4 * SIGNAL_CELLS));
  const waits = [0, 1].map(() => pool.apply(waitForPut, [signals, 0, SLICE_MS]));
  await until(() => Atomics.load(signals, PUT_WAITERS) === 2, "both waiters counted in");
  // Give both a moment to be asleep in Atomics.wait, not just counted.
  await new Promise((resolve) => setTimeout(resolve, 50));
  announce(signals, PUT_SEQ);
  const waited = await Promise.all(waits);
  for (const ms of waited) assert.ok(ms < SLICE_MS / 2, `a waiter slept ${ms} ms: not woken`);
  assert.equal(Atomics.load(signals, PUT_WAITERS), 0);
  assert.equal(Atomics.load(signals, PUT_SEQ), 1);
});

Deno.test("a waiter that finds the sequence already moved does not sleep, counted or not", () => {
  const signals = new Int32Array(new SharedArrayBuffer(4 * SIGNAL_CELLS));
  announce(signals, PUT_SEQ); // nobody waits: no futex call, but the number moves
  assert.ok(waitForPut(signals, 0, SLICE_MS) < SLICE_MS / 2);
  assert.equal(Atomics.load(signals, PUT_WAITERS), 0);
});

Deno.test("values put one at a time to a getter blocked in a worker each wake it: 300 hand-offs, none waits out a slice", async () => {
  await using pool = new Pool({
    processes: 1,
    module: new URL("./_json_tasks.ts", import.meta.url).href,
  });
  const { echoOnce } = await import("./_json_tasks.ts");
  const there = new Queue<number>();
  const back = new Queue<number>();
  const echoing = pool.apply(echoOnce, [there, back, 300]);
  const start = performance.now();
  for (let i = 0; i < 300; i++) {
    await there.put(i);
    assert.equal(await back.get(30_000), i);
  }
  await echoing;
  // Each hand-off wakes a sleeper on each side; a lost wake-up costs a 50 ms slice, so 300 of
  // them would take 15 s or more.
  const ms = performance.now() - start;
  assert.ok(ms < 10_000, `300 hand-offs took ${ms.toFixed(0)} ms`);
});
