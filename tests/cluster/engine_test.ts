// The pool side of a cluster (lib/cluster/engine.ts) through `new Pool({ cluster })`, against a
// real redis-server; the test plays the worker with the broker (tests/cluster/_play_worker.ts).
import assert from "node:assert/strict";
import { Pool } from "../../lib/pool/mod.ts";
import { AbortError } from "../../lib/errors.ts";
import { connectRedis, type RedisBroker } from "../../lib/cluster/redis_broker.ts";
import { queueKeys } from "../../lib/cluster/keys.ts";
import { decodeTask, encodeReply } from "../../lib/cluster/wire.ts";
import { delay, eventually, ignoreWithoutRedis, type RedisServer, startRedis } from "./_redis.ts";
import { runEntry, type Tasks, workLoop, workOnce } from "./_play_worker.ts";

/** A task the played worker runs: doubles a number. */
export function double(x: number): number {
  return x * 2;
}

/** Fails with a TypeError that has a cause and a field of its own. */
export function fail(row: number): never {
  const error = new TypeError(`row ${row} is bad`, { cause: new RangeError("out of range") });
  throw Object.assign(error, { code: "E_ROW" });
}

const TASKS: Tasks = { double, fail, add: (a: number, b: number) => a + b };

interface Setup {
  server: RedisServer;
  broker: RedisBroker;
  queue: string;
  pool: (options?: Record<string, unknown>) => Pool;
}

let queues = 0;

function clusterTest(name: string, fn: (setup: Setup) => Promise<void>): void {
  Deno.test({ name, ignore: ignoreWithoutRedis }, async () => {
    await using server = await startRedis();
    const queue = `q${++queues}`;
    await using broker = await connectRedis(server.url, { queue, timeoutMs: 2000 });
    const pools: Pool[] = [];
    const pool = (options: Record<string, unknown> = {}): Pool => {
      const made = new Pool({
        processes: 4,
        module: import.meta.url,
        ...options,
        cluster: { url: server.url, queue, ...(options.cluster as object ?? {}) },
      });
      pools.push(made);
      return made;
    };
    try {
      await fn({ server, broker, queue, pool });
    } finally {
      await Promise.all(pools.map((made) => made.terminate()));
    }
  });
}

async function streamLength(server: RedisServer, queue: string): Promise<number> {
  await using raw = await server.client();
  return await raw.xlen(queueKeys(queue).tasks);
}

/** Every key of a pool in `queue` (SCAN of the queue's hash tag). */
async function poolKeys(server: RedisServer, queue: string): Promise<string[]> {
  await using raw = await server.client();
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, found] = await raw.scan(cursor, "MATCH", `${queueKeys(queue).tag}*`);
    cursor = next;
    keys.push(...found);
  } while (cursor !== "0");
  return keys.filter((key) => key.includes(":pool:"));
}

clusterTest(
  "an entry over maxEntryBytes is refused with a RangeError naming the option",
  async (setup) => {
    const pool = setup.pool({ cluster: { maxEntryBytes: 4096, blobThreshold: 1024 * 1024 } });
    await assert.rejects(pool.apply(double, ["x".repeat(8192) as unknown as number]), {
      name: "RangeError",
      message: /maxEntryBytes/,
    });
    assert.equal(await streamLength(setup.server, setup.queue), 0);
  },
);

clusterTest("100 applyAsync made in one tick travel in one entry and settle", async (setup) => {
  const pool = setup.pool();
  const results = Array.from({ length: 100 }, (_, i) => pool.applyAsync(double, [i]));
  await eventually(async () => assert.equal(await streamLength(setup.server, setup.queue), 1));
  assert.equal(await workOnce(setup.broker, TASKS), 1);
  assert.deepEqual(
    await Promise.all(results.map((result) => result.get())),
    Array.from({ length: 100 }, (_, i) => i * 2),
  );
});

clusterTest(
  "map returns results in input order when chunks are answered out of order",
  async (setup) => {
    const pool = setup.pool();
    const worker = workLoop(setup.broker, TASKS, { reverse: true });
    try {
      const items = Array.from({ length: 1000 }, (_, i) => i);
      assert.deepEqual(await pool.map(double, items, 7), items.map((x) => x * 2));
      assert.deepEqual(await pool.starmap("add", [[1, 2], [3, 4], [5, 6]]), [3, 7, 11]);
      const lazy: number[] = [];
      for await (const value of pool.imap(double, items.slice(0, 50), 3)) lazy.push(value);
      assert.deepEqual(lazy, items.slice(0, 50).map((x) => x * 2));
    } finally {
      await worker.stop();
    }
  },
);

clusterTest("a second reply for the same (call, chunk) is ignored", async (setup) => {
  const pool = setup.pool();
  const first = pool.apply(double, [21]);
  const [delivery] = await eventually(async () => {
    const read = await setup.broker.read("test-worker", 10, 0);
    assert.equal(read.length, 1);
    return read;
  });
  await setup.broker.settle(delivery!, await runEntry(setup.broker, delivery!, TASKS));
  // As if the entry had been delivered again and run elsewhere with another outcome.
  const forged = await runEntry(setup.broker, delivery!, { double: () => 999 });
  await setup.broker.settle(delivery!, forged);
  assert.equal(await first, 42);
  // The pool still works, and the late duplicate settled nothing else.
  const worker = workLoop(setup.broker, TASKS);
  try {
    assert.equal(await pool.apply(double, [5]), 10);
  } finally {
    await worker.stop();
  }
});

clusterTest(
  "an error reply rejects only its call, with name, message, remote stack and cause",
  async (setup) => {
    const pool = setup.pool();
    const good = pool.applyAsync(double, [1]);
    const bad = pool.applyAsync(fail, [7]);
    const also = pool.applyAsync(double, [2]);
    // One batch entry per task.
    await eventually(async () => assert.equal(await streamLength(setup.server, setup.queue), 2));
    await workOnce(setup.broker, TASKS);
    assert.equal(await good.get(), 2);
    assert.equal(await also.get(), 4);
    const error = await bad.get().then(() => null, (error: unknown) => error) as
      & TypeError
      & { code: string };
    assert.ok(error instanceof TypeError, `expected a TypeError, received ${error}`);
    assert.equal(error.message, "row 7 is bad");
    assert.equal(error.code, "E_ROW");
    assert.match(error.stack ?? "", /fail/, "the remote stack names the task");
    assert.ok(error.cause instanceof RangeError);
    assert.equal((error.cause as Error).message, "out of range");
    // A map chunk that fails rejects its map.
    const worker = workLoop(setup.broker, TASKS);
    try {
      await assert.rejects(pool.map(fail, [1, 2, 3]), { name: "TypeError", message: /is bad/ });
    } finally {
      await worker.stop();
    }
  },
);

clusterTest(
  "an argument that cannot cross rejects only its own call of the batch",
  async (setup) => {
    const pool = setup.pool();
    const worker = workLoop(setup.broker, TASKS);
    try {
      const bad = pool.applyAsync(double, [(() => 1) as unknown as number]);
      const good = pool.applyAsync(double, [5]);
      await assert.rejects(bad.get(), { name: "TypeError", message: /function/ });
      assert.equal(await good.get(), 10);
    } finally {
      await worker.stop();
    }
  },
);

clusterTest("a big argument shared by 16 calls is stored once as a blob", async (setup) => {
  const pool = setup.pool({ cluster: { blobThreshold: 1024 } });
  const worker = workLoop(setup.broker, { ...TASKS, size: (bytes: Uint8Array) => bytes.length });
  try {
    const big = new Uint8Array(256 * 1024).fill(7);
    const results = Array.from({ length: 16 }, () => pool.applyAsync("size", [big]));
    assert.deepEqual(await Promise.all(results.map((r) => r.get())), Array(16).fill(big.length));
  } finally {
    await worker.stop();
  }
  await using raw = await setup.server.client();
  const [, blobs] = await raw.scan(
    "0",
    "MATCH",
    `${queueKeys(setup.queue).tag}:blob:*`,
    "COUNT",
    1000,
  );
  assert.equal(blobs.length, 1);
});

clusterTest("a reply whose blob expired rejects its call saying so, never hangs", async (setup) => {
  const pool = setup.pool();
  const call = pool.apply(double, [1]);
  const [delivery] = await eventually(async () => {
    const read = await setup.broker.read("test-worker", 10, 0);
    assert.equal(read.length, 1);
    return read;
  });
  const task = await decodeTask(delivery!);
  assert.equal(task.kind, "apply");
  const units = task.kind === "apply" ? task.units : [];
  // The result travels as a blob that lives 1 ms: gone when the pool reads the reply.
  const reply = await encodeReply({
    call: task.call,
    chunk: task.chunk,
    worker: "test-worker",
    deliveries: 1,
    busyMs: 1,
    units: [{ call: units[0]!.call, ok: new Uint8Array(4096) }],
  }, { blobThreshold: 1024, putBlob: (bytes) => setup.broker.putBlob(bytes, 1) });
  await delay(50);
  await setup.broker.settle(delivery!, reply);
  await assert.rejects(call, {
    name: "TypeError",
    message: /reply to this call could not be read/,
  });
});

clusterTest("cancel before delivery removes the entry, and the task never runs", async (setup) => {
  const pool = setup.pool();
  const controller = new AbortController();
  const call = pool.apply(double, [3], { signal: controller.signal });
  await eventually(async () => assert.equal(await streamLength(setup.server, setup.queue), 1));
  controller.abort();
  await assert.rejects(call, AbortError);
  await eventually(async () => assert.equal(await streamLength(setup.server, setup.queue), 0));
  assert.equal(await workOnce(setup.broker, TASKS), 0);
});

clusterTest("cancel of a delivered call broadcasts it to the workers", async (setup) => {
  const pool = setup.pool();
  const heard: Array<[string, number[]]> = [];
  const unsubscribe = await setup.broker.onCancel((pool, calls) => heard.push([pool, calls]));
  try {
    const controller = new AbortController();
    const call = pool.apply(double, [3], { signal: controller.signal });
    const [delivery] = await eventually(async () => {
      const read = await setup.broker.read("test-worker", 10, 0);
      assert.equal(read.length, 1);
      return read;
    });
    const task = await decodeTask(delivery!);
    const callId = task.kind === "apply" ? task.units[0]!.call : -1;
    controller.abort();
    await assert.rejects(call, AbortError);
    await eventually(() => Promise.resolve(assert.deepEqual(heard, [[delivery!.pool, [callId]]])));
    // Its late reply settles nothing.
    await setup.broker.settle(delivery!, await runEntry(setup.broker, delivery!, TASKS));
  } finally {
    await unsubscribe();
  }
});

clusterTest(
  "close() and join() wait for the calls, then leave no key of the pool",
  async (setup) => {
    const pool = setup.pool();
    const worker = workLoop(setup.broker, TASKS);
    try {
      const result = pool.mapAsync(double, [1, 2, 3]);
      pool.close();
      await pool.join();
      assert.deepEqual(await result.get(), [2, 4, 6]);
    } finally {
      await worker.stop();
    }
    assert.deepEqual(await poolKeys(setup.server, setup.queue), []);
  },
);

clusterTest(
  "terminate() withdraws the pool's entries and leaves no key of the pool",
  async (setup) => {
    const pool = setup.pool();
    const worker = workLoop(setup.broker, TASKS);
    try {
      assert.equal(await pool.apply(double, [4]), 8);
    } finally {
      await worker.stop();
    }
    const waiting = pool.map(double, [1, 2, 3, 4, 5, 6, 7, 8], 1);
    await eventually(async () => assert.equal(await streamLength(setup.server, setup.queue), 8));
    // Before: the pool's liveness key and reply stream are there for the SCAN to find.
    const before = await poolKeys(setup.server, setup.queue);
    assert.ok(before.some((key) => /:pool:[^:]+$/.test(key)), `no liveness key in ${before}`);
    assert.ok(before.some((key) => key.endsWith(":replies")), `no reply stream in ${before}`);
    const rejected = assert.rejects(waiting, { name: "PoolClosedError" });
    await pool.terminate();
    await rejected;
    assert.equal(await streamLength(setup.server, setup.queue), 0);
    assert.deepEqual(await poolKeys(setup.server, setup.queue), []);
  },
);

Deno.test({
  name:
    "Redis stopped mid-call: the call rejects within brokerTimeout + visibility, naming the masked URL",
  ignore: ignoreWithoutRedis,
}, async () => {
  await using server = await startRedis({ password: "s3cret" });
  const pool = new Pool({
    processes: 2,
    module: import.meta.url,
    cluster: { url: server.url, queue: "down", brokerTimeout: 500, visibility: 1000 },
  });
  try {
    const call = pool.apply(double, [1]);
    await eventually(async () => assert.equal(await streamLength(server, "down"), 1));
    await server.stop();
    const started = Date.now();
    const error = await call.then(() => null, (error: unknown) => error) as Error;
    const took = Date.now() - started;
    assert.ok(error instanceof Error, "the call rejected");
    assert.match(error.message, /127\.0\.0\.1/);
    assert.doesNotMatch(error.message, /s3cret/);
    // visibility + brokerTimeout + one blocking read, with room for a slow machine.
    assert.ok(took < 1000 + 500 + 1000 + 2000, `rejected after ${took} ms`);
    // A call made while the server is down rejects too, within the bound.
    const next = Date.now();
    await assert.rejects(pool.apply(double, [2]), /127\.0\.0\.1/);
    assert.ok(Date.now() - next < 1000 + 500 + 2000);
  } finally {
    await pool.terminate();
  }
});

Deno.test("a cluster Pool refuses worker-side options and initargs that cannot cross, saying why", () => {
  assert.throws(
    () => new Pool({ cluster: "redis://127.0.0.1:1", isolation: "process" }),
    /--isolation/,
  );
  assert.throws(
    () =>
      new Pool({
        cluster: "redis://127.0.0.1:1",
        initializer: () => {},
        initargs: [new Int32Array(new SharedArrayBuffer(8))],
      }),
    (error: Error) =>
      error instanceof TypeError &&
      /initargs of a cluster Pool cannot travel/.test(error.message) &&
      /SharedArrayBuffer/.test((error.cause as Error).message),
  );
  assert.throws(() => new Pool({ cluster: "http://x" }), /redis:\/\//);
});
