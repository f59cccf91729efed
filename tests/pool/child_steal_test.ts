// Taking units back from a stuck child process (isolation: "process"): what its death means for
// them, and which answers from its I/O thread the parent accepts. The head-of-line cases
// themselves are in steal_test.ts.
import assert from "node:assert/strict";
import { parseOutcome, runChild } from "../_child.ts";
import { reportRow } from "../_report.ts";
import { takenBackFault } from "../../lib/worker/_message_check.ts";

const MOD = new URL("../../mod.ts", import.meta.url).href;
const TASKS = new URL("../fixtures/stall_tasks.ts", import.meta.url).href;
const CALLS = 1_000;
// Well under the stuck task's 5 s (and the 8 s the never-settling case waits), loose for load.
const WELL_UNDER_MS = 3_000;

Deno.test("a stuck child that dies after its queue was taken back fails only the call it was running", async () => {
  const source = `import { Pool } from "${MOD}";
    import { busyThenExit, inc } from "${TASKS}";
    const pool = new Pool({ processes: 2, isolation: "process", module: "${TASKS}" });
    await Promise.all([pool.apply(inc, [0]), pool.apply(inc, [1])]);
    const dying = pool.applyAsync(busyThenExit, [5_000]).get().then(
      () => "fulfilled",
      (error) => error.name + ": " + error.message,
    );
    const started = performance.now();
    let done = 0;
    let wrong = 0;
    let failed = 0;
    await Promise.all(Array.from({ length: ${CALLS} }, (_, i) =>
      pool.applyAsync(inc, [i]).get().then(
        (value) => value === i + 1 ? done++ : wrong++,
        () => failed++,
      )));
    const ms = performance.now() - started;
    console.log("OUTCOME " + JSON.stringify({ ms, done, wrong, failed, dying: await dying }));
    pool.terminate();
    Deno.exit(0);`;
  const child = await runChild(source, { timeoutMs: 60_000 });
  const outcome = parseOutcome(child.stdout, child.stderr) as {
    ms: number;
    done: number;
    wrong: number;
    failed: number;
    dying: string;
  };
  assert.deepEqual([outcome.done, outcome.wrong, outcome.failed], [CALLS, 0, 0]);
  assert.ok(outcome.ms < WELL_UNDER_MS, `took ${outcome.ms} ms`);
  assert.match(outcome.dying, /^WorkerDiedError: .*while running task "busyThenExit"/);
  await reportRow("faults", "child dies after its queue was taken back", {
    injected: `a child stuck 5 s then calling Deno.exit(), ${CALLS} tiny calls queued meanwhile`,
    outcome: `${outcome.done} answered correctly in ${outcome.ms.toFixed(0)} ms, ` +
      `${outcome.failed} failed; the stuck call: ${outcome.dying.split(":")[0]}`,
  });
});

Deno.test("a taken-back answer is accepted only for unanswered, unstarted units that were asked back", () => {
  const expect = {
    answered: 10,
    passed: 11,
    requested: { from: 11, to: 14 },
    withdrawn: (seq: number) => seq === 20,
  };
  assert.equal(takenBackFault({ type: "taken-back", seqs: [12, 13, 14] }, expect), null);
  assert.equal(takenBackFault({ type: "taken-back", seqs: [] }, expect), null);
  const refused: Array<[unknown, RegExp]> = [
    // Unit 10 is answered-next and 10 announced started: not takeable.
    [{ type: "taken-back", seqs: [10, 11, 12, 13, 14] }, /could be/],
    [{ type: "taken-back", seqs: [15] }, /could be/],
    [{ type: "taken-back", seqs: [13, 12, 14] }, /could be/],
    [{ type: "taken-back", seqs: [12, 14] }, /gap/],
    [{ type: "taken-back", seqs: [12, 13] }, /#14 was asked for/],
    [{ type: "taken-back", seqs: [1.5] }, /could be/],
    [{ type: "taken-back", seqs: "12" }, /seqs are a/],
  ];
  for (const [message, why] of refused) assert.match(takenBackFault(message, expect)!, why);
  assert.match(
    takenBackFault({ type: "taken-back", seqs: [20] }, {
      ...expect,
      requested: { from: 20, to: 20 },
    })!,
    /taken back twice/,
  );
  assert.match(
    takenBackFault({ type: "taken-back", seqs: [12] }, { ...expect, requested: null })!,
    /none was asked for/,
  );
});

Deno.test("a child process that forges a taken-back answer is killed for a protocol violation; the pool goes on", async () => {
  const FORGED = new URL("../fixtures/forged_frames.ts", import.meta.url).href;
  const outcome = await runChild(
    `import { Pool } from "${MOD}";
     import { double, forgeTakenBack } from "${FORGED}";
     const pool = new Pool({ processes: 1, module: "${FORGED}", isolation: "process" });
     const report = {};
     for (const [label, seqs] of [["started unit", [0, 1]], ["unsent unit", [99]]]) {
       try {
         await pool.apply(forgeTakenBack, [seqs]);
         report[label] = { settled: "fulfilled" };
       } catch (error) {
         report[label] = { settled: error.name, cause: String(error.cause?.message ?? error.cause) };
       }
       report[label].after = await pool.apply(double, [21]);
     }
     console.log("REPORT " + JSON.stringify(report));
     await pool.terminate();`,
    { timeoutMs: 60_000 },
  );
  const line = outcome.stdout.match(/REPORT (.*)\n/)?.[1];
  assert.ok(line, `the script must finish (exit ${outcome.code}): ${outcome.stderr.slice(-2000)}`);
  const report = JSON.parse(line) as Record<
    string,
    { settled: string; cause: string; after: number }
  >;
  for (const [label, entry] of Object.entries(report)) {
    assert.equal(entry.settled, "WorkerDiedError", `${label}: ${JSON.stringify(entry)}`);
    assert.match(
      entry.cause,
      /broke the pool's frame protocol.*taken-back message when none was asked for/,
      label,
    );
    assert.equal(entry.after, 42, label);
  }
  await reportRow("faults", "forged taken-back answer from a child process", {
    injected: 'a child\'s frame replaced by { type: "taken-back" } for units never asked back',
    outcome: Object.entries(report).map(([label, entry]) =>
      `${label}: call rejected with ${entry.settled}, next call gave ${entry.after}`
    ).join("; "),
  });
});
