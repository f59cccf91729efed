// Shared objects in a Pool's initargs reach the initializer as the same live objects a task's
// arguments would be (issue 15, point 1), again in every worker started later; a process pool
// refuses them at once with the TypeError a task argument gets.
import assert from "node:assert/strict";
import { Pipe, Pool, SharedValue } from "../../mod.ts";
import { liveChildCount } from "../../lib/worker/_child_registry.ts";
import {
  asArguments,
  closeWorker,
  countStart,
  expectedClassNames,
  KIND_NAMES,
  makeEveryKind,
  nothing,
  readCounter,
  touchEveryKind,
  type TouchReport,
  workerPid,
} from "../fixtures/initargs_tasks.ts";
import { parseOutcome, runChild } from "../_child.ts";
import { reportRow } from "../_report.ts";

const TASKS = new URL("../fixtures/initargs_tasks.ts", import.meta.url).href;
const PATIENCE_MS = 10_000;
const MOD = new URL("../../mod.ts", import.meta.url).href;

/** `waiting`, or the reason `started` rejected (a worker that could not start) if that comes first. */
function unlessStartFails<T>(waiting: Promise<T>, started: Promise<unknown>): Promise<T> {
  const failed = started.then(() => new Promise<never>(() => {}));
  return Promise.race([waiting, failed]);
}

Deno.test("initargs give a pool worker's initializer one of every shareable kind as the same live objects", async () => {
  const kinds = await makeEveryKind();
  const pool = new Pool({
    processes: 1,
    module: TASKS,
    initializer: touchEveryKind,
    initargs: asArguments(kinds),
  });
  // Settles once the initializer has returned (or rejects if the worker could not start).
  const started = pool.apply(nothing);
  const report = await unlessStartFails(kinds.mainEnd.recv(), started) as TouchReport;
  assert.equal(await kinds.barrier.wait(PATIENCE_MS) >= 0, true, "the barrier is shared");
  await started;
  assert.deepEqual(report.classes, expectedClassNames(), "each kind arrived as its live class");
  assert.equal(report.lockHeld, true, "the worker sees the Lock the main thread holds");
  assert.equal(report.rlockTaken, true, "the worker sees the RLock the main thread holds");
  assert.equal(report.conditionTaken, true, "the worker sees the Condition's lock held");
  const counts = {
    value: kinds.value.value,
    array: kinds.array.get(0),
    rawValue: kinds.rawValue.value,
    rawArray: kinds.rawArray.get(0),
    buffer: new Int32Array(kinds.buffer)[0],
    semaphore: kinds.semaphore.getValue(),
    bounded: kinds.bounded.getValue(),
  };
  assert.deepEqual(counts, {
    value: 1,
    array: 1,
    rawValue: 1,
    rawArray: 1,
    buffer: 1,
    semaphore: 1,
    bounded: 1,
  });
  assert.equal(kinds.event.isSet(), true);
  assert.equal(await kinds.queue.get(PATIENCE_MS), "queue");
  assert.equal(await kinds.joinable.get(PATIENCE_MS), "joinable");
  kinds.joinable.taskDone();
  assert.equal(await kinds.simple.get(PATIENCE_MS), "simple");
  pool.close();
  await pool.join();
  kinds.mainEnd.close();
  kinds.conn.close();
  await reportRow("inputs", "shared objects in Pool initargs", {
    injected: `${KIND_NAMES.length} kinds (every shareable class, a Pipe end, a SharedArrayBuffer)`,
    outcome: `${
      KIND_NAMES.filter((name) => report.classes[name] === expectedClassNames()[name]).length
    } of ${KIND_NAMES.length} arrived live; counters read ${Object.values(counts).join(", ")}`,
  });
});

Deno.test("a worker started later (maxTasksPerChild, a death, an idle stop) gets the same live initargs again", async () => {
  const counter = new SharedValue("i", 0);
  const [mainEnd, workerEnd] = Pipe();
  const pool = new Pool({
    processes: 1,
    module: TASKS,
    initializer: countStart,
    initargs: [counter, workerEnd],
    maxTasksPerChild: 2,
    idleTimeout: 30,
  });
  const pids = new Set<number>();
  // Two tasks per worker: the second worker starts for the third task.
  for (let i = 0; i < 3; i++) pids.add(await pool.apply(workerPid));
  assert.equal(pids.size, 2);
  // A worker that dies is replaced at once, as in Python.
  await pool.apply(closeWorker).catch(() => {});
  pids.add(await pool.apply(workerPid));
  // Timers fire in order: the 30 ms idle stop comes before this wait ends, even under load.
  await new Promise((resolve) => setTimeout(resolve, 300));
  pids.add(await pool.apply(workerPid));
  const seenInWorker = await pool.apply(readCounter, [counter]);
  pool.close();
  await pool.join();
  const messages: unknown[] = [];
  for (let i = 0; i < counter.value; i++) messages.push(await mainEnd.recv());
  mainEnd.close();
  workerEnd.close();
  // Workers: 1-2 (tasks 1-3), 3 (closeWorker, maybe also the next task), 4 (after the idle stop)...
  assert.equal(counter.value >= 4, true, `initializer runs: ${counter.value}`);
  assert.equal(counter.value >= pids.size, true, "every worker that ran a task was initialized");
  assert.equal(seenInWorker, counter.value, "the worker reads the same SharedValue");
  assert.deepEqual(messages, new Array(counter.value).fill("started"));
  await reportRow("faults", "restarted worker keeps its initargs", {
    injected: "maxTasksPerChild 2, a task calling close(), an idle stop after 30 ms",
    outcome: `${counter.value} initializer runs over ${pids.size} task-running workers, ` +
      `${messages.length} messages on the shared pipe end`,
  });
});

Deno.test('isolation: "process" refuses shared-memory initargs at once, with the TypeError a task argument gets', async () => {
  const kinds = await makeEveryKind();
  // What a task argument gets: one real child process answers for every kind.
  const reference = new Pool({ processes: 1, module: TASKS, isolation: "process" });
  const childrenBefore = liveChildCount();
  const refused: string[] = [];
  try {
    for (const name of KIND_NAMES) {
      const shared = kinds[name];
      const taskError = await reference.apply("nothing", [shared]).then(
        () => assert.fail(`a ${name} was sent to a child process`),
        (error: Error) => error,
      );
      assert.ok(taskError instanceof TypeError);
      const started = performance.now();
      assert.throws(
        () =>
          new Pool({
            processes: 1,
            module: TASKS,
            isolation: "process",
            initializer: nothing,
            initargs: [shared],
          }),
        (error: unknown) => {
          assert.ok(error instanceof TypeError, `${name}: ${error}`);
          assert.equal(error.message, taskError.message);
          return true;
        },
      );
      assert.ok(performance.now() - started < 3_000, "refused before any child starts");
      refused.push(name);
    }
    assert.equal(liveChildCount(), childrenBefore, "no child process was started for them");
    // Nested, the error says where.
    assert.throws(
      () => new Pool({ isolation: "process", initargs: [{ counter: kinds.value }] }),
      /value\[0\]\.counter is a SharedValue, and shared-memory objects cannot be sent/,
    );
  } finally {
    await reference.terminate();
    kinds.mainEnd.close();
    kinds.conn.close();
  }
  await reportRow("inputs", "shared initargs to a process pool", {
    injected: `${KIND_NAMES.length} shared kinds as initargs with isolation: "process"`,
    outcome: `${refused.length} of ${KIND_NAMES.length} refused at construction with the ` +
      "task-argument TypeError; no child started",
  });
});

// A child script: before the fix, the worker (or child process) started for such initargs never
// got its init message and kept the script alive, so the script hung here.
const UNSENDABLE_CHILD = `import { Pool } from "${MOD}";
  const refusals = {};
  for (const isolation of ["thread", "process"]) {
    try {
      new Pool({ processes: 1, isolation, initializer: () => {}, initargs: [() => 1] });
      refusals[isolation] = "constructed";
    } catch (error) {
      refusals[isolation] = String(error);
    }
  }
  console.log("OUTCOME " + JSON.stringify(refusals));
`;

Deno.test("initargs that cannot be sent throw at construction and leave no worker keeping the script alive", async () => {
  const started = performance.now();
  const child = await runChild(UNSENDABLE_CHILD, { timeoutMs: 60_000 });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  assert.equal(child.code, 0, `the script did not end by itself (${seconds} s): ${child.stderr}`);
  const refusals = parseOutcome(child.stdout, child.stderr) as Record<string, string>;
  assert.match(refusals.thread!, /initargs\) cannot be sent to worker .*structured clone/);
  assert.match(refusals.process!, /initargs\) cannot be sent to a child process.*node:v8/);
  await reportRow("inputs", "unsendable Pool initargs", {
    injected: "initargs: [() => 1] with each isolation",
    outcome: `both constructors threw naming initargs; the script ended by itself in ${seconds} s`,
  });
});
