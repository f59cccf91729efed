import assert from "node:assert/strict";
import { Pool } from "../../mod.ts";
import { inc, sleepThenReturn } from "../fixtures/tasks.ts";
import { reportRow } from "../_report.ts";

const TASKS = new URL("../fixtures/tasks.ts", import.meta.url).href;

Deno.test("a call beyond maxQueue rejects with a RangeError that names maxQueue; queued calls still finish", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS, maxQueue: 3 });
  const running = pool.apply(sleepThenReturn, [50, "first"]);
  await new Promise((resolve) => setTimeout(resolve, 10));
  const queued = [1, 2, 3].map((x) => pool.apply(inc, [x]));
  await assert.rejects(pool.apply(inc, [4]), (error: Error) => {
    assert.ok(error instanceof RangeError);
    assert.match(
      error.message,
      /would queue 1 more unit\(s\) behind 3 waiting, over the pool's maxQueue/,
    );
    return true;
  });
  await assert.rejects(pool.map(inc, [1, 2], { chunksize: 1 }), /maxQueue/);
  assert.equal(await running, "first");
  assert.deepEqual(await Promise.all(queued), [2, 3, 4]);
  await reportRow("loads", "calls beyond maxQueue", {
    injected: "maxQueue 3, a 4th apply and a 2-chunk map",
    outcome: "both rejected with RangeError naming maxQueue; the 3 queued calls finished; " +
      "imap over a full queue waited and gave all 5 results",
  });
});

Deno.test("imap waits for room in a full queue instead of failing", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS, maxQueue: 2 });
  const blockers = [pool.apply(sleepThenReturn, [40, "a"]), pool.apply(inc, [0])];
  const results: number[] = [];
  for await (const value of pool.imap(inc, [10, 20, 30, 40, 50])) results.push(value);
  assert.deepEqual(results, [11, 21, 31, 41, 51]);
  assert.deepEqual(await Promise.all(blockers), ["a", 1]);
});

Deno.test("1,000,000 queued applyAsync calls each settle once with their own result", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS });
  const count = 1_000_000;
  let settled = 0;
  let wrong = 0;
  const results = [];
  for (let i = 0; i < count; i++) {
    results.push(pool.applyAsync(inc, [i], {
      callback: (value) => {
        settled++;
        if (value !== i + 1) wrong++;
      },
    }));
  }
  assert.ok(pool.queued > 0, "calls should be waiting in the queue");
  // Two workers answer out of order: wait for every call, not just the last ones queued.
  for (const result of results) await result.get();
  assert.equal(settled, count);
  assert.equal(wrong, 0);
  await reportRow("loads", "1,000,000 queued applyAsync calls", {
    injected: "queued in one loop on a 2-worker pool (memory: deno task bench:queue)",
    outcome: `${settled.toLocaleString("en-US")} settled once each, ${wrong} wrong results`,
  });
});
