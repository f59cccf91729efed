// Ports of CPython's _TestProcess test_process, test_args_argument, test_cpu_count,
// test_recursion and test_many_processes, and _TestPool test_async and test_async_timeout
// (Lib/test/_test_multiprocessing.py). Python's kwargs have no counterpart (every argument
// goes in `args`); seconds are milliseconds.
import assert from "node:assert/strict";
import {
  activeChildren,
  cpuCount,
  currentProcess,
  Pipe,
  Pool,
  Process,
  Queue,
  TimeoutError,
} from "../../mod.ts";
import { putArgument, recurse, reportSelf, sleepFor } from "../fixtures/parity_process_tasks.ts";
import { timed } from "./_parity.ts";

const TASKS = new URL("../fixtures/parity_process_tasks.ts", import.meta.url).href;

Deno.test("_TestProcess.test_process: a Process's state before, during and after its run", async () => {
  const queue = new Queue(1);
  const p = new Process({
    target: reportSelf,
    args: [queue, 1, 2],
    name: "SomeProcess",
    module: TASKS,
  });
  assert.equal(p.isAlive(), false);
  assert.ok(!activeChildren().includes(p as Process));
  assert.ok(Array.isArray(activeChildren()));
  assert.equal(p.exitCode, null);
  p.start();
  assert.equal(p.exitCode, null);
  assert.equal(p.isAlive(), true);
  assert.ok(activeChildren().includes(p as Process));
  assert.deepEqual(await queue.get(10_000), [1, 2]);
  assert.equal(await queue.get(10_000), p.name);
  assert.equal(await queue.get(10_000), p.pid);
  await p.join();
  assert.equal(p.exitCode, 0);
  assert.equal(p.isAlive(), false);
  assert.ok(!activeChildren().includes(p as Process));
  assert.notEqual(p.pid, currentProcess().pid);
});

Deno.test("_TestProcess.test_args_argument: each argument reaches the target as given", async () => {
  for (const argument of [1, "str", [1], [1, "tuple"]]) {
    const queue = new Queue(1);
    const p = new Process({ target: putArgument, args: [queue, argument], module: TASKS });
    p.start();
    assert.deepEqual(await queue.get(10_000), argument);
    await p.join();
    assert.equal(p.exitCode, 0);
  }
});

Deno.test("_TestProcess.test_cpu_count: cpuCount() is an integer of at least 1", () => {
  const cpus = cpuCount();
  assert.ok(Number.isInteger(cpus) && cpus >= 1, String(cpus));
});

Deno.test("_TestProcess.test_recursion: processes start processes, depth first, in order", async () => {
  const [rconn, wconn] = Pipe(false);
  await recurse(wconn, [], TASKS);
  const result: unknown[] = [];
  while (await rconn.poll(100)) result.push(await rconn.recv());
  assert.deepEqual(result, [[], [0], [0, 0], [0, 1], [1], [1, 0], [1, 1]]);
  rconn.close();
  wconn.close();
});

Deno.test("_TestProcess.test_many_processes: five processes end with 0, five terminated with -15", async () => {
  const sleepers = Array.from(
    { length: 5 },
    () => new Process({ target: sleepFor, args: [10], module: TASKS }),
  );
  for (const p of sleepers) p.start();
  for (const p of sleepers) await p.join();
  assert.deepEqual(sleepers.map((p) => p.exitCode), [0, 0, 0, 0, 0]);
  const stuck = Array.from(
    { length: 5 },
    () => new Process({ target: sleepFor, args: [100_000], module: TASKS }),
  );
  for (const p of stuck) p.start();
  await new Promise((resolve) => setTimeout(resolve, 1));
  for (const p of stuck) p.terminate();
  for (const p of stuck) await p.join();
  assert.deepEqual(stuck.map((p) => p.exitCode), [-15, -15, -15, -15, -15]);
});

Deno.test("_TestPool.test_async: applyAsync().get() waits for the task and gives its result", async () => {
  await using pool = new Pool(2, { module: TASKS });
  const square = async (x: number, ms: number) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return x * x;
  };
  const [value, elapsed] = await timed(() => pool.applyAsync(square, [7, 100]).get());
  assert.equal(value, 49);
  assert.ok(elapsed >= 90, `get() returned after ${elapsed} ms`);
});

Deno.test("_TestPool.test_async_timeout: get(ms) rejects with TimeoutError when the task is slower", async () => {
  await using pool = new Pool(3, { module: TASKS });
  const result = pool.applyAsync(sleepFor, [1000]);
  const [error, elapsed] = await timed(() => result.get(100).catch((e) => e));
  assert.ok(error instanceof TimeoutError, String(error));
  assert.ok(elapsed >= 90 && elapsed < 1000, `get(100) took ${elapsed} ms`);
  await pool.terminate();
});
