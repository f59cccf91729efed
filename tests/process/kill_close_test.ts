import assert from "node:assert/strict";
import { activeChildren, Event, Process } from "../../mod.ts";
import { setThenSleep, sleepLong } from "../fixtures/process_tasks.ts";
import { reportRow } from "../_report.ts";

const TASKS = new URL("../fixtures/process_tasks.ts", import.meta.url).href;

for (const isolation of ["thread", "process"] as const) {
  Deno.test(`Process.kill() (${isolation}) stops a running target at once with exitCode -9`, async () => {
    const process = new Process({ target: sleepLong, module: TASKS, isolation });
    process.start();
    await process.join(200);
    assert.equal(process.isAlive(), true);
    const started = performance.now();
    process.kill();
    assert.equal(process.exitCode, -9);
    assert.equal(process.isAlive(), false);
    await process.join();
    const ms = Math.round(performance.now() - started);
    assert.ok(ms < 5_000, `join returned ${ms} ms after kill()`);
    // Killing an ended Process does nothing, as Python's kill() of a reaped child.
    process.kill();
    assert.equal(process.exitCode, -9);
    await reportRow("faults", `Process.kill() (${isolation})`, {
      injected: "kill() of a Process whose target sleeps 100 s",
      outcome: `exitCode ${process.exitCode}, join() returned ${ms} ms later`,
    });
  });
}

Deno.test("Process.kill() before start() throws, as terminate() does", () => {
  const process = new Process({ target: () => {} });
  assert.throws(() => process.kill(), /cannot be killed before start\(\)/);
});

Deno.test("Process.close() refuses a running Process, then releases an ended one", async () => {
  const event = new Event();
  const process = new Process({ target: setThenSleep, args: [event], module: TASKS });
  process.start();
  assert.throws(() => process.close(), { name: "RangeError", message: /still running/ });
  assert.equal(process.isAlive(), true, "a refused close() leaves the Process running");
  process.terminate();
  await process.join();
  const sentinel = process.sentinel;
  process.close();
  for (
    const use of [
      () => process.isAlive(),
      () => process.exitCode,
      () => process.pid,
      () => process.sentinel,
      () => process.terminate(),
      () => process.kill(),
      () => process.start(),
      () => sentinel.ready,
    ]
  ) {
    assert.throws(use, { name: "RangeError", message: /closed/ });
  }
  await assert.rejects(process.join(), { name: "RangeError", message: /process object is closed/ });
  assert.equal(process.name.length > 0, true, "name stays readable");
  process.close();
});

Deno.test("Process.close() of a Process never started is allowed", () => {
  const process = new Process({ target: () => {} });
  process.close();
  assert.throws(() => process.start(), /process object is closed/);
});

Deno.test("Process.sentinel throws before start() and is one object after", async () => {
  const process = new Process({ target: () => {} });
  assert.throws(() => process.sentinel, { name: "RangeError", message: /not started/ });
  process.start();
  assert.equal(process.sentinel, process.sentinel);
  await process.sentinel.whenReady();
  assert.equal(process.sentinel.ready, true);
  assert.equal(process.exitCode, 0);
});

Deno.test("activeChildren() lists started Processes until they end, and not others", async () => {
  assert.ok(Array.isArray(activeChildren()));
  const event = new Event();
  const process = new Process({ target: setThenSleep, args: [null], module: TASKS });
  const other = new Process({ target: () => {} });
  assert.ok(!activeChildren().includes(process));
  process.start();
  assert.ok(activeChildren().includes(process));
  assert.ok(!activeChildren().includes(other));
  process.terminate();
  await process.join();
  assert.ok(!activeChildren().includes(process));
  event.set();
});

Deno.test("activeChildren() forgets a Process that ended even if it was never joined", async () => {
  const process = new Process({ target: () => {} });
  process.start();
  await process.sentinel.whenReady();
  assert.ok(!activeChildren().includes(process));
});
