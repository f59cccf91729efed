// A ClusterWorker in this process: stop() leaves no timer, connection or local worker behind
// (the test sanitizers check), and an idle local Pool is closed.
import assert from "node:assert/strict";
import { ignoreWithoutRedis, startRedis } from "./_redis.ts";
import { ClusterWorker } from "../../lib/cluster_worker/worker.ts";
import { ALLOWED, awaitWorkers, TASKS, TestPool } from "./_cluster_worker.ts";

Deno.test({
  name: "stop() after running entries leaves no timer, connection or worker behind",
  ignore: ignoreWithoutRedis,
}, async () => {
  await using server = await startRedis();
  await using pool = await TestPool.open(server.url, "inproc");
  const worker = new ClusterWorker({
    redis: server.url,
    queue: "inproc",
    processes: 2,
    allowModule: [ALLOWED],
    visibility: 600,
    idleCloseMs: 100,
  });
  try {
    await worker.start();
    await awaitWorkers(pool.broker, 1);
    assert.equal(worker.capacity, 2);
    await pool.send({
      call: 1,
      chunk: 0,
      kind: "starmap",
      task: { module: TASKS, name: "add" },
      items: [[1, 1], [2, 2]],
    });
    const [reply] = await pool.replies(1, 20_000);
    assert.deepEqual("ok" in reply! && reply.ok, [2, 4]);
    assert.equal(reply!.worker, worker.name);
    await new Promise((resolve) => setTimeout(resolve, 400)); // the idle local Pool closes
  } finally {
    await worker.stop();
  }
  await worker.stop(); // twice is harmless
  await assert.rejects(worker.start(), /started already/);
});

Deno.test("a ClusterWorker needs an --allow-module prefix", () => {
  assert.throws(
    () => new ClusterWorker({ redis: "redis://127.0.0.1:1", allowModule: [] }),
    /at least one module URL prefix/,
  );
});
