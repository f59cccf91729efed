import assert from "node:assert/strict";
import { AsyncResult, Pool, TimeoutError } from "../../mod.ts";
import { chunkOffsets, defaultChunksize } from "../../lib/worker/calls.ts";
import {
  add,
  byteSum,
  countCalls,
  countInit,
  inc,
  readInitLabel,
  sleepThenReturn,
  whoAmI,
  writeShared,
} from "../fixtures/tasks.ts";

const TASKS = new URL("../fixtures/tasks.ts", import.meta.url).href;

Deno.test("Pool.apply() runs a module export by reference and a self-contained function by source", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS });
  assert.equal(await pool.apply(add, [2, 3]), 5);
  assert.equal(await pool.apply((a: number, b: number) => a * b, [6, 7]), 42);
  // Module state lives in each worker: an export sees its module's scope, and keeps it.
  const counts = [];
  for (let i = 0; i < 3; i++) counts.push(await pool.apply(countCalls));
  assert.ok(counts.every((n) => n >= 1), `counts: ${counts}`);
  assert.ok(Math.max(...counts) >= 2, `module state kept between calls: ${counts}`);
});

Deno.test("Pool.map() keeps input order when tasks finish out of order", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS });
  const delays = [60, 40, 20, 0, 50, 10];
  const results = await pool.map(
    (ms: number) => new Promise<number>((resolve) => setTimeout(() => resolve(ms), ms)),
    delays,
    { chunksize: 1 },
  );
  assert.deepEqual(results, delays);
  assert.deepEqual(await pool.map(inc, new Set([1, 2, 3])), [2, 3, 4]);
  assert.deepEqual(await pool.map(inc, []), []);
});

Deno.test("Pool.map() chunks by Python's default ceil(n / (4 × processes))", () => {
  assert.equal(defaultChunksize(200_000, 2), 25_000);
  assert.equal(defaultChunksize(10, 4), 1);
  assert.equal(defaultChunksize(0, 4), 1);
  assert.deepEqual(chunkOffsets(10, 4), [0, 4, 8]);
});

Deno.test("Pool.starmap() spreads each argument tuple", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS });
  assert.deepEqual(await pool.starmap(add, [[1, 2], [3, 4], [5, 6]]), [3, 7, 11]);
  assert.deepEqual(await pool.starmap(add, [[1, 2], [3, 4]], { chunksize: 1 }), [3, 7]);
  await assert.rejects(
    pool.starmap(add, [5 as unknown as [number, number]]),
    /starmap expects every item to be an array of arguments/,
  );
});

Deno.test("Pool.applyAsync() runs callback once with the result and errorCallback once with the error", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS });
  const seen: unknown[] = [];
  const errors: unknown[] = [];
  const ok = pool.applyAsync(add, [1, 2], { callback: (r) => seen.push(r) });
  const bad = pool.applyAsync(
    () => {
      throw new Error("nope");
    },
    [],
    { errorCallback: (e) => errors.push(e) },
  );
  assert.ok(ok instanceof AsyncResult);
  assert.equal(await ok, 3);
  await bad.wait();
  assert.deepEqual(seen, [3]);
  assert.equal(errors.length, 1);
  assert.equal((errors[0] as Error).message, "nope");
  assert.equal(bad.successful(), false);
  await assert.rejects(bad.get(), /nope/);
});

Deno.test("Pool.mapAsync() and starmapAsync() give the whole list to get() and to callback", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS });
  const lists: number[][] = [];
  const mapped = pool.mapAsync(inc, [1, 2, 3], { callback: (r) => lists.push(r) });
  const starred = pool.starmapAsync(add, [[1, 1], [2, 2]], { chunksize: 1 });
  assert.deepEqual(await mapped.get(), [2, 3, 4]);
  assert.deepEqual(await starred.get(5_000), [2, 4]);
  assert.deepEqual(lists, [[2, 3, 4]]);
});

Deno.test("AsyncResult.get(timeout) rejects with TimeoutError and the task keeps running", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const result = pool.applyAsync(sleepThenReturn, [150, "late"]);
  assert.throws(() => result.successful(), /before the result was ready/);
  await assert.rejects(result.get(20), TimeoutError);
  assert.equal(await result.wait(10), false);
  assert.equal(result.ready(), false);
  assert.equal(await result.get(5_000), "late");
  assert.ok(result.ready() && result.successful());
  assert.equal(await result.get(-1), "late", "a negative timeout acts as 0, as in Python");
  assert.throws(() => result.get(Number.NaN), RangeError);
});

Deno.test("Pool.imap() yields in input order and imapUnordered() in completion order", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS });
  const delays = [120, 0, 60];
  const ordered: number[] = [];
  for await (
    const ms of pool.imap(
      (ms: number) => new Promise<number>((r) => setTimeout(() => r(ms), ms)),
      delays,
    )
  ) {
    ordered.push(ms);
  }
  assert.deepEqual(ordered, delays);
  const unordered: number[] = [];
  const sleepy = (ms: number) => new Promise<number>((r) => setTimeout(() => r(ms), ms));
  for await (const ms of pool.imapUnordered(sleepy, [300, 0])) unordered.push(ms);
  assert.deepEqual(unordered, [0, 300]);
});

Deno.test("Pool.imap() over an endless generator stops pulling when broken out of, and the pool stays usable", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS });
  let pulled = 0;
  function* naturals() {
    for (let n = 0;; n++) {
      pulled++;
      yield n;
    }
  }
  // Look-ahead is bounded: max(4 × processes, 256 / chunksize) chunks in flight, so the items
  // pulled but not yet consumed stay below a constant however long the loop runs.
  const lookAheadBound = 65 * 4;
  const results: number[] = [];
  let widestLookAhead = 0;
  for await (const value of pool.imap(inc, naturals(), { chunksize: 4 })) {
    results.push(value);
    widestLookAhead = Math.max(widestLookAhead, pulled - results.length);
    if (results.length === 2_000) break;
  }
  assert.deepEqual(results.slice(0, 10), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.equal(results[1_999], 2_000);
  assert.ok(widestLookAhead <= lookAheadBound, `look-ahead reached ${widestLookAhead} items`);
  const pulledAtBreak = pulled;
  assert.equal(await pool.apply(add, [1, 1]), 2);
  assert.equal(pulled, pulledAtBreak, "nothing is pulled after the loop ends");
});

Deno.test("Pool.imap() pulls from async iterables", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS });
  async function* source() {
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 1));
      yield i;
    }
  }
  const out: number[] = [];
  for await (const value of pool.imap(inc, source(), { chunksize: 2 })) out.push(value);
  assert.deepEqual(out, [1, 2, 3, 4, 5]);
});

Deno.test("Pool batches apply calls made in one tick into few messages", async () => {
  let runMessages = 0;
  const original = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
    if ((message as { type?: string }).type === "run") runMessages++;
    return (original as (...args: unknown[]) => void).call(this, message, ...rest);
  };
  try {
    await using pool = new Pool({ processes: 2, module: TASKS });
    const rows = Array.from({ length: 5_000 }, (_, i) => i);
    const results = await Promise.all(rows.map((r) => pool.apply(add, [r, 1])));
    assert.equal(results[4_999], 5_000);
    assert.ok(runMessages < 250, `${runMessages} messages for 5000 calls`);
  } finally {
    Worker.prototype.postMessage = original;
  }
});

Deno.test("Pool moves transferred ArrayBuffers and shares SharedArrayBuffers", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const bytes = new Uint8Array([1, 2, 3, 4]);
  assert.equal(await pool.apply(byteSum, [bytes.buffer], { transfer: [bytes.buffer] }), 10);
  assert.equal(bytes.buffer.byteLength, 0, "the buffer was moved, not copied");
  const shared = new SharedArrayBuffer(8);
  await pool.apply(writeShared, [shared, 1, 99]);
  assert.equal(new Int32Array(shared)[1], 99);
});

Deno.test("Pool initializer runs with initargs in every new worker, also after an idle restart", async () => {
  const counter = new SharedArrayBuffer(4);
  await using pool = new Pool({
    processes: 1,
    module: TASKS,
    initializer: countInit,
    initargs: [counter, "ready"],
    idleTimeout: 30,
  });
  const first = await pool.apply(whoAmI);
  assert.equal(await pool.apply(readInitLabel), "ready");
  await new Promise((resolve) => setTimeout(resolve, 150));
  const second = await pool.apply(whoAmI);
  assert.notEqual(first.pid, second.pid, "the idle worker was stopped and a new one started");
  assert.equal(await pool.apply(readInitLabel), "ready");
  assert.equal(new Int32Array(counter)[0], 2);
});

Deno.test("Pool maxTasksPerChild replaces a worker after that many tasks", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS, maxTasksPerChild: 2 });
  const pids = [];
  for (let i = 0; i < 6; i++) pids.push((await pool.apply(whoAmI)).pid);
  assert.equal(new Set(pids).size, 3, `pids: ${pids}`);
});

Deno.test("currentProcess() inside a task names the pool worker", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS, name: "Counter" });
  const me = await pool.apply(whoAmI);
  assert.match(me.name, /^Counter-\d+$/);
  assert.notEqual(me.pid, Deno.pid);
});
