// Per-thread identity, kept apart from the public `current.ts` so the setters are not re-exported
// by mod.ts. The worker entry and user code import this same file, so both see one copy.

/** Name and pid of the thread (main or worker) that runs this code. */
export interface ProcessInfo {
  /** `"MainProcess"` on the main thread; a worker's or Process's name elsewhere. */
  readonly name: string;
  /** Unique within this OS process; the OS pid on the main thread. */
  readonly pid: number;
}

let current: ProcessInfo = { name: "MainProcess", pid: Deno.pid };
// Shared by every thread so pids never repeat, even for pools started inside workers.
let pidCounter = new Int32Array(new SharedArrayBuffer(4));

export function getCurrent(): ProcessInfo {
  return current;
}

export function setCurrent(info: ProcessInfo, counter: SharedArrayBuffer): void {
  current = info;
  pidCounter = new Int32Array(counter);
}

export function pidCounterBuffer(): SharedArrayBuffer {
  return pidCounter.buffer as SharedArrayBuffer;
}

/** Takes a fresh pid: the OS pid plus a counter shared across threads. */
export function nextPid(): number {
  return Deno.pid + 1 + Atomics.add(pidCounter, 0, 1);
}
