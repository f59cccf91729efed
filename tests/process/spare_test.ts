// Processes on warm spare workers (lib/worker/_spare.ts): a spare must be indistinguishable
// from a fresh worker, nested Processes take spares through the spawner, stopping a Process
// stops the Processes it started, and spares never keep a program running.
import assert from "node:assert/strict";
import { Pipe, Process } from "../../mod.ts";
import { readySpares, remoteProcessWorkers } from "../../lib/worker/_spare.ts";
import { assertFreshProcess } from "../_fresh_process.ts";

const TASKS = new URL("../fixtures/spare_tasks.ts", import.meta.url).href;
const WAIT_LIMIT_MS = 30_000;

/** Waits until a spare is ready (the spawner builds them after the first Process), bounded. */
async function sparesReady(): Promise<void> {
  const began = performance.now();
  while (readySpares() === 0) {
    if (performance.now() - began > WAIT_LIMIT_MS) {
      throw new Error(`no spare was ready within ${WAIT_LIMIT_MS} ms after a first Process`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

Deno.test("a Process on a spare sees fresh globals, its own name, pid and parent", async () => {
  const [received, sent] = Pipe(false);
  try {
    const { reportFreshness } = await import(TASKS);
    const reports: unknown[][] = [];
    const pids: number[] = [];
    for (const name of ["Cold", "Warm-1", "Warm-2"]) {
      if (name !== "Cold") await sparesReady();
      const process = new Process({ target: reportFreshness, args: [sent], name, module: TASKS });
      process.start();
      // The first builds its worker; the others run on a spare the spawner holds.
      assert.equal(remoteProcessWorkers(), name === "Cold" ? 0 : 1);
      reports.push(await received.recv() as unknown[]);
      await process.join();
      assert.equal(process.exitCode, 0);
      pids.push(process.pid!);
    }
    const coldGlobals = reports[0]![5];
    for (const [index, name] of ["Cold", "Warm-1", "Warm-2"].entries()) {
      assertFreshProcess(reports[index], {
        name,
        pid: pids[index],
        parent: "MainProcess",
        globals: coldGlobals,
      });
    }
    assert.equal(new Set(pids).size, 3, "every Process has a pid of its own");
  } finally {
    received.close();
    sent.close();
  }
});

Deno.test("a nested Process takes a spare and is indistinguishable from a fresh one", async () => {
  const [received, sent] = Pipe(false);
  try {
    const { startNested } = await import(TASKS);
    await sparesReady();
    const outer = new Process({
      target: startNested,
      args: [sent, "Inner"],
      name: "Outer",
      module: TASKS,
    });
    outer.start();
    const report = await received.recv() as unknown[];
    const [what, exitCode, reportedPid] = await received.recv() as unknown[];
    await outer.join();
    assert.equal(outer.exitCode, 0);
    assertFreshProcess(report, { name: "Inner", pid: reportedPid as number, parent: "Outer" });
    assert.deepEqual([what, exitCode], ["nested exit", 0]);
    assert.notEqual(reportedPid, outer.pid);
  } finally {
    received.close();
    sent.close();
  }
});

Deno.test("nested Processes end as Python's do: Deno.exit(n), a throw, terminate()", async () => {
  const [received, sent] = Pipe(false);
  try {
    const { nestedEndings } = await import(TASKS);
    await sparesReady();
    const outer = new Process({ target: nestedEndings, args: [sent, 7], module: TASKS });
    outer.start();
    const endings = await received.recv();
    await outer.join();
    assert.equal(outer.exitCode, 0);
    assert.deepEqual(endings, [7, 1, -15, false]);
  } finally {
    received.close();
    sent.close();
  }
});

Deno.test("terminating a Process stops the Processes it started on spares", async () => {
  const [received, sent] = Pipe(false);
  const counter = new Int32Array(new SharedArrayBuffer(4));
  try {
    const { startTicker } = await import(TASKS);
    await sparesReady();
    const outer = new Process({ target: startTicker, args: [counter, sent], module: TASKS });
    outer.start();
    assert.equal(await received.recv(), "started");
    // The grandchild ticks once it runs.
    const began = performance.now();
    while (Atomics.load(counter, 0) === 0 && performance.now() - began < WAIT_LIMIT_MS) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.ok(Atomics.load(counter, 0) > 0, "the nested Process never ran");
    outer.terminate();
    await outer.join();
    assert.equal(outer.exitCode, -15);
    // Stopping travels through the spawner: give it a moment, then the count must stand still.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = Atomics.load(counter, 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(Atomics.load(counter, 0), after, "the nested Process still ran after its parent");
  } finally {
    received.close();
    sent.close();
  }
});

Deno.test("Processes started at once beyond the spares all run, each its own pid", async () => {
  const { sleepFor } = await import(TASKS);
  await sparesReady();
  const processes = Array.from(
    { length: 7 },
    () => new Process({ target: sleepFor, args: [50], module: TASKS }),
  );
  for (const process of processes) process.start();
  for (const process of processes) await process.join();
  assert.deepEqual(processes.map((p) => p.exitCode), Array(7).fill(0));
  assert.equal(new Set(processes.map((p) => p.pid)).size, 7);
});

Deno.test("spares never keep a program running after its Processes ended", async () => {
  const script = `
    import { Process } from ${JSON.stringify(new URL("../../mod.ts", import.meta.url).href)};
    import { readySpares } from ${
    JSON.stringify(new URL("../../lib/worker/_spare.ts", import.meta.url).href)
  };
    const p = new Process({ target: () => 1 });
    p.start();
    await p.join();
    const began = performance.now();
    while (readySpares() === 0 && performance.now() - began < 20000) {
      await new Promise((r) => setTimeout(r, 10));
    }
    console.log("spares", readySpares(), Date.now());
  `;
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["eval", script],
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(60_000),
  }).output();
  const ended = Date.now();
  const text = new TextDecoder().decode(output.stdout).trim();
  assert.ok(output.success, new TextDecoder().decode(output.stderr));
  const [, spares, printedAt] = text.split(" ");
  assert.ok(Number(spares) > 0, `expected spares waiting at the end, got ${text}`);
  // From the script's last line to its exit: nothing but start-up slack, not a held worker.
  assert.ok(ended - Number(printedAt) < 5_000, `exited ${ended - Number(printedAt)} ms after`);
});

Deno.test("a Process with permissions of its own never takes a spare", async () => {
  const url = (path: string) => JSON.stringify(new URL(path, import.meta.url).href);
  const script = `
    import { Process, Pipe } from ${url("../../mod.ts")};
    import { readySpares, remoteProcessWorkers } from ${url("../../lib/worker/_spare.ts")};
    import { reportNet } from ${url("../fixtures/spare_tasks.ts")};
    const first = new Process({ target: () => 1 });
    first.start();
    await first.join();
    const began = performance.now();
    while (readySpares() === 0 && performance.now() - began < 20000) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const [received, sent] = Pipe(false);
    const sandboxed = new Process({
      target: reportNet, args: [sent], permissions: "none", module: ${
    url("../fixtures/spare_tasks.ts")
  },
    });
    sandboxed.start();
    const remote = remoteProcessWorkers();
    const net = await received.recv();
    await sandboxed.join();
    received.close();
    sent.close();
    console.log(JSON.stringify([readySpares() > 0, remote, net, sandboxed.exitCode]));
  `;
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--unstable-worker-options", script],
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(60_000),
  }).output();
  assert.ok(output.success, new TextDecoder().decode(output.stderr));
  const line = new TextDecoder().decode(output.stdout).trim().split("\n").at(-1)!;
  assert.deepEqual(JSON.parse(line), [true, 0, "prompt", 0]);
});

Deno.test("after a revoked permission, a Process takes no spare built before", async () => {
  const url = (path: string) => JSON.stringify(new URL(path, import.meta.url).href);
  const script = `
    import { Process, Pipe } from ${url("../../mod.ts")};
    import { readySpares, remoteProcessWorkers } from ${url("../../lib/worker/_spare.ts")};
    import { reportNet } from ${url("../fixtures/spare_tasks.ts")};
    const first = new Process({ target: () => 1 });
    first.start();
    await first.join();
    const began = performance.now();
    while (readySpares() === 0 && performance.now() - began < 20000) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const sparesBefore = readySpares();
    await Deno.permissions.revoke({ name: "net" });
    const [received, sent] = Pipe(false);
    const after = new Process({ target: reportNet, args: [sent], module: ${
    url("../fixtures/spare_tasks.ts")
  } });
    after.start();
    const remote = remoteProcessWorkers();
    const net = await received.recv();
    await after.join();
    received.close();
    sent.close();
    console.log(JSON.stringify([sparesBefore > 0, remote, net, after.exitCode]));
  `;
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["eval", script],
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(60_000),
  }).output();
  assert.ok(output.success, new TextDecoder().decode(output.stderr));
  const line = new TextDecoder().decode(output.stdout).trim().split("\n").at(-1)!;
  // A spare built before the revoke would still have net: "granted".
  assert.deepEqual(JSON.parse(line), [true, 0, "prompt", 0]);
});
