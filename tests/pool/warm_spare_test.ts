// Warm pool workers kept between pools (lib/pool/_warm_workers.ts): a later pool's first
// worker may be a spare built after an earlier pool stopped. It must be as fresh as a new worker
// (Python's pools start new processes), built with the same options, never dead, and it must
// never keep a program from ending.
import assert from "node:assert/strict";
import { Pool } from "../../lib/pool/mod.ts";
import { leaveMark, look, type WorkerView } from "../fixtures/warm_tasks.ts";
import { SPARE_IDLE_MS, spareForTesting, warmWorkerCounts } from "../../lib/pool/_warm_workers.ts";
import { countAlive } from "../../lib/internal/threads.ts";
import { parseOutcome, runChild } from "../_child.ts";

const MOD = new URL("../../lib/pool/mod.ts", import.meta.url).href;
const TASKS = new URL("../fixtures/warm_tasks.ts", import.meta.url).href;
const WARM = new URL("../../lib/pool/_warm_workers.ts", import.meta.url).href;
// Building a worker takes tens of ms on a quiet machine, seconds on a loaded one.
const WAIT_LIMIT_MS = 30_000;
const CHILD_DEADLINE_MS = 60_000;

/** Resolves once `condition()` holds; throws, naming `what`, if it does not in time. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const began = performance.now();
  while (!condition()) {
    if (performance.now() - began > WAIT_LIMIT_MS) {
      throw new Error(`${what} did not happen within ${WAIT_LIMIT_MS} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Runs `task` once in a new pool of one worker (named `name`), then ends the pool. */
async function onePool(
  call: (pool: Pool) => Promise<WorkerView>,
  name = "PoolWorker",
): Promise<WorkerView> {
  const pool = new Pool({ processes: 1, module: TASKS, name });
  try {
    return await call(pool);
  } finally {
    await pool.terminate();
  }
}

/** Like {@linkcode onePool}, then waits for the spare built after that pool stopped. */
async function poolThenSpare(
  call: (pool: Pool) => Promise<WorkerView>,
  name = "PoolWorker",
): Promise<WorkerView> {
  const { built } = warmWorkerCounts();
  const view = await onePool(call, name);
  await until(
    () => warmWorkerCounts().built === built + 1 && warmWorkerCounts().ready,
    `the spare built after pool ${name} stopped`,
  );
  return view;
}

Deno.test("a later pool's first worker is the warm spare, and it is fresh: no globals, new pid, same name", async () => {
  const first = await poolThenSpare((pool) => pool.apply(leaveMark, ["pool 1"]));
  assert.equal(first.mark, "pool 1");
  const taken = warmWorkerCounts().taken;
  const second = await poolThenSpare((pool) => pool.apply(look));
  assert.equal(warmWorkerCounts().taken, taken + 1, "the second pool took the spare");
  assert.equal(second.mark, null, "a global a task set in the first pool is absent");
  assert.notEqual(second.pid, first.pid);
  assert.equal(second.name, "PoolWorker-1");
  assert.equal(second.selfName, "PoolWorker-1", "self.name is what new Worker would give");
  // The spare has not run anything of the second pool either: a third pool's worker is fresh.
  const third = await poolThenSpare((pool) => pool.apply(leaveMark, ["pool 3"]));
  assert.equal(warmWorkerCounts().taken, taken + 2);
  assert.deepEqual([third.mark, third.pid === second.pid], ["pool 3", false]);
});

Deno.test("a pool that took the spare starts its other workers as usual, and each runs tasks", async () => {
  await poolThenSpare((pool) => pool.apply(look));
  const { taken } = warmWorkerCounts();
  const before = countAlive();
  const pool = new Pool({ processes: 3, module: TASKS });
  try {
    assert.equal(warmWorkerCounts().taken, taken + 1);
    assert.equal(countAlive() - before, 1, "the spare, given its init at construction");
    assert.equal((await pool.apply(look)).name, "PoolWorker-1");
    await until(() => countAlive() - before === 3, "the other two workers being started");
    const names = new Set<string>();
    for (let round = 0; round < 50 && names.size < 3; round++) {
      const views = await pool.map(look, Array.from({ length: 30 }, () => undefined), 1);
      for (const view of views) names.add(view.name);
    }
    assert.deepEqual([...names].sort(), ["PoolWorker-1", "PoolWorker-2", "PoolWorker-3"]);
  } finally {
    await pool.terminate();
  }
});

Deno.test("a spare built for a pool of another name is not taken: the worker's name would differ", async () => {
  await poolThenSpare((pool) => pool.apply(look), "Alpha");
  const { taken, dropped } = warmWorkerCounts();
  const beta = await poolThenSpare((pool) => pool.apply(look), "Beta");
  assert.equal(warmWorkerCounts().taken, taken, "Beta's worker was built new");
  assert.deepEqual([beta.name, beta.selfName], ["Beta-1", "Beta-1"]);
  // Beta's own spare replaced Alpha's: one spare, never one per kind of pool.
  assert.equal(warmWorkerCounts().dropped, dropped + 1);
  await poolThenSpare((pool) => pool.apply(look), "Beta");
  assert.equal(warmWorkerCounts().taken, taken + 1);
});

Deno.test("a spare that died is dropped, and the next pool starts a new worker that works", async () => {
  await poolThenSpare((pool) => pool.apply(look));
  const before = warmWorkerCounts();
  // A message its entry cannot read: an uncaught error in the spare, which then dies.
  spareForTesting()!.postMessage(null);
  await until(() => !warmWorkerCounts().ready, "the dead spare being dropped");
  assert.equal(warmWorkerCounts().dropped, before.dropped + 1);
  const after = await poolThenSpare((pool) => pool.apply(leaveMark, ["after"]));
  assert.equal(after.mark, "after");
  assert.equal(warmWorkerCounts().taken, before.taken, "the dead spare was not given out");
});

Deno.test("an unused spare is stopped after its idle time", async () => {
  await poolThenSpare((pool) => pool.apply(look));
  const dropped = warmWorkerCounts().dropped;
  const began = performance.now();
  await until(() => !warmWorkerCounts().ready, "the idle spare being stopped");
  assert.ok(performance.now() - began >= SPARE_IDLE_MS - 100);
  assert.equal(warmWorkerCounts().dropped, dropped + 1);
});

/** Runs `body` in a child (after the imports), and returns what it printed as its OUTCOME. */
async function child(body: string, flags: readonly string[] = ["-A"]): Promise<unknown> {
  const outcome = await runChild(
    `import { Pool } from "${MOD}";
     import { warmWorkerCounts } from "${WARM}";
     import { look } from "${TASKS}";
     // Resolves once the spare built is the count-th since the start.
     const built = async (count) => {
       const began = performance.now();
       while (warmWorkerCounts().built < count || !warmWorkerCounts().ready) {
         if (performance.now() - began > ${WAIT_LIMIT_MS}) throw new Error("no spare was built");
         await new Promise((resolve) => setTimeout(resolve, 5));
       }
     };
     ${body}`,
    { timeoutMs: CHILD_DEADLINE_MS, flags },
  );
  assert.equal(outcome.code, 0, `the child failed or hung: ${outcome.stderr}`);
  return parseOutcome(outcome.stdout, outcome.stderr);
}

Deno.test("a program whose pool stopped ends without waiting for the spare, built or not", async () => {
  // Ends right after its pool: the spare is built on a timer that holds nothing, if at all.
  const atOnce = await child(
    `const pool = new Pool({ processes: 2, module: "${TASKS}" });
     await pool.apply(look);
     await pool.terminate();
     let last = 0;
     addEventListener("unload", () => {
       const lingerMs = performance.now() - last;
       console.log("OUTCOME " + JSON.stringify({ lingerMs, ...warmWorkerCounts() }));
     });
     last = performance.now();`,
  ) as { lingerMs: number; built: number };
  // Goes on after its pool until the spare is ready, then ends: the spare holds nothing.
  const later = await child(
    `const pool = new Pool({ processes: 2, module: "${TASKS}" });
     await pool.apply(look);
     pool.close();
     await pool.join();
     await built(1);
     let last = 0;
     addEventListener("unload", () => {
       const lingerMs = performance.now() - last;
       console.log("OUTCOME " + JSON.stringify({ lingerMs, ...warmWorkerCounts() }));
     });
     last = performance.now();`,
  ) as { lingerMs: number; built: number; ready: boolean };
  assert.deepEqual([later.built, later.ready], [1, true]);
  // Well under the spare's idle time: neither program waited for it to be stopped.
  for (const { lingerMs } of [atOnce, later]) {
    assert.ok(lingerMs < SPARE_IDLE_MS / 2, `lingered ${lingerMs} ms`);
  }
});

Deno.test("a spare is not taken by a pool with other permissions, nor after this thread's changed", async () => {
  const outcome = await child(
    `const run = async (options) => {
       const pool = new Pool({ processes: 1, module: "${TASKS}", ...options });
       try { return await pool.apply(look); } finally { await pool.terminate(); }
     };
     await run({});
     await built(1);
     const sandboxed = await run({ permissions: { read: true } });
     const afterSandboxed = warmWorkerCounts().taken;
     // The spare is now the sandboxed pool's: an inheriting pool builds its own.
     await built(2);
     const inheriting = await run({});
     const afterInheriting = warmWorkerCounts().taken;
     await built(3);
     Deno.permissions.revokeSync({ name: "net" });
     const dropped = !warmWorkerCounts().ready;
     const revoked = await run({});
     const afterRevoked = warmWorkerCounts().taken;
     // A spare built under the permissions as they are now is taken again.
     await built(4);
     const rebuilt = await run({});
     console.log("OUTCOME " + JSON.stringify({
       afterSandboxed, afterInheriting, dropped, afterRevoked, taken: warmWorkerCounts().taken,
       nets: [sandboxed.net, inheriting.net, revoked.net, rebuilt.net],
     }));`,
    ["-A", "--unstable-worker-options"],
  );
  assert.deepEqual(outcome, {
    afterSandboxed: 0,
    afterInheriting: 0,
    dropped: true,
    afterRevoked: 0,
    taken: 1,
    nets: ["prompt", "granted", "prompt", "prompt"],
  });
});
