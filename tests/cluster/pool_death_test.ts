// A pool process killed mid-map: its liveness key lapses, the workers stop running its entries
// (they settle them unrun), and no key of it is left without an expiry.
import assert from "node:assert/strict";
import { delay, eventually, ignoreWithoutRedis, startRedis } from "./_redis.ts";
import { deleteQueueKeys, lines, startWorker } from "./_cluster_worker.ts";

const PROGRAM = new URL("../fixtures/cluster/pool_program.ts", import.meta.url).pathname;
const ITEMS = 60; // 300 ms each on one worker thread: 18 s if nobody stopped them

Deno.test({
  name: "a pool process killed mid-map: workers stop its work, and its keys expire",
  ignore: ignoreWithoutRedis,
  async fn() {
    await using redis = await startRedis();
    const queue = `death-${crypto.randomUUID().slice(0, 8)}`;
    const marks = await Deno.makeTempFile({ prefix: "multiproc_pool_death_" });
    await using _worker = startWorker(redis.url, queue, ["--processes", "1"]);
    const program = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", PROGRAM, redis.url, queue, marks, String(ITEMS)],
      stdin: "null",
      stdout: "null",
      stderr: "inherit",
    }).spawn();
    try {
      await eventually(() => {
        if (lines(marks).length < 1) throw new Error("no task has run yet");
        return Promise.resolve();
      }, 30_000);
      program.kill("SIGKILL");
      await program.status;
      // The liveness key lapses within 5 s; give the worker that and a few entries more.
      await eventually(async () => {
        const before = lines(marks).length;
        await delay(2_000);
        if (lines(marks).length !== before) throw new Error("tasks of the dead pool still run");
      }, 20_000);
      const ran = lines(marks).length;
      assert.ok(ran < ITEMS, `the dead pool's work stopped: ${ran} of ${ITEMS} ran`);
      await using client = await redis.client();
      await eventually(async () => {
        const length = await client.xlen(`{mp:${queue}}:tasks`);
        if (length !== 0) throw new Error(`${length} entries still in the stream`);
      }, 20_000);
      for (const key of await client.keys(`*:pool:*`)) {
        assert.ok(await client.pttl(key) > 0, `${key} of the dead pool expires`);
      }
    } finally {
      try {
        program.kill("SIGKILL");
      } catch {
        // It was killed already.
      }
      await program.status;
      await Deno.remove(marks).catch(() => {});
    }
    await deleteQueueKeys(redis.url, queue);
  },
});
