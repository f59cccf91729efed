// Processes started inside a pool worker take warm spares too (lib/worker/_spare.ts): the pool
// worker asks its parent for a relay to the spawner at its first Process. They must be as fresh
// as any Process, die with the pool worker that started them, and never carry more permissions
// than that worker has.
import assert from "node:assert/strict";
import { Pipe, Pool, Process } from "../../mod.ts";
import { assertFreshProcess } from "../_fresh_process.ts";
import { runChild } from "../_child.ts";

const TASKS = new URL("../fixtures/spare_pool_tasks.ts", import.meta.url);
const SPARE_TASKS = new URL("../fixtures/spare_tasks.ts", import.meta.url).href;
const WAIT_LIMIT_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `counter[0]` moves, bounded. */
async function ticking(counter: Int32Array): Promise<void> {
  const began = performance.now();
  while (Atomics.load(counter, 0) === 0 && performance.now() - began < WAIT_LIMIT_MS) {
    await sleep(10);
  }
  assert.ok(Atomics.load(counter, 0) > 0, "the Process the pool task started never ran");
}

/** Asserts that `counter[0]` stands still (its Process was stopped), after the stop travelled. */
async function standsStill(counter: Int32Array): Promise<void> {
  await sleep(300);
  const after = Atomics.load(counter, 0);
  await sleep(300);
  assert.equal(Atomics.load(counter, 0), after, "the Process still ran after its pool worker");
}

Deno.test("a pool task's Processes take spares and are as fresh as a top-level one", async () => {
  const [received, sent] = Pipe(false);
  const pool = new Pool({ processes: 1, module: TASKS });
  try {
    const { reportFreshness } = await import(SPARE_TASKS);
    const top = new Process({ target: reportFreshness, args: [sent], module: SPARE_TASKS });
    top.start();
    const topReport = await received.recv() as unknown[];
    await top.join();
    assertFreshProcess(topReport, { name: top.name, pid: top.pid!, parent: "MainProcess" });
    const { freshProcesses } = await import(TASKS.href);
    const names = ["Nested-1", "Nested-2", "Nested-3"];
    const running = pool.apply(freshProcesses, [sent, names]);
    const reports: unknown[][] = [];
    for (let i = 0; i < names.length; i++) reports.push(await received.recv() as unknown[]);
    const seen = await running as Array<[number, number, number | null]>;
    const workerName = await pool.apply(() => (globalThis as { name?: unknown }).name);
    for (const [index, name] of names.entries()) {
      assertFreshProcess(reports[index], {
        name,
        pid: seen[index]![1],
        parent: workerName as string,
        globals: topReport[5],
      });
      assert.equal(seen[index]![2], 0);
      // Each ran in the spawner (through the relay), not on a worker the pool worker built.
      assert.equal(seen[index]![0], 1, `${name} did not take a spare`);
    }
    assert.equal(new Set(seen.map((s) => s[1])).size, 3, "every Process has a pid of its own");
  } finally {
    await pool.terminate();
    received.close();
    sent.close();
  }
});

Deno.test("terminating the pool stops the Process its task started on a spare", async () => {
  const [received, sent] = Pipe(false);
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const pool = new Pool({ processes: 1, module: TASKS });
  try {
    const { startTicker } = await import(TASKS.href);
    const running = pool.apply(startTicker, [counter, sent]);
    running.catch(() => {});
    assert.equal(await received.recv(), "started");
    await ticking(counter);
    await pool.terminate();
    await standsStill(counter);
  } finally {
    await pool.terminate();
    received.close();
    sent.close();
  }
});

Deno.test("a pool worker that dies stops the Process it started on a spare", async () => {
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const pool = new Pool({ processes: 1, module: TASKS });
  try {
    const { startTickerThenExit, startTrivial } = await import(TASKS.href);
    await assert.rejects(pool.apply(startTickerThenExit, [counter]));
    await standsStill(counter);
    // The worker that replaced it starts Processes as well.
    assert.equal(await pool.apply(startTrivial), 0);
  } finally {
    await pool.terminate();
  }
});

Deno.test("a pool worker that revoked a permission hands its Processes no spare", async () => {
  const [received, sent] = Pipe(false);
  const pool = new Pool({ processes: 1, module: TASKS });
  try {
    const { processReportsNet, revokeNetThenProcess } = await import(TASKS.href);
    assert.equal(await pool.apply(processReportsNet, [sent]), 0);
    assert.equal(await received.recv(), "granted");
    assert.equal(await pool.apply(revokeNetThenProcess, [sent]), 0);
    assert.equal(await received.recv(), "prompt", "a spare built before the revoke has net");
  } finally {
    await pool.terminate();
    received.close();
    sent.close();
  }
});

Deno.test("a pool with permissions of its own gets no spare: Processes fail loudly", async () => {
  const url = (path: string) => JSON.stringify(new URL(path, import.meta.url).href);
  const script = `
    import { Pool } from ${url("../../mod.ts")};
    import { startTrivial } from ${url("../fixtures/spare_pool_tasks.ts")};
    const pool = new Pool({ processes: 1, permissions: { read: true }, module: new URL(${
    url("../fixtures/spare_pool_tasks.ts")
  }) });
    const outcome = await pool.apply(startTrivial).then((v) => "resolved " + v,
      (e) => "rejected " + e.message);
    await pool.terminate();
    console.log(JSON.stringify(outcome));
  `;
  const { stdout, stderr, code } = await runChild(script, {
    timeoutMs: 60_000,
    flags: ["-A", "--unstable-worker-options"],
  });
  assert.equal(code, 0, stderr);
  const line = stdout.trim().split("\n").at(-1)!;
  const outcome = JSON.parse(line) as string;
  assert.match(outcome, /^rejected .*permissions/, outcome);
});

Deno.test("a pool task's Process gets its own worker if its parent has no spares", async () => {
  const url = (path: string) => JSON.stringify(new URL(path, import.meta.url).href);
  // The top-level thread revoked net after its first Process (whose spawner keeps spares with
  // net): it refuses the pool worker a relay, and the Process that waited for the answer gets a
  // fresh worker, with the reduced permission.
  const script = `
    import { Pipe, Pool, Process } from ${url("../../mod.ts")};
    import { processReportsNet } from ${url("../fixtures/spare_pool_tasks.ts")};
    const first = new Process({ target: () => 1 });
    first.start();
    await first.join();
    await Deno.permissions.revoke({ name: "net" });
    const pool = new Pool({ processes: 1, module: new URL(${
    url("../fixtures/spare_pool_tasks.ts")
  }) });
    const [received, sent] = Pipe(false);
    const exitCodes = [await pool.apply(processReportsNet, [sent]),
      await pool.apply(processReportsNet, [sent])];
    const states = [await received.recv(), await received.recv()];
    await pool.terminate();
    received.close();
    sent.close();
    console.log(JSON.stringify([exitCodes, states]));
  `;
  const { stdout, stderr, code } = await runChild(script, { timeoutMs: 60_000 });
  assert.equal(code, 0, stderr);
  const line = stdout.trim().split("\n").at(-1)!;
  assert.deepEqual(JSON.parse(line), [[0, 0], ["prompt", "prompt"]]);
});

Deno.test("a pool worker that dies stops the Processes built on its behalf too", async () => {
  const counters = Array.from({ length: 6 }, () => new Int32Array(new SharedArrayBuffer(4)));
  const pool = new Pool({ processes: 1, module: TASKS });
  try {
    const { startTickersThenExit } = await import(TASKS.href);
    await assert.rejects(pool.apply(startTickersThenExit, [counters]));
    for (const counter of counters) assert.ok(Atomics.load(counter, 0) > 0, "one never ran");
    await sleep(300);
    const after = counters.map((counter) => Atomics.load(counter, 0));
    await sleep(300);
    assert.deepEqual(counters.map((counter) => Atomics.load(counter, 0)), after);
  } finally {
    await pool.terminate();
  }
});

Deno.test("a pool task's Processes back to back, beyond the spares, all run", async () => {
  const pool = new Pool({ processes: 1, module: TASKS });
  try {
    const { backToBack } = await import(TASKS.href);
    const seen = await pool.apply(backToBack, [8]) as Array<[number | null, number]>;
    assert.deepEqual(seen.map((s) => s[0]), Array(8).fill(0));
    assert.equal(new Set(seen.map((s) => s[1])).size, 8, "every Process has a pid of its own");
  } finally {
    await pool.terminate();
  }
});

Deno.test("a Process that posts a port on its global postMessage fails alone", async () => {
  const pool = new Pool({ processes: 1, module: TASKS });
  try {
    const { processesPostPorts } = await import(TASKS.href);
    // Four at once: some on spares (through the spawner), some built on the worker's behalf.
    const codes = await pool.apply(processesPostPorts, [4]) as Array<number | null>;
    assert.equal(codes.length, 4);
    for (const code of codes) assert.notEqual(code, 0, "a Process that broke protocol exited 0");
    assert.equal(await pool.apply((x: number) => x + 1, [1]), 2, "the pool worker still serves");
  } finally {
    await pool.terminate();
  }
});
