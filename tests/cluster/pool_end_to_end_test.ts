// The cluster Pool end to end: a real Pool with `cluster`, real worker processes started by the
// one command, a real redis-server; the answers are compared with a local Pool's.
import assert from "node:assert/strict";
import { Pool } from "../../mod.ts";
import { countingMethods, makeData } from "../../examples/pool.ts";
import { ignoreWithoutRedis, startRedis } from "./_redis.ts";
import { deleteQueueKeys, startWorker } from "./_cluster_worker.ts";

const EXAMPLES = new URL("../../examples/", import.meta.url).href;
const COUNTING = new URL("pool.ts", EXAMPLES).href;

Deno.test({
  name: "notebook 003's count through every Pool method on a cluster equals the local Pool's",
  ignore: ignoreWithoutRedis,
  async fn() {
    await using redis = await startRedis();
    const queue = `e2e-${crypto.randomUUID().slice(0, 8)}`;
    await using worker = startWorker(redis.url, queue, [
      ...["--allow-module", EXAMPLES, "--processes", "2"],
    ]);
    const data = makeData(300, 5, 7);
    let expected: number[][];
    {
      await using local = new Pool({ processes: 2, module: COUNTING });
      expected = [];
      for (const method of countingMethods(local, data)) expected.push(await method.run());
    }
    {
      await using cluster = new Pool({
        cluster: { url: redis.url, queue },
        module: COUNTING,
        processes: 2,
      });
      for (const [i, method] of countingMethods(cluster, data).entries()) {
        assert.deepEqual(await method.run(), expected[i], method.label);
      }
    }
    worker.kill("SIGTERM");
    assert.equal((await worker.status).code, 0, "a worker stopped with SIGTERM exits 0");
    {
      await using client = await redis.client();
      const keys = await client.keys("*");
      assert.ok(keys.some((key) => key.includes(queue)), `the queue's keys are seen: ${keys}`);
      assert.deepEqual(
        keys.filter((key) => key.includes(":pool:")),
        [],
        "no key of a pool is left",
      );
    }
    assert.deepEqual(await deleteQueueKeys(redis.url, queue), [], "every key is the queue's");
  },
});
