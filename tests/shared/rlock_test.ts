import assert from "node:assert/strict";
import { Event, OwnerDiedError, Pool, RLock, TimeoutError } from "../../mod.ts";
import {
  holdRLockAndClose,
  holdRLockUntil,
  releaseForeignRLock,
  rlockNestedIncrements,
} from "../fixtures/sync_tasks.ts";

const TASKS = new URL("../fixtures/sync_tasks.ts", import.meta.url).href;

async function until(condition: () => boolean): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (!condition()) {
    assert.ok(performance.now() < deadline, "gave up waiting");
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

Deno.test("RLock can be re-acquired by its owner and is free only after as many releases", async () => {
  const rlock = new RLock();
  assert.equal(await rlock.acquire(), true);
  assert.equal(await rlock.acquire(0), true);
  assert.equal(rlock.acquireSync(0), true);
  assert.equal(rlock.isOwned(), true);
  rlock.release();
  rlock.release();
  assert.equal(rlock.isLocked(), true, "one level is still held");
  rlock.release();
  assert.equal(rlock.isLocked(), false);
  assert.equal(rlock.isOwned(), false);
});

Deno.test("RLock.release() of an unlocked RLock throws", () => {
  const rlock = new RLock();
  assert.throws(() => rlock.release(), /not locked/);
  rlock.acquireSync();
  rlock.release();
  assert.throws(() => rlock.release(), /not locked/);
});

Deno.test("RLock.locked() releases every level on scope exit; invalid timeouts are RangeErrors", async () => {
  const rlock = new RLock();
  {
    using _outer = await rlock.locked();
    using _inner = rlock.lockedSync(0);
    assert.equal(rlock.isOwned(), true);
  }
  assert.equal(rlock.isLocked(), false);
  await assert.rejects(rlock.acquire(Number.NaN), RangeError);
  assert.throws(() => rlock.acquireSync(Number.NaN), RangeError);
});

Deno.test("RLock.release() by a worker that does not own it throws, and the lock stays held", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const rlock = new RLock();
  await rlock.acquire();
  assert.match(await pool.apply(releaseForeignRLock, [rlock]), /pid \d+ owns the lock/);
  assert.equal(rlock.isOwned(), true);
  rlock.release();
});

Deno.test("RLock.acquire() times out with false while a worker holds it, then succeeds", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const rlock = new RLock();
  const done = new Event();
  const holding = pool.apply(holdRLockUntil, [rlock, done]);
  await until(() => rlock.isLocked());
  assert.equal(rlock.isOwned(), false);
  assert.equal(await rlock.acquire(0), false);
  assert.equal(rlock.acquireSync(0), false);
  const started = performance.now();
  assert.equal(await rlock.acquire(30), false);
  assert.ok(performance.now() - started >= 25, "it waited about the timeout");
  await assert.rejects(rlock.locked(10), TimeoutError);
  done.set();
  assert.equal(await holding, true);
  assert.equal(await rlock.acquire(5_000), true);
  rlock.release();
});

Deno.test("RLock excludes 2 workers that re-enter it while incrementing a shared counter", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS });
  const rlock = new RLock();
  const counter = new SharedArrayBuffer(4);
  const gate = new SharedArrayBuffer(4);
  const times = 20_000;
  await Promise.all(
    [0, 1].map(() => pool.apply(rlockNestedIncrements, [rlock, counter, times, gate])),
  );
  assert.equal(new Int32Array(counter)[0], 2 * times);
  assert.equal(rlock.isLocked(), false);
});

Deno.test("an RLock whose holder closed its worker: the next acquirer gets OwnerDiedError, then the lock works", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const rlock = new RLock();
  await pool.apply(holdRLockAndClose, [rlock]).catch(() => {});
  const error = await rlock.acquire(5_000).catch((e) => e);
  assert.ok(error instanceof OwnerDiedError, `got ${error}`);
  assert.ok(error.ownerPid > 0);
  assert.equal(rlock.isLocked(), false, "the dead owner's two levels are gone");
  assert.equal(await rlock.acquire(1_000), true, "the lock is usable again");
  rlock.release();
  assert.equal(rlock.isLocked(), false);
});
