// A Redis restart under a running cluster Pool (issue 17, test 11): the server is killed and an
// empty one (no persistence) starts on the same port. The next call works, the worker recreates
// its group, a call in flight is sent again while its `retries` allow or rejects naming the
// server, and nothing hangs. Also: a long-lived pool's reply stream stays small.
import assert from "node:assert/strict";
import { Pool } from "../../mod.ts";
import { queueKeys } from "../../lib/cluster/keys.ts";
import { connectRedis } from "../../lib/cluster/redis_broker.ts";
import { nextStreamId } from "../../lib/cluster/_redis_upkeep.ts";
import { TRIM_EVERY } from "../../lib/cluster/_engine_replies.ts";
import { tenfold } from "../fixtures/cluster/tasks.ts";
import { workLoop } from "./_play_worker.ts";
import { delay, eventually, ignoreWithoutRedis, type RedisServer, startRedis } from "./_redis.ts";
import {
  ALLOWED,
  deleteQueueKeys,
  lines,
  startWorker,
  TASKS,
  type WorkerProcess,
} from "./_cluster_worker.ts";

interface Setup {
  redis: RedisServer;
  queue: string;
  worker: WorkerProcess;
  pool: Pool;
  marks: string;
}

/** Resolves with `promise`'s outcome, or rejects when it takes longer than `ms`: never hangs. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not settled after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

let queues = 0;

/** A server, one worker process with one local process, and a cluster Pool on TASKS. */
function restartTest(
  name: string,
  options: { password?: string; worker?: string[] },
  fn: (setup: Setup) => Promise<void>,
): void {
  Deno.test({ name, ignore: ignoreWithoutRedis }, async () => {
    await using redis = await startRedis(
      options.password === undefined ? {} : { password: options.password },
    );
    const queue = `restart${++queues}-${crypto.randomUUID().slice(0, 8)}`;
    const marks = await Deno.makeTempFile({ prefix: "multiproc_restart_" });
    await using worker = startWorker(redis.url, queue, options.worker ?? ["--processes", "1"]);
    // A visibility well above a restart's length: these tests are about the restart, not about
    // a server that stays down (engine_test.ts has that one).
    const pool = new Pool({
      processes: 2,
      module: TASKS,
      cluster: { url: redis.url, queue, visibility: 30_000 },
    });
    try {
      await fn({ redis, queue, worker, pool, marks });
    } finally {
      await within(pool.terminate(), 30_000, "terminate");
      await Deno.remove(marks).catch(() => {});
    }
    worker.kill("SIGTERM");
    await within(worker.status, 30_000, "the worker's stop");
    await deleteQueueKeys(redis.url, queue);
  });
}

/** Waits until the worker has started the task that marks `line`. */
async function started(marks: string, line: string, count = 1): Promise<void> {
  await eventually(() => {
    const seen = lines(marks).filter((mark) => mark === line).length;
    return seen >= count ? Promise.resolve() : Promise.reject(new Error(`${line}: ${seen} runs`));
  }, 60_000);
}

async function groups(redis: RedisServer, queue: string): Promise<string[]> {
  await using client = await redis.client();
  const raw = await client.call("XINFO", "GROUPS", queueKeys(queue).tasks) as unknown[][];
  return raw.map((fields) => String(fields[fields.indexOf("name") + 1]));
}

restartTest(
  "a restart while idle: the next apply and map work, and the same worker recreated its group",
  {},
  async ({ redis, queue, worker, pool }) => {
    assert.equal(await within(pool.apply("add", [1, 2]), 60_000, "first apply"), 3);
    await redis.restart();
    assert.deepEqual(await groups(redis, queue).catch(() => []), [], "the server came back empty");
    assert.equal(await within(pool.apply("add", [2, 3]), 30_000, "apply after restart"), 5);
    assert.deepEqual(
      await within(pool.map("tenfold", [1, 2, 3, 4, 5], 2), 30_000, "map after restart"),
      [10, 20, 30, 40, 50],
    );
    assert.deepEqual(await groups(redis, queue), ["workers"], "the worker recreated its group");
    const exited = await Promise.race([worker.status.then(() => true), delay(0).then(() => false)]);
    assert.equal(exited, false, "the worker process lived through the restart");
  },
);

restartTest(
  "a restart during a long call with retries: 1 sends its entry again, and the call resolves",
  {},
  async ({ redis, pool, marks }) => {
    const call = pool.apply("slowMark", [marks, "long", 3000], { retries: 1 });
    await started(marks, "long");
    await redis.restart();
    assert.equal(await within(call, 60_000, "the resent call"), "long");
    // The entry was sent again: the worker runs the copy too (its reply is a duplicate, ignored).
    await started(marks, "long", 2);
    assert.equal(await within(pool.apply("add", [4, 5]), 30_000, "apply after"), 9);
  },
);

restartTest(
  "a restart during a call with retries: 0 rejects it soon, naming the masked URL and the restart",
  { password: "s3cret" },
  async ({ redis, pool, marks }) => {
    const call = pool.apply("slowMark", [marks, "once", 20_000]);
    const outcome = call.then(() => null, (error: unknown) => error);
    await started(marks, "once");
    await redis.restart();
    const restarted = Date.now();
    const error = await within(outcome, 30_000, "the lost call") as Error;
    const took = Date.now() - restarted;
    assert.ok(error instanceof Error, `the call rejected, it resolved with ${error}`);
    assert.match(error.message, /restarted and lost the task/);
    assert.match(error.message, /retries: 0/);
    assert.ok(error.message.includes(redis.url.replace("s3cret", "***")), error.message);
    assert.doesNotMatch(error.message, /s3cret/);
    // Found by the next liveness refresh (every second) once the pool has reconnected.
    assert.ok(took < 15_000, `rejected ${took} ms after the restart`);
    assert.equal(lines(marks).filter((line) => line === "once").length, 1, "not sent again");
  },
);

restartTest(
  "a restart with a map in flight: chunks lost with retries left are sent again, every item comes",
  { worker: ["--processes", "2"] },
  async ({ redis, pool, marks }) => {
    const items = Array.from({ length: 8 }, (_, i) => [marks, `item${i}`, 1500]);
    const map = pool.starmap("slowMark", items, { chunksize: 1, retries: 2 });
    await started(marks, "item0");
    await redis.restart();
    const got = await within(map, 90_000, "the map");
    assert.deepEqual(got, items.map(([, line]) => line));
  },
);

Deno.test({
  name: "a long-lived pool's reply stream is trimmed as it is read: small after 10,000 applies",
  ignore: ignoreWithoutRedis,
}, async () => {
  await using redis = await startRedis();
  const queue = `trim-${crypto.randomUUID().slice(0, 8)}`;
  // The test plays the worker (the pool side is under test, not the worker bridge).
  await using broker = await connectRedis(redis.url, { queue, timeoutMs: 5000 });
  const worker = workLoop(broker, { add: (a: number, b: number) => a + b, tenfold });
  const pool = new Pool({ processes: 2, module: TASKS, cluster: { url: redis.url, queue } });
  await using client = await redis.client();
  const replies = async (): Promise<number> => {
    const keys = await client.keys(`${queueKeys(queue).tag.replace(/[{}]/g, "\\$&")}*`);
    const streams = keys.filter((key) => key.endsWith(":replies"));
    assert.ok(streams.length <= 1, `one reply stream at most: ${streams}`);
    return streams.length === 0 ? 0 : await client.xlen(streams[0]!);
  };
  let most = 0;
  try {
    // 10,000 applies in rounds of 10 (one entry, one reply a round), then 1,000 map chunks.
    for (let round = 0; round < 1000; round++) {
      const calls = Array.from({ length: 10 }, (_, i) => pool.apply("add", [round, i]));
      const results = await within(Promise.all(calls), 30_000, `apply round ${round}`);
      assert.equal(results[9], round + 9);
      if (round % 100 === 99) most = Math.max(most, await replies());
    }
    // Each round's reply is read before the round resolves: at most a trim's worth is left
    // (without trimming, 300 by round 300).
    assert.ok(most <= TRIM_EVERY, `${most} replies in the stream during the applies`);
    const items = Array.from({ length: 1000 }, (_, i) => i);
    const map = pool.map("tenfold", items, 1);
    await delay(200);
    most = Math.max(most, await replies());
    assert.equal((await within(map, 120_000, "map")).length, 1000);
    // Read as they came: never more than a trim's worth and what one read brings.
    assert.ok(most <= TRIM_EVERY + 1000, `${most} replies in the stream during the map`);
    await eventually(async () => {
      const length = await replies();
      if (length > 0) throw new Error(`${length} replies left in the stream`);
    }, 10_000);
  } finally {
    await within(pool.terminate(), 30_000, "terminate");
    await within(worker.stop(), 30_000, "the played worker's stop");
  }
});

Deno.test({
  name: "keepAlive() says whether the key was there: not at first, nor after a restart",
  ignore: ignoreWithoutRedis,
}, async () => {
  await using redis = await startRedis();
  await using broker = await connectRedis(redis.url, { timeoutMs: 2000 });
  assert.equal(await broker.keepAlive("p1", 60_000), false, "the first refresh");
  assert.equal(await broker.keepAlive("p1", 60_000), true, "a refresh of a live key");
  await redis.restart();
  assert.equal(await eventually(() => broker.keepAlive("p1", 60_000)), false, "after a restart");
  assert.equal(await broker.isAlive("p1"), true, "the refresh set the key again");
});

Deno.test({
  name: "queued() tells entries still in the stream from those answered, withdrawn or lost",
  ignore: ignoreWithoutRedis,
}, async () => {
  await using redis = await startRedis();
  await using broker = await connectRedis(redis.url, { timeoutMs: 2000 });
  const body = new Uint8Array([1]);
  const ids = await broker.enqueue([1, 2, 3].map(() => ({ version: 1, pool: "p1", body })));
  const [first] = await broker.read("w", 1, 0);
  await broker.settle(first!, body);
  await broker.withdraw([ids[2]!]);
  assert.deepEqual(await broker.queued(ids), [false, true, false]);
  assert.deepEqual(await broker.queued([]), []);
  await assert.rejects(broker.queued(["not-an-id"]), TypeError);
  await redis.restart();
  assert.deepEqual(await eventually(() => broker.queued(ids)), [false, false, false]);
});

Deno.test({
  name: "trimReplies() deletes the replies through an id and keeps every later one",
  ignore: ignoreWithoutRedis,
}, async () => {
  await using redis = await startRedis();
  await using broker = await connectRedis(redis.url, { timeoutMs: 2000 });
  await using client = await redis.client();
  const key = broker.keys.replies("p1");
  // Ids in one millisecond and across several, as a busy stream has them.
  const ids = ["5-0", "5-1", "5-2", "6-0", "7-3"];
  for (const id of ids) await client.xadd(key, id, "body", "x");
  await broker.trimReplies("p1", "5-1");
  assert.deepEqual((await broker.replies("p1", "0", 0)).map((r) => r.id), ["5-2", "6-0", "7-3"]);
  await broker.trimReplies("p1", "7-3");
  assert.equal(await client.xlen(key), 0);
  await broker.trimReplies("p2", "7-3"); // a pool with no reply stream: nothing happens
  assert.equal(await client.exists(broker.keys.replies("p2")), 0, "no stream was created");
  await assert.rejects(broker.trimReplies("p1", "7"), TypeError);
});

Deno.test("nextStreamId() is the smallest id after the one given, across a millisecond's end", () => {
  assert.equal(nextStreamId("5-0"), "5-1");
  assert.equal(nextStreamId("1700000000000-41"), "1700000000000-42");
  assert.equal(nextStreamId("5-18446744073709551615"), "6-0");
  assert.throws(() => nextStreamId("5"), TypeError);
});

Deno.test({
  name: "a worker with its server down for 12 s logs each job's failure once, then its recovery",
  ignore: ignoreWithoutRedis,
}, async () => {
  await using redis = await startRedis();
  const queue = `quiet-${crypto.randomUUID().slice(0, 8)}`;
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      ...["run", "-A", new URL("../../cluster_worker.ts", import.meta.url).pathname],
      ...["--redis", redis.url, "--queue", queue, "--allow-module", ALLOWED],
      ...["--processes", "1", "--visibility", "1000"],
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stdout = new Response(child.stdout).text();
  const stderrText = new Response(child.stderr).text();
  try {
    const pool = new Pool({ processes: 1, module: TASKS, cluster: { url: redis.url, queue } });
    try {
      assert.equal(await within(pool.apply("add", [1, 1]), 60_000, "before"), 2);
      // Down for 12 s: each call waits up to 5 s for the connection, so every job of the worker
      // fails twice or more (a failure logged each time would make 8 lines or more).
      await redis.restart(12_000);
      assert.equal(await within(pool.apply("add", [2, 2]), 30_000, "after"), 4);
      await delay(1500); // every job has run again since
    } finally {
      await within(pool.terminate(), 30_000, "terminate");
    }
  } finally {
    child.kill("SIGTERM");
    await within(child.status, 30_000, "the worker's stop");
  }
  await stdout;
  const stderr = await stderrText;
  const failures = stderr.split("\n").filter((line) => /failed; retrying/.test(line));
  assert.ok(failures.length >= 1, `the outage was reported:\n${stderr}`);
  assert.ok(failures.length <= 4, `one line per job at most, got ${failures.length}:\n${stderr}`);
  assert.match(stderr, /reading entries works again/);
  await deleteQueueKeys(redis.url, queue);
});

Deno.test({
  name: "a restart that kept the pool's keys but lost its entry is seen by the server's new id, " +
    "and the entry is sent again",
  ignore: ignoreWithoutRedis,
}, async () => {
  await using redis = await startRedis({ persist: true });
  const queue = `persisted-${crypto.randomUUID().slice(0, 8)}`;
  const pool = new Pool({
    processes: 1,
    module: TASKS,
    cluster: { url: redis.url, queue, visibility: 30_000 },
  });
  const tasks = queueKeys(queue).tasks;
  let worker: WorkerProcess | null = null;
  try {
    // No worker yet: the entry waits in the stream.
    const call = pool.apply("add", [2, 3], { retries: 1 });
    {
      await using client = await redis.client();
      await eventually(async () => assert.equal(await client.xlen(tasks), 1));
      // The loss a crash can cause with an append-only file written once a second: the latest
      // entries are gone, while the pool's liveness key (set earlier) is still there.
      const [[id]] = await client.xrange(tasks, "-", "+") as [[string, string[]]];
      await client.xdel(tasks, id);
    }
    await redis.restart();
    {
      await using client = await redis.client();
      const keys = await client.keys("*");
      assert.ok(keys.some((key) => key.includes(":pool:")), `the liveness key was kept: ${keys}`);
    }
    worker = startWorker(redis.url, queue, ["--processes", "1"]);
    assert.equal(await within(call, 30_000, "the call whose entry the server lost"), 5);
  } finally {
    await within(pool.terminate(), 30_000, "terminate");
    if (worker !== null) {
      worker.kill("SIGTERM");
      await within(worker.status, 30_000, "the worker's stop");
    }
    await deleteQueueKeys(redis.url, queue);
  }
});
