// A cluster Pool's backpressure with real worker processes: imap keeps a bounded window of
// chunks in the stream and pulls its input lazily, and maxQueue refuses what would overflow it.
import assert from "node:assert/strict";
import { delay } from "./_redis.ts";
import { poolTest } from "./_pool_setup.ts";

poolTest(
  "imap keeps a bounded window of chunks in the stream and reads its input lazily",
  async (t) => {
    await t.start(["--visibility", "1500", "--processes", "2"]);
    // processes 2, chunksize 10: a window of max(4 × 2, ceil(256 / 10)) = 26 chunks.
    const pool = t.pool({ processes: 2 });
    let pulled = 0;
    function* input(): Generator<number> {
      for (let i = 0; i < 2_000; i++) {
        pulled++;
        yield i;
      }
    }
    await using client = await t.server.client();
    let most = 0;
    let mostAhead = 0;
    const results: number[] = [];
    for await (const value of pool.imap("tenfold", input(), 10)) {
      results.push(value as number);
      mostAhead = Math.max(mostAhead, pulled - results.length);
      if (results.length % 100 === 0) {
        most = Math.max(most, await client.xlen(t.broker.keys.tasks));
        await delay(5); // a slow consumer: the window, not the input, sets the pace
      }
    }
    assert.deepEqual(results, Array.from({ length: 2_000 }, (_, i) => i * 10));
    assert.ok(most <= 26, `${most} entries in the stream at once`);
    assert.ok(mostAhead <= 26 * 10 + 10, `the input was read ${mostAhead} items ahead`);
  },
);

poolTest("maxQueue refuses a map with more chunks than it allows, naming the option", async (t) => {
  await t.start(["--visibility", "1500", "--processes", "1"]);
  const pool = t.pool({ maxQueue: 10 });
  await assert.rejects(
    pool.map("tenfold", Array.from({ length: 11 }, (_, i) => i), 1),
    (error: Error) => error instanceof RangeError && /maxQueue/.test(error.message),
  );
  assert.deepEqual(await pool.map("tenfold", [1, 2, 3], 1), [10, 20, 30]);
});
