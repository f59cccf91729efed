// Ports of CPython's Lib/test/_test_multiprocessing.py: _TestLock, _TestSemaphore,
// _TestCondition and _TestEvent. Python's `acquire(False)` is `acquire(0)` here, `with x:` is
// `using _ = await x.locked()`, seconds are milliseconds, and a process target is an export of
// tests/fixtures/parity_tasks.ts. Each title names the CPython class and test.
import assert from "node:assert/strict";
import {
  BoundedSemaphore,
  Condition,
  Event,
  Lock,
  RLock,
  Semaphore,
  SharedValue,
} from "../../mod.ts";
import {
  conditionWaiter,
  lockAndReport,
  notifyOnce,
  setEventLater,
  waitForFour,
  waitForTimesOut,
} from "../fixtures/parity_tasks.ts";
import { CLOCK_RES, joinAllOk, startProcesses, timed, TIMEOUT } from "./_parity.ts";

Deno.test("_TestLock.test_lock: acquire, non-blocking acquire fails, release of a free lock throws", async () => {
  const lock = new Lock();
  assert.equal(await lock.acquire(), true);
  assert.equal(lock.isLocked(), true);
  assert.equal(await lock.acquire(0), false);
  assert.equal(lock.release(), undefined);
  assert.equal(lock.isLocked(), false);
  assert.throws(() => lock.release(), /not locked/);
});

Deno.test("_TestLock.test_rlock: an RLock is re-entered and released as often as taken", async () => {
  const lock = new RLock();
  assert.equal(await lock.acquire(), true);
  assert.equal(lock.isLocked(), true);
  assert.equal(await lock.acquire(), true);
  assert.equal(await lock.acquire(), true);
  lock.release();
  assert.equal(lock.isLocked(), true);
  lock.release();
  lock.release();
  assert.equal(lock.isLocked(), false);
  assert.throws(() => lock.release());
});

for (const [name, make] of [["lock", () => new Lock()], ["rlock", () => new RLock()]] as const) {
  Deno.test(`_TestLock.test_${name}_locked_2processes: held in a process, it is locked for all`, async () => {
    const lock = make();
    const event = new Event();
    const result = new SharedValue("b", 0);
    const processes = startProcesses(lockAndReport, [[lock, event, result]]);
    assert.equal(await event.wait(10_000), true);
    assert.equal(lock.isLocked(), true);
    assert.equal(result.value, 1);
    await joinAllOk(processes);
  });

  Deno.test(`_TestLock.test_${name}_context: \`using\` holds the ${name} for the block`, async () => {
    const lock = make();
    {
      using _held = await lock.locked();
      assert.equal(lock.isLocked(), true);
    }
    assert.equal(lock.isLocked(), false);
  });
}

async function countsDownFromTwo(sem: Semaphore): Promise<void> {
  assert.equal(sem.getValue(), 2);
  assert.equal(await sem.acquire(), true);
  assert.equal(sem.getValue(), 1);
  assert.equal(await sem.acquire(), true);
  assert.equal(sem.getValue(), 0);
  assert.equal(await sem.acquire(0), false);
  assert.equal(sem.getValue(), 0);
  sem.release();
  assert.equal(sem.getValue(), 1);
  sem.release();
  assert.equal(sem.getValue(), 2);
}

Deno.test("_TestSemaphore.test_semaphore: a Semaphore counts acquires and releases past its start", async () => {
  const sem = new Semaphore(2);
  await countsDownFromTwo(sem);
  sem.release();
  assert.equal(sem.getValue(), 3);
  sem.release();
  assert.equal(sem.getValue(), 4);
});

Deno.test("_TestSemaphore.test_bounded_semaphore: a BoundedSemaphore counts as a Semaphore does", async () => {
  await countsDownFromTwo(new BoundedSemaphore(2));
});

Deno.test("_TestSemaphore.test_timeout: acquiring a zero Semaphore fails at once or after the timeout", async () => {
  const sem = new Semaphore(0);
  const [now, elapsedNow] = await timed(() => sem.acquire(0));
  assert.equal(now, false);
  assert.ok(elapsedNow < 1000, `acquire(0) took ${elapsedNow} ms`);
  const [later, elapsedLater] = await timed(() => sem.acquire(TIMEOUT));
  assert.equal(later, false);
  assert.ok(elapsedLater >= TIMEOUT - CLOCK_RES, `acquire(${TIMEOUT}) took ${elapsedLater} ms`);
});

/** Polls `read()` until it gives `value` (CPython's assertReachesEventually). */
async function reachesEventually(read: () => number, value: number): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (read() !== value && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.equal(read(), value);
}

Deno.test("_TestCondition.test_notify: each notify() wakes one sleeping process", async () => {
  const cond = new Condition();
  const sleeping = new Semaphore(0);
  const woken = new Semaphore(0);
  const processes = startProcesses(conditionWaiter, [[cond, sleeping, woken], [
    cond,
    sleeping,
    woken,
  ]]);
  assert.equal(await sleeping.acquire(10_000), true);
  assert.equal(await sleeping.acquire(10_000), true);
  await new Promise((resolve) => setTimeout(resolve, TIMEOUT));
  assert.equal(woken.getValue(), 0);
  for (const expected of [1, 2]) {
    await cond.acquire();
    cond.notify();
    cond.release();
    await reachesEventually(() => woken.getValue(), expected);
  }
  await joinAllOk(processes);
});

Deno.test("_TestCondition.test_notify_all: waiters time out, then notifyAll() wakes every one", async () => {
  const cond = new Condition();
  const sleeping = new Semaphore(0);
  const woken = new Semaphore(0);
  const timingOut = startProcesses(
    conditionWaiter,
    Array.from({ length: 6 }, () => [cond, sleeping, woken, TIMEOUT]),
  );
  for (let i = 0; i < 6; i++) assert.equal(await sleeping.acquire(10_000), true);
  for (let i = 0; i < 6; i++) assert.equal(await woken.acquire(10_000), true);
  assert.equal(woken.getValue(), 0);
  await joinAllOk(timingOut);

  const waiting = startProcesses(
    conditionWaiter,
    Array.from({ length: 6 }, () => [cond, sleeping, woken]),
  );
  for (let i = 0; i < 6; i++) assert.equal(await sleeping.acquire(10_000), true);
  await new Promise((resolve) => setTimeout(resolve, TIMEOUT));
  assert.equal(woken.getValue(), 0);
  await cond.acquire();
  cond.notifyAll();
  cond.release();
  for (let i = 0; i < 6; i++) assert.equal(await woken.acquire(10_000), true);
  assert.equal(woken.getValue(), 0);
  await joinAllOk(waiting);
});

Deno.test("_TestCondition.test_notify_n: notify(n) wakes n waiters and no more than wait", async () => {
  const cond = new Condition();
  const sleeping = new Semaphore(0);
  const woken = new Semaphore(0);
  const processes = startProcesses(
    conditionWaiter,
    Array.from({ length: 6 }, () => [cond, sleeping, woken]),
  );
  for (let i = 0; i < 6; i++) assert.equal(await sleeping.acquire(10_000), true);
  await new Promise((resolve) => setTimeout(resolve, TIMEOUT));
  assert.equal(woken.getValue(), 0);
  for (const [n, total] of [[2, 2], [4, 6], [3, 6]] as const) {
    await cond.acquire();
    cond.notify(n);
    cond.release();
    await reachesEventually(() => woken.getValue(), total);
  }
  await joinAllOk(processes);
});

Deno.test("_TestCondition.test_timeout: wait() with nobody to notify returns false after the timeout", async () => {
  const cond = new Condition();
  await cond.acquire();
  const [result, elapsed] = await timed(() => cond.wait(TIMEOUT));
  cond.release();
  assert.equal(result, false);
  assert.ok(elapsed >= TIMEOUT - CLOCK_RES, `wait(${TIMEOUT}) took ${elapsed} ms`);
});

Deno.test("_TestCondition.test_waitfor: waitFor() returns once the predicate holds", async () => {
  const cond = new Condition();
  const state = new SharedValue("i", -1);
  const processes = startProcesses(waitForFour, [[cond, state]]);
  {
    using _held = await cond.locked();
    assert.equal(await cond.waitFor(() => state.value === 0, 10_000), true);
    assert.equal(state.value, 0);
  }
  for (let i = 0; i < 4; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    using _held = await cond.locked();
    state.value += 1;
    cond.notify();
  }
  await joinAllOk(processes);
});

Deno.test("_TestCondition.test_waitfor_timeout: waitFor() gives false after its timeout", async () => {
  const cond = new Condition();
  const state = new SharedValue("i", 0);
  const success = new SharedValue("i", 0);
  const started = new Semaphore(0);
  const processes = startProcesses(waitForTimesOut, [[cond, state, success, started]]);
  assert.equal(await started.acquire(10_000), true);
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    using _held = await cond.locked();
    state.value += 1;
    cond.notify();
  }
  await joinAllOk(processes);
  assert.equal(success.value, 1);
});

Deno.test("_TestCondition.test_wait_result: wait() is false on timeout and true when notified", async () => {
  const cond = new Condition();
  await cond.acquire();
  assert.equal(await cond.wait(0), false);
  assert.equal(await cond.wait(TIMEOUT), false);
  const processes = startProcesses(notifyOnce, [[cond]]);
  assert.equal(await cond.wait(60_000), true);
  cond.release();
  await joinAllOk(processes);
});

Deno.test("_TestEvent.test_event: wait() follows set() and clear(), across a process", async () => {
  const event = new Event();
  assert.equal(event.isSet(), false);
  const [unset, elapsedZero] = await timed(() => event.wait(0));
  assert.equal(unset, false);
  assert.ok(elapsedZero < 1000);
  const [stillUnset, elapsed] = await timed(() => event.wait(TIMEOUT));
  assert.equal(stillUnset, false);
  assert.ok(elapsed >= TIMEOUT - CLOCK_RES, `wait(${TIMEOUT}) took ${elapsed} ms`);
  event.set();
  assert.equal(event.isSet(), true);
  assert.equal(await event.wait(), true);
  assert.equal(await event.wait(TIMEOUT), true);
  event.clear();
  const processes = startProcesses(setEventLater, [[event, TIMEOUT]]);
  assert.equal(await event.wait(), true);
  await joinAllOk(processes);
});
