import assert from "node:assert/strict";
import { Pool, WorkerDiedError } from "../../mod.ts";
import { inc, sleepThenReturn } from "../fixtures/tasks.ts";
import { reportRow } from "../_report.ts";

const BASIC = new URL("../fixtures/tasks.ts", import.meta.url).href;
const TRIES = 10;

function describe(outcome: PromiseSettledResult<unknown>): string {
  if (outcome.status === "fulfilled") return `value ${outcome.value}`;
  const error = outcome.reason as Error;
  return `${error.name}: ${error.message}`;
}

Deno.test("a call sent to a child process that dies before starting it is retried as not started, never reported as running", async () => {
  await using pool = new Pool({ processes: 1, module: BASIC, isolation: "process" });
  const outcomes: string[] = [];
  for (let i = 0; i < TRIES; i++) {
    const child = await pool.apply(() => Deno.pid);
    const waiting = pool.apply(inc, [i]);
    // The call is on its way to the child (or in its queue); the child dies before running it.
    Deno.kill(child, "SIGKILL");
    const [outcome] = await Promise.allSettled([waiting]);
    outcomes.push(describe(outcome!));
    if (outcome!.status === "fulfilled") assert.equal(outcome!.value, i + 1);
  }
  const completed = outcomes.filter((text) => text.startsWith("value")).length;
  await reportRow("faults", "child process killed with a call not yet started (process)", {
    injected: `${TRIES} × SIGKILL to an idle child just after a call was sent to it`,
    outcome: `${completed} of ${TRIES} calls completed on a new child; ${
      TRIES - completed
    } rejected`,
  });
  assert.deepEqual(outcomes.filter((text) => /while running/.test(text)), []);
  assert.equal(completed, TRIES, outcomes.join("\n"));
});

Deno.test("a call running on a child process that dies is reported as running; the one queued behind it completes", async () => {
  await using pool = new Pool({ processes: 1, module: BASIC, isolation: "process" });
  let runningReported = 0;
  let queuedCompleted = 0;
  for (let i = 0; i < TRIES; i++) {
    const child = await pool.apply(() => Deno.pid);
    const running = pool.apply(sleepThenReturn, [5_000, "late"]);
    const queued = pool.apply(inc, [i]);
    // Long enough for the child to have started the first call.
    await new Promise((resolve) => setTimeout(resolve, 500));
    Deno.kill(child, "SIGKILL");
    const [first, second] = await Promise.allSettled([running, queued]);
    assert.equal(first!.status, "rejected", describe(first!));
    assert.ok(first!.status === "rejected" && first!.reason instanceof WorkerDiedError);
    assert.match((first as PromiseRejectedResult).reason.message, /while running task/);
    runningReported++;
    assert.equal(second!.status, "fulfilled", describe(second!));
    assert.equal((second as PromiseFulfilledResult<number>).value, i + 1);
    queuedCompleted++;
  }
  await reportRow("faults", "child process killed while running, a call queued behind", {
    injected: `${TRIES} × SIGKILL to a child running a 5 s call with a second call sent behind it`,
    outcome: `${runningReported} of ${TRIES} running calls rejected with WorkerDiedError; ` +
      `${queuedCompleted} of ${TRIES} queued calls completed on a new child`,
  });
});
