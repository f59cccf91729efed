import assert from "node:assert/strict";
import { Condition, Lock, OwnerDiedError, Pool, RLock } from "../../mod.ts";
import {
  notifyAndClose,
  setFlagAndNotifyAll,
  waitForFlag,
  waitOnce,
} from "../fixtures/sync_tasks.ts";

const TASKS = new URL("../fixtures/sync_tasks.ts", import.meta.url).href;

async function until(condition: () => boolean): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (!condition()) {
    assert.ok(performance.now() < deadline, "gave up waiting");
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

Deno.test("Condition.wait() and notify() without holding the lock throw", async () => {
  const cond = new Condition();
  await assert.rejects(cond.wait(10), /without holding its lock/);
  assert.throws(() => cond.waitSync(10), /without holding its lock/);
  assert.throws(() => cond.notify(), /without holding its lock/);
  assert.throws(() => cond.notifyAll(), /without holding its lock/);
  await assert.rejects(cond.waitFor(() => false, 10), /without holding its lock/);
  assert.throws(() => new Condition(new Lock()).notify(), /without holding its lock/);
});

Deno.test("Condition rejects invalid arguments: a non-lock, a negative n, a negative timeout", async () => {
  assert.throws(() => new Condition({} as Lock), TypeError);
  const cond = new Condition();
  using _held = await cond.locked();
  assert.throws(() => cond.notify(-1), RangeError);
  assert.throws(() => cond.notify(1.5), RangeError);
  await assert.rejects(cond.wait(Number.NaN), RangeError);
  assert.equal(cond.acquireSync(0), true, "the RLock is still held, by this thread");
  cond.release();
});

Deno.test("Condition.wait() resolves false on timeout, holding the lock again at its RLock depth", async () => {
  const lock = new RLock();
  const cond = new Condition(lock);
  await cond.acquire();
  await cond.acquire();
  const started = performance.now();
  assert.equal(await cond.wait(30), false);
  assert.ok(performance.now() - started >= 25, "it waited about the timeout");
  assert.equal(cond.waitSync(0), false);
  assert.equal(lock.isOwned(), true);
  cond.release();
  assert.equal(lock.isOwned(), true, "both levels were restored");
  cond.release();
  assert.equal(lock.isLocked(), false);
});

Deno.test("Condition.waitFor() returns the predicate's last value, falsy on timeout", async () => {
  const cond = new Condition(new Lock());
  using _held = await cond.locked();
  assert.equal(await cond.waitFor(() => 0, 20), 0);
  assert.equal(cond.waitForSync(() => "", 0), "");
  assert.equal(await cond.waitFor(() => "ready"), "ready", "a true predicate does not wait");
});

Deno.test("Condition.notify(1) wakes one of two waiters, notifyAll() the rest", async () => {
  const cond = new Condition(new Lock());
  let woken = 0;
  const waiter = async () => {
    using _held = await cond.locked();
    const notified = await cond.wait(5_000);
    woken++;
    return notified;
  };
  const waiting = [waiter(), waiter()];
  await sleep(10);
  {
    using _held = await cond.locked();
    cond.notify();
  }
  await until(() => woken === 1);
  await sleep(120); // more than a wait slice: the other waiter must not have woken
  assert.equal(woken, 1);
  {
    using _held = await cond.locked();
    cond.notifyAll();
    cond.notify(); // nobody left to wake: a no-op, as in Python
  }
  assert.deepEqual(await Promise.all(waiting), [true, true]);
});

Deno.test("a notifier that then waits does not take the wake-up it gave", async () => {
  const cond = new Condition(new Lock());
  const waiting = (async () => {
    using _held = await cond.locked();
    return await cond.wait(5_000);
  })();
  await sleep(10);
  using _held = await cond.locked();
  cond.notify();
  assert.equal(await cond.wait(80), false, "the notifier's own wait times out");
  assert.equal(await waiting, true, "the earlier waiter got the notification");
});

Deno.test("Condition.wait() whose lock's holder died meanwhile throws OwnerDiedError, holding the lock", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const lock = new Lock();
  const cond = new Condition(lock);
  await cond.acquire();
  const started = performance.now();
  // wait() releases the lock at once, before its first await, so the worker can take it.
  const waiting = assert.rejects(cond.wait(10_000), OwnerDiedError);
  await pool.apply(notifyAndClose, [cond]).catch(() => {});
  await waiting;
  assert.ok(performance.now() - started < 5_000, "woken by the notify, not by the timeout");
  assert.equal(lock.isLocked(), true, "the waiter took the freed lock back");
  cond.release();
});

Deno.test("Condition.notify(1) from main wakes exactly one of 2 workers, then the other", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS });
  const cond = new Condition();
  const shared = new SharedArrayBuffer(12);
  const cells = new Int32Array(shared);
  const waiting = [0, 1].map(() => pool.apply(waitOnce, [cond, shared, 10_000]));
  await until(() => Atomics.load(cells, 1) === 2);
  // Both incremented cells[1] holding the lock, so once it is ours both are inside wait().
  {
    using _held = await cond.locked();
    cond.notify(1);
  }
  await until(() => Atomics.load(cells, 2) === 1);
  await sleep(120);
  assert.equal(Atomics.load(cells, 2), 1, "notify(1) woke one worker only");
  {
    using _held = await cond.locked();
    cond.notify(1);
  }
  assert.deepEqual(await Promise.all(waiting), [true, true]);
});

Deno.test("Condition.notifyAll() from a worker wakes main and another worker waiting for a predicate", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS });
  const cond = new Condition();
  const shared = new SharedArrayBuffer(8);
  const cells = new Int32Array(shared);
  const workerWaiting = pool.apply(waitForFlag, [cond, shared]);
  await until(() => Atomics.load(cells, 1) === 1);
  {
    using _held = await cond.locked();
    const notifying = pool.apply(setFlagAndNotifyAll, [cond, shared]);
    assert.equal(await cond.waitFor(() => Atomics.load(cells, 0) === 1, 10_000), true);
    assert.equal(cond.acquireSync(0), true, "main holds the lock again");
    cond.release();
    await notifying;
  } // the worker's wait returns only once it has the lock back
  assert.equal(await workerWaiting, true);
});
