// A cluster worker started from an http URL (the repository served by Deno.serve), as a machine
// with nothing checked out would start it, runs a module task served from there.
import assert from "node:assert/strict";
import { Pool } from "../../mod.ts";
import { ignoreWithoutRedis, startRedis } from "./_redis.ts";
import { awaitWorkers, deleteQueueKeys } from "./_cluster_worker.ts";
import { connectRedis } from "../../lib/cluster/redis_broker.ts";
import { serveRepository } from "../_serve_repository.ts";

Deno.test({
  name: "a worker started from an http URL runs a module task served from there",
  ignore: ignoreWithoutRedis,
  async fn() {
    await using redis = await startRedis();
    const { server, origin, served: asked } = serveRepository();
    const base = `${origin}/`;
    const queue = `http-${crypto.randomUUID().slice(0, 8)}`;
    const tasks = `${base}tests/fixtures/cluster/`;
    const cwd = await Deno.makeTempDir({ prefix: "multiproc_http_worker_" });
    // Outside the repository, with no config: only what the URL serves is there to run.
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        ...["run", "-A", "--no-config", "--no-lock", `${base}cluster_worker.ts`],
        ...["--redis", redis.url, "--queue", queue, "--allow-module", tasks],
        ...["--processes", "1"],
      ],
      cwd,
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const output = Promise.all([child.stdout.text(), child.stderr.text()]);
    try {
      await using broker = await connectRedis(redis.url, { queue });
      await awaitWorkers(broker, 1, 60_000);
      await using pool = new Pool({
        cluster: { url: redis.url, queue },
        module: `${tasks}tasks.ts`,
      });
      assert.equal(await pool.apply("add", [2, 3]), 5);
      assert.deepEqual(await pool.map("tenfold", [1, 2, 3]), [10, 20, 30]);
      assert.ok(asked.has("/cluster_worker.ts"), "the worker was loaded from the URL");
      assert.ok(asked.has("/tests/fixtures/cluster/tasks.ts"), "the task module too");
    } finally {
      try {
        child.kill("SIGTERM");
      } catch {
        // already gone
      }
      const status = await child.status;
      const [stdout, stderr] = await output;
      await server.shutdown();
      await Deno.remove(cwd, { recursive: true });
      assert.deepEqual(await deleteQueueKeys(redis.url, queue), []);
      assert.equal(status.code, 0, `the worker exits 0 on SIGTERM:\n${stdout}\n${stderr}`);
    }
  },
});
