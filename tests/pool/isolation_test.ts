import assert from "node:assert/strict";
import { Pool, Process, SharedValue, TimeoutError, WorkerDiedError } from "../../mod.ts";
import {
  allocate,
  bumpModuleState,
  countUntilCancelled,
  pids,
  printLine,
  spinBlind,
} from "../fixtures/reliability_tasks.ts";
import { closeWorker, failValidation, inc, sleepThenReturn } from "../fixtures/tasks.ts";
import { runChild } from "../_child.ts";
import { reportRow } from "../_report.ts";

const TASKS = new URL("../fixtures/reliability_tasks.ts", import.meta.url).href;
const BASIC = new URL("../fixtures/tasks.ts", import.meta.url).href;
const MOD = new URL("../../mod.ts", import.meta.url).href;

function processAlive(osPid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${osPid}/stat`);
    // A zombie (state Z) has exited and only waits to be reaped.
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

Deno.test("isolation process: apply, map, starmap and imap give the same results as threads", async () => {
  await using pool = new Pool({ processes: 2, module: BASIC, isolation: "process" });
  assert.equal(pool.isolation, "process");
  assert.equal(await pool.apply(inc, [41]), 42);
  assert.deepEqual(await pool.map(inc, [1, 2, 3, 4, 5], { chunksize: 2 }), [2, 3, 4, 5, 6]);
  assert.deepEqual(await pool.starmap((a: number, b: number) => a * b, [[2, 3], [4, 5]]), [6, 20]);
  const lazy: number[] = [];
  for await (const value of pool.imap(inc, [7, 8])) lazy.push(value);
  assert.deepEqual(lazy, [8, 9]);
  await assert.rejects(pool.apply(failValidation, [99]), (error: Error & { code?: string }) => {
    assert.equal(error.name, "ValidationError");
    assert.equal(error.code, "E_RANGE");
    assert.equal((error.cause as Error).message, "must be below 10");
    return true;
  });
});

Deno.test("isolation process: each worker is its own OS process with its own memory", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS, isolation: "process" });
  const inChild = await pool.apply(pids);
  assert.notEqual(inChild.osPid, Deno.pid);
  assert.equal(inChild.pid, inChild.osPid);
  assert.equal(await pool.apply(bumpModuleState), 1);
  assert.equal(await pool.apply(bumpModuleState), 2);
  assert.equal(bumpModuleState(), 1, "the parent's module state is untouched");
});

Deno.test("isolation process: a runaway synchronous task is killed for real and the pool goes on", async () => {
  await using pool = new Pool({
    processes: 1,
    module: TASKS,
    isolation: "process",
    cancelGrace: 100,
  });
  const before = await pool.apply(pids);
  await assert.rejects(pool.apply(countUntilCancelled, [], { timeout: 50 }), TimeoutError);
  const after = await pool.apply(pids);
  assert.notEqual(after.osPid, before.osPid);
  assert.equal(processAlive(before.osPid), false, "the runaway child process must be gone");
  await reportRow("faults", "runaway synchronous task (process)", {
    injected: 'endless loop with isolation: "process", timeout 50 ms, cancelGrace 100 ms',
    outcome: "TimeoutError; the child process was killed (its pid is gone) and a new one " +
      "ran the next call",
  });
});

Deno.test("isolation process: a child that exits or crashes rejects only its call; the pool goes on", async () => {
  await using pool = new Pool({ processes: 1, module: BASIC, isolation: "process" });
  await assert.rejects(pool.apply(closeWorker), WorkerDiedError);
  await assert.rejects(pool.apply(() => Deno.exit(3)), /Deno.exit\(\) or process.exit\(\)/);
  assert.equal(await pool.apply(inc, [1]), 2);
});

Deno.test("isolation process: heapLimitMb stops a child that allocates past it, not the parent", async () => {
  await using pool = new Pool({
    processes: 1,
    module: TASKS,
    isolation: "process",
    heapLimitMb: 64,
  });
  await assert.rejects(pool.apply(allocate, [512]), (error: Error) => {
    assert.ok(error instanceof WorkerDiedError);
    assert.match(error.message, /process ended unexpectedly/);
    return true;
  });
  assert.equal(await pool.apply(allocate, [8]), 8);
  await reportRow("faults", "task past its heap limit (process)", {
    injected: "512 MiB of JS arrays under heapLimitMb 64",
    outcome: "V8 stopped the child; that call got WorkerDiedError, the next call ran",
  });
});

Deno.test("isolation process: passing a shared-memory object fails that call with a clear TypeError", async () => {
  await using pool = new Pool({ processes: 1, module: BASIC, isolation: "process" });
  const shared = new SharedValue("i", 0);
  await assert.rejects(pool.apply(inc, [shared as unknown as number]), (error: Error) => {
    assert.ok(error instanceof TypeError);
    assert.match(error.message, /SharedValue/);
    assert.match(error.message, /isolation: "process"/);
    return true;
  });
  assert.equal(await pool.apply(inc, [1]), 2);
});

Deno.test("isolation process: Process runs its target in a child; exit codes and terminate() as in Python", async () => {
  const exits = new Process({ target: () => Deno.exit(3), isolation: "process" });
  exits.start();
  await exits.join();
  assert.equal(exits.exitCode, 3);
  const stuck = new Process({
    target: spinBlind,
    args: [60_000],
    module: TASKS,
    isolation: "process",
  });
  stuck.start();
  await new Promise((resolve) => setTimeout(resolve, 100));
  stuck.terminate();
  await stuck.join();
  assert.equal(stuck.exitCode, -15);
});

Deno.test("isolation process: what a task prints reaches the parent's stdout, and the protocol survives it", async () => {
  const outcome = await runChild(
    `import { Pool } from "${MOD}";
     import { printLine } from "${TASKS}";
     const pool = new Pool({ processes: 1, module: "${TASKS}", isolation: "process" });
     const echoed = await pool.apply(printLine, ["printed in the child"]);
     console.log("returned", echoed);
     await pool.terminate();`,
    { timeoutMs: 30_000 },
  );
  assert.equal(outcome.code, 0, outcome.stderr);
  assert.match(outcome.stdout, /printed in the child\nreturned printed in the child/);
  void printLine;
});

Deno.test("isolation process: SIGINT during a long map stops the child processes; nothing is left running", async () => {
  const script = `import { Pool } from "${MOD}";
     import { pids, sleepThenReturn } from "${TASKS}";
     const pool = new Pool({ processes: 2, module: "${TASKS}", isolation: "process" });
     const children = await Promise.all([pool.apply(pids), pool.apply(pids)]);
     console.log("children", children.map((c) => c.osPid).join(","));
     await pool.map((ms) => new Promise((r) => setTimeout(r, ms)), Array(50).fill(1_000));`;
  const file = await Deno.makeTempFile({ suffix: ".ts" });
  await Deno.writeTextFile(file, script.replace("sleepThenReturn", "sleepThenReturn as _"));
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", file],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  let text = "";
  const decoder = new TextDecoder();
  const reader = child.stdout.getReader();
  const deadline = Date.now() + 30_000;
  while (!text.includes("\n") && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
  }
  const osPids = (text.match(/children ([\d,]+)/)?.[1] ?? "").split(",").map(Number);
  assert.equal(osPids.length, 2, `the script should print its children: ${text}`);
  child.kill("SIGINT");
  const status = await child.status;
  reader.releaseLock();
  await child.stdout.cancel();
  await Deno.remove(file);
  assert.equal(status.code, 130);
  await new Promise((resolve) => setTimeout(resolve, 100));
  for (const osPid of osPids) {
    assert.equal(processAlive(osPid), false, `child ${osPid} is still running`);
  }
  await reportRow("faults", "Ctrl-C (SIGINT) during a long map (process)", {
    injected: "SIGINT to a script running 50 × 1 s tasks on 2 child processes",
    outcome: `exit code ${status.code}; ${osPids.length} of ${osPids.length} children gone`,
  });
  void sleepThenReturn;
});
