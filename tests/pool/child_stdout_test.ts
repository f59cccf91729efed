import assert from "node:assert/strict";
import { runChild } from "../_child.ts";
import { reportRow } from "../_report.ts";

const MOD = new URL("../../mod.ts", import.meta.url).href;
const TASKS = new URL("../fixtures/stdout_tasks.ts", import.meta.url).href;

Deno.test("process pool tasks may write to stdout any way they like: calls complete and every byte reaches the parent's stdout", async () => {
  const outcome = await runChild(
    `import { Pool } from "${MOD}";
     import * as tasks from "${TASKS}";
     const pool = new Pool({ processes: 1, module: "${TASKS}", isolation: "process" });
     const results = [
       await pool.apply(tasks.counts),
       await pool.apply(tasks.times),
       await pool.apply(tasks.streams),
       await pool.apply(tasks.rawFd),
       await pool.apply(tasks.forgedAndLarge),
       await pool.apply(tasks.logs, ["after everything"]),
     ];
     console.log("results " + JSON.stringify(results));
     await pool.terminate();`,
    { timeoutMs: 60_000 },
  );
  const out = outcome.stdout;
  const seen = {
    count: /ticks: 1\nticks: 2\n/.test(out),
    time: /timer: [\d.]+ ?ms\n/.test(out),
    writable: out.includes("through the writable\n"),
    rawFd: out.includes("straight to fd 1\n"),
    large: out.includes("x".repeat(256 * 1024) + "\nend of large\n"),
    log: out.includes("after everything\n"),
  };
  await reportRow("inputs", "task writes to fd 1 (process pool)", {
    injected: "console.count, console.time, Deno.stdout.writable, fs.writeSync(1), a forged " +
      "1 GiB frame header and 256 KiB of text, console.log, from tasks in a child process",
    outcome: `exit code ${outcome.code}; ${
      Object.values(seen).filter(Boolean).length
    } of 6 outputs reached the parent's stdout; results ${
      out.match(/results (\[.*\])/)?.[1] ?? "missing"
    }`,
  });
  assert.equal(outcome.code, 0, `the script must finish: ${outcome.stderr}`);
  assert.match(out, /results \[2,3,4,5,6,7\]\n/);
  assert.deepEqual(seen, {
    count: true,
    time: true,
    writable: true,
    rawFd: true,
    large: true,
    log: true,
  });
  // Task output precedes the parent's own line printed after the result arrived.
  assert.ok(out.indexOf("after everything") < out.indexOf("results ["));
});
