// A Process's args are revived as a pool task's are (issue 15, point 1, "for Process too"):
// every shareable kind, a Pipe end and a SharedArrayBuffer reach the target live; with
// isolation: "process" they are refused at once with the task-argument TypeError.
import assert from "node:assert/strict";
import { Pool, Process } from "../../mod.ts";
import {
  asArguments,
  expectedClassNames,
  KIND_NAMES,
  makeEveryKind,
  touchEveryKind,
  type TouchReport,
} from "../fixtures/initargs_tasks.ts";
import { reportRow } from "../_report.ts";

const TASKS = new URL("../fixtures/initargs_tasks.ts", import.meta.url).href;
const PATIENCE_MS = 10_000;

Deno.test("Process args give the target one of every shareable kind as the same live objects", async () => {
  const kinds = await makeEveryKind();
  const process = new Process({ target: touchEveryKind, args: asArguments(kinds), module: TASKS });
  process.start();
  const ended = process.join();
  const report = await Promise.race([
    kinds.mainEnd.recv() as Promise<TouchReport>,
    ended.then(() => assert.fail(`the target ended without a report: ${process.error}`)),
  ]);
  await kinds.barrier.wait(PATIENCE_MS);
  await ended;
  assert.equal(process.exitCode, 0, String(process.error));
  assert.deepEqual(report.classes, expectedClassNames());
  assert.deepEqual([report.lockHeld, report.rlockTaken, report.conditionTaken], [true, true, true]);
  const counts = [
    kinds.value.value,
    kinds.array.get(0),
    kinds.rawValue.value,
    kinds.rawArray.get(0),
    new Int32Array(kinds.buffer)[0],
    kinds.semaphore.getValue(),
    kinds.bounded.getValue(),
  ];
  assert.deepEqual(counts, [1, 1, 1, 1, 1, 1, 1]);
  assert.equal(kinds.event.isSet(), true);
  assert.equal(await kinds.queue.get(PATIENCE_MS), "queue");
  assert.equal(await kinds.joinable.get(PATIENCE_MS), "joinable");
  kinds.joinable.taskDone();
  assert.equal(await kinds.simple.get(PATIENCE_MS), "simple");
  kinds.mainEnd.close();
  kinds.conn.close();
});

Deno.test('a Process with isolation: "process" refuses shared-memory args at once, with the TypeError a task argument gets', async () => {
  const kinds = await makeEveryKind();
  const reference = new Pool({ processes: 1, module: TASKS, isolation: "process" });
  const refused: string[] = [];
  try {
    for (const name of KIND_NAMES) {
      const shared = kinds[name];
      const taskError = await reference.apply("nothing", [shared]).then(
        () => assert.fail(`a ${name} was sent to a child process`),
        (error: Error) => error,
      );
      assert.throws(
        () =>
          new Process({
            target: touchEveryKind,
            args: [shared],
            module: TASKS,
            isolation: "process",
          }),
        (error: unknown) => {
          assert.ok(error instanceof TypeError, `${name}: ${error}`);
          assert.equal(error.message, taskError.message);
          return true;
        },
      );
      refused.push(name);
    }
  } finally {
    await reference.terminate();
    kinds.mainEnd.close();
    kinds.conn.close();
  }
  await reportRow("inputs", "shared args to a process-isolated Process", {
    injected: `${KIND_NAMES.length} shared kinds as args with isolation: "process"`,
    outcome: `${refused.length} of ${KIND_NAMES.length} refused by the constructor with the ` +
      "task-argument TypeError",
  });
});
