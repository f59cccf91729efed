// CPython's tests of queue close and shutdown, ported: Lib/test/_test_multiprocessing.py
// (_TestQueue, _TestSimpleQueue) and the shutdown tests of Lib/test/test_queue.py
// (BaseQueueTestMixin), whose semantics (Python 3.13's queue.Queue.shutdown) ours follow.
// Python's other processes and threads are pool workers here; ValueError is a RangeError.
import assert from "node:assert/strict";
import { JoinableQueue, Pool, Queue, ShutDown, SimpleQueue } from "../../mod.ts";
import { getTaskDone, getValue, joinQueue, putValue } from "../fixtures/queue_shutdown_tasks.ts";
import { parseOutcome, runChild } from "../_child.ts";

const TASKS = new URL("../fixtures/queue_shutdown_tasks.ts", import.meta.url).href;
const MOD = new URL("../../mod.ts", import.meta.url).href;
/** Python's `_wait()`: a moment for another process to act. */
const DELTA_MS = 100;
const SHUT_DOWN = { name: "ShutDown" };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Whether `promise` is still pending after `ms` (Python's `join.process.is_alive()`). */
async function stillPending(promise: Promise<unknown>, ms = DELTA_MS): Promise<boolean> {
  let settled = false;
  promise.then(() => settled = true, () => settled = true);
  await sleep(ms);
  return !settled;
}

/** Tests that need other threads: run as steps of one test, sharing one pool of workers. */
const inWorkers: Array<[string, (pool: Pool) => Promise<void>]> = [];

// _TestQueue.test_closed_queue_empty_exceptions
Deno.test("_TestQueue.test_closed_queue_empty_exceptions: empty() of a closed handle answers; Python's raises OSError once used", async () => {
  for (const queue of [new Queue(), new JoinableQueue()]) {
    queue.close();
    queue.joinThread();
    assert.equal(queue.empty(), true);
  }
  for (const queue of [new Queue(), new JoinableQueue()]) {
    await queue.put("foo");
    queue.close();
    queue.joinThread();
    // Python: OSError "handle is closed", because its feeder thread closed the pipe's reader.
    // Here empty() only reads the shared memory, and answers.
    assert.equal(queue.empty(), false);
  }
});

// _TestQueue.test_closed_queue_put_get_exceptions
Deno.test("_TestQueue.test_closed_queue_put_get_exceptions: put and get on a closed queue raise 'is closed'", async () => {
  for (const queue of [new Queue(), new JoinableQueue()]) {
    queue.close();
    await assert.rejects(queue.put("foo"), RangeError);
    await assert.rejects(queue.put("foo"), /is closed/);
    await assert.rejects(queue.get(), /is closed/);
  }
});

// _TestQueue.test_shutdown_empty
inWorkers.push([
  "_TestQueue.test_shutdown_empty: shutdown of an empty queue ends a waiting join; puts and gets raise ShutDown",
  async (pool) => {
    for (const queue of [new Queue(), new JoinableQueue()]) {
      const join = queue instanceof JoinableQueue ? pool.apply(joinQueue, [queue]) : null;
      queue.shutdown(false);
      await sleep(DELTA_MS);
      assert.equal(queue.qsize(), 0);
      if (join !== null) await join;
      await assert.rejects(pool.apply(putValue, [queue, "data"]), SHUT_DOWN);
      assert.throws(() => queue.putNowait("data"), ShutDown);
      await assert.rejects(pool.apply(getValue, [queue]), SHUT_DOWN);
      assert.throws(() => queue.getNowait(), ShutDown);
    }
  },
]);

// _TestQueue.test_shutdown_nonempty
inWorkers.push([
  "_TestQueue.test_shutdown_nonempty: after shutdown the queued value is still got, then gets raise; join waits for its task_done",
  async (pool) => {
    for (const queue of [new Queue(1), new JoinableQueue(1)]) {
      await queue.put("data");
      const join = queue instanceof JoinableQueue ? pool.apply(joinQueue, [queue]) : null;
      queue.shutdown(false);
      await sleep(DELTA_MS);
      assert.equal(queue.qsize(), 1);
      assert.equal(await pool.apply(getValue, [queue]), "data");
      if (join !== null) assert.equal(await stillPending(join), true);
      await assert.rejects(pool.apply(putValue, [queue, "data"]), SHUT_DOWN);
      assert.throws(() => queue.putNowait("data"), ShutDown);
      await assert.rejects(pool.apply(getValue, [queue]), SHUT_DOWN);
      assert.throws(() => queue.getNowait(), ShutDown);
      if (queue instanceof JoinableQueue) queue.taskDone();
      if (join !== null) await join;
    }
  },
]);

// _TestQueue.test_shutdown_immediate
inWorkers.push([
  "_TestQueue.test_shutdown_immediate: shutdown(immediate) empties the queue, ends join, and marks every task done",
  async (pool) => {
    for (const queue of [new Queue(), new JoinableQueue()]) {
      await queue.put("data");
      const join = queue instanceof JoinableQueue ? pool.apply(joinQueue, [queue]) : null;
      queue.shutdown(true);
      await sleep(DELTA_MS);
      assert.equal(queue.qsize(), 0);
      if (join !== null) await join;
      await assert.rejects(pool.apply(putValue, [queue, "data"]), SHUT_DOWN);
      assert.throws(() => queue.putNowait("data"), ShutDown);
      await assert.rejects(pool.apply(getValue, [queue]), SHUT_DOWN);
      assert.throws(() => queue.getNowait(), ShutDown);
      if (queue instanceof JoinableQueue) {
        assert.throws(() => queue.taskDone(), RangeError, "Didn't appear to mark all tasks done");
      }
    }
  },
]);

// _TestQueue.test_shutdown_immediate_with_unfinished
inWorkers.push([
  "_TestQueue.test_shutdown_immediate_with_unfinished: a value got before shutdown(immediate) still needs its task_done",
  async (pool) => {
    const queue = new JoinableQueue();
    await queue.put("data");
    await queue.put("data");
    const join = pool.apply(joinQueue, [queue]);
    assert.equal(await pool.apply(getValue, [queue]), "data");
    queue.shutdown(true);
    await sleep(DELTA_MS);
    assert.equal(queue.qsize(), 0);
    assert.equal(await stillPending(join), true);
    await assert.rejects(pool.apply(putValue, [queue, "data"]), SHUT_DOWN);
    assert.throws(() => queue.putNowait("data"), ShutDown);
    await assert.rejects(pool.apply(getValue, [queue]), SHUT_DOWN);
    assert.throws(() => queue.getNowait(), ShutDown);
    queue.taskDone();
    assert.throws(() => queue.taskDone(), RangeError, "Didn't appear to mark all tasks done");
    await join;
  },
]);

// _TestSimpleQueue.test_close
Deno.test("TestSimpleQueue.test_close: a SimpleQueue can be closed twice, and then neither puts nor gets", async () => {
  const queue = new SimpleQueue();
  queue.close();
  queue.close();
  await assert.rejects(queue.put(1), /is closed/);
  await assert.rejects(queue.get(), /is closed/);
});

// test_queue.BaseQueueTestMixin.test_shutdown_allowed_transitions
Deno.test("test_queue test_shutdown_allowed_transitions: alive, then shutdown, then shutdown(immediate), then shutdown again", () => {
  const queue = new JoinableQueue();
  assert.equal(queue.isShutdown, false);
  queue.shutdown();
  assert.equal(queue.isShutdown, true);
  queue.shutdown(true);
  assert.equal(queue.isShutdown, true);
  queue.shutdown(false);
});

// test_queue.BaseQueueTestMixin.test_shutdown_all_methods_in_one_thread (and _immediate_)
for (const immediate of [false, true]) {
  const name = immediate
    ? "test_queue test_shutdown_immediate_all_methods_in_one_thread: every method after shutdown(immediate)"
    : "test_queue test_shutdown_all_methods_in_one_thread: every method after shutdown()";
  Deno.test(name, async () => {
    const queue = new JoinableQueue<string>(2);
    await queue.put("L");
    queue.putNowait("O");
    queue.shutdown(immediate);
    await assert.rejects(queue.put("E"), ShutDown);
    assert.throws(() => queue.putNowait("W"), ShutDown);
    if (immediate) {
      await assert.rejects(queue.get(), ShutDown);
      assert.throws(() => queue.getNowait(), ShutDown);
      assert.throws(() => queue.taskDone(), RangeError);
      await queue.join();
    } else {
      assert.match(await queue.get(), /^[LO]$/);
      queue.taskDone();
      assert.match(await queue.get(), /^[LO]$/);
      queue.taskDone();
      await queue.join();
      await assert.rejects(queue.get(), ShutDown);
      assert.throws(() => queue.getNowait(), ShutDown);
      await assert.rejects(queue.get(1_000), ShutDown);
    }
  });
}

// test_queue.BaseQueueTestMixin.test_shutdown_get (and _immediate_get)
for (const immediate of [false, true]) {
  const name = immediate
    ? "test_queue test_shutdown_immediate_get: after shutdown(immediate) every getter raises ShutDown"
    : "test_queue test_shutdown_get: after shutdown() of a full queue, 2 of 3 getters get a value and 1 raises";
  inWorkers.push([name, async (pool) => {
    const queue = new Queue<string>(2);
    await queue.put("Y");
    await queue.put("D");
    queue.shutdown(immediate);
    const getters = (immediate ? [1, 2] : [1, 2, 3]).map(() => pool.apply(getValue, [queue]));
    const results = (await Promise.allSettled(getters)).map((r) => r.status === "fulfilled");
    if (immediate) assert.deepEqual(results, [false, false]);
    else assert.deepEqual(results.sort(), [false, true, true]);
  }]);
}

// test_queue.BaseQueueTestMixin.test_shutdown_put (and _immediate_put, which calls shutdown())
for (const immediate of [false, true]) {
  const name = immediate
    ? "test_queue test_shutdown_immediate_put: putters on a full shut-down queue raise ShutDown"
    : "test_queue test_shutdown_put: putters on a full shut-down queue raise ShutDown";
  inWorkers.push([name, async (pool) => {
    const queue = new Queue<string>(2);
    await queue.put("Y");
    await queue.put("D");
    queue.shutdown(); // as in CPython, both variants call shutdown() without immediate
    const putters = ["E", "W"].map((value) =>
      assert.rejects(pool.apply(putValue, [queue, value]), SHUT_DOWN)
    );
    await Promise.all(putters);
  }]);
}

// test_queue.BaseQueueTestMixin.test_shutdown_join (and _immediate_join)
for (const immediate of [false, true]) {
  const name = immediate
    ? "test_queue test_shutdown_immediate_join: joins waiting on a value end when shutdown(immediate) drops it"
    : "test_queue test_shutdown_join: joins end once the getters take the value and mark it done";
  inWorkers.push([name, async (pool) => {
    const queue = new JoinableQueue<string>();
    await queue.put("Y");
    const joins = [1, 2].map(() => pool.apply(joinQueue, [queue]));
    const getters = immediate ? [] : [pool.apply(getTaskDone, [queue])];
    queue.shutdown(immediate);
    await Promise.all([...joins, ...getters]);
  }]);
}

// test_queue.BaseQueueTestMixin.test_shutdown_put_join (and _immediate_put_join)
for (const immediate of [false, true]) {
  const name = immediate
    ? "test_queue test_shutdown_immediate_put_join: a put after shutdown(immediate) raises and the join ends"
    : "test_queue test_shutdown_put_join: a put after shutdown() raises; the join ends when the value is done";
  inWorkers.push([name, async (pool) => {
    const queue = new JoinableQueue<string>(2);
    await queue.put("Y");
    const join = pool.apply(joinQueue, [queue]);
    queue.shutdown(immediate);
    const putter = assert.rejects(pool.apply(putValue, [queue, "E"]), SHUT_DOWN);
    if (immediate) {
      assert.throws(() => queue.getNowait(), ShutDown);
    } else {
      assert.equal(await queue.get(), "Y");
      queue.taskDone();
    }
    await putter;
    await join;
  }]);
}

// test_queue.BaseQueueTestMixin.test_shutdown_get_task_done_join
inWorkers.push([
  "test_queue test_shutdown_get_task_done_join: getters take both values after shutdown(), and the joins end",
  async (pool) => {
    const queue = new JoinableQueue<string>(2);
    await queue.put("Y");
    await queue.put("D");
    const calls = [
      pool.apply(getTaskDone, [queue]),
      pool.apply(getTaskDone, [queue]),
      pool.apply(joinQueue, [queue]),
      pool.apply(joinQueue, [queue]),
    ];
    queue.shutdown(false);
    const results = await Promise.all(calls);
    assert.deepEqual(results.slice(0, 2).sort(), ["D", "Y"]);
  },
]);

// test_queue.BaseQueueTestMixin.test_shutdown_pending_get
inWorkers.push([
  "test_queue test_shutdown_pending_get: a get waiting in another thread raises ShutDown",
  async (pool) => {
    const queue = new Queue();
    const getter = pool.apply(getValue, [queue]);
    const pending = await stillPending(getter);
    queue.shutdown(false);
    await assert.rejects(getter, SHUT_DOWN);
    assert.equal(pending, true, "the get waited until the shutdown");
  },
]);

Deno.test("CPython's queue tests that use other processes, on one pool of 4 workers", async (t) => {
  await using pool = new Pool({ processes: 4, module: TASKS });
  for (const [name, run] of inWorkers) await t.step(name, () => run(pool));
});

// test_queue.BaseQueueTestMixin.test_shutdown_all_methods_in_many_threads (and _immediate_),
// scaled down (2 writers, 3 readers, 2,048 values instead of 4, 6 and 65,536) to fit 2 cores;
// both in one child process, since a reader that never met ShutDown would loop for good.
Deno.test("test_queue test_shutdown_all_methods_in_many_threads, plain and immediate: writers, readers and joiners in workers all end at shutdown", async (t) => {
  const outcome = await runChild(
    `import { Barrier, Event, JoinableQueue, Pool } from "${MOD}";
     import { joinAfterBarrier, readMessages, writeMessages } from "${TASKS}";
     const [writers, readers, messages] = [2, 3, 2_048];
     const perWriter = messages / writers;
     const pool = new Pool({ processes: writers + readers + 1, module: "${TASKS}" });
     const outcomes = [];
     for (const immediate of [false, true]) {
       const joiners = immediate ? 1 : 0;
       const queue = new JoinableQueue();
       const barrier = new Barrier(writers + readers + joiners);
       const shutdownNow = new Event();
       const puts = [...Array(writers)].map(() =>
         pool.apply(writeMessages, [queue, perWriter, perWriter / 2, shutdownNow, barrier]));
       const gets = [...Array(readers)].map(() => pool.apply(readMessages, [queue, barrier]));
       const joins = [...Array(joiners)].map(() => pool.apply(joinAfterBarrier, [queue, barrier]));
       await shutdownNow.wait(30_000);
       queue.shutdown(immediate);
       const putResults = (await Promise.all(puts)).flat();
       const getResults = await Promise.all(gets);
       await Promise.all(joins);
       outcomes.push({ putResults, getResults, emptyAtEnd: queue.empty() });
     }
     await pool.close();
     await pool.join();
     console.log("OUTCOME " + JSON.stringify(outcomes));`,
    { timeoutMs: 60_000 },
  );
  const outcomes = parseOutcome(outcome.stdout, outcome.stderr) as Array<{
    putResults: boolean[];
    getResults: boolean[];
    emptyAtEnd: boolean;
  }>;
  for (const [index, immediate] of [false, true].entries()) {
    const name = immediate
      ? "test_queue test_shutdown_immediate_all_methods_in_many_threads"
      : "test_queue test_shutdown_all_methods_in_many_threads";
    await t.step(name, () => {
      const result = outcomes[index]!;
      assert.ok(result.putResults.includes(true), "a writer triggered the shutdown");
      assert.deepEqual(result.getResults, [true, true, true], "every reader met ShutDown");
      // As CPython checks it: empty once the threads are done. A put that had passed its
      // shutdown check when shutdown(true) was called still lands, and is dropped when it
      // releases the lock, so emptiness right at the call is not promised.
      if (immediate) assert.equal(result.emptyAtEnd, true, "shutdown(true) dropped every value");
    });
  }
});
