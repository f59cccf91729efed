// A queue has two locks, as Python's have: one for puts and one for gets. A put and a get never
// wait for each other, a holder of one that dies stalls only its own side, and a shut-down queue
// found empty still waits for a put under way. White-box: the tests take the locks through the
// queue's shared state, as a put or get in another thread would hold them.
import assert from "node:assert/strict";
import { Empty, type Lock, Pool, Queue, ShutDown, SimpleQueue } from "../../mod.ts";
import { reviveRecord, type SharedRecord, toShared } from "../../lib/wire/codec.ts";
import { ringOver, writeRecord } from "../../lib/channel/ring.ts";
import { dieInsideGet, SIGNAL_BYTES } from "../fixtures/death_tasks.ts";
import { type Ended, getBlocking, WAITING } from "../fixtures/queue_shutdown_tasks.ts";
import { go, start, until } from "../_death_helpers.ts";
import { reportRow } from "../_report.ts";
import type { Death } from "../fixtures/death_tasks.ts";

const SHUTDOWN_TASKS = new URL("../fixtures/queue_shutdown_tasks.ts", import.meta.url).href;
const PATIENCE_MS = 10_000;

interface QueueState {
  lock: SharedRecord;
  readLock: SharedRecord;
  header: SharedArrayBuffer;
  bytes: SharedArrayBuffer;
}

/** The queue's put lock and read lock, as another thread would take them. */
function locksOf(queue: Queue<unknown>): { put: Lock; read: Lock; state: QueueState } {
  const state = queue[toShared]().state as QueueState;
  return {
    put: reviveRecord(state.lock) as Lock,
    read: reviveRecord(state.readLock) as Lock,
    state,
  };
}

Deno.test("a get takes a value while a put holds the put lock, and a put goes in while a get holds the read lock", async () => {
  for (const queue of [new Queue<unknown>(), new SimpleQueue<unknown>()]) {
    const { put, read } = locksOf(queue);
    await queue.put("first");
    assert.ok(put.acquireSync(0), "the put lock is free");
    try {
      assert.equal(queue.getNowait(), "first", "no wait for the put lock");
      assert.throws(() => queue.getNowait(), Empty, "an empty queue says so at once");
      await assert.rejects(queue.get(0), Empty);
    } finally {
      put.release();
    }
    assert.ok(read.acquireSync(0), "the read lock is free");
    try {
      queue.putNowait([1, -0, "é"]);
      await queue.put(new Date(5));
      assert.equal(queue.qsize(), 2, "both puts went in without waiting for the read lock");
    } finally {
      read.release();
    }
    assert.deepEqual(queue.getNowait(), [1, -0, "é"]);
    assert.ok(Object.is((queue.getNowait() as Date).getTime(), 5));
  }
});

Deno.test("a get of a shut-down queue found empty waits for a put under way, and takes its value instead of throwing ShutDown", async () => {
  // The main thread plays a put under way: it holds the put lock, past its shutdown check.
  const queue = new Queue<string>();
  const { put, state } = locksOf(queue);
  assert.ok(put.acquireSync(0));
  queue.shutdown();
  let held = true;
  try {
    const pending = queue.get(PATIENCE_MS);
    let settled = false;
    pending.then(() => settled = true, () => settled = true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(settled, false, "the get waits for the put lock, not throwing ShutDown yet");
    assert.ok(writeRecord(ringOver(state.header, state.bytes), '"late"'), "the put publishes");
    put.release();
    held = false;
    assert.equal(await pending, "late");
  } finally {
    if (held) put.release();
  }
  await assert.rejects(queue.get(PATIENCE_MS), ShutDown, "now empty, with no put under way");
  assert.equal(queue.isShutdown, true);
});

Deno.test("getSync() in a worker on a shut-down queue found empty waits for a put under way, and takes its value", async () => {
  await using pool = new Pool({ processes: 1, module: SHUTDOWN_TASKS });
  const queue = new Queue<string>();
  const { put, state } = locksOf(queue);
  assert.ok(put.acquireSync(0));
  let held = true;
  try {
    queue.shutdown();
    const cells = new SharedArrayBuffer(4);
    const got = pool.apply(getBlocking, [queue, cells]) as Promise<Ended>;
    // A first worker may take long to start on a busy machine.
    const getting = () => Atomics.load(new Int32Array(cells), WAITING) === 1;
    await until(getting, "the worker gets", 60_000);
    await new Promise((resolve) => setTimeout(resolve, 50)); // it now waits for the put lock
    assert.ok(writeRecord(ringOver(state.header, state.bytes), '"late"'));
    put.release();
    held = false;
    assert.deepEqual(await got, { value: "late" });
    assert.throws(() => queue.getNowait(), ShutDown);
  } finally {
    if (held) put.release(); // a failure never leaves the worker blocked: the pool can close
  }
});

Deno.test("a reader that dies holding the read lock mid-get stalls no put, and loses no value: the next get takes over and reads every value in order", async () => {
  for (const how of ["close", "exit", "terminate"] as Death[]) {
    const queue = new SimpleQueue<unknown>({ capacity: 4_096 });
    const values: unknown[] = [0, "", [], {}, NaN, undefined, -0, new Uint8Array([1, 2])];
    for (const value of values) await queue.put(value);
    const cells = new Int32Array(new SharedArrayBuffer(SIGNAL_BYTES));
    const reader = start(dieInsideGet, [queue, how, cells.buffer as SharedArrayBuffer]);
    const holding = () => Atomics.load(cells, 0) === 1 || reader.exitCode !== null;
    await until(holding, `the ${how} reader holds the read lock`, 60_000);
    assert.equal(reader.exitCode, null, "the reader took the read lock and waits");
    queue.putNowait("put while the reader holds the read lock");
    go(cells);
    if (how === "terminate") reader.terminate();
    await reader.join(PATIENCE_MS);
    const taken: unknown[] = [];
    for (let i = 0; i <= values.length; i++) taken.push(await queue.get(PATIENCE_MS));
    assert.deepEqual(taken, [...values, "put while the reader holds the read lock"], how);
    assert.ok(Object.is(taken[6], -0), "-0 stays -0");
    assert.equal(queue.qsize(), 0);
  }
  await reportRow("faults", "Queue reader dies mid-get", {
    injected: "a reader closed, exited or terminated while holding the queue's read lock, its " +
      "record copied out but its read not committed; a put made meanwhile",
    outcome: "the put went in at once; the next get took the read lock over and read every " +
      "value, the held one first, in order and exactly (-0, NaN, undefined, bytes)",
  });
});

Deno.test("SimpleQueue in a 2 KiB ring, 2 producers of JSON values and look-alikes and 2 consumers at once: every value exactly once, in each producer's order", async () => {
  // The ring fills: producers wait for room while consumers free it, each side under its own
  // lock, each reading the other's position without a lock.
  const tasks = new URL("./_json_tasks.ts", import.meta.url).href;
  await using pool = new Pool({ processes: 4, module: tasks });
  const { produceMixed, consumeMixed } = await import(tasks);
  const queue = new SimpleQueue<unknown>({ capacity: 2_048 });
  const count = 1_500;
  const consumers = [0, 1].map(() => pool.apply(consumeMixed, [queue, count]));
  await Promise.all([0, 1].map((p) => pool.apply(produceMixed, [queue, p, count])));
  const taken = (await Promise.all(consumers)) as string[][];
  assert.deepEqual(taken.flatMap((c) => c.filter((line) => line.startsWith("FAIL"))), []);
  const seen = taken.flat();
  assert.equal(new Set(seen).size, 2 * count, "each value once");
  assert.equal(queue.qsize(), 0);
});
