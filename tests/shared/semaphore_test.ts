import assert from "node:assert/strict";
import {
  Barrier,
  BoundedSemaphore,
  Condition,
  Event,
  Pool,
  RLock,
  Semaphore,
  TimeoutError,
} from "../../mod.ts";
import { describeSync, semaphoreOccupancy } from "../fixtures/sync_tasks.ts";

const TASKS = new URL("../fixtures/sync_tasks.ts", import.meta.url).href;

Deno.test("Semaphore.acquire() counts down and resolves false at 0 once the timeout passes", async () => {
  const semaphore = new Semaphore(2);
  assert.equal(await semaphore.acquire(), true);
  assert.equal(semaphore.acquireSync(), true);
  assert.equal(semaphore.getValue(), 0);
  assert.equal(await semaphore.acquire(0), false);
  assert.equal(semaphore.acquireSync(0), false);
  const started = performance.now();
  assert.equal(await semaphore.acquire(30), false);
  assert.ok(performance.now() - started >= 25, "it waited about the timeout");
  assert.equal(new Semaphore().getValue(), 1, "the default value is 1");
});

Deno.test("Semaphore.release() wakes a waiting acquire(), and release(n) adds n", async () => {
  const semaphore = new Semaphore(0);
  const waiting = semaphore.acquire(5_000);
  setTimeout(() => semaphore.release(), 10);
  assert.equal(await waiting, true);
  semaphore.release(3);
  assert.equal(semaphore.getValue(), 3);
  semaphore.release();
  assert.equal(semaphore.getValue(), 4, "an unbounded semaphore may exceed its initial value");
  assert.throws(() => semaphore.release(0), RangeError);
});

Deno.test("BoundedSemaphore.release() beyond its initial value throws and changes nothing", async () => {
  const bounded = new BoundedSemaphore(2);
  assert.throws(() => bounded.release(), /released too many times/);
  await bounded.acquire();
  assert.throws(() => bounded.release(2), RangeError);
  bounded.release();
  assert.equal(bounded.getValue(), 2);
  assert.ok(bounded instanceof Semaphore);
  assert.throws(() => new BoundedSemaphore().release(), /released too many times/);
});

Deno.test("Semaphore rejects a negative or fractional value and invalid timeouts", async () => {
  assert.throws(() => new Semaphore(-1), RangeError);
  assert.throws(() => new BoundedSemaphore(1.5), RangeError);
  await assert.rejects(new Semaphore().acquire(Number.NaN), /timeout in milliseconds .*NaN/);
  assert.throws(() => new Semaphore().acquireSync(Number.NaN), RangeError);
});

Deno.test("Semaphore.locked() releases on scope exit, and rejects with TimeoutError when it cannot acquire", async () => {
  const semaphore = new Semaphore(1);
  {
    using _slot = await semaphore.locked();
    assert.equal(semaphore.getValue(), 0);
    await assert.rejects(semaphore.locked(10), TimeoutError);
    assert.throws(() => semaphore.lockedSync(0), TimeoutError);
  }
  assert.equal(semaphore.getValue(), 1);
});

Deno.test("Semaphore(1) lets only one of 2 contending workers in at a time", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS });
  const semaphore = new Semaphore(1);
  const stats = new SharedArrayBuffer(8);
  const gate = new SharedArrayBuffer(4);
  await Promise.all(
    [0, 1].map(() => pool.apply(semaphoreOccupancy, [semaphore, stats, 2_000, gate])),
  );
  assert.deepEqual([...new Int32Array(stats)], [0, 1]);
  assert.equal(semaphore.getValue(), 1);
});

Deno.test("every primitive arrives in a worker as the same class over the same memory", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const semaphore = new Semaphore(1);
  const event = new Event();
  const items: Parameters<typeof describeSync>[0] = [
    new RLock(),
    semaphore,
    new BoundedSemaphore(2),
    new Condition(),
    event,
    new Barrier(2),
  ];
  assert.deepEqual(await pool.apply(describeSync, [items]), [
    "RLock",
    "Semaphore",
    "BoundedSemaphore",
    "Condition",
    "Event",
    "Barrier",
  ]);
  assert.equal(semaphore.getValue(), 0, "the worker acquired this semaphore");
  assert.equal(event.isSet(), true, "the worker set this event");
});
