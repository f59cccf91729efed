// close() right after construction (issue 15, point 6): Python's Pool starts all its workers
// in its constructor, and close() + join() lets each run its initializer before it exits, so
// the initializer runs once per worker; here too, for both isolations.
import assert from "node:assert/strict";
import { Pool, SharedValue } from "../../mod.ts";
import { appendLine, increment, slowIncrement } from "../fixtures/initargs_tasks.ts";
import { failInit } from "../fixtures/tasks.ts";
import { reportRow } from "../_report.ts";

const TASKS = new URL("../fixtures/initargs_tasks.ts", import.meta.url).href;
const PROCESSES = 2;

Deno.test("close() right after construction still runs the initializer once in every worker started", async () => {
  const counter = new SharedValue("i", 0);
  const pool = new Pool({
    processes: PROCESSES,
    module: TASKS,
    initializer: increment,
    initargs: [counter],
  });
  pool.close();
  await pool.join();
  assert.equal(counter.value, PROCESSES, "one initializer run per worker, as in Python");
  // `await using` is close() + join() too.
  {
    await using _disposed = new Pool({
      processes: PROCESSES,
      module: TASKS,
      initializer: increment,
      initargs: [counter],
    });
  }
  assert.equal(counter.value, 2 * PROCESSES);
  await reportRow("loads", "close() right after construction", {
    injected: `new Pool({ processes: ${PROCESSES}, initializer }) then close() + join(), twice`,
    outcome: `${counter.value} initializer runs for ${2 * PROCESSES} workers started`,
  });
});

Deno.test('close() right after construction runs every child\'s initializer with isolation: "process"', async () => {
  const path = await Deno.makeTempFile({ prefix: "multiproc_init_" });
  try {
    const pool = new Pool({
      processes: PROCESSES,
      module: TASKS,
      isolation: "process",
      initializer: appendLine,
      initargs: [path, "initialized"],
    });
    pool.close();
    await pool.join();
    const lines = (await Deno.readTextFile(path)).split("\n").filter((line) => line !== "");
    assert.deepEqual(lines, new Array(PROCESSES).fill("initialized"));
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("close() right after construction with an initializer that throws still joins", async () => {
  const pool = new Pool({ processes: PROCESSES, module: TASKS, initializer: failInit });
  pool.close();
  await pool.join();
});

Deno.test("a worker still running its initializer is not idle: a short idleTimeout does not stop it", async () => {
  const counter = new SharedValue("i", 0);
  const pool = new Pool({
    processes: PROCESSES,
    module: TASKS,
    initializer: slowIncrement,
    initargs: [counter, 300],
    idleTimeout: 10,
  });
  pool.close();
  // Before, the idle timer stopped the starting workers and join() never resolved.
  await pool.join();
  assert.equal(counter.value, PROCESSES);
});
