// Cluster workers dying and stopping: SIGKILL hands entries over after the visibility timeout,
// SIGTERM hands them back at once and exits 0. Real processes, a real redis-server.
import assert from "node:assert/strict";
import { delay, ignoreWithoutRedis, startRedis } from "./_redis.ts";
import { awaitWorkers, lines, startWorker, TASKS, TestPool } from "./_cluster_worker.ts";
import type { WireReply } from "../../lib/cluster/wire.ts";

const slow = (call: number, file: string, ms: number) => ({
  call,
  chunk: 0,
  kind: "starmap" as const,
  task: { module: TASKS, name: "slowMark" },
  items: [[file, `call ${call}`, ms]],
  retries: 1,
});

async function waitForLines(file: string, count: number, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (lines(file).length < count) {
    if (Date.now() > deadline) {
      throw new Error(`${lines(file).length} of ${count} lines in ${ms} ms`);
    }
    await delay(50);
  }
}

const okCalls = (replies: WireReply[]): number[] =>
  replies.filter((reply) => "ok" in reply).map((reply) => reply.call).sort((a, b) => a - b);

for (const signal of ["SIGKILL", "SIGTERM"] as const) {
  Deno.test({
    name: signal === "SIGKILL"
      ? "SIGKILL one of two workers holding entries: the other finishes them"
      : "SIGTERM a busy worker: it exits 0 and its entries run elsewhere",
    ignore: ignoreWithoutRedis,
  }, async () => {
    await using server = await startRedis();
    const queue = "deaths";
    const dir = await Deno.makeTempDir({ prefix: "multiproc_cluster_deaths_" });
    await using pool = await TestPool.open(server.url, queue);
    const flags = ["--visibility", "1500", "--processes", "1", "--prefetch", "2"];
    await using first = startWorker(server.url, queue, flags);
    try {
      await awaitWorkers(pool.broker, 1);
      const file = `${dir}/runs.txt`;
      // The first worker holds both: one running (long), one waiting for its local worker.
      await pool.send(slow(1, file, 5000), slow(2, file, 200));
      await waitForLines(file, 1);
      assert.deepEqual(lines(file), ["call 1"]);
      await using second = startWorker(server.url, queue, flags);
      await awaitWorkers(pool.broker, 2);
      const stoppedAt = Date.now();
      first.kill(signal);
      const replies: WireReply[] = [];
      if (signal === "SIGTERM") {
        // Call 2 was handed back at once: it runs on the second worker while the first lets
        // call 1 finish (or hands it back after its grace).
        while (!replies.some((reply) => reply.call === 2)) {
          replies.push(...await pool.replies(1, 30_000));
        }
        const took = Date.now() - stoppedAt;
        assert.ok(took < 4000, `call 2 ran elsewhere ${took} ms after the SIGTERM`);
      }
      const status = await first.status;
      if (signal === "SIGTERM") {
        assert.equal(status.code, 0, "a SIGTERMed worker exits 0");
      } else assert.equal(status.signal, "SIGKILL");
      replies.push(...await pool.replies(2 - replies.length, 30_000));
      assert.deepEqual(okCalls(replies), [1, 2], Deno.inspect(replies));
      const byCall = new Map(replies.map((reply) => [reply.call, reply]));
      // Call 2 was never started by the first worker: it ran on the second, and when handed
      // back (SIGTERM) its first delivery did not count.
      assert.equal(byCall.get(2)!.deliveries, signal === "SIGTERM" ? 1 : 2);
      assert.equal(lines(file).filter((line) => line === "call 2").length, 1);
      if (signal === "SIGKILL") assert.ok(byCall.get(1)!.deliveries >= 2);
      assert.ok(lines(file).includes("call 2"));
      await second[Symbol.asyncDispose]();
    } finally {
      await first[Symbol.asyncDispose]();
      await Deno.remove(dir, { recursive: true });
    }
  });
}
