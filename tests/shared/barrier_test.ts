import assert from "node:assert/strict";
import { Barrier, BrokenBarrierError, Pool } from "../../mod.ts";
import { waitAtBarrier } from "../fixtures/sync_tasks.ts";

const TASKS = new URL("../fixtures/sync_tasks.ts", import.meta.url).href;

Deno.test("Barrier.wait() releases all parties together with distinct indices, round after round", async () => {
  let trips = 0;
  const barrier = new Barrier(3, { action: () => trips++ });
  assert.equal(barrier.parties, 3);
  for (let round = 1; round <= 3; round++) {
    const first = barrier.wait();
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(barrier.nWaiting, 1);
    const indices = await Promise.all([first, barrier.wait(), barrier.wait()]);
    assert.deepEqual(indices.sort(), [0, 1, 2]);
    assert.equal(trips, round, "the action ran once per trip");
  }
  assert.equal(barrier.nWaiting, 0);
  assert.equal(barrier.broken, false);
});

Deno.test("Barrier.wait() timing out breaks the barrier for every waiter until reset()", async () => {
  const barrier = new Barrier(3);
  const other = assert.rejects(barrier.wait(), BrokenBarrierError); // handled from the start
  await assert.rejects(barrier.wait(20), BrokenBarrierError);
  await other;
  assert.equal(barrier.broken, true);
  await assert.rejects(barrier.wait(), /broken/);
  assert.throws(() => barrier.waitSync(), BrokenBarrierError);
  await barrier.reset();
  assert.equal(barrier.broken, false);
  const both = [barrier.wait(1_000), barrier.wait(1_000), barrier.wait(1_000)];
  assert.deepEqual((await Promise.all(both)).sort(), [0, 1, 2]);
});

Deno.test("Barrier's timeout option is the default timeout of wait()", async () => {
  const barrier = new Barrier(2, { timeout: 20 });
  await assert.rejects(barrier.wait(), /timed out after 20 ms/);
  assert.equal(barrier.broken, true);
});

Deno.test("Barrier.abort() and Barrier.reset() make current waiters throw BrokenBarrierError", async () => {
  const barrier = new Barrier(2);
  const aborted = assert.rejects(barrier.wait(), BrokenBarrierError);
  await new Promise((resolve) => setTimeout(resolve, 5));
  await barrier.abort();
  await aborted;
  barrier.resetSync();
  const reset = assert.rejects(barrier.wait(), BrokenBarrierError);
  await new Promise((resolve) => setTimeout(resolve, 5));
  await barrier.reset();
  await reset;
  barrier.abortSync();
  assert.equal(barrier.broken, true);
  await barrier.reset();
  assert.equal(barrier.broken, false, "a reset barrier is not broken");
  assert.deepEqual((await Promise.all([barrier.wait(), barrier.wait()])).sort(), [0, 1]);
});

Deno.test("a throwing Barrier action breaks the barrier: its thread gets the error, others BrokenBarrierError", async () => {
  const barrier = new Barrier(2, {
    action: () => {
      throw new Error("action failed");
    },
  });
  const results = await Promise.allSettled([barrier.wait(), barrier.wait()]);
  const reasons = results.map((result) => result.status === "rejected" && result.reason);
  assert.ok(reasons.some((reason) => reason instanceof BrokenBarrierError));
  assert.ok(
    reasons.some((reason) => reason instanceof Error && reason.message === "action failed"),
  );
  assert.equal(barrier.broken, true);
});

Deno.test("Barrier rejects invalid parties and timeouts with RangeError", async () => {
  assert.throws(() => new Barrier(0), RangeError);
  assert.throws(() => new Barrier(1.5), RangeError);
  assert.throws(() => new Barrier(2, { timeout: Number.NaN }), RangeError);
  await assert.rejects(new Barrier(2).wait(Number.NaN), RangeError);
  assert.equal(await new Barrier(1).wait(), 0, "one party passes at once");
});

Deno.test("a Barrier across main and 2 workers: every round passes together and main's action runs once", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS });
  let trips = 0;
  const barrier = new Barrier(3, { action: () => trips++ });
  const rounds = 5;
  const workers = [0, 1].map(() => pool.apply(waitAtBarrier, [barrier, rounds, 10_000]));
  const mine: number[] = [];
  for (let round = 0; round < rounds; round++) mine.push(await barrier.wait(10_000));
  const [first, second] = await Promise.all(workers);
  for (let round = 0; round < rounds; round++) {
    assert.deepEqual([mine[round], first![round], second![round]].sort(), [0, 1, 2]);
  }
  assert.equal(trips, rounds, "the action ran in main once per round, whoever came last");
});

Deno.test("a Barrier whose waiters are all in workers trips without its action, which cannot travel", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS });
  let trips = 0;
  const barrier = new Barrier(2, { action: () => trips++ });
  const indices = await Promise.all(
    [0, 1].map(() => pool.apply(waitAtBarrier, [barrier, 2, 10_000])),
  );
  assert.deepEqual(indices.flat().sort(), [0, 0, 1, 1]);
  assert.equal(trips, 0);
});

Deno.test("a Barrier timing out in main breaks it for 2 workers waiting on it", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS });
  const barrier = new Barrier(4);
  const workers = [0, 1].map((): Promise<void> =>
    assert.rejects(pool.apply(waitAtBarrier, [barrier, 1, 10_000]), { name: "BrokenBarrierError" })
  );
  const deadline = performance.now() + 10_000;
  while (barrier.nWaiting < 2 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await assert.rejects(barrier.wait(10), BrokenBarrierError);
  await Promise.all(workers);
});
