import assert from "node:assert/strict";
import { Lock, OwnerDiedError, Pool, Process, SharedValue, TimeoutError } from "../../mod.ts";
import { holdLockAndClose, holdLockUntilTerminated } from "../fixtures/shared_tasks.ts";

const TASKS = new URL("../fixtures/shared_tasks.ts", import.meta.url).href;

Deno.test("Lock.acquire() with a timeout resolves false while another holder keeps it", async () => {
  const lock = new Lock();
  assert.equal(await lock.acquire(), true);
  assert.equal(lock.isLocked(), true);
  assert.equal(await lock.acquire(0), false);
  assert.equal(lock.acquireSync(0), false);
  const started = performance.now();
  assert.equal(await lock.acquire(30), false);
  assert.ok(performance.now() - started >= 25, "it waited about the timeout");
  lock.release();
  assert.equal(lock.isLocked(), false);
});

Deno.test("Lock.release() of an unlocked lock throws", () => {
  assert.throws(() => new Lock().release(), /not locked/);
});

Deno.test("Lock.locked() releases on scope exit, and rejects with TimeoutError when it cannot acquire", async () => {
  const lock = new Lock();
  {
    using _held = await lock.locked();
    assert.equal(lock.isLocked(), true);
    await assert.rejects(lock.locked(10), TimeoutError);
  }
  assert.equal(lock.isLocked(), false);
  {
    using _held = lock.lockedSync();
    assert.equal(lock.isLocked(), true);
  }
  assert.equal(lock.isLocked(), false);
  await assert.rejects(lock.acquire(Number.NaN), /timeout in milliseconds .*received NaN/);
});

Deno.test("Lock.acquire() on the main thread waits without blocking the event loop", async () => {
  const lock = new Lock();
  await lock.acquire();
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 5);
  const waiting = lock.acquire();
  await new Promise((resolve) => setTimeout(resolve, 60));
  lock.release();
  assert.equal(await waiting, true);
  clearInterval(ticker);
  assert.ok(ticks >= 3, `timers ran while waiting: ${ticks}`);
  lock.release();
});

Deno.test("a lock whose holder closed its worker: the next acquirer gets OwnerDiedError, then the lock works", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const lock = new Lock();
  await pool.apply(holdLockAndClose, [lock]).catch(() => {});
  const error = await lock.acquire(5_000).catch((e) => e);
  assert.ok(error instanceof OwnerDiedError, `got ${error}`);
  assert.ok(error.ownerPid > 0);
  assert.equal(await lock.acquire(1_000), true, "the lock is usable again");
  lock.release();
});

Deno.test("a lock held by a terminated Process is recovered with OwnerDiedError", async () => {
  const lock = new Lock();
  const held = new SharedValue("i", 0);
  const process = new Process({
    target: holdLockUntilTerminated,
    args: [lock, held],
    module: TASKS,
  });
  process.start();
  while (held.value === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  const waiting = lock.acquire(5_000);
  process.terminate();
  await assert.rejects(waiting, OwnerDiedError);
  assert.equal(await lock.acquire(1_000), true);
  lock.release();
});
