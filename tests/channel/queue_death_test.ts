// Chaos tests: a writer dies in the middle of a put, and the other producers and consumers go
// on as Queue's JSDoc says. Every wait has a timeout, so a regression fails instead of hanging.
import assert from "node:assert/strict";
import { JoinableQueue } from "../../mod.ts";
import { runChild } from "../_child.ts";
import {
  type Death,
  dieInsidePut,
  GO,
  HELD,
  putNumbered,
  SIGNAL_BYTES,
} from "../fixtures/death_tasks.ts";
import { reportRow } from "../_report.ts";
import { start, until } from "../_death_helpers.ts";

const CHAOS = new URL("../fixtures/queue_chaos.ts", import.meta.url).href;
const PATIENCE_MS = 10_000;

/** Starts a Process that dies inside a put (see `dieInsidePut`), and lets it die. */
async function writerDiesInsidePut(
  queue: JoinableQueue<unknown>,
  when: "before-publish" | "after-publish",
  value: unknown,
  how: Death,
): Promise<void> {
  const cells = new Int32Array(new SharedArrayBuffer(SIGNAL_BYTES));
  const writer = start(dieInsidePut, [queue, when, value, how, cells.buffer as SharedArrayBuffer]);
  await until(() => Atomics.load(cells, HELD) === 1, `the ${how} writer holds the queue's lock`);
  Atomics.store(cells, GO, 1);
  Atomics.notify(cells, GO);
  if (how === "terminate") writer.terminate();
  await writer.join(PATIENCE_MS);
  assert.notEqual(writer.exitCode, null, "the writer ended");
}

Deno.test("a writer that dies holding a queue's lock before publishing leaves nothing behind: a waiting reader gets only later values, and another writer goes on through the ring", async () => {
  for (const how of ["close", "exit", "terminate"] as Death[]) {
    const queue = new JoinableQueue<unknown>(0, { capacity: 256 });
    const first = queue.get(PATIENCE_MS);
    await writerDiesInsidePut(queue, "before-publish", null, how);
    assert.equal(queue.qsize(), 0, "the half-written value is not counted");
    await queue.put("after");
    assert.equal(await first, "after", `the reader skipped nothing and read no garbage (${how})`);
    const cells = new SharedArrayBuffer(SIGNAL_BYTES);
    const writer = start(putNumbered, [queue as JoinableQueue<never>, 7, 40, 16, cells]);
    for (let n = 0; n < 40; n++) {
      const [id, index, filler] = await queue.get(PATIENCE_MS) as [number, number, Uint8Array];
      assert.deepEqual([id, index, filler.length, filler.every((b) => b === 7)], [7, n, 16, true]);
    }
    await writer.join(PATIENCE_MS);
    for (let done = 0; done < 41; done++) queue.taskDone();
    await queue.join(1_000); // the lost put was never counted as unfinished
    assert.throws(() => queue.taskDone(), /more times than values were put/);
  }
});

Deno.test("a writer that dies holding a queue's lock after publishing: its value is delivered and counted, and the lock is recovered", async () => {
  const queue = new JoinableQueue<unknown>(0, { capacity: 256 });
  await writerDiesInsidePut(queue, "after-publish", { published: true }, "close");
  assert.equal(queue.qsize(), 1);
  assert.deepEqual(await queue.get(PATIENCE_MS), { published: true });
  queue.taskDone();
  await queue.join(1_000);
  await queue.put("next", PATIENCE_MS);
  assert.equal(await queue.get(PATIENCE_MS), "next");
});

Deno.test("writers terminated at seeded random moments while putting large values: each value arrives whole, each writer's in order, a terminated writer stops at its next put, and the others go on", async () => {
  // In a child process: a terminated writer that did not stop would spin in its put loop and
  // keep the process alive for good (deno#35657).
  const outcome = await runChild(
    `import { queueChaos } from "${CHAOS}";
     for (const seed of [1, 2, 3]) console.log((await queueChaos(seed)).join("\\n"));
     console.log("end");`,
    { timeoutMs: 90_000, until: "end" },
  );
  const report = outcome.stdout + outcome.stderr;
  assert.doesNotMatch(outcome.stdout, /FAIL/, report);
  assert.equal(outcome.stdout.match(/^seed \d: values per writer/gm)?.length, 3, report);
  await reportRow("faults", "Queue writers terminated mid-put", {
    injected: "writers terminated at seeded random moments (seeds 1, 2, 3) while putting large " +
      "values; a writer dying holding the queue's lock, before and after publishing",
    outcome: "every value arrived whole and in each writer's order; a half-written value is " +
      "never visible; the lock was recovered and the other writers and readers went on",
  });
});
