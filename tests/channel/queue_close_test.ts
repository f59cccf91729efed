// Queue.close() closes one handle (this object), as Python's closes one process's use of a
// queue: that handle's puts and gets throw; the queue and its other handles go on.
import assert from "node:assert/strict";
import { JoinableQueue, Pool, Queue, ShutDown, SimpleQueue } from "../../mod.ts";
import { closeThenPut, getValue, putValue } from "../fixtures/queue_shutdown_tasks.ts";

const TASKS = new URL("../fixtures/queue_shutdown_tasks.ts", import.meta.url).href;

Deno.test("a closed handle's puts and gets throw a RangeError saying the queue is closed; qsize(), empty() and full() still answer", async () => {
  for (const queue of [new Queue<number>(1), new JoinableQueue<number>(1), new SimpleQueue()]) {
    await queue.put(1);
    queue.close();
    queue.close(); // twice is allowed, as in Python
    await assert.rejects(queue.put(2), RangeError);
    await assert.rejects(queue.get(), /this Queue is closed: close\(\) was called on this handle/);
    assert.throws(() => queue.putSync(2), /Queue\.putSync\(\): this Queue is closed/);
    assert.throws(() => queue.putNowait(2), RangeError);
    assert.throws(() => queue.getSync(0), /Queue\.getSync\(\): this Queue is closed/);
    assert.throws(() => queue.getNowait(), RangeError);
    assert.equal(queue.qsize(), 1, "the queued value stays");
    assert.equal(queue.empty(), false);
    assert.equal(queue.full(), queue instanceof SimpleQueue ? false : true);
  }
});

Deno.test("close() closes only this handle: a worker given the queue puts and gets through its own", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const queue = new Queue<string>();
  queue.close();
  await pool.apply(putValue, [queue, "from the worker"]); // a closed handle arrives open
  assert.equal(queue.qsize(), 1);
  assert.equal(await pool.apply(getValue, [queue]), "from the worker");
  assert.equal(queue.qsize(), 0);
});

Deno.test("a worker that closes its handle cannot put through it; the main thread's handle still works", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const queue = new Queue<string>();
  assert.match(await pool.apply(closeThenPut, [queue]), /this Queue is closed/);
  await queue.put("main");
  assert.equal(await queue.get(), "main");
});

Deno.test("joinThread() before close() throws as Python's assertion does; after close() it returns at once", () => {
  const queue = new Queue();
  assert.throws(() => queue.joinThread(), /joinThread\(\) was called before close\(\)/);
  queue.close();
  queue.joinThread();
  queue.joinThread();
});

Deno.test("cancelJoinThread() loses nothing: every put made before close() is in the queue", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const queue = new Queue<number>();
  queue.cancelJoinThread();
  for (let i = 0; i < 3; i++) await queue.put(i);
  queue.close();
  const values = [];
  for (let i = 0; i < 3; i++) values.push(await pool.apply(getValue, [queue]));
  assert.deepEqual(values, [0, 1, 2]);
});

Deno.test("shutdown() through a closed handle still shuts the queue down for every handle", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const queue = new Queue<number>();
  queue.close();
  queue.shutdown();
  await assert.rejects(pool.apply(putValue, [queue, 1]), { name: "ShutDown" });
  assert.equal(queue.isShutdown, true);
  assert.ok(new ShutDown("x") instanceof Error);
});
