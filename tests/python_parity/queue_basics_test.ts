// Ports of CPython's _TestQueue put/get/fork/qsize/task_done/timeout tests and
// TestSimpleQueue.test_empty (Lib/test/_test_multiprocessing.py). Python's
// `put(x, False)`/`put_nowait(x)` is `putNowait(x)`, `put(x, True, t)` is `await put(x, t)`;
// the same for get. Close and shutdown tests are in queue_test.ts.
import assert from "node:assert/strict";
import { Empty, Event, Full, JoinableQueue, Queue, SimpleQueue } from "../../mod.ts";
import {
  doTasks,
  putFour,
  putTenToNineteen,
  reportEmptiness,
  takeSix,
} from "../fixtures/parity_tasks.ts";
import { CLOCK_RES, joinAllOk, startProcesses, timed, TIMEOUT } from "./_parity.ts";

Deno.test("_TestQueue.test_put: a full queue refuses at once or after the timeout, then drains", async () => {
  const MAXSIZE = 6;
  const queue = new Queue<number>(MAXSIZE);
  const childCanStart = new Event();
  const parentCanContinue = new Event();
  const processes = startProcesses(takeSix, [[queue, childCanStart, parentCanContinue]]);
  assert.equal(queue.empty(), true);
  assert.equal(queue.full(), false);
  await queue.put(1);
  await queue.put(2);
  await queue.put(3, undefined);
  queue.putNowait(4);
  queue.putNowait(5);
  queue.putNowait(6);
  assert.equal(queue.empty(), false);
  assert.equal(queue.full(), true);
  assert.throws(() => queue.putNowait(7), Full);
  const [error, elapsed] = await timed(() => queue.put(7, TIMEOUT).catch((e) => e));
  assert.ok(error instanceof Full);
  assert.ok(elapsed >= TIMEOUT - CLOCK_RES, `put(7, ${TIMEOUT}) took ${elapsed} ms`);
  childCanStart.set();
  assert.equal(await parentCanContinue.wait(10_000), true);
  assert.equal(queue.empty(), true);
  assert.equal(queue.full(), false);
  await joinAllOk(processes);
});

Deno.test("_TestQueue.test_get: items put by a process come out in order, then Empty", async () => {
  const queue = new Queue<number>();
  const childCanStart = new Event();
  const parentCanContinue = new Event();
  const processes = startProcesses(putFour, [[queue, childCanStart, parentCanContinue]]);
  assert.equal(queue.empty(), true);
  childCanStart.set();
  assert.equal(await parentCanContinue.wait(10_000), true);
  assert.equal(queue.empty(), false);
  assert.equal(await queue.get(undefined), 2);
  assert.equal(await queue.get(), 3);
  assert.equal(await queue.get(1000), 4);
  assert.equal(queue.getNowait(), 5);
  assert.equal(queue.empty(), true);
  assert.throws(() => queue.getNowait(), Empty);
  const [error, elapsed] = await timed(() => queue.get(TIMEOUT).catch((e) => e));
  assert.ok(error instanceof Empty);
  assert.ok(elapsed >= TIMEOUT - CLOCK_RES, `get(${TIMEOUT}) took ${elapsed} ms`);
  await joinAllOk(processes);
});

Deno.test("_TestQueue.test_fork: a process adds to a queue the parent already filled", async () => {
  const queue = new Queue<number>();
  for (let i = 0; i < 10; i++) await queue.put(i);
  const processes = startProcesses(putTenToNineteen, [[queue]]);
  for (let i = 0; i < 20; i++) assert.equal(await queue.get(10_000), i);
  assert.throws(() => queue.getNowait(), Empty);
  await joinAllOk(processes);
});

Deno.test("_TestQueue.test_qsize: qsize() counts what was put and not yet got", async () => {
  const queue = new Queue<number>();
  assert.equal(queue.qsize(), 0);
  await queue.put(1);
  assert.equal(queue.qsize(), 1);
  await queue.put(5);
  assert.equal(queue.qsize(), 2);
  await queue.get();
  assert.equal(queue.qsize(), 1);
  await queue.get();
  assert.equal(queue.qsize(), 0);
});

Deno.test("_TestQueue.test_task_done: join() returns once four processes marked every item done", async () => {
  const queue = new JoinableQueue<number | null>();
  const workers = startProcesses(doTasks, Array.from({ length: 4 }, () => [queue]));
  for (let i = 0; i < 10; i++) await queue.put(i);
  await queue.join(10_000);
  for (let i = 0; i < workers.length; i++) await queue.put(null);
  await joinAllOk(workers);
});

Deno.test("_TestQueue.test_timeout: get() on an empty queue waits its timeout, then Empty", async () => {
  const queue = new Queue();
  const [error, elapsed] = await timed(() => queue.get(200).catch((e) => e));
  assert.ok(error instanceof Empty);
  assert.ok(elapsed >= 100, `get(200) took ${elapsed} ms`);
});

Deno.test("TestSimpleQueue.test_empty: empty() is right in the parent and in a process", async () => {
  const queue = new SimpleQueue<boolean>();
  const childCanStart = new Event();
  const parentCanContinue = new Event();
  const processes = startProcesses(reportEmptiness, [[queue, childCanStart, parentCanContinue]]);
  assert.equal(queue.empty(), true);
  childCanStart.set();
  assert.equal(await parentCanContinue.wait(10_000), true);
  assert.equal(queue.empty(), false);
  assert.equal(await queue.get(), true);
  assert.equal(await queue.get(), false);
  assert.equal(queue.empty(), true);
  await joinAllOk(processes);
});
