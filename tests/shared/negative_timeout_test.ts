// A negative timeout acts as 0, as in Python's multiprocessing, where Lock.acquire(timeout=-1),
// Event.wait(-1), Barrier.wait(-1)… return (or raise) at once. Every wait is raced against a
// deadline, so a negative timeout taken as "forever" fails instead of hanging.
import assert from "node:assert/strict";
import {
  Barrier,
  BoundedSemaphore,
  BrokenBarrierError,
  Condition,
  Event,
  Lock,
  RLock,
  Semaphore,
} from "../../mod.ts";
import { parseOutcome, runChild } from "../_child.ts";
import { reportRow } from "../_report.ts";
import { prompt } from "../_prompt.ts";

const MOD = new URL("../../mod.ts", import.meta.url).href;

Deno.test("a negative timeout acts as 0 in every async wait of locks, semaphores, events, conditions and barriers", async () => {
  const lock = new Lock();
  assert.equal(await prompt(() => lock.acquire(-1), "free Lock.acquire(-1)"), true);
  assert.equal(await prompt(() => lock.acquire(-1), "held Lock.acquire(-1)"), false);
  lock.release();
  const rlock = new RLock();
  await rlock.acquire();
  const heldElsewhere = new Lock();
  await heldElsewhere.acquire();
  assert.equal(await prompt(() => heldElsewhere.acquire(-5), "Lock.acquire(-5)"), false);
  assert.equal(await prompt(() => rlock.acquire(-1), "owned RLock.acquire(-1)"), true);
  rlock.release();
  rlock.release();
  assert.equal(await prompt(() => new Semaphore(0).acquire(-1), "Semaphore.acquire(-1)"), false);
  assert.equal(await prompt(() => new BoundedSemaphore(1).acquire(-1), "free acquire(-1)"), true);
  assert.equal(await prompt(() => new Event().wait(-1), "Event.wait(-1)"), false);
  const condition = new Condition();
  await condition.acquire();
  assert.equal(await prompt(() => condition.wait(-1), "Condition.wait(-1)"), false);
  assert.equal(await prompt(() => condition.waitFor(() => false, -1), "waitFor(-1)"), false);
  condition.release();
  const barrier = new Barrier(2);
  const broken = await prompt(() => barrier.wait(-1), "Barrier.wait(-1)");
  assert.ok(broken instanceof BrokenBarrierError, `got ${broken}`);
  const byDefault = await prompt(() => new Barrier(2, { timeout: -1 }).wait(), "default -1");
  assert.ok(byDefault instanceof BrokenBarrierError, `got ${byDefault}`);
  await assert.rejects(lock.acquire(Number.NaN), RangeError, "NaN is still no timeout");
});

// Sync waits in a child process: one that took -1 as "forever" would block its thread for good.
const SYNC_SCRIPT = `
import { Barrier, BrokenBarrierError, Condition, Event, Lock, RLock, Semaphore } from ${
  JSON.stringify(MOD)
};
const since = performance.now();
const lock = new Lock();
lock.acquireSync();
const results = {
  lock: lock.acquireSync(-1),
  semaphore: new Semaphore(0).acquireSync(-1),
  event: new Event().waitSync(-1),
  rlock: new RLock().acquireSync(-1),
};
const condition = new Condition();
condition.acquireSync();
results.condition = condition.waitSync(-1);
try {
  new Barrier(2).waitSync(-1);
  results.barrier = "passed";
} catch (error) {
  results.barrier = error instanceof BrokenBarrierError ? "broken" : String(error);
}
console.log("OUTCOME " + JSON.stringify({ results, ms: Math.round(performance.now() - since) }));
`;

Deno.test("a negative timeout acts as 0 in the blocking (Sync) waits too", async () => {
  const { stdout, stderr, code } = await runChild(SYNC_SCRIPT, { timeoutMs: 30_000 });
  assert.notEqual(code, null, `a sync wait blocked: ${stderr}`);
  const { results, ms } = parseOutcome(stdout, stderr) as {
    results: Record<string, unknown>;
    ms: number;
  };
  await reportRow("inputs", "negative timeouts", {
    injected: "timeout -1 to Lock/RLock/Semaphore acquireSync, Event/Condition/Barrier waitSync " +
      "(and their async forms)",
    outcome: `each returned at once as Python's does (${JSON.stringify(results)}) in ${ms} ms`,
  });
  assert.deepEqual(results, {
    lock: false,
    semaphore: false,
    event: false,
    rlock: true,
    condition: false,
    barrier: "broken",
  });
});
