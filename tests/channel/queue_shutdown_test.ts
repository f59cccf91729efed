// Queue.shutdown() (Python 3.13's): a flag in the queue's shared memory that every thread holding
// the queue sees, waking waiting puts, gets and joins in any worker. Waits that a regression
// could leave blocked run in a child process with a deadline, so a failure never hangs.
import assert from "node:assert/strict";
import { JoinableQueue, Pool, Queue, ShutDown, SimpleQueue } from "../../mod.ts";
import { parseOutcome, runChild } from "../_child.ts";
import { reportRow } from "../_report.ts";
import { putUntilShutDown, shutDownQueue } from "../fixtures/queue_shutdown_tasks.ts";

const MOD = new URL("../../mod.ts", import.meta.url).href;
const TASKS = new URL("../fixtures/queue_shutdown_tasks.ts", import.meta.url).href;

Deno.test("after shutdown(), every kind of put throws ShutDown; gets take what was queued, then throw ShutDown", async () => {
  for (
    const queue of [new Queue<string>(), new JoinableQueue<string>(), new SimpleQueue<string>()]
  ) {
    await queue.put("a");
    queue.putNowait("b");
    assert.equal(queue.isShutdown, false);
    queue.shutdown();
    assert.equal(queue.isShutdown, true);
    await assert.rejects(queue.put("c"), ShutDown);
    assert.throws(() => queue.putSync("c"), ShutDown);
    assert.throws(() => queue.putNowait("c"), ShutDown);
    assert.equal(queue.qsize(), 2);
    assert.equal(await queue.get(), "a");
    assert.equal(queue.getNowait(), "b");
    await assert.rejects(queue.get(), ShutDown);
    await assert.rejects(queue.get(5_000), ShutDown, "at once, not after the timeout");
    assert.throws(() => queue.getSync(), ShutDown);
    assert.throws(() => queue.getNowait(), /shut down .* and is empty/);
  }
});

Deno.test("shutdown(true) drops the queued values: gets throw ShutDown at once, and a JoinableQueue counts each dropped value done", async () => {
  const queue = new JoinableQueue<number>();
  for (let i = 0; i < 5; i++) await queue.put(i);
  assert.equal(await queue.get(), 0); // taken, not yet done
  queue.shutdown(true);
  assert.equal(queue.qsize(), 0);
  assert.throws(() => queue.getNowait(), ShutDown);
  await assert.rejects(queue.join(50), /1 values not marked done/, "the value taken still counts");
  queue.taskDone();
  await queue.join(1_000);
  assert.throws(() => queue.taskDone(), RangeError, "the 4 dropped values were marked done");
});

Deno.test("shutdown() may be called again: shutdown(true) after shutdown() drops what is left", async () => {
  const queue = new Queue<number>();
  await queue.put(1);
  await queue.put(2);
  queue.shutdown();
  queue.shutdown();
  assert.equal(queue.qsize(), 2);
  queue.shutdown(true);
  assert.equal(queue.qsize(), 0);
  queue.shutdown(false); // never undoes the immediate shutdown
  await assert.rejects(queue.get(), ShutDown);
});

Deno.test("shutdown() rejects an immediate flag that is not a boolean, naming it", () => {
  const queue = new Queue();
  assert.throws(
    () => queue.shutdown({ immediate: false } as unknown as boolean),
    /expects immediate, a boolean .*received object/,
  );
  assert.equal(queue.isShutdown, false);
});

Deno.test("shutdown() right after a get() not yet awaited, in the same thread, never deadlocks: the get throws ShutDown", async () => {
  for (const immediate of [false, true]) {
    const queue = new Queue<number>();
    const pending = queue.get(); // waits: the queue is empty
    queue.shutdown(immediate);
    await assert.rejects(pending, ShutDown);
  }
  const queue = new Queue<number>();
  await queue.put(1);
  const pending = queue.get(); // takes the value before the shutdown below
  queue.shutdown(true);
  assert.equal(await pending, 1);
  assert.equal(queue.qsize(), 0);
});

Deno.test("a shutdown called in a worker wakes a get waiting in the main thread", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const queue = new Queue<string>();
  const waiting = assert.rejects(queue.get(10_000), ShutDown);
  await pool.apply(shutDownQueue, [queue, false]);
  await waiting;
  assert.equal(queue.isShutdown, true);
});

Deno.test("getters, putters and joiners blocked in workers (sync and async) all wake with ShutDown when the main thread shuts the queues down", async () => {
  const outcome = await runChild(
    `import { JoinableQueue, Pool, Queue } from "${MOD}";
     import { getAwaiting, getBlocking, joinBlocking, putBlocking, WAITING } from "${TASKS}";
     const pool = new Pool({ processes: 4, module: "${TASKS}" });
     const empty = new Queue();
     const full = new Queue(1);
     full.putNowait("in");
     const jobs = new JoinableQueue();
     await jobs.put("job");
     const cells = [0, 1, 2, 3].map(() => new SharedArrayBuffer(4));
     const calls = [
       pool.apply(getBlocking, [empty, cells[0]]),
       pool.apply(getAwaiting, [empty, cells[1]]),
       pool.apply(putBlocking, [full, "more", cells[2]]),
       pool.apply(joinBlocking, [jobs, cells[3]]),
     ];
     for (const c of cells) {
       while (Atomics.load(new Int32Array(c), WAITING) === 0) await new Promise((r) => setTimeout(r, 5));
     }
     await new Promise((r) => setTimeout(r, 300)); // let every call really block
     const stillWaiting = (await Promise.all(calls.map((c) =>
       Promise.race([c.then(() => false), new Promise((r) => setTimeout(() => r(true), 0))])
     ))).filter(Boolean).length;
     const start = performance.now();
     empty.shutdown();
     full.shutdown();
     jobs.shutdown(true);
     const ended = await Promise.all(calls);
     const wakeMs = performance.now() - start;
     await pool.close();
     await pool.join();
     console.log("OUTCOME " + JSON.stringify({ stillWaiting, ended, wakeMs, fullSize: full.qsize() }));`,
    { timeoutMs: 60_000 },
  );
  assert.notEqual(outcome.code, null, `the child hung:\n${outcome.stdout}\n${outcome.stderr}`);
  const result = parseOutcome(outcome.stdout, outcome.stderr) as {
    stillWaiting: number;
    ended: Array<{ error?: string; value?: unknown }>;
    wakeMs: number;
    fullSize: number;
  };
  assert.equal(result.stillWaiting, 4, "all four calls were waiting before the shutdown");
  assert.deepEqual(result.ended.map((e) => e.error ?? e.value), [
    "ShutDown", // getSync on an empty queue
    "ShutDown", // await get() on an empty queue
    "ShutDown", // putSync on a full queue
    undefined, // joinSync returns: the dropped job was marked done
  ]);
  assert.equal(result.fullSize, 1, "a plain shutdown keeps the queued value");
  assert.ok(result.wakeMs < 10_000, `woken in ${result.wakeMs} ms`);
  await reportRow("faults", "Queue shutdown with waiters blocked in workers", {
    injected: "shutdown() from the main thread while workers wait in getSync, await get() and " +
      "putSync (full queue), and in joinSync on a JoinableQueue shut down with immediate",
    outcome: `${result.ended.length} of ${result.ended.length} waiters woke, within ` +
      `${result.wakeMs.toFixed(0)} ms: the getters and the putter with ShutDown, the joiner ` +
      "returning (dropped values are marked done); no thread stayed blocked",
  });
});

Deno.test("shutdown(true) while 2 workers keep putting leaves the queue empty: a put that was under way is dropped too, and join() returns", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS });
  const limit = 100_000;
  const rounds = 4; // a put under way at the shutdown is a race: several rounds make it likely
  const puts: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const queue = new JoinableQueue<[number, number]>(0, { capacity: 4_096 });
    const producers = [1, 2].map((tag) => pool.apply(putUntilShutDown, [queue, tag, limit]));
    while (queue.qsize() < 20) await new Promise((resolve) => setTimeout(resolve, 1));
    queue.shutdown(true);
    const put = await Promise.all(producers);
    assert.ok(put.every((count) => count < limit), `each producer met ShutDown (${put})`);
    assert.equal(queue.qsize(), 0, `nothing left after the immediate shutdown (round ${round})`);
    assert.throws(() => queue.getNowait(), ShutDown);
    await queue.join(5_000); // every value put was dropped and marked done
    puts.push(put[0]! + put[1]!);
  }
  await reportRow("loads", "Queue shutdown(true) under concurrent puts", {
    injected: `shutdown(true) from the main thread while 2 workers put as fast as they can ` +
      `(${rounds} rounds)`,
    outcome: `${puts.join(", ")} values were put before the shutdown; afterwards each queue ` +
      "held 0, each producer's next put threw ShutDown, and join() returned",
  });
});
