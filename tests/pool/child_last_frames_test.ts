// A child process's last frames reach the parent even when the parent writes to it after it
// exited and before it read them. A failed write on the connection's `writable` closed the
// connection, cancelling the read: the child's last results and its `died` frame were dropped,
// and its calls rejected as "its process ended unexpectedly" (the rare chaos_test failure, where
// a "throw" call got WorkerDiedError). Run in a child: the pool must not hang the test process.
import assert from "node:assert/strict";
import { parseOutcome, runChild } from "../_child.ts";
import { reportRow } from "../_report.ts";

const ROUNDS = 2;

const SCRIPT = `
import { Pool } from "../mod.ts";
import { chaos, longAfter } from "./fixtures/reliability_tasks.ts";
const module = new URL("./fixtures/reliability_tasks.ts", import.meta.url).href;
const outcomes = [];
for (let round = 0; round < ${ROUNDS}; round++) {
  const pool = new Pool({ processes: 1, module, isolation: "process" });
  await pool.apply(chaos, [0, "ok"]); // the child is up
  // A result larger than one read (64 KiB), then close(): the child sends both and exits...
  const big = pool.applyAsync(longAfter, [300, 100_000]);
  const closing = pool.applyAsync(chaos, [1, "die"]);
  await new Promise((resolve) => setTimeout(resolve, 100));
  // ...while this process does not read; then a call is written to the exited child.
  const end = performance.now() + 1_500;
  while (performance.now() < end) { /* the child finishes, sends and exits meanwhile */ }
  const after = pool.applyAsync(chaos, [2, "ok"]);
  const settle = (result) =>
    result.get().then((value) => typeof value === "string" ? "length " + value.length : value,
      (error) => error.name + ": " + error.message);
  outcomes.push({ big: await settle(big), closing: await settle(closing), after: await settle(after) });
  pool.close();
  await pool.join();
}
console.log("OUTCOME " + JSON.stringify(outcomes));
`;

Deno.test("a child's last frames are read even when a write to it fails after it exited", async () => {
  const { stdout, stderr } = await runChild(SCRIPT, { timeoutMs: 60_000 });
  const outcomes = parseOutcome(stdout, stderr) as Array<Record<string, unknown>>;
  assert.equal(outcomes.length, ROUNDS);
  const delivered = outcomes.filter((outcome) => outcome.big === "length 100000").length;
  for (const outcome of outcomes) {
    assert.equal(outcome.big, "length 100000", "the result sent before close() must arrive");
    assert.match(String(outcome.closing), /WorkerDiedError: .*it called close\(\)/);
    assert.equal(outcome.after, 4);
  }
  await reportRow("faults", "write to an exited child before its last frames are read", {
    injected: `${ROUNDS} rounds: a 100 kB result then close(), a call written to the child ` +
      "after it exited, before the parent read its last frames",
    outcome: `${delivered} of ${ROUNDS} results delivered, each close() reported as close()`,
  });
});
