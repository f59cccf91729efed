// A cluster Pool and the queue's live workers, with real worker processes: a call's timeout is
// enforced by the worker from the unit's start (time waiting in the stream does not count), map's
// default chunksize counts with the workers' announced capacity, and a task no live worker may
// run fails at once instead of waiting in the stream.
import assert from "node:assert/strict";
import { Pool } from "../../mod.ts";
import { delay, type RedisServer } from "./_redis.ts";
import { lines, OUTSIDE, TASKS } from "./_cluster_worker.ts";
import { poolTest } from "./_pool_setup.ts";

poolTest(
  "a cluster call's timeout counts from its start on the worker, not from its time in the stream",
  async (t) => {
    const file = `${t.dir}/marks.txt`;
    // One unit at a time: the second call waits in the stream for the first 1.2 s.
    await t.start(["--processes", "1", "--prefetch", "1"]);
    const pool = t.pool();
    const first = pool.apply("slowMark", [file, "first", 1200]);
    const second = pool.apply("slowMark", [file, "second", 100], { timeout: 800 });
    const [one, two] = await Promise.allSettled([first, second]);
    assert.deepEqual(one, { status: "fulfilled", value: "first" });
    assert.deepEqual(two, { status: "fulfilled", value: "second" }, "the wait counted");
    assert.deepEqual(lines(file), ["first", "second"]);
  },
);

poolTest("a cluster call that runs past its timeout rejects with TimeoutError", async (t) => {
  const file = `${t.dir}/marks.txt`;
  await t.start(["--processes", "1"]);
  const pool = t.pool();
  const started = Date.now();
  await assert.rejects(
    pool.apply("slowMark", [file, "slow", 10_000], { timeout: 300 }),
    (error: Error) => error.name === "TimeoutError" && /300 ms/.test(error.message),
  );
  assert.ok(Date.now() - started < 8_000, "the worker did not enforce the timeout");
  // The pool's default timeout travels too, and map chunks carry it.
  const limited = new Pool({
    cluster: { url: t.server.url, queue: t.queue },
    module: TASKS,
    timeout: 300,
  });
  try {
    await assert.rejects(
      limited.starmap("slowMark", [[file, "a", 5], [file, "b", 10_000]], { chunksize: 1 }),
      { name: "TimeoutError" },
    );
    assert.deepEqual(await limited.map("tenfold", [1, 2, 3]), [10, 20, 30]);
  } finally {
    await limited.terminate();
  }
});

/** How many XADD commands the server has run (task entries and replies). */
async function xadds(server: RedisServer): Promise<number> {
  await using client = await server.client();
  const stats = await client.info("commandstats");
  return Number(/cmdstat_xadd:calls=(\d+)/.exec(stats)?.[1] ?? 0);
}

poolTest(
  "map's default chunksize counts with the live workers' announced capacity",
  async (t) => {
    // 2 workers of 3 units each: Python's formula gives ceil(240 / (6 × 4)) = 10 items a chunk.
    await t.start(["--processes", "3"]);
    await t.start(["--processes", "3"]);
    const pool = t.pool({ processes: 1 });
    assert.equal(await pool.apply("add", [1, 2]), 3); // the pool reads the workers' announcements
    const before = await xadds(t.server);
    const items = Array.from({ length: 240 }, (_, i) => i);
    assert.deepEqual(await pool.map("tenfold", items), items.map((x) => x * 10));
    // One entry and one reply per chunk; with processes (1) it would be 4 chunks of 60.
    assert.equal(await xadds(t.server) - before, 2 * 24);
    // An explicit chunksize is kept.
    const explicit = await xadds(t.server);
    assert.deepEqual(await pool.map("tenfold", items, 120), items.map((x) => x * 10));
    assert.equal(await xadds(t.server) - explicit, 2 * 2);
  },
);

poolTest(
  "a pool whose module no live worker may import fails its calls saying so, and nothing runs",
  async (t) => {
    const file = `${t.dir}/outside.txt`;
    await t.start(["--processes", "1"]);
    const pool = t.pool({ module: OUTSIDE });
    const before = await xadds(t.server);
    await assert.rejects(
      pool.apply("mark", [file, "ran"]),
      (error: Error) =>
        error instanceof TypeError && error.message.includes(OUTSIDE) &&
        error.message.includes("--allow-module"),
    );
    await assert.rejects(pool.map("mark", [[file, "x"]]), TypeError);
    assert.equal(await xadds(t.server), before, "no entry was written");
    assert.deepEqual(lines(file), []);
  },
);

poolTest(
  "a task sent as source text fails at once when no live worker accepts source",
  async (t) => {
    await t.start(["--processes", "1"]);
    const pool = t.pool({ module: null });
    await assert.rejects(
      pool.apply((a: number, b: number) => a * b, [6, 7]),
      (error: Error) => error instanceof TypeError && error.message.includes("--allow-source"),
    );
  },
);

poolTest("with no live worker yet, a call waits in the stream for the first one", async (t) => {
  const pool = t.pool();
  const call = pool.apply("add", [20, 22]);
  const early = await Promise.race([call, delay(700).then(() => "waiting")]);
  assert.equal(early, "waiting");
  await t.start(["--processes", "1"]);
  assert.equal(await call, 42);
});
