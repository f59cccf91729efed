import assert from "node:assert/strict";
import { Event, Process } from "../../mod.ts";
import {
  exitLater,
  exitLaterUnref,
  leaveInterval,
  startChildLeavingTimer,
  throwLeavingTimer,
} from "../fixtures/process_tasks.ts";
import { reportRow } from "../_report.ts";

const TASKS = new URL("../fixtures/process_tasks.ts", import.meta.url).href;
const ISOLATIONS = ["thread", "process"] as const;

for (const isolation of ISOLATIONS) {
  Deno.test(`a Process (${isolation}) whose target returns waits for the timer it left due, as a Deno program does`, async () => {
    const process = new Process({ target: exitLater, args: [300, 7], module: TASKS, isolation });
    const started = performance.now();
    process.start();
    await process.join();
    const ms = Math.round(performance.now() - started);
    // Ended at once (before the timer), it would report the target's 0.
    assert.equal(process.exitCode, 7, "the timer ran and ended the Process with its code");
    assert.ok(ms >= 250, `ended after ${ms} ms, expected after the 300 ms timer`);
    await reportRow("loads", `Process (${isolation}) with a timer left due`, {
      injected: "the target returns leaving setTimeout(() => Deno.exit(7), 300)",
      outcome: `the Process ended after ${ms} ms with exitCode ${process.exitCode}`,
    });
  });

  Deno.test(`a Process (${isolation}) does not wait for a timer passed to Deno.unrefTimer, like a daemon thread`, async () => {
    const process = new Process({
      target: exitLaterUnref,
      args: [20_000],
      module: TASKS,
      isolation,
    });
    const started = performance.now();
    process.start();
    await process.join();
    assert.equal(process.exitCode, 0);
    assert.ok(performance.now() - started < 10_000, "ended well before the 20 s unref'd timer");
  });
}

Deno.test("a Process whose target throws still waits for its timers, then ends with exitCode 1", async () => {
  const event = new Event();
  const process = new Process({ target: throwLeavingTimer, args: [event, 200], module: TASKS });
  const originalError = console.error;
  console.error = () => {};
  try {
    process.start();
    await process.join();
  } finally {
    console.error = originalError;
  }
  assert.equal(process.exitCode, 1);
  assert.ok(process.error instanceof Error);
  assert.equal(event.isSet(), true, "the timer ran before the Process ended");
});

Deno.test("a Process waits for an interval until it is cleared", async () => {
  const event = new Event();
  const process = new Process({ target: leaveInterval, args: [event, 50], module: TASKS });
  process.start();
  await process.join();
  assert.equal(process.exitCode, 0);
  assert.equal(event.isSet(), true);
});

Deno.test("a Process waits for the child Processes it started, as Python joins non-daemon children", async () => {
  const event = new Event();
  const process = new Process({ target: startChildLeavingTimer, args: [event], module: TASKS });
  process.start();
  await process.join();
  assert.equal(process.exitCode, 0);
  assert.equal(event.isSet(), true, "the grandchild had finished when the child ended");
});
