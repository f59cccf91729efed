import assert from "node:assert/strict";
import { Pool, WorkerDiedError } from "../../mod.ts";
import {
  add,
  closeWorker,
  exitWorker,
  failInit,
  failValidation,
  inc,
  lateThrow,
  returnFunction,
  strayRejection,
  throwNested,
  throwString,
  whoAmI,
} from "../fixtures/tasks.ts";

const TASKS = new URL("../fixtures/tasks.ts", import.meta.url).href;

Deno.test("a task that throws rejects its own call with the same name, message, worker stack and cause", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS });
  const calls = [pool.apply(inc, [1]), pool.apply(failValidation, [12]), pool.apply(inc, [2])];
  const [before, failed, after] = await Promise.allSettled(calls);
  assert.deepEqual(before, { status: "fulfilled", value: 2 });
  assert.deepEqual(after, { status: "fulfilled", value: 3 });
  assert.equal(failed?.status, "rejected");
  const error = (failed as PromiseRejectedResult).reason;
  assert.ok(error instanceof Error);
  assert.equal(error.name, "ValidationError");
  assert.equal(error.message, "value 12 is out of range");
  assert.equal((error as Error & { code: string }).code, "E_RANGE");
  assert.match(error.stack ?? "", /failValidation/, "the worker-side stack is kept");
  assert.ok(error.cause instanceof RangeError);
  assert.equal((error.cause as Error).message, "must be below 10");
  // The worker that ran the failing task is still usable.
  assert.equal(await pool.apply(add, [1, 1]), 2);
});

Deno.test("an error held in a field of a thrown error keeps its own class, name and fields", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  await assert.rejects(pool.apply(throwNested), (error: Error & { details?: unknown }) => {
    assert.equal(error.message, "outer");
    assert.ok(error.details instanceof TypeError);
    assert.equal((error.details as TypeError & { code?: string }).code, "E_INNER");
    return true;
  });
});

Deno.test("a thrown non-Error value reaches the caller unchanged", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  await assert.rejects(pool.apply(throwString), (thrown) => thrown === "plain string");
});

Deno.test("a function sent as source that uses an outer variable fails naming it and saying to export the task", async () => {
  await using pool = new Pool({ processes: 1 });
  const offset = 3;
  const error = await pool.apply((x: number) => x + offset, [1]).catch((e) => e);
  assert.ok(error instanceof ReferenceError);
  assert.match(error.message, /offset is not defined/);
  assert.match(error.message, /export it from a module/i);
  assert.match(error.message, /module: import\.meta\.url/);
});

Deno.test("a native or bound function is refused with advice to export a task", async () => {
  await using pool = new Pool({ processes: 1 });
  await assert.rejects(pool.apply(Math.max, [1, 2]), /native or bound function/);
  await assert.rejects(pool.apply(inc.bind(null), [1]), /native or bound function/);
});

for (const processes of [1, 2]) {
  Deno.test(`a worker that closes itself rejects only the running call with WorkerDiedError (${processes} worker(s))`, async () => {
    await using pool = new Pool({ processes, module: TASKS });
    const calls = [
      pool.apply(inc, [1]),
      pool.apply(inc, [2]),
      pool.apply(closeWorker),
      pool.apply(inc, [3]),
      pool.apply(inc, [4]),
    ];
    const outcomes = await Promise.allSettled(calls);
    assert.deepEqual(outcomes.map((o) => o.status), [
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
      "fulfilled",
    ]);
    assert.deepEqual(
      outcomes.filter((o) => o.status === "fulfilled").map((o) => o.value),
      [2, 3, 4, 5],
    );
    const error = (outcomes[2] as PromiseRejectedResult).reason;
    assert.ok(error instanceof WorkerDiedError);
    assert.equal(error.taskName, "closeWorker");
    assert.match(error.message, /closeWorker/);
    assert.match(error.message, /close\(\)/);
    // A replacement worker takes later calls.
    assert.deepEqual(await pool.map(inc, [10, 20, 30]), [11, 21, 31]);
  });
}

Deno.test("a worker that calls Deno.exit() or process.exit() rejects the running call; the pool goes on", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const [exited, queued] = await Promise.allSettled([
    pool.apply(exitWorker, [3]),
    pool.apply(inc, [1]),
  ]);
  const error = (exited as PromiseRejectedResult).reason;
  assert.ok(error instanceof WorkerDiedError);
  assert.match(error.message, /exitWorker.*Deno\.exit\(\) or process\.exit\(\)/);
  assert.deepEqual(queued, { status: "fulfilled", value: 2 });
  await assert.rejects(
    pool.apply(() => Deno.exit(0)),
    WorkerDiedError,
  );
});

Deno.test("an unhandled rejection inside a worker kills it; the running call gets WorkerDiedError and the pool recovers", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const before = await pool.apply(whoAmI);
  const [died, queued] = await Promise.allSettled([
    pool.apply(strayRejection),
    pool.apply(inc, [7]),
  ]);
  assert.equal(died.status, "rejected");
  const error = (died as PromiseRejectedResult).reason;
  assert.ok(error instanceof WorkerDiedError);
  assert.equal(error.taskName, "strayRejection");
  assert.match(error.message, /unhandled promise rejection/);
  assert.equal((error.cause as Error).message, "stray rejection");
  assert.deepEqual(queued, { status: "fulfilled", value: 8 });
  const after = await pool.apply(whoAmI);
  assert.notEqual(after.pid, before.pid, "a replacement worker was started");
});

Deno.test("an uncaught error thrown from a timer inside a worker rejects the running call with WorkerDiedError", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const [died, queued] = await Promise.allSettled([pool.apply(lateThrow), pool.apply(inc, [1])]);
  const error = (died as PromiseRejectedResult).reason;
  assert.ok(error instanceof WorkerDiedError);
  assert.equal(error.taskName, "lateThrow");
  assert.match(error.message, /uncaught error/);
  assert.equal((error.cause as Error).message, "thrown from a timer");
  assert.deepEqual(queued, { status: "fulfilled", value: 2 });
});

Deno.test("an argument that cannot be cloned rejects that call before sending; calls batched with it succeed", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const [good, bad, alsoGood] = await Promise.allSettled([
    pool.apply(inc, [1]),
    pool.apply(add, [() => 1, Symbol("s")] as unknown as [number, number]),
    pool.apply(inc, [2]),
  ]);
  assert.deepEqual(good, { status: "fulfilled", value: 2 });
  assert.deepEqual(alsoGood, { status: "fulfilled", value: 3 });
  const error = (bad as PromiseRejectedResult).reason;
  assert.ok(error instanceof TypeError);
  assert.match(error.message, /arguments of task "add" cannot be sent to a worker/);
  assert.match(error.message, /structured clone/);
});

Deno.test("a result that cannot be cloned rejects that call with a clear error", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const [bad, good] = await Promise.allSettled([
    pool.apply(returnFunction),
    pool.apply(inc, [1]),
  ]);
  assert.match((bad as PromiseRejectedResult).reason.message, /result cannot be sent back/);
  assert.deepEqual(good, { status: "fulfilled", value: 2 });
});

Deno.test("a pool module that does not load rejects calls naming the URL and the reason", async () => {
  const missing = new URL("../fixtures/does_not_exist.ts", import.meta.url).href;
  await using pool = new Pool({ processes: 1, module: missing });
  const error = await pool.apply(inc, [1]).catch((e) => e);
  assert.ok(error instanceof Error);
  assert.ok(error.message.includes(missing), error.message);
  assert.match(error.message, /could not start/);
  assert.match(
    String((error.cause as Error | undefined)?.message),
    /Module not found|No such file/i,
  );
});

Deno.test("an initializer that throws rejects the calls waiting for it instead of hanging", async () => {
  await using pool = new Pool({
    processes: 2,
    module: TASKS,
    initializer: failInit,
  });
  const error = await pool.map(inc, [1, 2, 3]).catch((e) => e);
  assert.match(error.message, /could not start: initializer refused/);
});
