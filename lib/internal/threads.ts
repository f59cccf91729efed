import { OS_PID } from "./runtime.ts";
import {
  allocatePid,
  countLive,
  isKnownDead,
  isRestricted,
  type LivenessTable,
  mirror,
  newTable,
  recordDeath,
  restrictedCopy,
} from "./liveness.ts";

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
 * import { currentProcess } from "../process/current.ts";
 * import { Pool } from "../pool/pool.ts";
 * const main: ProcessInfo = currentProcess();
 * assert.equal(main.name, "MainProcess");
 * // A self-contained task imports the library by URL to ask who runs it.
 * await using pool = new Pool({ processes: 1, name: "Worker" });
 * const current = new URL("../process/current.ts", import.meta.url).href;
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

// The liveness registry (see `_liveness.ts`): shared by every trusted thread, so pids never
// repeat and a lock can tell that its owner died. A sandboxed thread (a worker with permissions)
// gets a private copy instead, which its parent keeps up to date: a task there may scribble over
// it, and only the sandbox's own code reads it. Then a sandbox cannot make a trusted thread take
// over a lock whose owner is alive.
const LIVENESS_SLOTS = 65_535;

let current: ProcessInfo = { name: "MainProcess", pid: OS_PID };
// The thread that started this one (`null` on the main thread): what parentProcess() describes.
let parent: ProcessInfo | null = null;
// Made on first use: a worker adopts its parent's instead of making one.
let registry: LivenessTable | null = null;
// The copies this thread gave to the sandboxed workers it started, by the worker's pid. Deaths
// and new pids this thread records are written into each; those other threads record are not,
// so a copy may miss them (then it reads them as alive: a sandbox waits rather than take over).
const copies = new Map<number, LivenessTable>();

function shared(): LivenessTable {
  return registry ??= newTable(LIVENESS_SLOTS);
}

export function getCurrent(): ProcessInfo {
  return current;
}

export function getParent(): ProcessInfo | null {
  return parent;
}

/**
 * Adopts the identity and the shared registry a new worker was given, and who started it
 * (absent from a parent that does not say).
 */
export function setCurrent(
  info: ProcessInfo,
  sharedRegistry: SharedArrayBuffer,
  startedBy: ProcessInfo | null = null,
): void {
  current = info;
  parent = startedBy === null ? null : { name: String(startedBy.name), pid: Number(startedBy.pid) };
  registry = new Int32Array(sharedRegistry);
}

/**
 * The registry to give the new worker with `pid` (from {@linkcode nextPid}): the shared one, or,
 * if it is `sandboxed` (runs with permissions), a private copy kept up to date until
 * {@linkcode markDead} of `pid`.
 */
export function registryFor(pid: number, sandboxed: boolean): SharedArrayBuffer {
  if (!sandboxed) return shared().buffer;
  const copy = restrictedCopy(shared());
  copies.set(pid, copy);
  return copy.buffer;
}

/** Takes a fresh pid (the OS pid plus a counter shared across threads) and marks it alive. */
export function nextPid(): number {
  const table = shared();
  if (isRestricted(table)) {
    throw new Error(
      `pid ${current.pid} runs in a pool or Process with permissions and tried to start a ` +
        "worker thread, expected only threads without permissions to start them: a sandboxed " +
        "thread has no share of the registry that gives out thread ids. Start the pool or " +
        'Process from trusted code, or use isolation: "process" for the inner pool',
    );
  }
  const pid = allocatePid(table, OS_PID);
  for (const copy of copies.values()) mirror(copy, OS_PID, pid, true);
  return pid;
}

/** Records that the thread with `pid` is gone (terminated, closed or crashed). */
export function markDead(pid: number): void {
  if (pid === OS_PID) return;
  recordDeath(shared(), OS_PID, pid);
  for (const copy of copies.values()) mirror(copy, OS_PID, pid, false);
  copies.delete(pid);
}

/** Whether the thread with `pid` is known to be gone. The main thread never is. */
export function isDead(pid: number): boolean {
  return pid !== OS_PID && isKnownDead(shared(), OS_PID, pid);
}

/** How many threads started by this process (any thread's pool or Process) are alive. */
export function countAlive(): number {
  return countLive(shared());
}
