// The Redis Streams broker against a real redis-server (one per test, loopback, no persistence).
import assert from "node:assert/strict";
import { connectRedis, type RedisBroker } from "../../lib/cluster/redis_broker.ts";
import type { TaskEnvelope } from "../../lib/cluster/broker.ts";
import { Buffer } from "node:buffer";
import { delay, eventually, ignoreWithoutRedis, type RedisServer, startRedis } from "./_redis.ts";

interface Setup {
  server: RedisServer;
  broker: RedisBroker;
  malformed: string[];
}

function redisTest(name: string, fn: (setup: Setup) => Promise<void>, timeoutMs = 1000): void {
  Deno.test({ name, ignore: ignoreWithoutRedis }, async () => {
    await using server = await startRedis();
    const malformed: string[] = [];
    await using broker = await connectRedis(server.url, {
      timeoutMs,
      onMalformed: (problem) => malformed.push(problem),
    });
    await fn({ server, broker, malformed });
  });
}

const task = (pool: string, body: Uint8Array, version = 1): TaskEnvelope => ({
  version,
  pool,
  body,
});
const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);

redisTest(
  "enqueue() and read() keep the order and every byte of binary bodies",
  async ({ broker }) => {
    const every = Uint8Array.from({ length: 256 }, (_, i) => i);
    const big = new Uint8Array(8 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 65536) crypto.getRandomValues(big.subarray(i, i + 65536));
    const sent = [task("p1", every, 3), task("p2", new Uint8Array(0)), task("p1", big)];
    const ids = await broker.enqueue(sent);
    assert.equal(ids.length, 3);
    const got = await broker.read("w1", 10, 0);
    assert.deepEqual(got.map((d) => d.id), ids);
    assert.deepEqual(got.map((d) => [d.version, d.pool, d.deliveries]), [
      [3, "p1", 1],
      [1, "p2", 1],
      [
        1,
        "p1",
        1,
      ],
    ]);
    assert.deepEqual(got[0]!.body, every);
    assert.equal(got[1]!.body.byteLength, 0);
    assert.ok(Buffer.compare(got[2]!.body, big) === 0, "the 8 MiB body came back changed");
  },
);

redisTest("settle() records a reply once and removes the entry", async ({ server, broker }) => {
  await broker.enqueue([task("p1", bytes(1))]);
  const [delivery] = await broker.read("w1", 1, 0);
  await broker.settle(delivery!, bytes(0, 200, 255));
  const replies = await broker.replies("p1", "0", 0);
  assert.equal(replies.length, 1);
  assert.deepEqual(replies[0]!.body, bytes(0, 200, 255));
  await using raw = await server.client();
  assert.equal(await raw.xlen(broker.keys.tasks), 0);
  const [pending] = await raw.xpending(broker.keys.tasks, "workers") as [number];
  assert.equal(pending, 0);
  assert.ok(await raw.pttl(broker.keys.replies("p1")) > 0, "the reply stream has no TTL");
});

redisTest("a second consumer gets nothing already delivered to the first", async ({ broker }) => {
  await broker.enqueue([task("p1", bytes(1)), task("p1", bytes(2))]);
  assert.equal((await broker.read("w1", 10, 0)).length, 2);
  assert.deepEqual(await broker.read("w2", 10, 50), []);
  await broker.enqueue([task("p1", bytes(3))]);
  assert.deepEqual((await broker.read("w2", 10, 0)).map((d) => [...d.body]), [[3]]);
});

redisTest(
  "a blocking read gets an entry enqueued while it waits, other calls still go",
  async ({ broker }) => {
    const reading = broker.read("w1", 10, 3000);
    await delay(50);
    const started = Date.now();
    const [id] = await broker.enqueue([task("p1", bytes(7))]);
    assert.ok(Date.now() - started < 500, "enqueue waited behind the blocking read");
    const got = await reading;
    assert.deepEqual(got.map((d) => d.id), [id]);
  },
);

redisTest("reclaim() takes idle entries over and counts deliveries 1, 2, 3", async ({ broker }) => {
  const [id] = await broker.enqueue([task("p1", bytes(1))]);
  assert.equal((await broker.read("w1", 1, 0))[0]!.deliveries, 1);
  assert.deepEqual(await broker.reclaim("w2", 10_000, 10), [], "reclaimed before min-idle");
  await delay(120);
  const second = await broker.reclaim("w2", 100, 10);
  assert.deepEqual(second.map((d) => [d.id, d.deliveries, [...d.body]]), [[id, 2, [1]]]);
  await delay(120);
  const third = await broker.reclaim("w3", 100, 10);
  assert.deepEqual(third.map((d) => [d.id, d.deliveries]), [[id, 3]]);
});

redisTest("reclaim() takes at most count entries, oldest first", async ({ broker }) => {
  const ids = await broker.enqueue(Array.from({ length: 30 }, (_, i) => task("p1", bytes(i))));
  await broker.read("w1", 30, 0);
  await delay(60);
  const got = await broker.reclaim("w2", 50, 25);
  assert.deepEqual(got.map((d) => d.id), ids.slice(0, 25));
  assert.ok(got.every((d) => d.deliveries === 2));
});

redisTest(
  "renew() keeps an entry from being reclaimed and does not count a delivery",
  async ({ broker }) => {
    const [id] = await broker.enqueue([task("p1", bytes(1))]);
    await broker.read("w1", 1, 0);
    for (let i = 0; i < 8; i++) {
      await delay(100);
      await broker.renew("w1", [id!]);
      assert.deepEqual(await broker.reclaim("w2", 400, 10), [], `reclaimed after renewal ${i}`);
    }
    await delay(500);
    const taken = await broker.reclaim("w2", 400, 10);
    assert.deepEqual(taken.map((d) => [d.id, d.deliveries]), [[id, 2]]);
  },
);

redisTest("release() makes entries reclaimable at once", async ({ broker }) => {
  const ids = await broker.enqueue([task("p1", bytes(1)), task("p1", bytes(2))]);
  await broker.read("w1", 2, 0);
  assert.deepEqual(await broker.reclaim("w2", 60_000, 10), []);
  await broker.release("w1", [ids[1]!]);
  const taken = await broker.reclaim("w2", 60_000, 10);
  assert.deepEqual(taken.map((d) => [d.id, d.deliveries]), [[ids[1], 2]]);
});

redisTest("release() with delivery counts keeps them for the next claim", async ({ broker }) => {
  const ids = await broker.enqueue([task("p1", bytes(1)), task("p1", bytes(2))]);
  await broker.read("w1", 2, 0);
  await broker.release("w1", ids, [1, 2]);
  const taken = await broker.reclaim("w2", 60_000, 10);
  assert.deepEqual(taken.map((d) => [d.id, d.deliveries]), [[ids[0], 1], [ids[1], 2]]);
  await assert.rejects(broker.release("w2", ids, [1]), /one delivery count .* per id/);
});

redisTest("withdraw() deletes undelivered entries only", async ({ server, broker }) => {
  const ids = await broker.enqueue([1, 2, 3].map((i) => task("p1", bytes(i))));
  const [delivered] = await broker.read("w1", 1, 0);
  assert.equal(await broker.withdraw([...ids, "1-1"]), 2);
  await using raw = await server.client();
  assert.equal(await raw.xlen(broker.keys.tasks), 1);
  assert.deepEqual(await broker.read("w2", 10, 0), []);
  await broker.settle(delivered!, bytes(9));
  assert.equal((await broker.replies("p1", "0", 0)).length, 1);
  assert.equal(await broker.withdraw([]), 0);
});

redisTest(
  "replies() returns the replies after an id, in order, and waits for the next",
  async ({ broker }) => {
    await broker.enqueue([1, 2, 3].map((i) => task("p1", bytes(i))));
    for (const delivery of await broker.read("w1", 3, 0)) {
      await broker.settle(delivery, bytes(delivery.body[0]! * 10));
    }
    const all = await broker.replies("p1", "0", 0);
    assert.deepEqual(all.map((r) => [...r.body]), [[10], [20], [30]]);
    const after = await broker.replies("p1", all[0]!.id, 0);
    assert.deepEqual(after.map((r) => r.id), all.slice(1).map((r) => r.id));
    assert.deepEqual(await broker.replies("p2", "0", 0), []);
    const waiting = broker.replies("p1", all[2]!.id, 3000);
    await delay(50);
    await broker.enqueue([task("p1", bytes(4))]);
    await broker.settle((await broker.read("w1", 1, 0))[0]!, bytes(40));
    assert.deepEqual((await waiting).map((r) => [...r.body]), [[40]]);
  },
);

redisTest(
  "cancel() reaches onCancel listeners and marks the calls",
  async ({ server, broker, malformed }) => {
    const heard: [string, number[]][] = [];
    const stop = await broker.onCancel((pool, calls) => heard.push([pool, calls]));
    await broker.cancel("p1", [3, 5]);
    await using raw = await server.client();
    await raw.publish(broker.keys.cancel, "not json");
    await raw.publish(broker.keys.cancel, JSON.stringify({ pool: "a:b", calls: [1] }));
    for (let i = 0; i < 100 && malformed.length < 2; i++) await delay(10);
    assert.deepEqual(heard, [["p1", [3, 5]]]);
    assert.equal(malformed.length, 2, malformed.join("\n"));
    assert.deepEqual(await broker.cancelledCalls("p1"), [3, 5]);
    assert.ok(await raw.pttl(broker.keys.cancelled("p1")) > 0, "the cancel marks have no TTL");
    await stop();
    await broker.cancel("p1", [7]);
    await delay(50);
    assert.equal(heard.length, 1, "a listener that stopped still heard a cancel");
    await assert.rejects(broker.cancel("p1", [-1]), RangeError);
  },
);

redisTest("keepAlive() keeps a pool alive for its TTL only", async ({ broker }) => {
  assert.equal(await broker.isAlive("p1"), false);
  await broker.keepAlive("p1", 500);
  assert.equal(await broker.isAlive("p1"), true);
  await delay(800);
  assert.equal(await broker.isAlive("p1"), false);
});

redisTest("forget() leaves no key of the pool", async ({ server, broker }) => {
  await broker.keepAlive("p1", 60_000);
  await broker.keepAlive("p2", 60_000);
  await broker.enqueue([task("p1", bytes(1))]);
  await broker.settle((await broker.read("w1", 1, 0))[0]!, bytes(2));
  await broker.cancel("p1", [1]);
  await broker.forget("p1");
  await using raw = await server.client();
  const [, keys] = await raw.scan("0", "MATCH", `${broker.keys.tag}:pool:*`, "COUNT", 1000);
  assert.deepEqual(keys, [broker.keys.pool("p2")]);
});

redisTest(
  "putBlob() stores the same bytes once, getBlob() checks them, blobs expire",
  async ({ server, broker }) => {
    const blob = Uint8Array.from({ length: 100_000 }, (_, i) => i % 251);
    const key = await broker.putBlob(blob, 60_000);
    assert.equal(await broker.putBlob(blob.slice(), 60_000), key);
    await using raw = await server.client();
    const [, keys] = await raw.scan("0", "MATCH", `${broker.keys.tag}:blob:*`, "COUNT", 1000);
    assert.deepEqual(keys, [key]);
    assert.deepEqual(await broker.getBlob(key), blob);
    const brief = await broker.putBlob(bytes(1, 2, 3), 500);
    assert.deepEqual(await broker.getBlob(brief), bytes(1, 2, 3));
    await delay(800);
    assert.equal(await broker.getBlob(brief), null);
    await raw.set(key, "forged");
    await assert.rejects(broker.getBlob(key), /overwritten/);
    await assert.rejects(broker.getBlob(broker.keys.tasks), TypeError);
  },
);

const worker = (name: string, capacity = 2) => ({
  name,
  host: "h",
  pid: 1,
  capacity,
  wire: [1],
  allowModule: ["file:///x/"],
  allowSource: false,
});

redisTest(
  "workers() lists the announced workers and drops the lapsed ones",
  async ({ server, broker, malformed }) => {
    await broker.announce(worker("a", 4), 500);
    await broker.announce(worker("b"), 60_000);
    assert.deepEqual((await broker.workers()).map((w) => [w.name, w.capacity]).sort(), [
      ["a", 4],
      ["b", 2],
    ]);
    await delay(800);
    assert.deepEqual((await broker.workers()).map((w) => w.name), ["b"]);
    await using raw = await server.client();
    await raw.zadd(broker.keys.workers, Date.now() + 60_000, "c");
    await raw.set(broker.keys.worker("c"), JSON.stringify({ name: "c", capacity: "many" }));
    assert.deepEqual((await broker.workers()).map((w) => w.name), ["b"]);
    assert.equal(malformed.length, 1);
    await assert.rejects(broker.announce({ ...worker("d"), capacity: 0 }, 1000), TypeError);
  },
);

redisTest(
  "entries no pool could have written are dropped, the others delivered",
  async ({ server, broker, malformed }) => {
    await using raw = await server.client();
    const tasks = broker.keys.tasks;
    await raw.xadd(tasks, "*", "v", "1", "pool", "p1");
    await raw.xadd(tasks, "*", "v", "x1", "pool", "p1", "body", "b");
    await raw.xadd(tasks, "*", "v", "1", "pool", "{p}", "body", "b");
    const [good] = await broker.enqueue([task("p1", bytes(5))]);
    const got = await broker.read("w1", 10, 0);
    assert.deepEqual(got.map((d) => d.id), [good]);
    assert.equal(malformed.length, 3, malformed.join("\n"));
    assert.equal(await raw.xlen(tasks), 1);
  },
);

for (const how of ["FLUSHALL", "a restart"]) {
  redisTest(
    `the group is made again after ${how} and the next read works`,
    async ({ server, broker }) => {
      await broker.enqueue([task("p1", bytes(1))]);
      if (how === "FLUSHALL") {
        await using raw = await server.client();
        await raw.flushall();
      } else {
        await server.restart();
        await eventually(() => broker.isAlive("p1"));
      }
      assert.deepEqual(await broker.read("w1", 10, 0), []);
      const [id] = await broker.enqueue([task("p1", bytes(2))]);
      assert.deepEqual((await broker.read("w1", 10, 0)).map((d) => d.id), [id]);
      await broker.enqueue([task("p1", bytes(3))]);
      await server.restart();
      await eventually(() => broker.isAlive("p1"));
      // The reclaim sweep and lease renewal meet NOGROUP too.
      assert.deepEqual(await broker.reclaim("w1", 0, 10), []);
      await broker.renew("w1", [id!]);
      const [again] = await broker.enqueue([task("p1", bytes(4))]);
      assert.deepEqual((await broker.read("w1", 10, 500)).map((d) => d.id), [again]);
    },
    2000,
  );
}

redisTest(
  "listeners added at once share one subscription, and each hears every cancel",
  async ({ broker }) => {
    const heard: string[] = [];
    const stops = await Promise.all(
      ["a", "b", "c"].map((name) => broker.onCancel((pool) => heard.push(`${name}:${pool}`))),
    );
    await broker.cancel("p9", [1]);
    for (let i = 0; i < 100 && heard.length < 3; i++) await delay(10);
    assert.deepEqual(heard.sort(), ["a:p9", "b:p9", "c:p9"]);
    await stops[0]!();
    await stops[0]!(); // a second stop is harmless
    await broker.cancel("p9", [2]);
    for (let i = 0; i < 100 && heard.length < 5; i++) await delay(10);
    assert.deepEqual(heard.slice(3).sort(), ["b:p9", "c:p9"]);
    // b and c are still listening when the broker is disposed of: it closes their connection.
  },
);
