import assert from "node:assert/strict";
import { Pool, PoolClosedError, type PoolOptions } from "../../mod.ts";
import { inc, sleepThenReturn } from "../fixtures/tasks.ts";
import { runChild } from "../_child.ts";
import { reportRow } from "../_report.ts";

const TASKS = new URL("../fixtures/tasks.ts", import.meta.url).href;
const MOD = new URL("../../mod.ts", import.meta.url).href;

Deno.test("Pool.terminate() rejects queued and running calls with PoolClosedError", async () => {
  const pool = new Pool({ processes: 1, module: TASKS });
  const running = pool.apply(sleepThenReturn, [5_000, "never"]);
  const queued = pool.map(inc, [1, 2, 3]);
  await new Promise((resolve) => setTimeout(resolve, 50));
  await pool.terminate();
  await assert.rejects(running, PoolClosedError);
  await assert.rejects(queued, PoolClosedError);
  await assert.rejects(pool.apply(inc, [1]), /Pool.apply\(\) was called after terminate\(\)/);
});

Deno.test("Pool.close() lets queued calls finish; later calls reject; join() waits", async () => {
  const pool = new Pool({ processes: 2, module: TASKS });
  await assert.rejects(pool.join(), /call close\(\) or terminate\(\) first/);
  const pending = pool.starmap(sleepThenReturn, [[20, "a"], [10, "b"]], { chunksize: 1 });
  const started = pool.apply(sleepThenReturn, [30, "done"]);
  pool.close();
  await assert.rejects(pool.apply(inc, [1]), PoolClosedError);
  await assert.rejects(pool.map(inc, [1]), /Pool.map\(\) was called after close\(\)/);
  await pool.join();
  assert.equal(await started, "done");
  assert.equal((await pending).length, 2);
});

Deno.test("await using closes the pool and waits for its queued calls", async () => {
  let result: Promise<unknown>;
  {
    await using pool = new Pool({ processes: 1, module: TASKS });
    result = pool.apply(sleepThenReturn, [20, "finished"]);
  }
  assert.equal(await result, "finished");
});

Deno.test("Pool options are validated with errors naming the option and the value", async () => {
  const cases: Array<[PoolOptions, RegExp | ErrorConstructor]> = [
    [{ processes: 0 }, /processes must be a positive integer, received number 0/],
    [{ processes: Number.NaN }, RangeError],
    [{ processes: 1.5 }, RangeError],
    [{ maxTasksPerChild: -1 }, /maxTasksPerChild/],
    [{ idleTimeout: Number.NaN }, /idleTimeout/],
    [{ module: "" }, TypeError],
    [
      { initializer: 5 as unknown as () => void },
      /Pool option initializer must be a function, received number 5/,
    ],
    [{ timeout: 0 }, /Pool option timeout must be .* > 0/],
    [{ timeout: Number.NaN }, RangeError],
    [{ cancelGrace: -1 }, /Pool option cancelGrace/],
    [{ retries: -1 }, /Pool option retries must be an integer >= 0/],
    [{ maxQueue: 0 }, /Pool option maxQueue must be a positive/],
    [
      { isolation: "fork" as "thread" },
      /isolation must be "thread" or "process", received the string "fork"/,
    ],
    [{ heapLimitMb: 64 }, /heapLimitMb needs isolation: "process"/],
    [{ permissions: { reed: true } as never }, /permissions has unknown key reed/],
  ];
  for (const [options, expected] of cases) assert.throws(() => new Pool(options), expected);
  await reportRow("inputs", "bad Pool options", {
    injected: cases.map(([options]) => Deno.inspect(options, { compact: true })).join("; "),
    outcome: `${cases.length} of ${cases.length} thrown at construction as RangeError or ` +
      "TypeError naming the option and the value",
  });
});

Deno.test("Pool calls with bad arguments reject with TypeError or RangeError saying what was received", async () => {
  await using pool = new Pool({ processes: 1 });
  await assert.rejects(
    pool.apply(5 as unknown as () => void),
    /expects a task function \(or the name of an export of the pool's module\).*number 5/,
  );
  await assert.rejects(
    pool.apply("inc"),
    /given the task name "inc", but the pool has no module to find it in/,
  );
  await assert.rejects(
    pool.apply(inc, 5 as unknown as [number]),
    /Pool.apply\(\) expects the arguments as an array/,
  );
  await assert.rejects(pool.map(inc, 5 as unknown as number[]), /expects an iterable/);
  await assert.rejects(
    pool.map(inc, [1], { chunksize: 0 }),
    /chunksize must be a positive integer/,
  );
  await assert.rejects(pool.imap(inc, [1], { chunksize: -2 }).next(), RangeError);
  await assert.rejects(pool.imap(inc, 7 as unknown as number[]).next(), TypeError);
});

Deno.test("a task given by export name runs that export; a missing export lists the module's exports", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  assert.equal(await pool.apply<[number], number>("inc", [41]), 42);
  assert.deepEqual(await pool.map("inc", [1, 2]), [2, 3]);
  await assert.rejects(pool.apply("nope"), (error: Error) => {
    assert.equal(error.name, "ReferenceError");
    assert.match(error.message, /tasks.ts does not export "nope"; its function exports: .*\binc\b/);
    return true;
  });
});

Deno.test("a script that never closes its pool exits after idleTimeout", async () => {
  const outcome = await runChild(
    `import { Pool } from "${MOD}";
     const pool = new Pool({ processes: 2, idleTimeout: 100 });
     console.log("result", await pool.apply((x: number) => x * 2, [21]));`,
    { timeoutMs: 20_000 },
  );
  assert.match(outcome.stdout, /result 42/);
  assert.equal(outcome.code, 0, `the script should exit on its own; stderr: ${outcome.stderr}`);
});

Deno.test("a task stuck in a synchronous loop: get(timeout) and terminate() still settle every call", async () => {
  // Runs in a child process: Deno cannot stop the spinning worker thread (deno#35657), so the
  // child never exits by itself and is killed once it has printed its findings.
  const outcome = await runChild(
    `import { Pool } from "${MOD}";
     import { spin, inc } from "${TASKS}";
     const pool = new Pool({ processes: 1, module: "${TASKS}" });
     const stuck = pool.applyAsync(spin);
     const queued = pool.apply(inc, [1]);
     console.log("timeout", await stuck.get(200).catch((e) => e.name));
     await pool.terminate();
     console.log("stuck", await stuck.get().catch((e) => e.name));
     console.log("queued", await queued.catch((e) => e.name));
     console.log("end");`,
    { timeoutMs: 30_000, until: "end" },
  );
  assert.match(outcome.stdout, /timeout TimeoutError/);
  assert.match(outcome.stdout, /stuck PoolClosedError/);
  assert.match(outcome.stdout, /queued PoolClosedError/);
});
