// Workers that cannot start (no read permission for the worker script or the task module, a
// module that throws or exits at its top level, an initializer that throws) must not make the
// pool start workers without end: the calls reject with the cause (and the flag that grants a
// denied permission), the number of workers started stays bounded by the calls made, and once a
// worker can start again the pool works. Each case runs in a child deno (a failure here is
// endless spawning), whose calls race a deadline so that a call that never settles is reported.
import assert from "node:assert/strict";
import { parseOutcome, runChild } from "../_child.ts";
import { reportRow } from "../_report.ts";
import {
  type StartFailureOutcome,
  type StartFailureScript,
  startFailureScript,
} from "./_start_failure_script.ts";

const ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");
const FIXTURES = new URL("../fixtures/start_failures/", import.meta.url).pathname;
const ISOLATIONS = ["thread", "process"] as const;
// A pool of 2 starts 2 workers, replaces them until 3 have failed in a row (so at most 4 more
// start), then one per later call: anything near this bound is not a loop.
const startBound = (calls: number): number => 2 + 2 + calls + 1;

async function run(
  script: StartFailureScript,
  flags: readonly string[] = ["-A"],
): Promise<StartFailureOutcome> {
  const child = await runChild(startFailureScript(script), { timeoutMs: 120_000, flags });
  assert.notEqual(child.code, null, `the script did not end: ${child.stderr.slice(-2000)}`);
  return parseOutcome(child.stdout, child.stderr) as StartFailureOutcome;
}

function started(outcome: StartFailureOutcome): number {
  return outcome.workers + outcome.children;
}

function assertAllRejected(outcome: StartFailureOutcome, pattern: RegExp): void {
  for (const [i, result] of outcome.results.entries()) {
    assert.ok(!result.timedOut, `call ${i} never settled: the pool kept restarting workers`);
    assert.equal(result.value, undefined, `call ${i} unexpectedly ran`);
    assert.match(result.error ?? "", pattern, `call ${i}`);
  }
}

Deno.test("a pool whose workers may not read the worker script rejects its calls with Deno's message and the --allow-read flag, instead of restarting workers without end", async () => {
  const calls = 3;
  // The library's own files are unreadable: the worker script cannot load.
  const outcome = await run(
    { isolation: "thread", module: "failing_init.ts", calls },
    [`--allow-read=${FIXTURES}`],
  );
  assertAllRejected(outcome, /could not start/);
  const last = outcome.results.at(-1)!.error!;
  assert.match(last, /Requires read access to ".*thread_entry\.ts"/);
  assert.match(last, /--allow-read=\S*thread_entry\.ts/);
  assert.ok(started(outcome) <= startBound(calls), `${started(outcome)} workers were started`);
  await reportRow("faults", "worker script unreadable", {
    injected: `parent runs with --allow-read of the task fixtures only; ${calls} map calls`,
    outcome: `${calls}/${calls} calls rejected naming --allow-read; ` +
      `${started(outcome)} workers started in all`,
  });
});

Deno.test("a pool whose workers may not read the task module rejects its calls with Deno's message and the --allow-read flag for that file", async () => {
  const calls = 3;
  const outcome = await run(
    { isolation: "thread", module: "failing_init.ts", calls },
    [`--allow-read=${ROOT}/lib,${ROOT}/mod.ts`],
  );
  assertAllRejected(outcome, /could not start/);
  const last = outcome.results.at(-1)!.error!;
  assert.match(last, /Requires read access to ".*failing_init\.ts"/);
  assert.match(last, /--allow-read=\S*failing_init\.ts/);
  assert.ok(started(outcome) <= startBound(calls), `${started(outcome)} workers were started`);
});

Deno.test("a child process denied read access to a file its task module imports rejects the calls with the --allow-read flag for that file", async () => {
  const calls = 2;
  const outcome = await run({
    isolation: "process",
    module: "needs_helper.ts",
    permissions: '"none"',
    calls,
  });
  assertAllRejected(outcome, /Requires read access to ".*helper\.ts"/);
  assert.match(outcome.results.at(-1)!.error!, /--allow-read=\S*helper\.ts/);
  assert.ok(started(outcome) <= startBound(calls), `${started(outcome)} children were started`);
});

for (const isolation of ISOLATIONS) {
  Deno.test(`a task module that exits at its top level makes calls reject after a few start attempts, not restart workers without end (isolation: ${isolation})`, async () => {
    const calls = 3;
    const outcome = await run({ isolation, module: "gated_tasks.ts", calls });
    assertAllRejected(outcome, /could not start: \d in a row ended before running any task/);
    assert.match(outcome.results[0]!.error!, /Deno\.exit\(\).*\(code 3\)/);
    assert.ok(started(outcome) <= startBound(calls), `${started(outcome)} executors started`);
    await reportRow("faults", `module exits at load (${isolation})`, {
      injected: `task module calls Deno.exit(3) at its top level; ${calls} map calls`,
      outcome: `${calls}/${calls} calls rejected with the cause; ${started(outcome)} ` +
        `${isolation === "thread" ? "workers" : "child processes"} started in all`,
    });
  });

  Deno.test(`a task module that throws at its top level or an initializer that throws rejects every call with the cause, starting at most one worker per later call (isolation: ${isolation})`, async () => {
    const calls = 4;
    const thrown = await run({ isolation, module: "throws_at_load.ts", calls });
    assertAllRejected(thrown, /could not start: could not load .*this module refuses to load/);
    assert.ok(started(thrown) <= startBound(calls), `${started(thrown)} executors started`);
    const refused = await run({
      isolation,
      module: "failing_init.ts",
      initializer: "refuse",
      calls,
    });
    assertAllRejected(refused, /could not start: the initializer refuses/);
    assert.ok(started(refused) <= startBound(calls), `${started(refused)} executors started`);
  });

  Deno.test(`a pool that gave up on workers that cannot start works again once one can (isolation: ${isolation})`, async () => {
    const calls = 2;
    const outcome = await run({ isolation, module: "gated_tasks.ts", calls, openGate: true });
    const failed = outcome.results.slice(0, calls);
    const later = outcome.results.at(-1)!;
    for (const result of failed) assert.match(result.error ?? "", /could not start/);
    assert.match(failed.at(-1)!.error!, /the next call tries to start one worker again/);
    assert.deepEqual(later, { value: [2, 3, 4] }, "the call after the gate opened ran");
    assert.ok(started(outcome) <= startBound(calls + 2), `${started(outcome)} executors started`);
    await reportRow("faults", `start failures then recovery (${isolation})`, {
      injected: `workers exit at load for ${calls} calls, then the module loads`,
      outcome: `${failed.length} calls rejected, the next one returned ` +
        `${JSON.stringify(later.value)}; ${started(outcome)} executors started in all`,
    });
  });
}
