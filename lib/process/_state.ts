import { OS_PID } from "../_runtime.ts";

// Per-thread identity and the registry every thread shares, kept apart from the public
// `current.ts` so the setters are not re-exported by mod.ts. The worker entry and user code
// import this same file, so both see one copy.

/**
 * Name and pid of the thread (main or worker) that runs this code, as
 * {@linkcode currentProcess} gives them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { currentProcess } from "./current.ts";
 * import { Pool } from "../pool/pool.ts";
 * const main: ProcessInfo = currentProcess();
 * assert.equal(main.name, "MainProcess");
 * // A self-contained task imports the library by URL to ask who runs it.
 * await using pool = new Pool({ processes: 1, name: "Worker" });
 * const current = new URL("./current.ts", import.meta.url).href;
 * const whoAmI = async (url: string) => (await import(url)).currentProcess();
 * const worker: ProcessInfo = await pool.apply(whoAmI, [current]);
 * assert.equal(worker.name, "Worker-1");
 * assert.notEqual(worker.pid, main.pid);
 * ```
 */
export interface ProcessInfo {
  /** `"MainProcess"` on the main thread; a worker's or Process's name elsewhere. */
  readonly name: string;
  /** Unique within this OS process; the OS pid on the main thread. */
  readonly pid: number;
}

// Registry layout (Int32): [0] the pid counter, [1 + k] whether the thread with the k-th pid is
// alive (1) or dead (2). Shared by every thread, so pids never repeat and a lock can tell that
// its owner died. Slots are reused after LIVENESS_SLOTS spawns.
const LIVENESS_SLOTS = 65_535;
const ALIVE = 1;
const DEAD = 2;

let current: ProcessInfo = { name: "MainProcess", pid: OS_PID };
// Made on first use: a worker adopts its parent's instead of making one.
let registry: Int32Array<SharedArrayBuffer> | null = null;

function shared(): Int32Array<SharedArrayBuffer> {
  return registry ??= new Int32Array(new SharedArrayBuffer(4 * (1 + LIVENESS_SLOTS)));
}

export function getCurrent(): ProcessInfo {
  return current;
}

/** Adopts the identity and the shared registry a new worker was given. */
export function setCurrent(info: ProcessInfo, sharedRegistry: SharedArrayBuffer): void {
  current = info;
  registry = new Int32Array(sharedRegistry);
}

export function registryBuffer(): SharedArrayBuffer {
  return shared().buffer;
}

function slotOf(pid: number): number {
  return 1 + ((pid - OS_PID - 1) % LIVENESS_SLOTS);
}

/** Takes a fresh pid (the OS pid plus a counter shared across threads) and marks it alive. */
export function nextPid(): number {
  const pid = OS_PID + 1 + Atomics.add(shared(), 0, 1);
  Atomics.store(shared(), slotOf(pid), ALIVE);
  return pid;
}

/** Records that the thread with `pid` is gone (terminated, closed or crashed). */
export function markDead(pid: number): void {
  if (pid !== OS_PID) Atomics.store(shared(), slotOf(pid), DEAD);
}

/** Whether the thread with `pid` is known to be gone. The main thread never is. */
export function isDead(pid: number): boolean {
  return pid !== OS_PID && pid > 0 && Atomics.load(shared(), slotOf(pid)) === DEAD;
}

/** How many threads started by this process (any thread's pool or Process) are alive. */
export function countAlive(): number {
  const cells = shared();
  let alive = 0;
  for (let slot = 1; slot <= LIVENESS_SLOTS; slot++) {
    if (Atomics.load(cells, slot) === ALIVE) alive++;
  }
  return alive;
}
