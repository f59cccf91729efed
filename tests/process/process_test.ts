import assert from "node:assert/strict";
import { Process } from "../../mod.ts";
import {
  closeWorker,
  exitWorker,
  failValidation,
  recordPid,
  sleepThenReturn,
} from "../fixtures/tasks.ts";

const TASKS = new URL("../fixtures/tasks.ts", import.meta.url).href;

Deno.test("Process runs its target on its own worker and ends with exitCode 0", async () => {
  const seenPid = new SharedArrayBuffer(4);
  const process = new Process({ target: recordPid, args: [seenPid], module: TASKS });
  assert.equal(process.exitCode, null);
  assert.equal(process.pid, null);
  assert.equal(process.isAlive(), false);
  assert.match(process.name, /^Process-\d+$/);
  process.start();
  assert.equal(process.isAlive(), true);
  await process.join();
  assert.equal(process.exitCode, 0);
  assert.equal(process.isAlive(), false);
  assert.equal(process.error, undefined);
  assert.equal(new Int32Array(seenPid)[0], process.pid, "currentProcess().pid inside is its pid");
});

Deno.test("Process pids are unique and names can be given", async () => {
  const a = new Process({ target: () => {}, name: "first" });
  const b = new Process({ target: () => {} });
  a.start();
  b.start();
  await Promise.all([a.join(), b.join()]);
  assert.equal(a.name, "first");
  assert.notEqual(a.pid, b.pid);
  assert.notEqual(a.pid, Deno.pid);
});

Deno.test("Process exitCode is 1 after the target throws, with the error on .error", async () => {
  const process = new Process({ target: failValidation, args: [99], module: TASKS });
  process.start();
  await process.join();
  assert.equal(process.exitCode, 1);
  assert.ok(process.error instanceof Error);
  assert.equal(process.error.name, "ValidationError");
  assert.equal(process.error.message, "value 99 is out of range");
});

Deno.test("Process.join(timeout) returns while the target still runs; terminate() gives exitCode -15", async () => {
  const process = new Process({ target: sleepThenReturn, args: [10_000, 0], module: TASKS });
  process.start();
  await process.join(30);
  assert.equal(process.isAlive(), true);
  assert.equal(process.exitCode, null);
  process.terminate();
  assert.equal(process.exitCode, -15);
  assert.equal(process.isAlive(), false);
  await process.join();
});

Deno.test("a Process whose target calls close() ends with exitCode 0", async () => {
  const process = new Process({ target: closeWorker, module: TASKS });
  process.start();
  await process.join();
  assert.equal(process.exitCode, 0);
});

Deno.test("a Process whose target calls process.exit(n) ends with exitCode n", async () => {
  const process = new Process({ target: exitWorker, args: [7], module: TASKS });
  process.start();
  await process.join();
  assert.equal(process.exitCode, 7);
});

Deno.test("Process refuses a second start, a join or terminate before start, and bad options", async () => {
  const process = new Process({ target: () => 1 });
  await assert.rejects(process.join(), /cannot be joined before start/);
  assert.throws(() => process.terminate(), /cannot be terminated before start/);
  process.start();
  assert.throws(() => process.start(), /already started/);
  await process.join();
  assert.throws(
    () => new Process({ target: 3 as unknown as () => void }),
    /Process option target must be a function, received number 3/,
  );
  assert.throws(
    () => new Process({ target: () => {}, args: "x" as unknown as [] }),
    /Process option args expects the arguments as an array/,
  );
});
