// Ports of CPython's _TestPoolWorkerLifetime (the tests pool_test.ts does not port),
// _TestSubclassingProcess.test_sys_exit, _TestPollEintr and _TestAtExit
// (Lib/test/_test_multiprocessing.py). `maxtasksperchild` is
// `maxTasksPerChild`; `sys.exit(n)` in a target is `Deno.exit(n)`, whose codes are numbers only,
// so CPython's non-integer exit reasons have no counterpart.
import assert from "node:assert/strict";
import { Pool, Process } from "../../mod.ts";
import { parseOutcome, runChild } from "../_child.ts";
import { exitWith, squareWithPid, writeFileAtExit } from "../fixtures/parity_process_tasks.ts";

const TASKS = new URL("../fixtures/parity_process_tasks.ts", import.meta.url).href;
const MOD = new URL("../../mod.ts", import.meta.url).href;

Deno.test("_TestPoolWorkerLifetime.test_pool_worker_lifetime: workers are replaced after maxTasksPerChild tasks", async () => {
  await using pool = new Pool({ processes: 3, maxTasksPerChild: 10, module: TASKS });
  const results = await Promise.all(
    Array.from({ length: 100 }, (_, i) => pool.applyAsync(squareWithPid, [i]).get()),
  );
  results.forEach(([square], i) => assert.equal(square, i * i));
  const pids = new Set(results.map(([, pid]) => pid));
  // 100 tasks, at most 10 per worker: at least 10 workers ran them, not the first 3.
  assert.ok(pids.size >= 10, `only ${pids.size} workers ran 100 tasks`);
});

Deno.test("_TestPoolWorkerLifetime.test_worker_finalization_via_atexit_handler_of_multiprocessing: a script that never closes its pool exits 0", async () => {
  const outcome = await runChild(
    `import { Pool } from ${JSON.stringify(MOD)};
class A { pool = new Pool({ processes: 1 }); }
const problem = new A();
console.log(JSON.stringify(await problem.pool.map((x: number) => x * 1.0, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])));
`,
    { timeoutMs: 30_000 },
  );
  assert.equal(outcome.code, 0, outcome.stderr);
  assert.equal(outcome.stdout.trim(), "[0,1,2,3,4,5,6,7,8,9]");
});

for (const isolation of ["thread", "process"] as const) {
  Deno.test(`_TestSubclassingProcess.test_sys_exit[${isolation}]: Deno.exit(n) in a target is its exit code`, async () => {
    for (const [args, expected] of [[[1], 1], [[0], 0], [[8], 8], [[], 0]] as const) {
      const process = new Process({
        target: exitWith,
        args: [...args] as [number?],
        module: TASKS,
        isolation,
      });
      process.start();
      await process.join();
      assert.equal(process.exitCode, expected, `Deno.exit(${args.join()})`);
    }
  });
}

Deno.test("_TestPollEintr.test_poll_eintr: a signal the parent handles does not disturb join()", async () => {
  const outcome = await runChild(
    `import { Process } from ${JSON.stringify(MOD)};
import { signalParentLater, sleepFor } from ${JSON.stringify(TASKS)};
let gotSignal = false;
const record = () => gotSignal = true;
Deno.addSignalListener("SIGUSR1", record);
const killer = new Process({ target: signalParentLater, args: [Deno.pid], module: ${
      JSON.stringify(TASKS)
    } });
killer.start();
const p = new Process({ target: sleepFor, args: [2000], module: ${JSON.stringify(TASKS)} });
p.start();
await p.join();
await killer.join();
Deno.removeSignalListener("SIGUSR1", record);
console.log("OUTCOME " + JSON.stringify({ gotSignal, exitCode: p.exitCode }));
`,
    { timeoutMs: 30_000 },
  );
  assert.deepEqual(parseOutcome(outcome.stdout, outcome.stderr), { gotSignal: true, exitCode: 0 });
});

Deno.test("_TestAtExit.test_atexit: a process's unload handlers run when it ends", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const isolation of ["thread", "process"] as const) {
      const path = `${dir}/${isolation}.txt`;
      const process = new Process({
        target: writeFileAtExit,
        args: [path],
        module: TASKS,
        isolation,
      });
      process.start();
      await process.join();
      assert.equal(await Deno.readTextFile(path), "deadbeef", isolation);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
