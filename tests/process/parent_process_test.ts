import assert from "node:assert/strict";
import { parentProcess, Pipe, Process } from "../../mod.ts";
import { sendParentProcess, startReportingChild } from "../fixtures/process_tasks.ts";

const TASKS = new URL("../fixtures/process_tasks.ts", import.meta.url).href;

Deno.test("parentProcess() is null in the main program", () => {
  assert.equal(parentProcess(), null);
});

Deno.test("parentProcess() in a Process names the main thread that started it", async () => {
  const [received, sent] = Pipe(false);
  const process = new Process({ target: sendParentProcess, args: [sent], module: TASKS });
  process.start();
  assert.deepEqual(await received.recv(), [Deno.pid, "MainProcess"]);
  await process.join();
  assert.equal(process.exitCode, 0);
  received.close();
  sent.close();
});

Deno.test("parentProcess() in a grandchild is the child Process, alive, and join(ms) returns", async () => {
  const [received, sent] = Pipe(false);
  const child = new Process({
    target: startReportingChild,
    args: [sent],
    module: TASKS,
    name: "Middle",
  });
  child.start();
  const [, parentPid, parentName, alive, joined] = await received.recv() as unknown[];
  const [, childPid, childName] = await received.recv() as unknown[];
  await child.join();
  received.close();
  sent.close();
  assert.equal(childName, "Middle");
  assert.equal(parentName, "Middle");
  assert.equal(parentPid, childPid);
  assert.equal(parentPid, child.pid);
  assert.equal(alive, true);
  assert.equal(joined, "returned", "join(50) returned while the parent lived");
});

Deno.test("a pool worker's parentProcess() is the thread that made the pool", async () => {
  const { Pool } = await import("../../mod.ts");
  await using pool = new Pool({ processes: 1 });
  const url = new URL("../../mod.ts", import.meta.url).href;
  const parent = await pool.apply(async (url: string) => {
    const found = (await import(url)).parentProcess();
    return [found.name, found.pid];
  }, [url]);
  assert.deepEqual(parent, ["MainProcess", Deno.pid]);
});

Deno.test("parentProcess() in a child process (isolation process) names the thread that started it", async () => {
  const { exitZeroIfParentIs } = await import("../fixtures/process_tasks.ts");
  const process = new Process({
    target: exitZeroIfParentIs,
    args: [Deno.pid, "MainProcess"],
    module: TASKS,
    isolation: "process",
  });
  process.start();
  await process.join();
  assert.equal(process.exitCode, 0, "exit code 3 means parentProcess() was wrong");
});
