// A cluster Pool when things go wrong, with real worker processes: a worker killed mid-map, a
// poison task, cancelling, and terminate() with a full stream.
import assert from "node:assert/strict";
import { delay, type RedisServer } from "./_redis.ts";
import { ALLOWED, lines } from "./_cluster_worker.ts";
import { type PoolSetup, poolTest } from "./_pool_setup.ts";

const POOL_TASKS = new URL("pool_tasks.ts", ALLOWED).href;
const VISIBILITY = ["--visibility", "1500"];

/** How many entries the worker with process id `pid` holds (delivered, not settled). */
async function heldBy(t: PoolSetup, pid: number): Promise<number> {
  const name = (await t.broker.workers()).find((worker) => worker.pid === pid)?.name;
  await using client = await t.server.client();
  const summary = await client.xpending(t.broker.keys.tasks, "workers") as unknown[];
  const consumers = (summary[3] ?? []) as [string, string][];
  return Number(consumers.find(([consumer]) => consumer === name)?.[1] ?? 0);
}

/** Entries in the queue's task stream. */
async function streamLength(server: RedisServer, key: string): Promise<number> {
  await using client = await server.client();
  return await client.xlen(key);
}

poolTest(
  "SIGKILL a worker holding entries of a 100,000-item map: every result right, in order, soon",
  async (t) => {
    const flags = [...VISIBILITY, "--processes", "1", "--prefetch", "2"];
    const first = await t.start(flags);
    await t.start(flags);
    const pool = t.pool({ module: POOL_TASKS });
    const items = Array.from({ length: 100_000 }, (_, i) => i);
    // 100 chunks; every 20,000th item waits 300 ms, so the map lasts past the kill.
    const args = items.map((x) => [x, 20_000, 300] as [number, number, number]);
    // A worker's death uses up a retry of each entry it held (it may have run them).
    const result = pool.starmap("slowEvery", args, { chunksize: 1_000, retries: 1 });
    const deadline = Date.now() + 20_000;
    while (await heldBy(t, first.pid) === 0) {
      assert.ok(Date.now() < deadline, "the first worker never held an entry");
      await delay(20);
    }
    first.kill("SIGKILL");
    const killedAt = Date.now();
    assert.deepEqual(await result, items.map((x) => x * 10));
    const took = Date.now() - killedAt;
    // The visibility (1.5 s) before the take-over, then the rest of the map: well under 15 s.
    assert.ok(took < 15_000, `the map ended ${took} ms after the kill`);
  },
);

poolTest(
  "a poison task with retries: 1 gives WorkerDiedError after 2 attempts; a concurrent call succeeds",
  async (t) => {
    const file = `${t.dir}/poison.txt`;
    await t.start([...VISIBILITY, "--processes", "2"]);
    const pool = t.pool();
    const poisoned = pool.apply("die", [file], { retries: 1 });
    const fine = pool.apply("add", [20, 22]);
    const error = await poisoned.then(() => null, (error: unknown) => error) as {
      name: string;
      attempts: number;
      taskName: string;
    };
    assert.equal(error?.name, "WorkerDiedError", String(error));
    assert.equal(error.attempts, 2);
    assert.equal(error.taskName, "die");
    assert.equal(await fine, 42);
    assert.deepEqual(lines(file), ["died", "died"]);
  },
);

poolTest("a call cancelled before delivery never runs", async (t) => {
  const file = `${t.dir}/cancel.txt`;
  // One unit at a time: the second call waits in the stream behind the first.
  await t.start([...VISIBILITY, "--processes", "1", "--prefetch", "1"]);
  const pool = t.pool();
  const first = pool.apply("slowMark", [file, "first", 800]);
  const controller = new AbortController();
  const second = pool.apply("mark", [file, "second"], { signal: controller.signal });
  await delay(200);
  controller.abort();
  await assert.rejects(second, { name: "AbortError" });
  assert.equal(await first, "first");
  await delay(500); // room for a wrong run
  assert.deepEqual(lines(file), ["first"]);
});

poolTest(
  "a running call aborted during checkCancelled() rejects with AbortError at once",
  async (t) => {
    const file = `${t.dir}/spin.txt`;
    await t.start([...VISIBILITY, "--processes", "1"]);
    const pool = t.pool();
    const controller = new AbortController();
    const spinning = pool.apply("spin", [file], { signal: controller.signal });
    const deadline = Date.now() + 20_000;
    while (lines(file).length === 0) {
      assert.ok(Date.now() < deadline, "the task never started");
      await delay(20);
    }
    controller.abort();
    await assert.rejects(spinning, { name: "AbortError" });
    // The worker's local call was aborted too: the worker takes new work at once.
    assert.equal(await pool.apply("add", [1, 2], { timeout: 3_000 }), 3);
  },
);

poolTest("terminate() with 1,000 entries queued stops within a second", async (t) => {
  const file = `${t.dir}/queued.txt`;
  await t.start([...VISIBILITY, "--processes", "1", "--prefetch", "1"]);
  const pool = t.pool();
  const items = Array.from({ length: 1_000 }, (_, i) => [file, `item ${i}`, 200]);
  const all = pool.starmap("slowMark", items as [string, string, number][], 1);
  const rejected = assert.rejects(all, { name: "PoolClosedError" });
  const deadline = Date.now() + 20_000;
  while (await streamLength(t.server, t.broker.keys.tasks) < 900 || lines(file).length === 0) {
    assert.ok(Date.now() < deadline, "the entries never reached the stream");
    await delay(20);
  }
  const started = Date.now();
  await pool.terminate();
  const took = Date.now() - started;
  await rejected;
  assert.ok(took < 1_000, `terminate() took ${took} ms`);
  // The entry the worker held is settled once its cancel arrives: all gone within the second.
  while (await streamLength(t.server, t.broker.keys.tasks) > 0) {
    assert.ok(Date.now() - started < 1_000, "entries of the pool left in the stream");
    await delay(20);
  }
  const ran = lines(file).length;
  await delay(600);
  assert.ok(lines(file).length <= ran + 1, "entries went on running after terminate()");
});
