import assert from "node:assert/strict";
import { Empty, Full, JoinableQueue, Pool, Queue, SimpleQueue } from "../../mod.ts";
import { consume, produce, worker } from "../fixtures/queue_tasks.ts";
import { parseOutcome, runChild } from "../_child.ts";

const TASKS = new URL("../fixtures/queue_tasks.ts", import.meta.url).href;

Deno.test("Queue keeps FIFO order and carries any structured-cloneable value", async () => {
  const queue = new Queue();
  const values = [1, "two", { three: [3n] }, new Map([[4, 4]]), null, new Uint8Array([5])];
  for (const value of values) await queue.put(value);
  assert.equal(queue.qsize(), values.length);
  for (const value of values) assert.deepEqual(await queue.get(), value);
  assert.equal(queue.empty(), true);
});

Deno.test("Queue.put() on a full queue throws Full after its timeout; get() on an empty one throws Empty", async () => {
  const queue = new Queue<number>(1);
  queue.putNowait(1);
  assert.equal(queue.full(), true);
  assert.throws(() => queue.putNowait(2), Full);
  await assert.rejects(queue.put(2, 20), Full);
  assert.equal(queue.getNowait(), 1);
  assert.throws(() => queue.getNowait(), Empty);
  await assert.rejects(queue.get(20), Empty);
  assert.throws(() => queue.getSync(0), Empty);
});

Deno.test("Queue rejects bad arguments and values that cannot travel", async () => {
  assert.throws(() => new Queue(-1), /maxsize must be an integer >= 0/);
  assert.throws(() => new Queue(0, { capacity: 4 }), /capacity must be an integer >= 16/);
  const small = new Queue(0, { capacity: 64 });
  await assert.rejects(small.put(new Uint8Array(100)), /does not fit.*larger \{ capacity \}/);
  await assert.rejects(small.put(() => 1), /cannot send this value/);
  await assert.rejects(small.get(Number.NaN), RangeError);
});

Deno.test("a waiting get() wakes when a value is put, without blocking the event loop", async () => {
  const queue = new SimpleQueue<string>();
  const waiting = queue.get(5_000);
  setTimeout(() => queue.putNowait("late"), 20);
  assert.equal(await waiting, "late");
});

Deno.test("the ring wraps around: many values through a small queue arrive intact and in order", async () => {
  const queue = new Queue<string>(0, { capacity: 64 });
  for (let i = 0; i < 200; i++) {
    await queue.put(`value ${i}`);
    assert.equal(await queue.get(), `value ${i}`);
  }
});

Deno.test("Queue: 2 producer and 2 consumer workers move every value exactly once, each producer's in order", async () => {
  await using pool = new Pool({ processes: 4, module: TASKS });
  const queue = new Queue<[number, number]>(8);
  const count = 2_000;
  const consumers = [0, 1].map(() => pool.apply(consume, [queue, count]));
  await Promise.all([0, 1].map((producer) => pool.apply(produce, [queue, producer, count])));
  const taken = await Promise.all(consumers);
  const all = taken.flat();
  assert.equal(all.length, 2 * count);
  assert.equal(new Set(all.map(([p, i]) => `${p}:${i}`)).size, 2 * count, "no value twice");
  for (const part of taken) {
    for (const producer of [0, 1]) {
      const seq = part.filter(([p]) => p === producer).map(([, i]) => i);
      assert.deepEqual(seq, [...seq].sort((a, b) => a - b), "FIFO per producer");
    }
  }
  assert.equal(queue.empty(), true);
});

Deno.test("JoinableQueue.join() waits until workers mark every value done", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS });
  const jobs = new JoinableQueue<number | null>();
  const results = new Queue<number>();
  const workers = [0, 1].map(() => pool.apply(worker, [jobs, results]));
  for (let i = 1; i <= 10; i++) await jobs.put(i);
  await jobs.put(null);
  await jobs.put(null);
  await jobs.join(10_000);
  await Promise.all(workers);
  const doubled = [];
  while (!results.empty()) doubled.push(await results.get());
  assert.deepEqual(doubled.sort((a, b) => a - b), [2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
  assert.throws(() => jobs.taskDone(), RangeError);
  const stuck = new JoinableQueue();
  await stuck.put(1);
  await assert.rejects(stuck.join(20), /timed out with 1 values not marked done/);
});

Deno.test("a get or put not yet awaited never deadlocks a synchronous call the same thread makes next on that queue", async () => {
  // In a child process: before the fix, putNowait() blocked the thread for good.
  const outcome = await runChild(
    `import { Queue } from "${new URL("../../mod.ts", import.meta.url).href}";
     const queue = new Queue();
     const got = queue.get(5_000);
     queue.putNowait("sync put");
     const put = queue.put("async put");
     const taken = queue.getNowait();
     await put;
     console.log("OUTCOME " + JSON.stringify([await got, taken]));`,
    { timeoutMs: 30_000 },
  );
  const values = parseOutcome(outcome.stdout, outcome.stderr) as string[];
  assert.deepEqual(values.sort(), ["async put", "sync put"], "each value taken once");
});

Deno.test("a synchronous queue call that finds the queue's lock held by its own thread throws instead of blocking for good", async () => {
  // White-box, in a child process: the lock is marked held by this thread, as it is while a put
  // or get of this thread waits to resume after an await that has taken the lock.
  const outcome = await runChild(
    `import { Queue } from "${new URL("../../mod.ts", import.meta.url).href}";
     import { toShared } from "${new URL("../../lib/wire/codec.ts", import.meta.url).href}";
     import { getCurrent } from "${new URL("../../lib/internal/threads.ts", import.meta.url).href}";
     const queue = new Queue();
     const cell = new Int32Array(queue[toShared]().state.lock.state);
     Atomics.store(cell, 0, getCurrent().pid);
     let message = "no error";
     try { queue.putNowait(1); } catch (error) { message = error.message; }
     Atomics.store(cell, 0, 0);
     console.log("OUTCOME " + JSON.stringify(message));`,
    { timeoutMs: 30_000 },
  );
  assert.match(
    String(parseOutcome(outcome.stdout, outcome.stderr)),
    /Queue\.putSync\(\) would wait forever: a put\(\) or get\(\) of this thread .* Await that call/,
  );
});
