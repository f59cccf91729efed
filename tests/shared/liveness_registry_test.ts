// The liveness registry that tells a lock its owner died: a live thread's slot is never reused,
// however many threads start after it, and a sandboxed task cannot corrupt what trusted threads
// read in it.
import assert from "node:assert/strict";
import { countAlive, isDead, markDead, nextPid } from "../../lib/internal/threads.ts";
import {
  allocatePid,
  countLive,
  isKnownDead,
  newTable,
  recordDeath,
} from "../../lib/internal/liveness.ts";
import { reportRow } from "../_report.ts";

const MOD = new URL("../../mod.ts", import.meta.url).href;
const STATE = new URL("../../lib/internal/threads.ts", import.meta.url).href;
// More starts than the registry has slots (65,535), so every slot comes round at least once.
const STARTS = 70_000;

Deno.test("a live pid never reads as dead, and keeps its slot, through more starts than the registry has slots", async () => {
  const aliveBefore = countAlive();
  const longLived = nextPid();
  let seenDead = 0;
  let repeated = 0;
  for (let start = 0; start < STARTS; start++) {
    const pid = nextPid();
    if (pid === longLived) repeated++;
    markDead(pid);
    if (isDead(longLived)) seenDead++;
  }
  const afterwards = isDead(longLived);
  markDead(longLived);
  assert.equal(seenDead, 0, "the long-lived pid read as dead after later starts");
  assert.equal(repeated, 0, "a later start got the long-lived pid");
  assert.equal(afterwards, false);
  assert.equal(isDead(longLived), true, "marked dead, it reads as dead");
  assert.equal(countAlive(), aliveBefore);
  await reportRow("loads", "thread ids wrap around the liveness registry", {
    injected: `${STARTS} thread starts and deaths while one thread stays alive`,
    outcome: `the live thread read as dead ${seenDead} times, its pid was handed out again ` +
      `${repeated} times; alive threads before and after: ${aliveBefore}, ${countAlive()}`,
  });
});

Deno.test("a registry whose every slot holds a live pid refuses another with a clear error; a freed slot is taken again", () => {
  const base = 1000;
  const table = newTable(4);
  const live = [allocatePid(table, base), allocatePid(table, base), allocatePid(table, base)];
  const freed = allocatePid(table, base);
  recordDeath(table, base, freed);
  // Three slots are held: each new pid takes the one free slot, skipping the held ones.
  for (let round = 0; round < 20; round++) {
    const pid = allocatePid(table, base);
    assert.ok(!live.includes(pid));
    assert.equal(isKnownDead(table, base, freed), true, "a newer pid in its slot proves it dead");
    recordDeath(table, base, pid);
    assert.equal(isKnownDead(table, base, pid), true);
  }
  for (const pid of live) assert.equal(isKnownDead(table, base, pid), false, `pid ${pid}`);
  live.push(allocatePid(table, base));
  assert.equal(countLive(table), 4);
  assert.throws(() => allocatePid(table, base), (error: Error) => {
    assert.match(error.message, /liveness registry is full: 4 of its 4 slots hold live/);
    assert.match(error.message, /Terminate pools and Processes that are no longer needed/);
    return true;
  });
  recordDeath(table, base, live[0]!);
  assert.ok(allocatePid(table, base) > live.at(-1)!, "a slot freed again is taken");
  assert.equal(
    isKnownDead(table, base, base + 10_000),
    false,
    "a pid never handed out is not dead",
  );
});

/** Runs `source` in a child deno that may sandbox worker threads; stdout and the exit code. */
async function runSandboxing(source: string): Promise<{ stdout: string; code: number }> {
  const file = await Deno.makeTempFile({ suffix: ".ts" });
  await Deno.writeTextFile(file, source);
  try {
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--no-prompt", "--unstable-worker-options", file],
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
      signal: AbortSignal.timeout(60_000),
    }).output();
    const stdout = new TextDecoder().decode(output.stdout);
    assert.equal(output.code, 0, stdout + new TextDecoder().decode(output.stderr));
    return { stdout, code: output.code };
  } finally {
    await Deno.remove(file);
  }
}

// Cells of the signal buffer: threads inside the critical section, the most seen at once, the
// holder took the lock, the holder may let go.
const HOLDER_SCRIPT = `import { Lock, Pool } from "${MOD}";
const INSIDE = 0, MOST = 1, HELD = 2, GO = 3;
function hold(lock, signal) {
  const cells = new Int32Array(signal);
  lock.acquireSync();
  const inside = Atomics.add(cells, 0, 1) + 1;
  Atomics.store(cells, 1, Math.max(Atomics.load(cells, 1), inside));
  Atomics.store(cells, 2, 1);
  Atomics.wait(cells, 3, 0, 30_000);
  Atomics.sub(cells, 0, 1);
  try {
    lock.release();
    return "released";
  } catch (error) {
    return error.name + ": " + error.message;
  }
}
function contend(lock, signal) {
  const cells = new Int32Array(signal);
  const outcome = [];
  for (let attempt = 0; attempt < 2 && outcome.at(-1) !== "acquired"; attempt++) {
    try {
      outcome.push(lock.acquireSync(20_000) ? "acquired" : "timed out");
    } catch (error) {
      outcome.push(error.name);
    }
  }
  if (outcome.at(-1) !== "acquired") return outcome;
  const inside = Atomics.add(cells, 0, 1) + 1;
  Atomics.store(cells, 1, Math.max(Atomics.load(cells, 1), inside));
  Atomics.sub(cells, 0, 1);
  lock.release();
  return outcome;
}
async function scribble(stateUrl, base) {
  const state = await import(stateUrl);
  // Every slot claims a pid newer than any: each older pid then reads as dead.
  const buffer = state.registryFor?.(0, false) ?? state.registryBuffer();
  const registry = new Int32Array(buffer);
  registry.fill((1 << 30) - 1, 1);
  let marked = 0;
  for (let pid = base + 1; pid <= base + 1000; pid++, marked++) state.markDead(pid);
  return { marked, cells: registry.length };
}
const lock = new Lock();
const signal = new SharedArrayBuffer(16);
const cells = new Int32Array(signal);
const holderPool = new Pool({ processes: 1 });
const sandbox = new Pool({ processes: 1, permissions: "none" });
const held = holderPool.apply(hold, [lock, signal]);
while (Atomics.load(cells, HELD) === 0) await new Promise((r) => setTimeout(r, 10));
const scribbled = await sandbox.apply(scribble, ["${STATE}", Deno.pid]);
// Started after the attack, so that its own pid is not among those marked dead.
const contenderPool = new Pool({ processes: 1 });
const contended = contenderPool.apply(contend, [lock, signal]);
// Far past the takeover grace (100 ms) while the holder is alive inside.
await new Promise((r) => setTimeout(r, 1500));
const mostWhileHeld = Atomics.load(cells, MOST);
Atomics.store(cells, GO, 1);
Atomics.notify(cells, GO);
const result = {
  scribbled, mostWhileHeld, holder: await held, contender: await contended,
  most: Atomics.load(cells, MOST),
};
console.log(JSON.stringify(result));
await Promise.all([holderPool.terminate(), contenderPool.terminate(), sandbox.terminate()]);
`;

Deno.test("a sandboxed task that marks every pid dead cannot make a trusted thread take over a Lock held by a live worker", async () => {
  const { stdout } = await runSandboxing(HOLDER_SCRIPT);
  const result = JSON.parse(stdout.trim().split("\n").at(-1)!);
  assert.ok(result.scribbled.marked >= 1000, "the sandboxed task ran its attack");
  assert.equal(result.mostWhileHeld, 1, "threads inside the critical section at once");
  assert.equal(result.most, 1);
  assert.deepEqual(result.contender, ["acquired"], "the contender waited for the holder");
  assert.equal(result.holder, "released");
  await reportRow("faults", "sandboxed task corrupts the liveness registry", {
    injected: `a task in a pool with permissions "none" marked ${result.scribbled.marked} pids ` +
      `dead and overwrote all ${result.scribbled.cells} cells of the registry it was given`,
    outcome: `a trusted thread waiting for a live holder's Lock got ` +
      `${result.contender.join(", ")}; at most ${result.most} thread(s) were in the critical ` +
      `section at once; the holder's release: ${result.holder}`,
  });
});

const SIBLING_SCRIPT = `import { Lock, Pool } from "${MOD}";
function holdAndClose(lock, signal) {
  lock.acquireSync();
  Atomics.store(new Int32Array(signal), 0, 1);
  self.close();
}
function acquireAfterDeath(lock) {
  const outcome = [];
  for (let attempt = 0; attempt < 2 && outcome.at(-1) !== "acquired"; attempt++) {
    try {
      outcome.push(lock.acquireSync(20_000) ? "acquired" : "timed out");
    } catch (error) {
      outcome.push(error.name);
    }
  }
  if (outcome.at(-1) === "acquired") lock.release();
  return outcome;
}
const lock = new Lock();
const signal = new SharedArrayBuffer(4);
const sandbox = new Pool({ processes: 2, permissions: "none" });
const died = sandbox.apply(holdAndClose, [lock, signal]).then(() => "returned", (e) => e.name);
while (Atomics.load(new Int32Array(signal), 0) === 0) await new Promise((r) => setTimeout(r, 10));
console.log(JSON.stringify({
  waiter: await sandbox.apply(acquireAfterDeath, [lock]),
  holder: await died,
}));
await sandbox.terminate();
`;

// Guards the copies' updates: the shared registry passed this before sandboxes had copies.
Deno.test("in a sandboxed pool, a worker waiting for a Lock whose holder (a sibling) died takes it over", async () => {
  const { stdout } = await runSandboxing(SIBLING_SCRIPT);
  const result = JSON.parse(stdout.trim().split("\n").at(-1)!);
  assert.equal(result.holder, "WorkerDiedError");
  assert.deepEqual(result.waiter, ["OwnerDiedError", "acquired"]);
});

const NESTED_SCRIPT = `import { Pool } from "${MOD}";
async function startInner(mod) {
  const { Pool } = await import(mod);
  try {
    await using inner = new Pool({ processes: 1 });
    return "ran " + await inner.apply(() => 1 + 1);
  } catch (error) {
    return error.message;
  }
}
const sandbox = new Pool({ processes: 1, permissions: { read: true } });
const trusted = new Pool({ processes: 1 });
console.log(JSON.stringify({
  sandboxed: await sandbox.apply(startInner, ["${MOD}"]),
  trusted: await trusted.apply(startInner, ["${MOD}"]),
}));
await Promise.all([sandbox.terminate(), trusted.terminate()]);
`;

Deno.test("a sandboxed worker that starts a thread pool gets a clear error; a trusted worker still can", async () => {
  const { stdout } = await runSandboxing(NESTED_SCRIPT);
  const result = JSON.parse(stdout.trim().split("\n").at(-1)!);
  assert.equal(result.trusted, "ran 2");
  assert.match(
    result.sandboxed,
    /runs in a pool or Process with permissions and tried to start a worker thread/,
  );
  assert.match(result.sandboxed, /isolation: "process"/);
});
