// A thread pool starts one worker at construction and the others once it has answered (Deno's
// `new Worker` blocks this thread while it builds each worker, so the first answer comes sooner),
// or at once when the queue holds more than one worker takes, when the pool is closed, or after
// a while; terminate() leaves nothing behind.
import assert from "node:assert/strict";
import { Pool, SharedValue } from "../../mod.ts";
import { countAlive } from "../../lib/internal/threads.ts";
import { increment } from "../fixtures/initargs_tasks.ts";
import { inc } from "../fixtures/tasks.ts";
import { liveChildCount } from "../../lib/worker/_child_registry.ts";

const WORK = new URL("../fixtures/tasks.ts", import.meta.url).href;
const INIT_TASKS = new URL("../fixtures/initargs_tasks.ts", import.meta.url).href;
const PATIENCE_MS = 10_000;

/** Resolves once `ok()` holds; throws saying `what` after PATIENCE_MS. */
async function eventually(ok: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + PATIENCE_MS;
  while (!ok()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

Deno.test("a thread pool answers its first call from its first worker, then starts the others", async () => {
  const before = countAlive();
  await using pool = new Pool({ processes: 3, module: WORK });
  assert.equal(countAlive() - before, 1, "one worker started by the constructor");
  assert.equal(await pool.apply(inc, [1]), 2);
  await eventually(() => countAlive() - before === 3, "all 3 workers are started");
  // Each of them runs tasks.
  assert.deepEqual(await pool.map(inc, [1, 2, 3, 4, 5, 6]), [2, 3, 4, 5, 6, 7]);
});

Deno.test("a thread pool left without calls starts its other workers by itself", async () => {
  const before = countAlive();
  await using _pool = new Pool({ processes: 2, module: WORK });
  await eventually(() => countAlive() - before === 2, "both workers are started");
});

Deno.test("a map right after construction starts every worker at once", async () => {
  const before = countAlive();
  await using pool = new Pool({ processes: 2, module: WORK });
  const items = Array.from({ length: 100 }, (_, i) => i);
  const mapped = pool.map(inc, items, 10);
  // The map's chunks are sent on the next microtask, and there are more than one worker takes.
  await null;
  assert.equal(countAlive() - before, 2);
  assert.deepEqual(await mapped, items.map((i) => i + 1));
});

Deno.test("terminate() right after construction stops the pool's worker and starts no other", async () => {
  const before = countAlive();
  const pool = new Pool({ processes: 4, module: WORK });
  await pool.terminate();
  // Past the latest time a staggered start would have started the others.
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(countAlive(), before);
});

Deno.test("close() right after construction starts every worker, each running the initializer", async () => {
  const counter = new SharedValue("i", 0);
  const pool = new Pool({
    processes: 3,
    module: INIT_TASKS,
    initializer: increment,
    initargs: [counter],
  });
  pool.close();
  await pool.join();
  assert.equal(counter.value, 3);
});

Deno.test('isolation: "process" still starts every child at construction', async () => {
  const before = liveChildCount();
  const pool = new Pool({ processes: 2, module: WORK, isolation: "process" });
  try {
    assert.equal(liveChildCount() - before, 2);
    assert.equal(await pool.apply(inc, [41]), 42);
  } finally {
    await pool.terminate();
  }
});
