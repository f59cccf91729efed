// The cluster worker against a real redis-server and real worker processes; the test is the pool.
import assert from "node:assert/strict";
import { ignoreWithoutRedis, type RedisServer, startRedis } from "./_redis.ts";
import {
  awaitWorkers,
  deleteQueueKeys,
  lines,
  OUTSIDE,
  startWorker,
  TASKS,
  TestPool,
  type WorkerProcess,
} from "./_cluster_worker.ts";
import type { WireReply } from "../../lib/cluster/wire.ts";

interface Setup {
  server: RedisServer;
  queue: string;
  pool: TestPool;
  dir: string;
  workers: WorkerProcess[];
  start(args?: string[]): Promise<WorkerProcess>;
}

function clusterTest(name: string, fn: (setup: Setup) => Promise<void>): void {
  Deno.test({ name, ignore: ignoreWithoutRedis, sanitizeOps: true }, async () => {
    await using server = await startRedis();
    const queue = "q" + crypto.randomUUID().slice(0, 6);
    const dir = await Deno.makeTempDir({ prefix: "multiproc_cluster_worker_" });
    const workers: WorkerProcess[] = [];
    const pool = await TestPool.open(server.url, queue);
    try {
      await fn({
        server,
        queue,
        pool,
        dir,
        workers,
        async start(args = []) {
          const worker = startWorker(server.url, queue, ["--visibility", "1500", ...args]);
          workers.push(worker);
          await awaitWorkers(pool.broker, workers.length);
          return worker;
        },
      });
    } finally {
      for (const worker of workers) await worker[Symbol.asyncDispose]();
      await pool[Symbol.asyncDispose]();
      assert.deepEqual(await deleteQueueKeys(server.url, queue), []);
      await Deno.remove(dir, { recursive: true });
    }
  });
}

const module = (name: string) => ({ module: TASKS, name });
const errorOf = (reply: WireReply): Error => {
  assert.ok("error" in reply, `expected an error reply, got ${JSON.stringify(reply)}`);
  return reply.error as Error;
};

clusterTest("an apply batch and a starmap chunk return the right values", async (t) => {
  await t.start(["--processes", "2"]);
  await t.pool.send(
    {
      call: 1,
      chunk: 0,
      kind: "apply",
      task: module("tenfold"),
      units: [{ call: 1, args: [2] }, { call: 2, args: [-1] }, { call: 3, args: [5] }],
    },
    { call: 4, chunk: 0, kind: "starmap", task: module("add"), items: [[1, 2], [3, 4], [5, 6]] },
  );
  const replies = await t.pool.replies(2);
  const batch = replies.find((reply) => reply.call === 1)!;
  assert.ok("units" in batch);
  assert.deepEqual(batch.units.map((unit) => "ok" in unit ? unit.ok : "error"), [20, "error", 50]);
  const failed = batch.units[1]!;
  assert.ok("error" in failed && failed.error instanceof RangeError);
  assert.match((failed.error as Error).message, /negative: -1/);
  const starmap = replies.find((reply) => reply.call === 4)!;
  assert.deepEqual("ok" in starmap && starmap.ok, [3, 7, 11]);
  assert.equal(starmap.deliveries, 1);
  assert.match(starmap.worker, /-\d+-/);
});

clusterTest("a starmap chunk fails with its first error, as Python's map does", async (t) => {
  await t.start();
  await t.pool.send({
    call: 1,
    chunk: 0,
    kind: "map",
    task: module("tenfold"),
    items: [1, -2, -3],
  });
  const [reply] = await t.pool.replies(1);
  assert.match(errorOf(reply!).message, /negative: -2/);
});

clusterTest(
  "a module outside --allow-module, and a source task without --allow-source, are refused, never run",
  async (t) => {
    await t.start();
    const file = `${t.dir}/ran.txt`;
    await t.pool.send(
      { call: 1, chunk: 0, kind: "map", task: { module: OUTSIDE, name: "mark" }, items: [] },
      {
        call: 2,
        chunk: 0,
        kind: "apply",
        task: { module: OUTSIDE, name: "mark" },
        units: [{ call: 2, args: [file, "x"] }],
      },
      {
        call: 3,
        chunk: 0,
        kind: "starmap",
        task: { source: `() => Deno.writeTextFileSync(${JSON.stringify(file)}, "x")` },
        items: [[]],
      },
    );
    const replies = await t.pool.replies(3);
    const byCall = new Map(replies.map((reply) => [reply.call, errorOf(reply)]));
    assert.match(
      byCall.get(1)!.message,
      /cluster_outside_tasks\.ts is not under .*--allow-module.*tests\/fixtures\/cluster\//,
    );
    assert.match(byCall.get(2)!.message, /--allow-module/);
    assert.match(byCall.get(3)!.message, /sent as source text.*not started with --allow-source/);
    assert.deepEqual(lines(file), []);
  },
);

clusterTest("a source task without --allow-source is refused naming the flag", async (t) => {
  await t.start();
  await t.pool.send({ call: 1, chunk: 0, kind: "map", task: { source: "(x) => x" }, items: [1] });
  const [reply] = await t.pool.replies(1);
  assert.match(errorOf(reply!).message, /not started with --allow-source/);
});

clusterTest(
  "an entry delivered more than retries + 1 times gives WorkerDiedError, unrun",
  async (t) => {
    const file = `${t.dir}/poison.txt`;
    await t.pool.send({
      call: 1,
      chunk: 0,
      kind: "apply",
      task: module("mark"),
      units: [{ call: 1, args: [file, "ran"] }],
      retries: 1,
    });
    // Two workers took it and died (never settled): deliveries 1 and 2.
    const broker = t.pool.broker;
    const [first] = await broker.read("ghost-1", 1, 0);
    await broker.release("ghost-1", [first!.id]);
    const [second] = await broker.reclaim("ghost-2", 0, 1);
    assert.equal(second!.deliveries, 2);
    await broker.release("ghost-2", [second!.id]);
    await t.start();
    const [reply] = await t.pool.replies(1);
    const error = errorOf(reply!) as Error & {
      attempts: number;
      taskName: string;
      workerName: string;
    };
    assert.equal(error.name, "WorkerDiedError");
    assert.equal(error.attempts, 2);
    assert.equal(error.taskName, "mark");
    assert.match(error.workerName, /-\d+-/);
    assert.equal(reply!.deliveries, 3);
    assert.deepEqual(lines(file), []);
  },
);

clusterTest("a dead pool's entries are not run", async (t) => {
  const file = `${t.dir}/dead.txt`;
  await using dead = await TestPool.open(t.server.url, t.queue, false);
  await dead.send({ call: 1, chunk: 0, kind: "map", task: module("mark"), items: [] });
  await dead.send({
    call: 2,
    chunk: 0,
    kind: "starmap",
    task: module("mark"),
    items: [[file, "x"]],
  });
  await t.start();
  const replies = await dead.replies(2);
  for (const reply of replies) assert.match(errorOf(reply).message, /is dead/);
  assert.deepEqual(lines(file), []);
});

clusterTest("a call cancelled before it starts gets an AbortError and never runs", async (t) => {
  const file = `${t.dir}/cancelled.txt`;
  await t.pool.broker.cancel(t.pool.id, [1, 2]);
  await t.pool.send(
    { call: 1, chunk: 0, kind: "starmap", task: module("mark"), items: [[file, "x"]] },
    {
      call: 2,
      chunk: 0,
      kind: "apply",
      task: module("mark"),
      units: [{ call: 2, args: [file, "y"] }, { call: 3, args: [file, "z"] }],
    },
  );
  await t.start();
  const replies = await t.pool.replies(2);
  const chunk = replies.find((reply) => reply.call === 1)!;
  assert.equal(errorOf(chunk).name, "AbortError");
  const batch = replies.find((reply) => reply.call === 2)!;
  assert.ok("units" in batch);
  const [cancelled, kept] = batch.units;
  assert.ok(cancelled && "error" in cancelled && (cancelled.error as Error).name === "AbortError");
  assert.deepEqual(kept, { call: 3, ok: "z" });
  assert.deepEqual(lines(file), ["z"]);
});

clusterTest("a cancel during a checkCancelled() loop aborts the running call", async (t) => {
  const file = `${t.dir}/spin.txt`;
  await t.start();
  await t.pool.send({ call: 7, chunk: 0, kind: "map", task: module("spin"), items: [file] });
  const deadline = Date.now() + 20_000;
  while (lines(file).length === 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.deepEqual(lines(file), ["started"]);
  const cancelledAt = Date.now();
  await t.pool.broker.cancel(t.pool.id, [7]);
  const [reply] = await t.pool.replies(1, 10_000);
  assert.equal(errorOf(reply!).name, "AbortError");
  assert.ok(Date.now() - cancelledAt < 5000, "the cancel took more than 5 s");
});

clusterTest("a task running 3× the visibility on a live worker runs exactly once", async (t) => {
  const file = `${t.dir}/long.txt`;
  await t.start(["--visibility", "600"]);
  await t.start(["--visibility", "600"]);
  await t.pool.send({
    call: 1,
    chunk: 0,
    kind: "starmap",
    task: module("slowMark"),
    items: [[file, "ran", 1800]],
  });
  const [reply] = await t.pool.replies(1);
  assert.deepEqual("ok" in reply! && reply.ok, ["ran"]);
  await new Promise((resolve) => setTimeout(resolve, 1200)); // room for a wrong second run
  assert.deepEqual(lines(file), ["ran"]);
  assert.equal(reply!.deliveries, 1);
});

clusterTest("a unit's timeout counts from its start and gives TimeoutError", async (t) => {
  const file = `${t.dir}/timeout.txt`;
  await t.start(["--processes", "1", "--prefetch", "2"]);
  // The second entry waits 1 s for the first: its 600 ms count from its own start.
  await t.pool.send(
    { call: 1, chunk: 0, kind: "starmap", task: module("slowMark"), items: [[file, "a", 1000]] },
    {
      call: 2,
      chunk: 0,
      kind: "starmap",
      task: module("slowMark"),
      items: [[file, "b", 300]],
      timeout: 600,
    },
    {
      call: 3,
      chunk: 0,
      kind: "starmap",
      task: module("slowMark"),
      items: [[file, "c", 5000]],
      timeout: 300,
    },
  );
  const replies = await t.pool.replies(3);
  const byCall = new Map(replies.map((reply) => [reply.call, reply]));
  const [first, second] = [byCall.get(1)!, byCall.get(2)!];
  assert.deepEqual("ok" in first && first.ok, ["a"]);
  assert.deepEqual("ok" in second && second.ok, ["b"], Deno.inspect(second));
  assert.equal(errorOf(byCall.get(3)!).name, "TimeoutError");
});

clusterTest("a worker holds at most processes × prefetch entries", async (t) => {
  const file = `${t.dir}/held.txt`;
  await t.start(["--processes", "1", "--prefetch", "2"]);
  const slow = (call: number) => ({
    call,
    chunk: 0,
    kind: "starmap" as const,
    task: module("slowMark"),
    items: [[file, `call ${call}`, 400]],
  });
  await t.pool.send(...[1, 2, 3, 4, 5].map(slow));
  await using raw = await t.server.client();
  const key = t.pool.broker.keys.tasks;
  let most = 0;
  const deadline = Date.now() + 20_000;
  let settled = 0;
  while (settled < 5 && Date.now() < deadline) {
    const [pending] = await raw.xpending(key, "workers") as [number];
    most = Math.max(most, pending);
    settled = (await t.pool.broker.replies(t.pool.id, "0", 0)).length;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.equal(settled, 5);
  assert.ok(most <= 2, `the worker held ${most} entries at once`);
  assert.ok(most >= 1);
  assert.equal(await raw.xlen(key), 0);
});

clusterTest(
  "a local worker that dies is retried by the local Pool, then WorkerDiedError",
  async (t) => {
    const file = `${t.dir}/died.txt`;
    await t.start();
    await t.pool.send(
      { call: 1, chunk: 0, kind: "starmap", task: module("die"), items: [[file]], retries: 1 },
      { call: 2, chunk: 0, kind: "starmap", task: module("add"), items: [[2, 3]] },
    );
    const replies = await t.pool.replies(2);
    const byCall = new Map(replies.map((reply) => [reply.call, reply]));
    const error = errorOf(byCall.get(1)!) as Error & { attempts: number };
    assert.equal(error.name, "WorkerDiedError");
    assert.equal(error.attempts, 2);
    assert.deepEqual(lines(file), ["died", "died"]);
    const sum = byCall.get(2)!;
    assert.deepEqual("ok" in sum && sum.ok, [5]);
  },
);
